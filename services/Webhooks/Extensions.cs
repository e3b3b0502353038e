using PawfectLive.EventBus;
using PawfectLive.LiveKit;
using PawfectLive.Webhooks.Infrastructure;

namespace PawfectLive.Webhooks;

public static class Extensions
{
    public const string ServiceName = "webhooks";
    public const string RedisConnectionName = "redis";

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<WebhooksOptions>(WebhooksOptions.SectionName);
        builder.AddDefaultOpenApi("PawfectLive Webhooks API", "Ingestion of LiveKit's signed webhooks.");
        builder.Services.AddLiveKit(builder.Configuration);
        builder.AddRedisClient(RedisConnectionName, configureOptions: redis => redis.AbortOnConnectFail = false);
        builder.Services.RenameHealthCheck("StackExchange.Redis", RedisConnectionName);
        builder.AddEventBus(ServiceName);
        builder.Services.AddSingleton<WebhookDeduplicator>();
        builder.Services.AddSingleton<WebhooksMetrics>();
        // Webhooks are signed by LiveKit, not by users: no user authentication here, but the pipeline still has it.
        builder.Services.AddAuthorization();
        return builder;
    }
}
