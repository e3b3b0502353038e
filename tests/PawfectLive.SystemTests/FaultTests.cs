using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace PawfectLive.SystemTests;

/// <summary>Faults on the running system: the broker and a service restart, LiveKit fails or hangs.</summary>
[Collection(SystemCollection.Name)]
public sealed class FaultTests
{
    private readonly PawfectLiveAppFixture _system;

    public FaultTests(PawfectLiveAppFixture system, ITestOutputHelper output) => _system = system.WithLogsTo(output);

    private async Task RestartAsync(string resource)
    {
        var commands = _system.App.Services.GetRequiredService<ResourceCommandService>();
        var result = await commands.ExecuteCommandAsync(resource, KnownResourceCommands.RestartCommand);
        Assert.True(result.Success, result.Message);
        await _system.WaitUntilHealthyAgainAsync(resource);
    }

    private async Task<(string StreamId, string RoomName)> StartAsync(string ownerId)
    {
        using var owner = _system.ClientWith(await _system.TokenAsync(ownerId));
        var started = await owner.StartStreamAsync(new { title = "fault" });
        return (started.StreamId, started.RoomName);
    }

    private static string Joined(string roomName, string sid) => PawfectLiveAppFixture.ParticipantWebhook("participant_joined", roomName, sid);

    private Task DeliverAsync(string body) => _system.DeliverWebhookUntilAcknowledgedAsync(body, TimeSpan.FromSeconds(90));

    [Fact]
    public async Task A_RabbitMQ_restart_during_traffic_loses_no_accepted_start_or_webhook()
    {
        var streams = new List<(string StreamId, string RoomName)>();
        for (var i = 0; i < 5; i++)
        {
            streams.Add(await StartAsync($"rmq-{i}-{Guid.NewGuid():N}"[..20]));
        }
        var (_, countedRoom) = streams[0];

        var restart = RestartAsync("rabbitmq");
        var traffic = Task.Run(async () =>
        {
            for (var i = 0; i < 8; i++)
            {
                await DeliverAsync(Joined(countedRoom, $"PA_{i}"));
                lock (streams)
                {
                    streams.Add(StartAsync($"rmq-late-{i}-{Guid.NewGuid():N}"[..22]).GetAwaiter().GetResult());
                }
            }
        });
        await Task.WhenAll(restart, traffic);

        // Every start reached Chat (its room opens) and every acknowledged join is counted.
        await using var chat = await _system.ConnectChatAsync(await _system.TokenAsync("rmq-checker"));
        foreach (var (_, roomName) in streams)
        {
            await Eventually.HoldsAsync(async () => (await chat.InvokeAsync<JsonElement>("JoinRoom", roomName)).GetProperty("joined").GetBoolean(),
                $"Chat opened {roomName}", TimeSpan.FromSeconds(60));
        }
        using var anonymous = _system.ClientWith(null);
        await Eventually.HoldsAsync(async () =>
            (await anonymous.GetFromJsonAsync<JsonElement>($"/api/live/{streams[0].StreamId}")).GetProperty("viewers").GetInt32() == 8,
            "all 8 acknowledged joins are counted", TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Restarting_Streams_keeps_its_data_and_it_serves_again()
    {
        var ownerId = $"restart-{Guid.NewGuid():N}"[..20];
        var (streamId, _) = await StartAsync(ownerId);

        await RestartAsync("streams");

        using var owner = _system.ClientWith(await _system.TokenAsync(ownerId));
        var stream = await owner.GetFromJsonAsync<JsonElement>($"/api/live/{streamId}");
        Assert.True(stream.GetProperty("isLive").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, (await owner.PostAsJsonAsync("/api/live/start", new { title = "second" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync("/api/live/stop", new { streamId })).StatusCode);
    }

    [Fact]
    public async Task When_LiveKit_fails_or_hangs_stopping_still_ends_the_stream_and_the_room_is_deleted_later()
    {
        var ownerId = $"lk-{Guid.NewGuid():N}"[..20];
        var (streamId, roomName) = await StartAsync(ownerId);
        _system.LiveKit.AddParticipant(roomName, "someone");
        _system.LiveKit.HangOnFailure = true;
        _system.LiveKit.FailNext(1);
        using var owner = _system.ClientWith(await _system.TokenAsync(ownerId));

        var stop = await owner.PostAsJsonAsync("/api/live/stop", new { streamId });

        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        Assert.False((await stop.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("isLive").GetBoolean());
        await Eventually.HoldsAsync(() => Task.FromResult(_system.LiveKit.Calls.Any(c => c.Method == "DeleteRoom" && c.Answer == HttpStatusCode.InternalServerError)),
            "the first call hit the hanging LiveKit", TimeSpan.FromSeconds(30));
        _system.LiveKit.HangOnFailure = false;
        _system.LiveKit.FailNext(3);
        await Eventually.HoldsAsync(() => Task.FromResult(!_system.LiveKit.RoomExists(roomName)), "the room is deleted once LiveKit answers", TimeSpan.FromSeconds(60));
    }
}
