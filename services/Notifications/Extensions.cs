using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using MongoDB.Driver;
using PawfectLive.EventBus;
using PawfectLive.Notifications.Api;
using PawfectLive.Notifications.Application;
using PawfectLive.Notifications.Hubs;
using PawfectLive.Notifications.Infrastructure;
using PawfectLive.Notifications.Infrastructure.Push;
using PawfectLive.Notifications.IntegrationEvents.EventHandling;
using PawfectLive.ServiceDefaults.Authentication;
using PawfectLive.ServiceDefaults.Problems;
using StackExchange.Redis;

namespace PawfectLive.Notifications;

public static class Extensions
{
    public const string ServiceName = "notifications";
    public const string RedisConnectionName = "redis";

    /// <summary>The service's parts: the store, the bus with its consumers, real time, push, then the application and its workers.</summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddDefaultAuthentication();
        builder.AddDefaultOpenApi("PawfectLive Notifications API",
            "Follows, go-live alerts (inbox, real time, push), mutes, push subscriptions and reminders of scheduled streams.");
        builder.AddValidatedOptions<NotificationsOptions>(NotificationsOptions.SectionName);
        builder.AddNotificationsStore();

        builder.AddEventBus(ServiceName, bus =>
        {
            bus.AddIntegrationEventConsumer<StreamStartedConsumer>();
            bus.AddIntegrationEventConsumer<StreamEndedConsumer>();
            bus.AddIntegrationEventConsumer<UserBlockConsumer>();
            bus.AddIntegrationEventConsumer<ScheduleEventsConsumer>();
            bus.AddIntegrationEventConsumer<AlertBatchConsumer>();
        });

        // Real time: every connection of a user, on any instance, through SignalR's Redis backplane.
        builder.AddRedisClient(RedisConnectionName, settings => settings.DisableTracing = true, redis => redis.AbortOnConnectFail = false);
        builder.Services.RenameHealthCheck("StackExchange.Redis", RedisConnectionName);
        builder.Services.AddSignalR()
            .AddJsonProtocol(json => json.PayloadSerializerOptions.Encoder =
                System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All))
            .AddStackExchangeRedis(builder.Configuration.GetConnectionString(RedisConnectionName) ?? "",
                redis => redis.Configuration.ChannelPrefix = RedisChannel.Literal("pawfectlive-notifications"));
        builder.Services.AddSingleton<IUserIdProvider, SubjectUserIdProvider>();
        builder.Services.AddSingleton<LiveAlerts>();

        builder.AddPush();
        builder.AddWriteRateLimit();

        builder.Services.AddSingleton<NotificationsMetrics>();
        builder.Services.AddSingleton<AlertFanOut>();
        builder.Services.AddSingleton<AlertDelivery>();
        builder.Services.AddSingleton<FollowService>();
        builder.Services.AddSingleton<InboxService>();
        builder.Services.AddSingleton<PushSubscriptionService>();
        builder.Services.AddSingleton<ReminderService>();
        builder.Services.AddHostedService<ReminderWorker>();
        builder.Services.AddHostedService<RetentionWorker>();
        return builder;
    }

    /// <summary>Web Push with VAPID (on when keys are configured) and FCM HTTP v1 (off by default); the durable push queue's sender.</summary>
    private static void AddPush(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<WebPushOptions>(WebPushOptions.SectionName);
        builder.Services.AddSingleton<IValidateOptions<WebPushOptions>, WebPushOptionsValidator>();
        builder.AddValidatedOptions<FcmOptions>(FcmOptions.SectionName);
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental; the push queue does the retrying.
        builder.Services.AddHttpClient<WebPushProvider>(client => client.Timeout = TimeSpan.FromSeconds(15)).RemoveAllResilienceHandlers();
        builder.Services.AddHttpClient<FcmProvider>(client => client.Timeout = TimeSpan.FromSeconds(15)).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        builder.Services.AddSingleton<IPushProvider>(services => services.GetRequiredService<WebPushProvider>());
        builder.Services.AddSingleton<IPushProvider>(services => services.GetRequiredService<FcmProvider>());
        builder.Services.AddSingleton<PushSignal>();
        builder.Services.AddHostedService<PushDispatcher>();
    }

    /// <summary>Follow, mute, remind-me and push registration writes: a sliding window per user (per instance), 429 with Retry-After.</summary>
    private static void AddWriteRateLimit(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(FollowsApi.WritePolicy, http =>
            {
                var perMinute = http.RequestServices.GetRequiredService<IOptionsMonitor<NotificationsOptions>>().CurrentValue.WritesPerMinute;
                return RateLimitPartition.GetSlidingWindowLimiter(http.User.GetUserId() ?? "", _ => new SlidingWindowRateLimiterOptions
                {
                    PermitLimit = perMinute,
                    Window = TimeSpan.FromMinutes(1),
                    SegmentsPerWindow = 6,
                    QueueLimit = 0,
                });
            });
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? (int)Math.Ceiling(retryAfter.TotalSeconds) : 10;
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                var problem = ProblemResults.Create(StatusCodes.Status429TooManyRequests, ProblemTypes.RateLimited, "Too many requests.",
                    "You changed follows, mutes, reminders or push devices too often; wait before trying again.",
                    new Dictionary<string, object?> { ["retryAfterSeconds"] = seconds });
                await problem.ExecuteAsync(context.HttpContext);
            };
        });
    }

    /// <summary>MongoDB when <c>ConnectionStrings:mongodb</c> is set (database <c>pawfectlive-notifications</c>); otherwise the embedded LiteDB file.</summary>
    private static void AddNotificationsStore(this IHostApplicationBuilder builder)
    {
        if (builder.HasMongoDbConnection())
        {
            builder.AddMongoDbClient(defaultDatabaseName: "pawfectlive-notifications");
            builder.Services.AddSingleton(services => new MongoNotificationsStore(
                services.GetRequiredService<IMongoClient>().GetDatabase("pawfectlive-notifications")));
            builder.Services.AddStoreInterfaces<MongoNotificationsStore>();
            builder.Services.AddHostedService<MongoIndexInitializer>();
            return;
        }
        builder.Services.AddSingleton(services =>
        {
            var path = services.GetRequiredService<IOptions<NotificationsOptions>>().Value.EmbeddedDatabasePath;
            return new LiteDbNotificationsStore(Path.IsPathRooted(path) ? path : Path.Combine(builder.Environment.ContentRootPath, path));
        });
        builder.Services.AddStoreInterfaces<LiteDbNotificationsStore>();
    }

    private static void AddStoreInterfaces<TStore>(this IServiceCollection services)
        where TStore : class, INotificationsDatabase
    {
        services.AddSingleton<IFollowStore>(provider => provider.GetRequiredService<TStore>());
        services.AddSingleton<IInboxStore>(provider => provider.GetRequiredService<TStore>());
        services.AddSingleton<IPushStore>(provider => provider.GetRequiredService<TStore>());
        services.AddSingleton<IAudienceStore>(provider => provider.GetRequiredService<TStore>());
        services.AddSingleton<IScheduleProjectionStore>(provider => provider.GetRequiredService<TStore>());
    }

    private sealed class MongoIndexInitializer(MongoNotificationsStore store) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => store.EnsureIndexesAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
