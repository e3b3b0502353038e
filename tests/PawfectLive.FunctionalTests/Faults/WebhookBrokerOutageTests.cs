using System.Net;
using PawfectLive.FunctionalTests.Streams;
using PawfectLive.FunctionalTests.Webhooks;
using Xunit.Abstractions;

namespace PawfectLive.FunctionalTests.Faults;

/// <summary>Its own RabbitMQ and Redis, because the test stops RabbitMQ while LiveKit keeps sending.</summary>
public sealed class WebhookBrokerOutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly InfrastructureFixture _infrastructure = new();
    private LiveKitTwirpDouble _liveKit = null!;

    public async Task InitializeAsync()
    {
        await _infrastructure.InitializeAsync();
        _liveKit = await LiveKitTwirpDouble.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _liveKit.DisposeAsync();
        await _infrastructure.DisposeAsync();
    }

    [Fact]
    public async Task Every_acknowledged_webhook_is_applied_after_RabbitMQ_comes_back()
    {
        await using var streams = new StreamsApp(_infrastructure.RabbitMq.ConnectionString, _liveKit);
        await using var webhooks = new WebhooksApp(_infrastructure.RabbitMq.ConnectionString, _infrastructure.Redis.ConnectionString, _liveKit);
        streams.Logs.Attach(output);
        webhooks.Logs.Attach(output);
        var sender = new WebhookSender(webhooks.CreateClient(), _liveKit.ApiKey, _liveKit.ApiSecret);
        using var owner = streams.ClientFor(TestUsers.Token("outage-owner"));
        var (streamId, roomName, _, _, _) = await owner.StartStreamAsync(new { title = "outage" });
        var refusedDuringOutage = 0;

        async Task DeliverAsync(int viewer)
        {
            var body = WebhookSender.Participant("participant_joined", roomName, $"PA_{viewer}", $"viewer-{viewer}");
            using var first = await sender.SendAsync(body);
            if (first.StatusCode == HttpStatusCode.OK)
            {
                return;
            }
            Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
            Interlocked.Increment(ref refusedDuringOutage);
            // Like LiveKit: retry later until acknowledged.
            Assert.Equal(HttpStatusCode.OK, await sender.DeliverAsync(body, TimeSpan.FromSeconds(90)));
        }

        var before = Enumerable.Range(0, 10).Select(DeliverAsync).ToList();
        await Task.WhenAll(before);
        await _infrastructure.RabbitMq.StopAsync();
        var during = Enumerable.Range(10, 10).Select(DeliverAsync).ToList();
        await Task.Delay(TimeSpan.FromSeconds(3));
        await _infrastructure.RabbitMq.StartAsync();
        await Task.WhenAll(during);

        Assert.True(refusedDuringOutage > 0, "RabbitMQ was down, so some webhooks must have been refused with 503");
        await Eventually.HoldsAsync(async () =>
        {
            using var client = streams.ClientFor(null);
            return (await client.GetLiveStreamAsync(streamId)).Viewers == 20;
        }, "all 20 acknowledged joins are counted", TimeSpan.FromSeconds(90));
    }
}
