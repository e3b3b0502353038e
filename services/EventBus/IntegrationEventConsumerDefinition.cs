using MassTransit;

namespace PawfectLive.EventBus;

/// <summary>
/// The default retry policy of a consumer endpoint: a few quick exponential retries for transient faults (a store
/// or Redis blip), then the <c>_error</c> queue. Consumers that talk to slower outside systems define their own.
/// </summary>
public class IntegrationEventConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer> where TConsumer : class, IConsumer
{
    public static readonly TimeSpan[] DefaultIntervals =
    [
        TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(1),
        TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5),
    ];

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(retry => retry.Intervals(DefaultIntervals));
}
