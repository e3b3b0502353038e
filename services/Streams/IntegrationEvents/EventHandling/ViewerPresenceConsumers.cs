using MassTransit;
using PawfectLive.Contracts;
using PawfectLive.Streams.Api;
using PawfectLive.Streams.Infrastructure;
using PawfectLive.Streams.Model;

namespace PawfectLive.Streams.IntegrationEvents.EventHandling;

/// <summary>
/// Exact viewer counts from LiveKit's participant webhooks. The rule: a viewer is a participant <c>sid</c> that has
/// joined and not left; the publisher (identity = owner) is never a viewer. Joins and leaves are idempotent per sid, a
/// leave is remembered even without a join (so a join arriving after its leave is ignored: LiveKit gives a reconnecting
/// participant a new sid), and <c>room_finished</c> ends the stream with 0 viewers. The count is therefore the size of
/// a set, whatever the order, duplication or retries of the events.
/// </summary>
public sealed class ViewerJoinedConsumer(IStreamStore store, ViewerCountPublisher counts, TimeProvider time)
    : IConsumer<ViewerJoinedIntegrationEvent>
{
    public async Task Consume(ConsumeContext<ViewerJoinedIntegrationEvent> context)
    {
        var joined = context.Message;
        var updated = await store.AddViewerAsync(joined.RoomName, joined.ParticipantSid, joined.Identity, time.GetUtcNow().UtcDateTime, context.CancellationToken);
        counts.Announce(updated);
    }
}

public sealed class ViewerLeftConsumer(IStreamStore store, ViewerCountPublisher counts, TimeProvider time)
    : IConsumer<ViewerLeftIntegrationEvent>
{
    public async Task Consume(ConsumeContext<ViewerLeftIntegrationEvent> context)
    {
        var left = context.Message;
        var updated = await store.RemoveViewerAsync(left.RoomName, left.ParticipantSid, time.GetUtcNow().UtcDateTime, context.CancellationToken);
        counts.Announce(updated);
    }
}

/// <summary>LiveKit closed the room (empty timeout, or deleted): the stream is over.</summary>
public sealed class RoomFinishedConsumer(StreamsServices services) : IConsumer<RoomFinishedIntegrationEvent>
{
    public async Task Consume(ConsumeContext<RoomFinishedIntegrationEvent> context)
    {
        var stream = await services.Store.GetByRoomNameAsync(context.Message.RoomName, context.CancellationToken);
        if (stream is { IsLive: true })
        {
            await services.EndStreamAsync(stream, StreamEndReasons.RoomFinished, "livekit", context.CancellationToken);
        }
    }
}
