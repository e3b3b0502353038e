namespace PawfectLive.Streams.Model;

/// <summary>Thrown when an owner already has a live stream; carries that stream's id.</summary>
public sealed class OwnerAlreadyLiveException(string liveStreamId)
    : Exception($"The owner already has live stream {liveStreamId}.")
{
    public string LiveStreamId { get; } = liveStreamId;
}

/// <summary>
/// A page of live streams, newest first. <see cref="Before"/> continues after the last item of a previous page. Public
/// listings leave out the private state (<see cref="LiveStream.LeaveOutPrivateState"/>: the blocklist, moderators,
/// timeouts and chat settings) in every store; <see cref="Whole"/> asks for it too (reconciliation and snapshots need it).
/// </summary>
public sealed record LiveStreamQuery(int Limit, StreamCursor? Before = null, string? Tag = null, bool Whole = false);

/// <summary>Where a newest-first page of streams (by start, then id) continues: the last stream of the previous page.</summary>
public sealed record StreamCursor(DateTime StartedAt, string Id)
{
    /// <summary>Whether <paramref name="stream"/> comes after the cursor in newest-first order (the stores' one keyset rule).</summary>
    public bool Admits(LiveStream stream) =>
        stream.StartedAt < StartedAt || (stream.StartedAt == StartedAt && string.CompareOrdinal(stream.Id, Id) < 0);
}

/// <summary>The stream after an update, and whether the change function changed it (and so it was written).</summary>
public sealed record StreamUpdate(LiveStream Stream, bool Changed);

/// <summary>
/// Persistence of the streams themselves (and their outbox, which is part of each stream's document), and nothing else:
/// the rules live in <see cref="LiveStream"/> and the features. The other collections have stores of their own
/// (<see cref="IOutboxStore"/>, <see cref="IPresenceStore"/>, <see cref="IViewerSessionStore"/>, <see cref="IChatActivityStore"/>,
/// <see cref="IReportStore"/>, <see cref="IAuditLogStore"/>), so a feature's constructor shows which data it touches. Implemented on MongoDB (production) and on an embedded LiteDB file (default); both pass the same contract
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
    /// Ended streams, however long ago, whose recording has an egress and is not finished (starting, recording,
    /// processing): the ones whose lost <c>egress_ended</c> reconciliation must still find. Longest ended first.
    /// </summary>
    Task<IReadOnlyList<LiveStream>> ListUnfinishedRecordingsAsync(int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Applies <paramref name="change"/> to the stream's current state and stores the result if it returns true. Null
    /// when no stream has that id. The function may run more than once (when another writer got there first), each
    /// time on a fresh copy, so it must only change the stream it is given.
    /// </summary>
    Task<StreamUpdate?> UpdateAsync(string id, Func<LiveStream, bool> change, CancellationToken cancellationToken);
}
