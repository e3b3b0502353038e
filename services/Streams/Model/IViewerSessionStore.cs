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

    /// <summary>Drops viewer sessions whose last mention (leave, else join) is older than <paramref name="before"/> (the retention period); how many.</summary>
    Task<int> DeleteViewerSessionsBeforeAsync(DateTime before, CancellationToken cancellationToken);
}
