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
/// The streams data. Implemented on MongoDB (production) and on an embedded LiteDB file (default);
/// both pass the same contract tests.
/// </summary>
public interface IStreamStore
{
    /// <summary>Stores a new live stream; throws <see cref="OwnerAlreadyLiveException"/> if its owner is already live.</summary>
    Task InsertLiveAsync(LiveStream stream, CancellationToken cancellationToken);

    Task<LiveStream?> GetAsync(string id, CancellationToken cancellationToken);

    Task<LiveStream?> GetByRoomNameAsync(string roomName, CancellationToken cancellationToken);

    Task<LiveStream?> FindLiveByOwnerAsync(string ownerId, CancellationToken cancellationToken);

    Task<IReadOnlyList<LiveStream>> ListLiveAsync(LiveStreamQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Marks a live stream ended. Returns the ended stream when this call ended it, or null when it was
    /// unknown or already ended (so callers publish <c>StreamEnded</c> exactly once).
    /// </summary>
    Task<LiveStream?> EndAsync(string id, string reason, DateTime endedAt, CancellationToken cancellationToken);
}
