using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using PawfectLive.Contracts;

namespace PawfectLive.EventBus;

public static class EventBusExtensions
{
    public const string ConnectionName = "rabbitmq";

    /// <summary>
    /// How long a service waits for its bus to stop before it goes on without it: MassTransit's own
    /// <see cref="MassTransitHostOptions.StopTimeout"/> plus a few seconds (see <see cref="BoundedBusHostedService"/>).
    /// </summary>
    public static TimeSpan StopBound(MassTransitHostOptions options) =>
        (options.StopTimeout ?? TimeSpan.FromSeconds(20)) + TimeSpan.FromSeconds(5);

    /// <summary>
    /// MassTransit over RabbitMQ from <c>ConnectionStrings:rabbitmq</c>: publisher confirms, every
    /// <see cref="IntegrationEvent"/> published with <c>MessageId</c> = its <c>EventId</c>, and queues named
    /// <c>{service}-{consumer}</c> so several instances of one service compete for the same queue. Retries are not set
    /// here: each consumer brings its own policy in its definition (see <see cref="IntegrationEventConsumerDefinition{TConsumer}"/>).
    /// </summary>
    /// <remarks>
    /// <c>busRequiredToServe: false</c> is for a service that keeps answering while RabbitMQ is down (its outbox holds
    /// what it publishes): the bus check then reports Degraded rather than Unhealthy, so the service stays ready.
    /// </remarks>
    public static IHostApplicationBuilder AddEventBus(
        this IHostApplicationBuilder builder,
        string serviceName,
        Action<IBusRegistrationConfigurator>? configure = null,
        bool busRequiredToServe = true)
    {
        // Stop gracefully: consumers get time to finish (then their token is cancelled) before the container goes away,
        // so an in-flight message is either completed or left unacknowledged for redelivery, never faulted. The whole
        // stop is bounded by StopBound (BoundedBusHostedService), whatever the broker is doing.
        // EventBus:WaitUntilStarted=true makes start-up wait for the broker (tests use it to avoid start/stop races).
        builder.Services.AddOptions<MassTransitHostOptions>()
            .Configure(options =>
            {
                options.StartTimeout = TimeSpan.FromSeconds(60);
                options.StopTimeout = TimeSpan.FromSeconds(20);
                // A consumer waiting out a retry delay (LiveKit down) holds the stop at most this long; its message is
                // left unacknowledged and redelivered after the restart.
                options.ConsumerStopTimeout = TimeSpan.FromSeconds(5);
            })
            .Bind(builder.Configuration.GetSection("EventBus"));

        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(serviceName, includeNamespace: false));
            // MassTransit 8.5 reports usage to its vendor over the internet by default: nothing leaves our network.
            bus.DisableUsageTelemetry();
            if (!busRequiredToServe)
            {
                bus.ConfigureHealthCheckOptions(health => health.MinimalFailureStatus = HealthStatus.Degraded);
            }
            configure?.Invoke(bus);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                var connectionString = builder.Configuration.GetConnectionString(ConnectionName);
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException(
                        $"ConnectionStrings:{ConnectionName} is not configured; set it to amqp://user:password@host:port.");
                }
                rabbit.Host(new Uri(connectionString), host => host.PublisherConfirmation = true);
                rabbit.PrefetchCount = 64;
                // The shared base records and interfaces are no exchanges of their own: consumers bind to concrete events only.
                rabbit.Publish<IntegrationEvent>(publish => publish.Exclude = true);
                rabbit.Publish<WebhookIntegrationEvent>(publish => publish.Exclude = true);
                rabbit.Publish<IStreamScopedEvent>(publish => publish.Exclude = true);
                rabbit.UsePublishFilter(typeof(EventIdAsMessageIdFilter<>), context);
                rabbit.UseSendFilter(typeof(EventIdAsMessageIdFilter<>), context);
                rabbit.ConfigureEndpoints(context);
            });
        });
        builder.Services.RemoveMassTransitHostedService();
        builder.Services.AddSingleton<IHostedService>(services => ActivatorUtilities.CreateInstance<BoundedBusHostedService>(
            services, ActivatorUtilities.CreateInstance<MassTransitHostedService>(services)));

        return builder;
    }

    /// <summary>Registers a consumer with the default retry policy of <see cref="IntegrationEventConsumerDefinition{TConsumer}"/>.</summary>
    public static IConsumerRegistrationConfigurator<TConsumer> AddIntegrationEventConsumer<TConsumer>(this IBusRegistrationConfigurator bus)
        where TConsumer : class, IConsumer =>
        bus.AddConsumer<TConsumer, IntegrationEventConsumerDefinition<TConsumer>>();
}
