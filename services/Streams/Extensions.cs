using Microsoft.Extensions.Options;
using MongoDB.Driver;
using PawfectLive.EventBus;
using PawfectLive.LiveKit;
using PawfectLive.ServiceDefaults.Authentication;
using PawfectLive.Streams.Application;
using PawfectLive.Streams.Infrastructure;
using PawfectLive.Streams.IntegrationEvents.EventHandling;
using PawfectLive.Streams.Model;

namespace PawfectLive.Streams;

public static class Extensions
{
    public const string ServiceName = "streams";

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddDefaultAuthentication();
        builder.AddDefaultOpenApi("PawfectLive Streams API",
            "Stream lifecycle (go live, stop, watch), browsing, blocklist, abuse reports and the admin kill switch.");
        builder.AddValidatedOptions<StreamsOptions>(StreamsOptions.SectionName)
            .Configure(options => options.GoLiveEnabled = builder.Configuration.GetValue("FEATURE_GO_LIVE", options.GoLiveEnabled));

        builder.Services.AddLiveKit(builder.Configuration);
        // Room commands are retried by their consumer's policy alone, so the HTTP client does not retry on its own.
        builder.Services.AddLiveKitRoomService(transientRetries: 0);
        // Starting an egress or creating an ingress is not idempotent in LiveKit: a retry after a timeout could make a second
        // one nobody stops. So one attempt (bounded by LiveKit:RequestTimeout), then a failed status or a 503; stops and
        // deletes are retried by the room command consumer's policy.
        builder.Services.AddLiveKitEgress(transientRetries: 0);
        builder.Services.AddLiveKitIngress(transientRetries: 0);
        builder.AddValidatedOptions<RecordingOptions>(RecordingOptions.SectionName);
        builder.AddStreamStore();

        // Starts, stops and blocks keep working while RabbitMQ is down: the outbox publishes them once it is back.
        builder.AddEventBus(ServiceName, bus =>
        {
            bus.AddConsumer<LiveKitRoomCommandConsumer>(typeof(LiveKitRoomCommandConsumerDefinition));
            bus.AddConsumer<ViewerJoinedConsumer>(typeof(ViewerPresenceConsumerDefinition<ViewerJoinedConsumer>));
            bus.AddConsumer<ViewerLeftConsumer>(typeof(ViewerPresenceConsumerDefinition<ViewerLeftConsumer>));
            bus.AddIntegrationEventConsumer<RoomFinishedConsumer>();
            bus.AddIntegrationEventConsumer<AuditLogConsumer>();
            bus.AddIntegrationEventConsumer<ChatActivityConsumer>();
            bus.AddIntegrationEventConsumer<RecordingConsumer>();
        }, busRequiredToServe: false);

        builder.Services.AddSingleton<LiveStreamService>();
        builder.Services.AddSingleton<ChatSettingsService>();
        builder.Services.AddSingleton<ReportsService>();
        builder.Services.AddSingleton<RecordingService>();
        builder.Services.AddSingleton<IngressService>();
        builder.AddValidatedOptions<StageOptions>(StageOptions.SectionName);
        builder.Services.AddSingleton<StageService>();
        builder.AddValidatedOptions<AnalyticsOptions>(AnalyticsOptions.SectionName);
        builder.Services.AddSingleton<AnalyticsService>();
        builder.Services.AddMemoryCache(); // stats, a few seconds per stream
        builder.Services.AddSingleton<StreamsMetrics>();
        builder.Services.AddSingleton<ViewerPresenceService>();
        builder.AddValidatedOptions<ReconciliationOptions>(ReconciliationOptions.SectionName);
        builder.Services.AddSingleton<ReconciliationService>();
        builder.Services.AddHostedService<ReconciliationWorker>();
        builder.Services.AddSingleton<IStreamChangeSignals, StreamChangeSignals>();
        builder.Services.AddSingleton<TimeoutExpirySchedule>();
        builder.Services.AddHostedService<TimeoutExpiryWorker>();
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddHostedService<OutboxDispatcher>();
        builder.Services.AddSingleton<ViewerCountPublisher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ViewerCountPublisher>());
        builder.Services.AddOutputCache();
        builder.Services.AddSingleton<ActiveStreamsCache>();
        return builder;
    }

    /// <summary>MongoDB when <c>ConnectionStrings:mongodb</c> is set; otherwise the embedded LiteDB file (one instance only).</summary>
    private static void AddStreamStore(this IHostApplicationBuilder builder)
    {
        if (builder.HasMongoDbConnection())
        {
            builder.AddMongoDbClient(defaultDatabaseName: "pawfectlive");
            builder.Services.AddSingleton<MongoStreamStore>(services => new MongoStreamStore(services.GetRequiredService<IMongoDatabase>()));
            builder.Services.AddSingleton<IStreamStore>(services => services.GetRequiredService<MongoStreamStore>());
            builder.Services.AddHostedService<MongoIndexInitializer>();
            return;
        }

        builder.Services.AddSingleton<IStreamStore>(services =>
        {
            var options = services.GetRequiredService<IOptions<StreamsOptions>>().Value;
            var path = Path.IsPathRooted(options.EmbeddedDatabasePath)
                ? options.EmbeddedDatabasePath
                : Path.Combine(builder.Environment.ContentRootPath, options.EmbeddedDatabasePath);
            return new LiteDbStreamStore(path);
        });
    }

    /// <summary>Creates the MongoDB indexes before the service takes traffic.</summary>
    private sealed class MongoIndexInitializer(MongoStreamStore store) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => store.EnsureIndexesAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
