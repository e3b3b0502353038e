using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using PawfectLive.Webhooks;

namespace PawfectLive.FunctionalTests.Webhooks;

/// <summary>The real Webhooks service (in-memory HTTP) on real RabbitMQ and Redis.</summary>
public sealed class WebhooksApp(string rabbitMqConnectionString, string redisConnectionString, LiveKitTwirpDouble liveKit)
    : WebApplicationFactory<WebhooksOptions>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:rabbitmq", rabbitMqConnectionString);
        builder.UseSetting("EventBus:WaitUntilStarted", "true");
        builder.UseSetting("ConnectionStrings:redis", redisConnectionString);
        builder.UseSetting("LiveKit:Url", liveKit.Url);
        builder.UseSetting("LiveKit:ApiKey", liveKit.ApiKey);
        builder.UseSetting("LiveKit:ApiSecret", liveKit.ApiSecret);
        builder.UseSetting("Webhooks:PublishTimeout", "00:00:02");
    }
}
