namespace PawfectLive.Streams.Model;

/// <summary>Viewer sessions for analytics: one per participant sid, kept outside the stream document and bounded by retention.</summary>
public interface IViewerSessionStore
{
    /// <summary>
    /// Records what webhooks said about viewers' sids, creating each session on first mention: the earliest join and the
    /// latest leave are kept (an identity once set stays), so order and repetition do not matter.
    /// </summary>
    Task RecordViewerSessionsAsync(IReadOnlyCollection<ViewerSessionEdge> edges, CancellationToken cancellationToken);

    /// <summary>Every recorded viewer session of a stream.</summary>
    Task<IReadOnlyList<ViewerSession>> ListViewerSessionsAsync(string streamId, CancellationToken cancellationToken);

    /// <summary>
    /// The stream's sessions that have not left (no leave recorded): what reconciliation and "is watching" need, so a pass
    /// over a 24/7 stream reads its viewers now, not its whole history.
    /// </summary>
    Task<IReadOnlyList<ViewerSession>> ListOpenViewerSessionsAsync(string streamId, CancellationToken cancellationToken);

    /// <summary>
    /// Drops viewer sessions that left before <paramref name="before"/> (the retention period); how many. Open sessions
    /// are kept, however old — a 24/7 stream's viewers are still watching; an ended stream's are closed at its end.
    /// </summary>
    Task<int> DeleteViewerSessionsBeforeAsync(DateTime before, CancellationToken cancellationToken);
}
