using MassTransit;
using PawfectLive.LiveKit;

namespace PawfectLive.Streams.Features.LiveKitSync;

public static class LiveKitSyncFeature
{
    /// <summary>
    /// LiveKit as a reconciled projection of the stream (a pass per change, coalesced per stream) and the one-off room
    /// commands a change queues (delete a room, remove a participant, stop an egress, delete an ingress).
    /// </summary>
    public static IHostApplicationBuilder AddLiveKitSync(this IHostApplicationBuilder builder)
    {
        // Room commands are retried by their consumer's policy alone, and reconciliation by its next pass, so the HTTP
        // client does not retry on its own.
        builder.Services.AddLiveKitRoomService(transientRetries: 0);
        builder.Services.AddSingleton<LiveKitSyncQueue>();
        builder.Services.AddSingleton<LiveKitReconciler>();
        builder.Services.AddHostedService<LiveKitSyncWorker>();
        return builder;
    }

    public static void AddLiveKitSyncConsumers(this IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<LiveKitRoomCommandConsumer>(typeof(LiveKitRoomCommandConsumerDefinition));
}
