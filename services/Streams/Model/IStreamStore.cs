namespace PawfectLive.Streams.Model;

/// <summary>Thrown when an owner already has a live stream; carries that stream's id.</summary>
public sealed class OwnerAlreadyLiveException(string liveStreamId)
    : Exception($"The owner already has live stream {liveStreamId}.")
{
    public string LiveStreamId { get; } = liveStreamId;
}

/// <summary>
/// A page of live streams, newest first. <see cref="Before"/> continues after the last item of a previous page. Public
/// listings may leave out the blocklist, moderators, timeouts and chat settings; <see cref="Whole"/> asks for them too
/// (reconciliation and snapshots need the whole state).
/// </summary>
public sealed record LiveStreamQuery(int Limit, StreamCursor? Before = null, string? Tag = null, bool Whole = false);

public sealed record StreamCursor(DateTime StartedAt, string Id);

/// <summary>The stream after an update, and whether the change function changed it (and so it was written).</summary>
public sealed record StreamUpdate(LiveStream Stream, bool Changed);

/// <summary>
/// Persistence of the streams data, and nothing else: the rules live in <see cref="LiveStream"/> and the application
/// layer. Implemented on MongoDB (production) and on an embedded LiteDB file (default); both pass the same contract
/// tests. A stream changes only through <see cref="UpdateAsync"/>, which applies a change function to the current
/// state atomically: no other change of the same stream interleaves, and the integration events the function queued
/// (<see cref="LiveStream.PendingEvents"/>) are stored in the same write.
/// </summary>
public interface IStreamStore
{
    /// <summary>Stores a new live stream; throws <see cref="OwnerAlreadyLiveException"/> if its owner is already live.</summary>
    Task InsertLiveAsync(LiveStream stream, CancellationToken cancellationToken);

    Task<LiveStream?> GetAsync(string id, CancellationToken cancellationToken);

    Task<LiveStream?> GetByRoomNameAsync(string roomName, CancellationToken cancellationToken);

    /// <summary>The id of the stream of a room (room names never change, so implementations may remember it).</summary>
    Task<string?> FindIdByRoomNameAsync(string roomName, CancellationToken cancellationToken);

    Task<LiveStream?> FindLiveByOwnerAsync(string ownerId, CancellationToken cancellationToken);

    /// <summary>When the owner started streams since <paramref name="since"/> (for the start rate limit).</summary>
    Task<IReadOnlyList<DateTime>> StartTimesSinceAsync(string ownerId, DateTime since, CancellationToken cancellationToken);

    Task<IReadOnlyList<LiveStream>> ListLiveAsync(LiveStreamQuery query, CancellationToken cancellationToken);

    /// <summary>An owner's streams, live and ended, newest first; <paramref name="before"/> continues a previous page.</summary>
    Task<IReadOnlyList<LiveStream>> ListByOwnerAsync(string ownerId, int limit, StreamCursor? before, CancellationToken cancellationToken);

    /// <summary>An owner's streams with a replay (a ready recording not deleted), newest first; <paramref name="before"/> continues a previous page.</summary>
    Task<IReadOnlyList<LiveStream>> ListReplaysByOwnerAsync(string ownerId, int limit, StreamCursor? before, CancellationToken cancellationToken);

    /// <summary>Streams that ended at or after <paramref name="since"/>, at most <paramref name="limit"/>, most recent first.</summary>
    Task<IReadOnlyList<LiveStream>> ListEndedSinceAsync(DateTime since, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Applies <paramref name="change"/> to the stream's current state and stores the result if it returns true. Null
    /// when no stream has that id. The function may run more than once (when another writer got there first), each
    /// time on a fresh copy, so it must only change the stream it is given.
    /// </summary>
    Task<StreamUpdate?> UpdateAsync(string id, Func<LiveStream, bool> change, CancellationToken cancellationToken);

    /// <summary>
    /// Applies <paramref name="change"/> to the presence of a stream (an empty one when it has none yet) atomically, like
    /// <see cref="UpdateAsync"/>, and returns the presence afterwards.
    /// </summary>
    Task<StreamPresence> UpdatePresenceAsync(string streamId, Func<StreamPresence, bool> change, CancellationToken cancellationToken);

    Task<StreamPresence?> GetPresenceAsync(string streamId, CancellationToken cancellationToken);

    /// <summary>Drops a stream's presence (its stream has ended).</summary>
    Task DeletePresenceAsync(string streamId, CancellationToken cancellationToken);

    /// <summary>
    /// Records what webhooks said about viewers' sids, creating each session on first mention: the earliest join and the
    /// latest leave are kept (an identity once set stays), so order and repetition do not matter.
    /// </summary>
    Task RecordViewerSessionsAsync(IReadOnlyCollection<ViewerSessionEdge> edges, CancellationToken cancellationToken);

    /// <summary>Every recorded viewer session of a stream.</summary>
    Task<IReadOnlyList<ViewerSession>> ListViewerSessionsAsync(string streamId, CancellationToken cancellationToken);

    /// <summary>Drops viewer sessions whose last mention (leave, else join) is older than <paramref name="before"/> (the retention period); how many.</summary>
    Task<int> DeleteViewerSessionsBeforeAsync(DateTime before, CancellationToken cancellationToken);

    /// <summary>Records one Chat instance's counts for a minute: each count only grows (the largest seen wins).</summary>
    Task RecordChatMinuteAsync(ChatMinute minute, CancellationToken cancellationToken);

    Task<IReadOnlyList<ChatMinute>> ListChatMinutesAsync(string streamId, CancellationToken cancellationToken);

    /// <summary>Streams with events still to publish, oldest change first.</summary>
    Task<IReadOnlyList<LiveStream>> ListWithPendingEventsAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Drops a published event from its stream's outbox (the stream's state and version stay as they are).</summary>
    Task AcknowledgeEventAsync(string streamId, string eventId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a new open report, unless its reporter already has an open report on that stream: then that one is
    /// answered and nothing is stored (atomically, also for concurrent calls).
    /// </summary>
    Task<AbuseReport> AddOpenReportAsync(AbuseReport report, CancellationToken cancellationToken);

    Task<AbuseReport?> FindOpenReportAsync(string streamId, string reporterId, CancellationToken cancellationToken);

    /// <summary>When the user filed reports since <paramref name="since"/> (for the report rate limit).</summary>
    Task<IReadOnlyList<DateTime>> ReportTimesSinceAsync(string reporterId, DateTime since, CancellationToken cancellationToken);

    /// <summary>
    /// Reports, newest first; <paramref name="beforeId"/> continues a previous page; <paramref name="open"/> keeps only
    /// open (true) or resolved (false) ones.
    /// </summary>
    Task<IReadOnlyList<AbuseReport>> ListReportsAsync(int limit, string? beforeId, bool? open, CancellationToken cancellationToken);

    Task<AbuseReport?> GetReportAsync(string id, CancellationToken cancellationToken);

    /// <summary>Resolves an open report (atomically: of two concurrent resolutions one wins). The report afterwards, or null when it was not open.</summary>
    Task<AbuseReport?> ResolveReportAsync(string id, ReportResolution resolution, CancellationToken cancellationToken);

    /// <summary>Adds an entry to the audit log, once: adding an entry with the same id again changes nothing.</summary>
    Task AddAuditEntryAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>The audit log, newest first, of one stream and/or one actor when given; <paramref name="beforeId"/> continues a previous page.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAuditAsync(int limit, string? beforeId, string? streamId, string? actorId, CancellationToken cancellationToken);
}
