using PawfectLive.Contracts;
using PawfectLive.FunctionalTests.Streams;

namespace PawfectLive.FunctionalTests.Faults;

/// <summary>The embedded store as a real Streams process uses it: what was acknowledged survives <c>kill -9</c>.</summary>
[Collection(StreamsCollection.Name)]
public sealed class EmbeddedStoreCrashTests(StreamsFixture fixture) : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("pawfect-crash-").FullName;

    [Fact]
    public async Task Starts_acknowledged_just_before_a_kill_9_are_there_after_the_restart_and_their_events_go_out()
    {
        var rabbitMq = await fixture.RabbitMq.NewVirtualHostConnectionStringAsync();
        await using var probe = await EventProbe.StartAsync(rabbitMq, typeof(StreamStartedIntegrationEvent));
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings__rabbitmq"] = rabbitMq,
            ["LiveKit__Url"] = fixture.LiveKit.Url,
            ["LiveKit__ApiKey"] = fixture.LiveKit.ApiKey,
            ["LiveKit__ApiSecret"] = fixture.LiveKit.ApiSecret,
            ["Authentication__Jwt__Issuer"] = TestUsers.Issuer,
            ["Authentication__Jwt__Audience"] = TestUsers.Audience,
            ["Authentication__Jwt__SigningKey"] = TestUsers.SigningKey,
            ["Streams__EmbeddedDatabasePath"] = Path.Combine(_dataDirectory, "streams.db"),
            ["Streams__Reconciliation__Enabled"] = "false",
        };
        var started = new List<StartedStream>();

        await using (var streams = await ServiceProcess.StartAsync("streams", "services/Streams", settings))
        {
            foreach (var owner in Enumerable.Range(0, 5).Select(i => $"crash-{i}-{Guid.NewGuid():N}"[..20]))
            {
                using var client = streams.ClientFor(TestUsers.Token(owner));
                started.Add(await client.StartStreamAsync());
            }
            await streams.KillAsync();
        }

        await using var restarted = await ServiceProcess.StartAsync("streams", "services/Streams", settings);
        using var anonymous = restarted.ClientFor(null);
        foreach (var stream in started)
        {
            var stored = await anonymous.GetLiveStreamAsync(stream.StreamId);
            Assert.True(stored.IsLive);
            Assert.Equal(stream.RoomName, stored.RoomName);
            await probe.WaitForAsync<StreamStartedIntegrationEvent>(e => e.StreamId == stream.StreamId, TimeSpan.FromSeconds(30));
        }
    }

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);
}
