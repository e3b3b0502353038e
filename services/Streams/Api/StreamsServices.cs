using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PawfectLive.Contracts;
using PawfectLive.LiveKit;
using PawfectLive.Streams.Infrastructure;
using PawfectLive.Streams.IntegrationEvents.Events;
using PawfectLive.Streams.Model;

namespace PawfectLive.Streams.Api;

/// <summary>The dependencies every handler gets, as one bundle, and the operations several routes share.</summary>
public sealed class StreamsServices(
    IStreamStore store,
    AccessTokenIssuer tokens,
    IOptions<LiveKitOptions> liveKit,
    IOptionsMonitor<StreamsOptions> options,
    OutboxSignal outbox,
    ActiveStreamsCache activeCache,
    TimeProvider time,
    ILogger<StreamsServices> logger)
{
    public IStreamStore Store { get; } = store;
    public AccessTokenIssuer Tokens { get; } = tokens;
    public LiveKitOptions LiveKit { get; } = liveKit.Value;
    public StreamsOptions Options => options.CurrentValue;
    public OutboxSignal Outbox { get; } = outbox;
    public ActiveStreamsCache ActiveCache { get; } = activeCache;
    public TimeProvider Time { get; } = time;
    public ILogger Logger { get; } = logger;

    /// <summary>The stream with this id, or the problem to answer: 400 for an id that is no stream id, 404 for an unknown one.</summary>
    public async Task<(LiveStream? Stream, ProblemHttpResult? Problem)> FindStreamAsync(
        string? id, CancellationToken cancellationToken, string field = "id")
    {
        if (!LiveStreamsApi.IsStreamId(id))
        {
            return (null, Problems.InvalidStreamId(field));
        }
        var stream = await Store.GetAsync(id!, cancellationToken);
        return stream is null ? (null, Problems.StreamNotFound(id!)) : (stream, null);
    }

    /// <summary>Ends the stream (see <see cref="EndStreamAsync"/>) and answers its state, also when it had already ended.</summary>
    public async Task<LiveStream> EndAndReadAsync(LiveStream stream, string reason, string actorId, CancellationToken cancellationToken) =>
        await EndStreamAsync(stream, reason, actorId, cancellationToken)
        ?? await Store.GetAsync(stream.Id, cancellationToken)
        ?? stream;

    /// <summary>
    /// Ends a stream once, writing <c>StreamEnded</c> and the LiveKit room deletion in the same update. Returns the
    /// ended stream, or null if it was already ended.
    /// </summary>
    public async Task<LiveStream?> EndStreamAsync(LiveStream stream, string reason, string actorId, CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        var endedEvent = new StreamEndedIntegrationEvent(Guid.NewGuid(), stream.Id, stream.OwnerId, stream.RoomName, reason, now);
        List<OutboxMessage> events = [Infrastructure.Outbox.Entry(endedEvent.EventId, endedEvent, now.UtcDateTime)];
        if (reason != StreamEndReasons.RoomFinished)
        {
            var deleteRoom = new DeleteLiveKitRoomCommand(Guid.NewGuid(), stream.Id, stream.RoomName);
            events.Add(Infrastructure.Outbox.Entry(deleteRoom.EventId, deleteRoom, now.UtcDateTime));
        }

        var ended = await Store.EndAsync(stream.Id, reason, now.UtcDateTime, events, cancellationToken);
        if (ended is not null)
        {
            Outbox.Notify();
            await ActiveCache.InvalidateAsync(cancellationToken);
            Logger.StreamEnded(ended.Id, ended.RoomName, reason, actorId);
        }
        return ended;
    }
}
