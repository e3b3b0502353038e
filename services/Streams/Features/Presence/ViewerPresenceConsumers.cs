using MassTransit;
using PawfectLive.Contracts;

namespace PawfectLive.Streams.Features.Presence;

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
/// The default retry policy, with presence webhooks collected into batches: whatever has arrived within 20 ms, at most
/// 500. An idle system applies each join within the time limit; a busy one gets fuller batches, so the store work per
/// event falls as the load rises (one presence and one stream write per room per batch). The prefetch holds two
/// batches, so the next fills while one is applied. A failed batch fails each of its messages, which are retried with
/// the usual waits and form new batches.
/// </summary>
public sealed class ViewerPresenceConsumerDefinition<TConsumer> : PawfectLive.EventBus.IntegrationEventConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    public const int MessageLimit = 500;
    public static readonly TimeSpan TimeLimit = TimeSpan.FromMilliseconds(20);

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
    {
        base.ConfigureConsumer(endpointConfigurator, consumerConfigurator, context);
        endpointConfigurator.PrefetchCount = 2 * MessageLimit;
        consumerConfigurator.Options<BatchOptions>(batch => batch.SetMessageLimit(MessageLimit).SetTimeLimit(TimeLimit));
    }
}

public sealed class RoomFinishedConsumer(ViewerPresenceService presence) : IConsumer<RoomFinishedIntegrationEvent>
{
    public Task Consume(ConsumeContext<RoomFinishedIntegrationEvent> context) =>
        presence.RoomFinishedAsync(context.Message.RoomName, context.CancellationToken);
}
