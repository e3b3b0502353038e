using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using PawfectLive.Chat.Infrastructure;
using PawfectLive.Chat.IntegrationEvents.EventHandling;
using PawfectLive.EventBus;
using PawfectLive.ServiceDefaults.Authentication;
using StackExchange.Redis;

namespace PawfectLive.Chat;

public static class Extensions
{
    public const string ServiceName = "chat";
    public const string RedisConnectionName = "redis";

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddDefaultAuthentication();
        builder.AddValidatedOptions<ChatOptions>(ChatOptions.SectionName);

        // One Redis connection (Aspire's client, with its health check) for rooms, rate limits and the backplane. No
        // per-command Redis spans: chat sends are the hot path, and the tracer's profiler would be disposed before the
        // backplane unsubscribes at shutdown.
        builder.AddRedisClient(RedisConnectionName,
            settings => settings.DisableTracing = true,
            redis => redis.AbortOnConnectFail = false);
        builder.Services.RenameHealthCheck("StackExchange.Redis", RedisConnectionName);
        builder.Services.AddSignalR()
            // Chat text is echoed to every client: escape HTML-sensitive characters on the wire, like the HTTP APIs.
            .AddJsonProtocol(json => json.PayloadSerializerOptions.Encoder =
                System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All))
            .AddStackExchangeRedis(options => options.Configuration.ChannelPrefix = RedisChannel.Literal("pawfectlive-chat"));
        builder.Services.AddOptions<RedisOptions>()
            .Configure<IServiceProvider>((options, services) =>
                options.ConnectionFactory = _ => Task.FromResult(services.GetRequiredService<IConnectionMultiplexer>()));

        // Chat keeps serving rooms from Redis while RabbitMQ is down; stream events catch up once it is back.
        builder.AddEventBus(ServiceName, bus =>
        {
            bus.AddIntegrationEventConsumer<StreamStartedConsumer>();
            bus.AddIntegrationEventConsumer<StreamEndedConsumer>();
            bus.AddIntegrationEventConsumer<ViewerCountChangedConsumer>();
            bus.AddIntegrationEventConsumer<UserBlockedConsumer>();
            bus.AddIntegrationEventConsumer<UserUnblockedConsumer>();
            bus.AddIntegrationEventConsumer<ModeratorAppointedConsumer>();
            bus.AddIntegrationEventConsumer<ModeratorRemovedConsumer>();
            bus.AddIntegrationEventConsumer<UserTimedOutConsumer>();
            bus.AddIntegrationEventConsumer<UserTimeoutLiftedConsumer>();
            bus.AddIntegrationEventConsumer<ChatSettingsChangedConsumer>();
            bus.AddIntegrationEventConsumer<StageChangedConsumer>();
            bus.AddIntegrationEventConsumer<StreamSnapshotConsumer>();
        }, busRequiredToServe: false);

        builder.Services.AddSingleton<ChatRoomStore>();
        builder.Services.AddSingleton<MessageRateLimiter>();
        builder.Services.AddSingleton<ConnectionLimiter>();
        builder.Services.AddSingleton<RoomEvictions>();
        builder.Services.AddSingleton<RoomStateUpdates>();
        builder.Services.AddSingleton<WordFilter>();
        builder.Services.AddSingleton<ChatActivity>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ChatActivity>());
        builder.Services.AddSingleton<ChatMetrics>();
        return builder;
    }
}
