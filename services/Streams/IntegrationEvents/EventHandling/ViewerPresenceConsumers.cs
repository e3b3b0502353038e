using MassTransit;
using PawfectLive.Contracts;
using PawfectLive.Streams.Application;

namespace PawfectLive.Streams.IntegrationEvents.EventHandling;

/// <summary>Joins in batches (see <see cref="ViewerPresenceConsumerDefinition{TConsumer}"/>): one store write per room per batch.</summary>
public sealed class ViewerJoinedConsumer(ViewerPresenceService presence) : IConsumer<Batch<ViewerJoinedIntegrationEvent>>
{
    public Task Consume(ConsumeContext<Batch<ViewerJoinedIntegrationEvent>> context) =>
        presence.JoinedAsync([.. context.Message.Select(joined => joined.Message)], context.CancellationToken);
}

/// <summary>Leaves in batches, like joins.</summary>
public sealed class ViewerLeftConsumer(ViewerPresenceService presence) : IConsumer<Batch<ViewerLeftIntegrationEvent>>
{
    public Task Consume(ConsumeContext<Batch<ViewerLeftIntegrationEvent>> context) =>
        presence.LeftAsync([.. context.Message.Select(left => left.Message)], context.CancellationToken);
}

/// <summary>
/// The default retry policy, with presence webhooks collected into batches: whatever has arrived within 10 ms, at most
/// 50 (below the endpoint's prefetch of 64, so the next batch fills while one is applied). A failed batch fails each of
/// its messages, which are retried with the usual waits and form new batches.
/// </summary>
public sealed class ViewerPresenceConsumerDefinition<TConsumer> : PawfectLive.EventBus.IntegrationEventConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    public const int MessageLimit = 50;
    public static readonly TimeSpan TimeLimit = TimeSpan.FromMilliseconds(10);

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
    {
        base.ConfigureConsumer(endpointConfigurator, consumerConfigurator, context);
        consumerConfigurator.Options<BatchOptions>(batch => batch.SetMessageLimit(MessageLimit).SetTimeLimit(TimeLimit));
    }
}

public sealed class RoomFinishedConsumer(ViewerPresenceService presence) : IConsumer<RoomFinishedIntegrationEvent>
{
    public Task Consume(ConsumeContext<RoomFinishedIntegrationEvent> context) =>
        presence.RoomFinishedAsync(context.Message.RoomName, context.CancellationToken);
}
