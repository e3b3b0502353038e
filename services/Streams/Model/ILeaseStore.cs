namespace PawfectLive.Streams.Model;

/// <summary>
/// Leases on units of background work, so several Streams instances sharing one store never do the same unit at once
/// (see <c>Kernel/WorkLeases</c>). Same backend as <see cref="IStreamStore"/>.
/// </summary>
public interface ILeaseStore
{
    /// <summary>
    /// Takes (or renews) the lease <paramref name="name"/> for <paramref name="holder"/> until <paramref name="until"/>: true
    /// when nobody else holds it at <paramref name="now"/>. Atomic: of several contenders, exactly one wins.
    /// </summary>
    Task<bool> TryAcquireLeaseAsync(string name, string holder, DateTime until, DateTime now, CancellationToken cancellationToken);

    /// <summary>Gives the lease up (and forgets it) if <paramref name="holder"/> still holds it.</summary>
    Task ReleaseLeaseAsync(string name, string holder, CancellationToken cancellationToken);
}

/// <summary>Who holds a unit of work, and until when.</summary>
public sealed class WorkLease
{
    public string Id { get; set; } = "";
    public string Holder { get; set; } = "";
    public DateTime Until { get; set; }
}
