namespace PawfectLive.Streams.Model;

/// <summary>Thrown when an owner already has a live stream; carries that stream's id.</summary>
public sealed class OwnerAlreadyLiveException(string liveStreamId)
    : Exception($"The owner already has live stream {liveStreamId}.")
{
    public string LiveStreamId { get; } = liveStreamId;
}

/// <summary>A page of live streams, newest first. <see cref="Before"/> continues after the last item of a previous page.</summary>
public sealed record LiveStreamQuery(int Limit, StreamCursor? Before = null, string? Tag = null);

public sealed record StreamCursor(DateTime StartedAt, string Id);

/// <summary>
/// The streams data. Implemented on MongoDB (production) and on an embedded LiteDB file (default); both pass the
/// same contract tests. Every change that others must hear about takes its integration events along
/// (<see cref="LiveStream.PendingEvents"/>) in the same atomic update.
/// </summary>
public interface IStreamStore
{
    /// <summary>Stores a new live stream; throws <see cref="OwnerAlreadyLiveException"/> if its owner is already live.</summary>
    Task InsertLiveAsync(LiveStream stream, CancellationToken cancellationToken);

    Task<LiveStream?> GetAsync(string id, CancellationToken cancellationToken);

    Task<LiveStream?> GetByRoomNameAsync(string roomName, CancellationToken cancellationToken);

    Task<LiveStream?> FindLiveByOwnerAsync(string ownerId, CancellationToken cancellationToken);

    /// <summary>When the owner started streams since <paramref name="since"/> (for the start rate limit).</summary>
    Task<IReadOnlyList<DateTime>> StartTimesSinceAsync(string ownerId, DateTime since, CancellationToken cancellationToken);

    Task<IReadOnlyList<LiveStream>> ListLiveAsync(LiveStreamQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Ends a live stream (viewers drop to 0) with its events. Returns the ended stream when this call ended it, or
    /// null when it was unknown or already ended, so <c>StreamEnded</c> is written exactly once.
    /// </summary>
    Task<LiveStream?> EndAsync(string id, string reason, DateTime endedAt, IReadOnlyList<OutboxMessage> events, CancellationToken cancellationToken);

    /// <summary>Adds a user to the blocklist with its events; false when the stream is unknown or the user was already blocked.</summary>
    Task<bool> BlockAsync(string id, string userId, DateTime at, IReadOnlyList<OutboxMessage> events, CancellationToken cancellationToken);

    /// <summary>Removes a user from the blocklist with its events; false when the stream is unknown or the user was not blocked.</summary>
    Task<bool> UnblockAsync(string id, string userId, DateTime at, IReadOnlyList<OutboxMessage> events, CancellationToken cancellationToken);

    /// <summary>
    /// Marks participant <paramref name="sid"/> present in a live stream's room, unless it is already present, has left
    /// before, or is the publisher (<paramref name="identity"/> = the owner). Returns the stream after the change (or
    /// unchanged), or null if no stream has that room.
    /// </summary>
    Task<LiveStream?> AddViewerAsync(string roomName, string sid, string identity, DateTime at, CancellationToken cancellationToken);

    /// <summary>Marks <paramref name="sid"/> gone (remembered, so a late join is ignored). Returns the stream, or null.</summary>
    Task<LiveStream?> RemoveViewerAsync(string roomName, string sid, DateTime at, CancellationToken cancellationToken);

    /// <summary>Streams with events still to publish, oldest change first.</summary>
    Task<IReadOnlyList<LiveStream>> ListWithPendingEventsAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Drops a published event from its stream's outbox.</summary>
    Task AcknowledgeEventAsync(string streamId, string eventId, CancellationToken cancellationToken);

    Task InsertReportAsync(AbuseReport report, CancellationToken cancellationToken);

    /// <summary>Reports, newest first; <paramref name="beforeId"/> continues a previous page.</summary>
    Task<IReadOnlyList<AbuseReport>> ListReportsAsync(int limit, string? beforeId, CancellationToken cancellationToken);
}
