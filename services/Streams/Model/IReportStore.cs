namespace PawfectLive.Streams.Model;

/// <summary>Abuse reports: one open report per reporter and stream, resolved once by an admin.</summary>
public interface IReportStore
{
    /// <summary>
    /// Stores a new open report, unless its reporter already has an open report on that stream: then that one is
    /// answered and nothing is stored (atomically, also for concurrent calls). A new report takes one of the reporter's
    /// <paramref name="maxPerWindow"/> reports since <paramref name="windowStart"/>, atomically across streams and
    /// concurrent calls; null (nothing stored) when none is left.
    /// </summary>
    Task<AbuseReport?> AddOpenReportAsync(AbuseReport report, int maxPerWindow, DateTime windowStart, CancellationToken cancellationToken);

    Task<AbuseReport?> FindOpenReportAsync(string streamId, string reporterId, CancellationToken cancellationToken);

    /// <summary>When the user filed reports since <paramref name="since"/> (for the report rate limit).</summary>
    Task<IReadOnlyList<DateTime>> ReportTimesSinceAsync(string reporterId, DateTime since, CancellationToken cancellationToken);

    /// <summary>
    /// Reports, newest first; <paramref name="beforeId"/> continues a previous page; <paramref name="open"/> keeps only
    /// open (true) or resolved (false) ones.
    /// </summary>
    Task<IReadOnlyList<AbuseReport>> ListReportsAsync(int limit, string? beforeId, bool? open, CancellationToken cancellationToken);

    Task<AbuseReport?> GetReportAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Claims an open report for <paramref name="claimant"/> until <paramref name="until"/>, unless another claim runs at
    /// <paramref name="now"/> (atomically: of two concurrent claims one wins). The report, or null when it is not open or
    /// claimed by someone else.
    /// </summary>
    Task<AbuseReport?> ClaimReportAsync(string id, string claimant, DateTime until, DateTime now, CancellationToken cancellationToken);

    /// <summary>Gives up <paramref name="claimant"/>'s claim (their action was refused; the report stays open).</summary>
    Task ReleaseReportAsync(string id, string claimant, CancellationToken cancellationToken);

    /// <summary>Resolves an open report (atomically: of two concurrent resolutions one wins). The report afterwards, or null when it was not open.</summary>
    Task<AbuseReport?> ResolveReportAsync(string id, ReportResolution resolution, CancellationToken cancellationToken);
}
