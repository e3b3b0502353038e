using Microsoft.AspNetCore.SignalR;
using PawfectLive.Chat.Hubs;
using PawfectLive.Chat.Infrastructure;
using PawfectLive.Chat.IntegrationEvents.EventHandling;
using PawfectLive.EventBus;
using PawfectLive.ServiceDefaults.Authentication;

namespace PawfectLive.Chat;

public static class Extensions
{
    public const string ServiceName = "chat";
    public const string RedisConnectionName = "redis";

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddDefaultAuthentication();
        builder.AddValidatedOptions<ChatOptions>(ChatOptions.SectionName);

        // One Redis connection (Aspire's client, with its health check) for rooms, rate limits and the rooms' channels. No
        // per-command Redis spans: chat sends are the hot path, and the tracer's profiler would be disposed before the
        // rooms unsubscribe at shutdown.
        builder.AddRedisClient(RedisConnectionName,
            settings => settings.DisableTracing = true,
            redis => redis.AbortOnConnectFail = false);
        builder.Services.RenameHealthCheck("StackExchange.Redis", RedisConnectionName);
        builder.Services.AddSignalR()
            // Chat text is echoed to every client: escape HTML-sensitive characters on the wire, like the HTTP APIs.
            .AddJsonProtocol(json => json.PayloadSerializerOptions.Encoder =
                System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All));
        // Rooms travel between instances on their own Redis channels (RoomFanOut), batched per member: no SignalR
        // backplane, so a connection holds no Redis subscription of its own.
        builder.Services.AddSingleton<DefaultHubLifetimeManager<LiveHub>>();
        builder.Services.AddSingleton<LiveConnections>();
        builder.Services.AddSingleton<HubLifetimeManager<LiveHub>>(services => services.GetRequiredService<LiveConnections>());
        builder.Services.AddSingleton<RoomFanOut>();

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
        builder.Services.AddSingleton<RoomStateUpdates>();
        builder.Services.AddSingleton<WordFilter>();
        builder.Services.AddSingleton<ChatActivity>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ChatActivity>());
        builder.Services.AddSingleton<ChatMetrics>();
        return builder;
    }
}
