using PawfectLive.Chat.Infrastructure;
using PawfectLive.Chat.IntegrationEvents.EventHandling;
using PawfectLive.ServiceDefaults.Authentication;
using PawfectLive.ServiceDefaults.Messaging;
using PawfectLive.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace PawfectLive.Chat;

public static class Extensions
{
    public const string ServiceName = "chat";

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddDefaultAuthentication();
        builder.AddValidatedOptions<ChatOptions>(ChatOptions.SectionName);

        builder.AddRedisConnection();
        builder.Services.AddSignalR()
            // Chat text is echoed to every client: escape HTML-sensitive characters on the wire, like the HTTP APIs.
            .AddJsonProtocol(json => json.PayloadSerializerOptions.Encoder =
                System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All))
            .AddStackExchangeRedis(options =>
            {
                options.Configuration.ChannelPrefix = RedisChannel.Literal("pawfectlive-chat");
                options.ConnectionFactory = async writer =>
                {
                    var configuration = builder.Configuration.GetConnectionString(RedisExtensions.ConnectionName)!;
                    var redisOptions = ConfigurationOptions.Parse(configuration);
                    redisOptions.AbortOnConnectFail = false;
                    return await ConnectionMultiplexer.ConnectAsync(redisOptions, writer);
                };
            });

        builder.AddEventBus(ServiceName, bus =>
        {
            bus.AddConsumer<StreamStartedConsumer>();
            bus.AddConsumer<StreamEndedConsumer>();
            bus.AddConsumer<ViewerCountChangedConsumer>();
            bus.AddConsumer<UserBlockedConsumer>();
            bus.AddConsumer<UserUnblockedConsumer>();
        });

        builder.Services.AddSingleton<ChatRoomStore>();
        builder.Services.AddSingleton<MessageRateLimiter>();
        builder.Services.AddSingleton<ChatMetrics>();
        return builder;
    }
}
