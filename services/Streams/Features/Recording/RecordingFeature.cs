using MassTransit;
using PawfectLive.EventBus;
using PawfectLive.LiveKit;

namespace PawfectLive.Streams.Features.Recording;

public static class RecordingFeature
{
    /// <summary>Recordings (LiveKit Egress) and replays.</summary>
    public static IHostApplicationBuilder AddRecording(this IHostApplicationBuilder builder)
    {
        // Starting an egress is not idempotent in LiveKit: a retry after a timeout could make a second one nobody stops.
        // So one attempt (bounded by LiveKit:RequestTimeout), then a failed status; stops are retried by the room command
        // consumer's policy.
        builder.Services.AddLiveKitEgress(transientRetries: 0);
        builder.AddValidatedOptions<RecordingOptions>(RecordingOptions.SectionName);
        builder.Services.AddSingleton<RecordingService>();
        return builder;
    }

    public static void AddRecordingConsumers(this IBusRegistrationConfigurator bus) => bus.AddIntegrationEventConsumer<RecordingConsumer>();
}
