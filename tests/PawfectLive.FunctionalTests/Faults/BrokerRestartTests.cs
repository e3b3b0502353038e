using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PawfectLive.Contracts;
using PawfectLive.FunctionalTests.Streams;
using Xunit.Abstractions;

namespace PawfectLive.FunctionalTests.Faults;

/// <summary>Its own RabbitMQ node, because these tests stop and restart it.</summary>
public sealed class BrokerRestartTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly RabbitMqNode _rabbitMq = new();
    private LiveKitTwirpDouble _liveKit = null!;

    public async Task InitializeAsync()
    {
        await _rabbitMq.StartAsync();
        _liveKit = await LiveKitTwirpDouble.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _liveKit.DisposeAsync();
        await _rabbitMq.DisposeAsync();
    }

    [Fact]
    public async Task Streams_started_while_RabbitMQ_restarts_all_publish_their_events_once_it_is_back()
    {
        await using var app = new StreamsApp(_rabbitMq.ConnectionString, _liveKit);
        app.Logs.Attach(output);
        await using var probe = await EventProbe.StartAsync(_rabbitMq.ConnectionString, durable: true, typeof(StreamStartedIntegrationEvent), typeof(StreamEndedIntegrationEvent));
        var accepted = new List<string>();

        async Task StartOneAsync(int i)
        {
            using var client = app.ClientFor(TestUsers.Token($"burst-{i}"));
            accepted.Add((await client.StartStreamAsync(new { title = $"burst {i}" })).StreamId);
        }

        for (var i = 0; i < 20; i++)
        {
            await StartOneAsync(i);
        }
        var stopping = _rabbitMq.StopAsync();
        for (var i = 20; i < 40; i++)
        {
            await StartOneAsync(i);
        }
        await stopping;
        for (var i = 40; i < 60; i++)
        {
            await StartOneAsync(i);
        }
        await _rabbitMq.StartAsync();
        for (var i = 60; i < 80; i++)
        {
            await StartOneAsync(i);
        }

        await Eventually.HoldsAsync(
            () => Task.FromResult(accepted.All(id => probe.Of<StreamStartedIntegrationEvent>().Any(e => e.StreamId == id))),
            "every accepted start reached RabbitMQ", TimeSpan.FromSeconds(90));
        Assert.Equal(80, probe.Of<StreamStartedIntegrationEvent>().Select(e => e.EventId).Distinct().Count());
    }

    [Fact]
    public async Task Streams_stays_ready_while_RabbitMQ_is_down_and_says_its_bus_is_degraded()
    {
        await using var app = new StreamsApp(_rabbitMq.ConnectionString, _liveKit);
        app.Logs.Attach(output);
        using var client = app.ClientFor(null);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);

        await _rabbitMq.StopAsync();
        try
        {
            await Eventually.HoldsAsync(async () =>
            {
                var health = await client.GetAsync("/health");
                var body = await health.Content.ReadFromJsonAsync<JsonElement>();
                return health.StatusCode == HttpStatusCode.OK
                    && body.GetProperty("checks").GetProperty("masstransit-bus").GetProperty("status").GetString() == "Degraded";
            }, "the bus check reports Degraded and /health still answers 200", TimeSpan.FromSeconds(60));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive")).StatusCode);
            using var owner = app.ClientFor(TestUsers.Token("degraded-owner"));
            await owner.StartStreamAsync(new { title = "while the broker is down" });
        }
        finally
        {
            await _rabbitMq.StartAsync();
        }
    }
}
