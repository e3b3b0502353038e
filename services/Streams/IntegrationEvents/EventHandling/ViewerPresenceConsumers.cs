using MassTransit;
using PawfectLive.Contracts;
using PawfectLive.Streams.Application;

namespace PawfectLive.Streams.IntegrationEvents.EventHandling;

public sealed class ViewerJoinedConsumer(ViewerPresenceService presence) : IConsumer<ViewerJoinedIntegrationEvent>
{
    public Task Consume(ConsumeContext<ViewerJoinedIntegrationEvent> context) =>
        presence.JoinedAsync(context.Message, context.CancellationToken);
}

public sealed class ViewerLeftConsumer(ViewerPresenceService presence) : IConsumer<ViewerLeftIntegrationEvent>
{
    public Task Consume(ConsumeContext<ViewerLeftIntegrationEvent> context) =>
        presence.LeftAsync(context.Message.RoomName, context.Message.ParticipantSid, context.CancellationToken);
}

public sealed class RoomFinishedConsumer(ViewerPresenceService presence) : IConsumer<RoomFinishedIntegrationEvent>
{
    public Task Consume(ConsumeContext<RoomFinishedIntegrationEvent> context) =>
        presence.RoomFinishedAsync(context.Message.RoomName, context.CancellationToken);
}
