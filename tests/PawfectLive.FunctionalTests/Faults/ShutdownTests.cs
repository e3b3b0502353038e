using System.Net;
using Microsoft.Extensions.Hosting;
using PawfectLive.Contracts;
using PawfectLive.FunctionalTests.Webhooks;
using Xunit.Abstractions;

namespace PawfectLive.FunctionalTests.Faults;

/// <summary>
/// Streams, Chat and Webhooks as real processes (their Release builds, Production settings) stopped with SIGTERM while
/// RabbitMQ is down and right after it came back: each exits within the bound docs/operations.md states, and what it
/// acknowledged before is applied once everything runs again. Its own RabbitMQ and Redis, because it stops RabbitMQ.
/// </summary>
public sealed class ShutdownTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>The host's shutdown timeout plus the runtime's own start of exit on a busy 2-core machine.</summary>
    private static readonly TimeSpan ExitBound = ServiceDefaultsExtensions.ShutdownTimeout + TimeSpan.FromSeconds(5);

    private readonly InfrastructureFixture _infrastructure = new();
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("pawfect-shutdown-").FullName;
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
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task During_a_RabbitMQ_outage_every_service_exits_in_time_and_Streams_publishes_what_it_accepted_after_its_restart()
    {
        await using var probe = await EventProbe.StartAsync(_infrastructure.RabbitMq.ConnectionString, durable: true, typeof(StreamStartedIntegrationEvent));
        await using var streams = await StartStreamsAsync();
        await using var chat = await ServiceProcess.StartAsync("chat", "services/Chat", Settings());
        await using var webhooks = await ServiceProcess.StartAsync("webhooks", "services/Webhooks", Settings());

        await _infrastructure.RabbitMq.StopAsync();
        using var owner = streams.ClientFor(TestUsers.Token("shutdown-owner"));
        var acceptedDuringOutage = await owner.StartStreamAsync(new { title = "accepted while RabbitMQ is down" });

        await AssertExitInTimeAsync(streams, chat, webhooks);

        await _infrastructure.RabbitMq.StartAsync();
        await using var restarted = await StartStreamsAsync();
        await probe.WaitForAsync<StreamStartedIntegrationEvent>(e => e.StreamId == acceptedDuringOutage.StreamId, TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Right_after_RabbitMQ_came_back_every_service_exits_in_time_and_acknowledged_webhooks_are_applied_after_the_restart()
    {
        await using var streams = await StartStreamsAsync();
        await using var webhooks = await ServiceProcess.StartAsync("webhooks", "services/Webhooks", Settings());
        await using var chat = await ServiceProcess.StartAsync("chat", "services/Chat", Settings());
        using var owner = streams.ClientFor(TestUsers.Token("restart-owner"));
        var stream = await owner.StartStreamAsync(new { title = "stopped mid-reconnect" });

        await _infrastructure.RabbitMq.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));
        await _infrastructure.RabbitMq.StartAsync();
        // Streams and Chat are told to stop while their receive endpoints reconnect. LiveKit's retries get the webhooks
        // acknowledged as soon as Webhooks can publish again (Streams is gone by then: they wait in its queue), and
        // Webhooks is told to stop straight after.
        var stoppingMidReconnect = AssertExitInTimeAsync(streams, chat);
        using var sender = new HttpClient { BaseAddress = new Uri(webhooks.BaseUrl) };
        var liveKit = new WebhookSender(sender, _liveKit.ApiKey, _liveKit.ApiSecret);
        var joins = Enumerable.Range(0, 3)
            .Select(i => WebhookSender.Participant("participant_joined", stream.RoomName, $"PA_shutdown_{i}", $"viewer-{i}"))
            .ToList();
        foreach (var join in joins)
        {
            Assert.Equal(HttpStatusCode.OK, await liveKit.DeliverAsync(join, TimeSpan.FromSeconds(60)));
        }
        await stoppingMidReconnect;
        await AssertExitInTimeAsync(webhooks);

        await using var restarted = await StartStreamsAsync();
        using var anonymous = restarted.ClientFor(null);
        await Eventually.HoldsAsync(
            async () => (await anonymous.GetLiveStreamAsync(stream.StreamId)).Viewers == joins.Count,
            "every acknowledged join is counted after the restart", TimeSpan.FromSeconds(60));
    }

    private async Task AssertExitInTimeAsync(params ServiceProcess[] services)
    {
        var exits = await Task.WhenAll(services.Select(service => service.TerminateAsync(TimeSpan.FromMinutes(2))));
        for (var i = 0; i < services.Length; i++)
        {
            output.WriteLine($"{services[i].Name} exited {(exits[i] is { } took ? $"{took.TotalSeconds:0.0} s" : "never: killed after 2 minutes")} after SIGTERM");
        }
        Assert.All(exits, exit => Assert.True(exit <= ExitBound, $"a service took longer than {ExitBound.TotalSeconds} s to exit (see the output)"));
    }

    private Task<ServiceProcess> StartStreamsAsync() =>
        ServiceProcess.StartAsync("streams", "services/Streams", new Dictionary<string, string>(Settings())
        {
            ["Streams__EmbeddedDatabasePath"] = Path.Combine(_dataDirectory, "streams.db"),
            ["Streams__Reconciliation__Enabled"] = "false",
        });

    private Dictionary<string, string> Settings() => new()
    {
        ["ConnectionStrings__rabbitmq"] = _infrastructure.RabbitMq.ConnectionString,
        ["ConnectionStrings__redis"] = _infrastructure.Redis.ConnectionString,
        ["LiveKit__Url"] = _liveKit.Url,
        ["LiveKit__ApiKey"] = _liveKit.ApiKey,
        ["LiveKit__ApiSecret"] = _liveKit.ApiSecret,
        ["Authentication__Jwt__Issuer"] = TestUsers.Issuer,
        ["Authentication__Jwt__Audience"] = TestUsers.Audience,
        ["Authentication__Jwt__SigningKey"] = TestUsers.SigningKey,
    };
}
