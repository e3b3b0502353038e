namespace PawfectLive.Streams.Kernel;

/// <summary>
/// This instance's leases on units of background work (<see cref="ILeaseStore"/>): several Streams instances on one
/// MongoDB never dispatch the same stream's outbox or run the periodic reconciliation pass at the same time. A lease
/// runs out on its own, so work an instance held when it died is taken over once its lease ends.
/// </summary>
public sealed class WorkLeases(ILeaseStore store, TimeProvider time)
{
    /// <summary>Names this process among the instances (host, process, and a random part for restarts in one container).</summary>
    public string Holder { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}"[..^24];

    /// <summary>Takes or renews <paramref name="name"/> for <paramref name="duration"/>; false while another instance holds it.</summary>
    public Task<bool> TryTakeAsync(string name, TimeSpan duration, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return store.TryAcquireLeaseAsync(name, Holder, now + duration, now, cancellationToken);
    }

    public Task ReleaseAsync(string name, CancellationToken cancellationToken) => store.ReleaseLeaseAsync(name, Holder, cancellationToken);
}
