using MassTransit;

namespace PawfectLive.EventBus;

/// <summary>
/// The default retry policy of a consumer endpoint: quick retries for a blip (a store or Redis hiccup), then redelivery
/// with growing delays for an outage (a Redis restart, a failover), about 9 minutes in all; only then the
/// <c>_error</c> queue, whose leftovers the services' reconciliation repairs. The message stays unacknowledged while
/// it waits, so a restart of the service hands it to another instance rather than losing it. (RabbitMQ's delayed
/// exchange plugin, which MassTransit's scheduled redelivery needs, is not part of Debian's RabbitMQ.)
/// </summary>
public class IntegrationEventConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer> where TConsumer : class, IConsumer
{
    public static readonly TimeSpan[] DefaultIntervals =
    [
        TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3),
        TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5),
    ];

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(retry => retry.Intervals(DefaultIntervals));
}
