using MassTransit;
using PawfectLive.EventBus;

namespace PawfectLive.Streams.Features.Presence;

public static class PresenceFeature
{
    /// <summary>Who is in each room (exact viewer counts from webhooks) and the counts pushed to Chat.</summary>
    public static IHostApplicationBuilder AddPresence(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ViewerPresenceService>();
        builder.Services.AddSingleton<ViewerCountPublisher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ViewerCountPublisher>());
        return builder;
    }

    public static void AddPresenceConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<ViewerJoinedConsumer>(typeof(ViewerPresenceConsumerDefinition<ViewerJoinedConsumer>));
        bus.AddConsumer<ViewerLeftConsumer>(typeof(ViewerPresenceConsumerDefinition<ViewerLeftConsumer>));
        bus.AddIntegrationEventConsumer<RoomFinishedConsumer>();
    }
}
