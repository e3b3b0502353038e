using MassTransit;
using PawfectLive.LiveKit;

namespace PawfectLive.Streams.Features.LiveKitSync;

public static class LiveKitSyncFeature
{
    /// <summary>The LiveKit room commands each change queues (delete a room, remove or update a participant, room metadata).</summary>
    public static IHostApplicationBuilder AddLiveKitSync(this IHostApplicationBuilder builder)
    {
        // Room commands are retried by their consumer's policy alone, so the HTTP client does not retry on its own.
        builder.Services.AddLiveKitRoomService(transientRetries: 0);
        return builder;
    }

    public static void AddLiveKitSyncConsumers(this IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<LiveKitRoomCommandConsumer>(typeof(LiveKitRoomCommandConsumerDefinition));
}
