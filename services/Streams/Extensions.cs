using Microsoft.Extensions.Options;
using MongoDB.Driver;
using PawfectLive.EventBus;
using PawfectLive.LiveKit;
using PawfectLive.ServiceDefaults.Authentication;
using PawfectLive.Streams.Features.Analytics;
using PawfectLive.Streams.Features.ChatSettings;
using PawfectLive.Streams.Features.Ingress;
using PawfectLive.Streams.Features.Lifecycle;
using PawfectLive.Streams.Features.LiveKitSync;
using PawfectLive.Streams.Features.Moderation;
using PawfectLive.Streams.Features.Presence;
using PawfectLive.Streams.Features.Reconciliation;
using PawfectLive.Streams.Features.Recording;
using PawfectLive.Streams.Features.Reports;
using PawfectLive.Streams.Features.Schedules;
using PawfectLive.Streams.Features.Stage;
using PawfectLive.Streams.Infrastructure;

namespace PawfectLive.Streams;

public static class Extensions
{
    public const string ServiceName = "streams";

    /// <summary>The service's parts: the store, the event bus with each feature's consumers, the shared kernel, then the features.</summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddDefaultAuthentication();
        builder.AddDefaultOpenApi("PawfectLive Streams API",
            "Stream lifecycle (go live, stop, watch), browsing, blocklist, abuse reports and the admin kill switch.");
        builder.AddValidatedOptions<StreamsOptions>(StreamsOptions.SectionName)
            .Configure(options => options.GoLiveEnabled = builder.Configuration.GetValue("FEATURE_GO_LIVE", options.GoLiveEnabled));
        builder.AddStreamStore();

        // Starts, stops and blocks keep working while RabbitMQ is down: the outbox publishes them once it is back. The bus
        // is registered before the kernel's outbox dispatcher and the features' workers, so it starts before them and
        // stops after them.
        builder.AddEventBus(ServiceName, bus =>
        {
            bus.AddLiveKitSyncConsumers();
            bus.AddPresenceConsumers();
            bus.AddReportsConsumers();
            bus.AddAnalyticsConsumers();
            bus.AddRecordingConsumers();
        }, busRequiredToServe: false);
        builder.AddStreamKernel();

        builder.AddLifecycle();
        builder.AddSchedules();
        builder.AddModeration();
        builder.AddReports();
        builder.AddChatSettings();
        builder.AddStage();
        builder.AddRecording();
        builder.AddIngress();
        builder.AddAnalytics();
        builder.AddPresence();
        builder.AddReconciliation();
        builder.AddLiveKitSync();
        return builder;
    }

    /// <summary>What every feature uses: LiveKit's keys and tokens, access checks, the one way to change a stream, the change signals and the outbox.</summary>
    private static void AddStreamKernel(this IHostApplicationBuilder builder)
    {
        builder.Services.AddLiveKit(builder.Configuration);
        builder.Services.AddSingleton<StreamAccess>();
        builder.Services.AddSingleton<StreamChanges>();
        builder.Services.AddSingleton<ModerationRateLimit>();
        builder.Services.AddSingleton<IStreamChangeSignals, StreamChangeSignals>();
        builder.Services.AddSingleton<StreamsMetrics>();
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<WorkLeases>();
        builder.Services.AddHostedService<OutboxDispatcher>();
    }

    /// <summary>MongoDB when <c>ConnectionStrings:mongodb</c> is set; otherwise the embedded LiteDB file (one instance only).</summary>
    private static void AddStreamStore(this IHostApplicationBuilder builder)
    {
        if (builder.HasMongoDbConnection())
        {
            builder.AddMongoDbClient(defaultDatabaseName: "pawfectlive");
            builder.Services.AddSingleton<MongoStreamStore>(services => new MongoStreamStore(services.GetRequiredService<IMongoDatabase>()));
            builder.Services.AddStoreInterfaces<MongoStreamStore>();
            builder.Services.AddHostedService<MongoIndexInitializer>();
            return;
        }

        builder.Services.AddSingleton(services =>
        {
            var options = services.GetRequiredService<IOptions<StreamsOptions>>().Value;
            var path = Path.IsPathRooted(options.EmbeddedDatabasePath)
                ? options.EmbeddedDatabasePath
                : Path.Combine(builder.Environment.ContentRootPath, options.EmbeddedDatabasePath);
            return new LiteDbStreamStore(path);
        });
        builder.Services.AddStoreInterfaces<LiteDbStreamStore>();
    }

    /// <summary>Each store interface a feature asks for, served by the one backend instance.</summary>
    private static void AddStoreInterfaces<TStore>(this IServiceCollection services)
        where TStore : class, IStreamsDatabase
    {
        services.AddSingleton<IStreamStore>(provider => provider.GetRequiredService<TStore>());
        services.AddSingleton<IOutboxStore>(provider => provider.GetRequiredService<TStore>());
        services.AddSingleton<IPresenceStore>(provider => provider.GetRequiredService<TStore>());
        services.AddSingleton<IViewerSessionStore>(provider => provider.GetRequiredService<TStore>());
        services.AddSingleton<IChatActivityStore>(provider => provider.GetRequiredService<TStore>());
        services.AddSingleton<IReportStore>(provider => provider.GetRequiredService<TStore>());
        services.AddSingleton<IAuditLogStore>(provider => provider.GetRequiredService<TStore>());
        services.AddSingleton<ILeaseStore>(provider => provider.GetRequiredService<TStore>());
        services.AddSingleton<IScheduleStore>(provider => provider.GetRequiredService<TStore>());
    }

    /// <summary>Creates the MongoDB indexes before the service takes traffic.</summary>
    private sealed class MongoIndexInitializer(MongoStreamStore store) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => store.EnsureIndexesAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
