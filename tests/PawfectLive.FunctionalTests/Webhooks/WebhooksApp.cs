using PawfectLive.Webhooks;

namespace PawfectLive.FunctionalTests.Webhooks;

/// <summary>The real Webhooks service on real RabbitMQ and Redis.</summary>
public sealed class WebhooksApp(string rabbitMqConnectionString, string redisConnectionString, LiveKitTwirpDouble liveKit)
    : ServiceHost<WebhooksOptions>("webhooks", new Dictionary<string, string?>
    {
        ["ConnectionStrings:rabbitmq"] = rabbitMqConnectionString,
        ["ConnectionStrings:redis"] = redisConnectionString,
        ["LiveKit:Url"] = liveKit.Url,
        ["LiveKit:ApiKey"] = liveKit.ApiKey,
        ["LiveKit:ApiSecret"] = liveKit.ApiSecret,
        ["Webhooks:PublishTimeout"] = "00:00:02",
    });
