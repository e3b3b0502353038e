using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace PawfectLive.ServiceDefaults.Messaging;

public static class EventBusExtensions
{
    public const string ConnectionName = "rabbitmq";

    /// <summary>
    /// MassTransit over RabbitMQ from <c>ConnectionStrings:rabbitmq</c>: publisher confirms (MassTransit's default),
    /// retries with back-off and an <c>_error</c> queue for messages that still fail, and queues named
    /// <c>{service}-{consumer}</c> so several instances of one service compete for the same queue.
    /// </summary>
    public static IHostApplicationBuilder AddEventBus(
        this IHostApplicationBuilder builder,
        string serviceName,
        Action<IBusRegistrationConfigurator>? configure = null)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionName} is not configured; set it to amqp://user:password@host:port.");
        }

        // Stop gracefully: consumers get time to finish (then their token is cancelled) before the container goes away,
        // so an in-flight message is either completed or left unacknowledged for redelivery, never faulted.
        // EventBus:WaitUntilStarted=true makes start-up wait for the broker (tests use it to avoid start/stop races).
        builder.Services.AddOptions<MassTransitHostOptions>()
            .Configure(options =>
            {
                options.StartTimeout = TimeSpan.FromSeconds(60);
                options.StopTimeout = TimeSpan.FromSeconds(20);
                options.ConsumerStopTimeout = TimeSpan.FromSeconds(10);
            })
            .Bind(builder.Configuration.GetSection("EventBus"));

        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(serviceName, includeNamespace: false));
            configure?.Invoke(bus);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(new Uri(connectionString), host => host.PublisherConfirmation = true);
                rabbit.PrefetchCount = 64;
                rabbit.UseMessageRetry(retry => retry.Exponential(5, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(200)));
                rabbit.ConfigureEndpoints(context);
            });
        });

        return builder;
    }
}
