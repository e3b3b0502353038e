using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Xunit.Abstractions;

namespace PawfectLive.SystemTests;

/// <summary>
/// Long outages: Redis stopped for a minute, then RabbitMQ for a minute, while owners block, unblock, start and end
/// streams and LiveKit keeps sending webhooks. Afterwards the system converges on the state those actions describe,
/// within <see cref="ConvergenceBound"/>, and no message was given up on (every <c>_error</c> queue is empty).
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class OutageTests
{
    private static readonly TimeSpan OutageLength = TimeSpan.FromSeconds(60);

    /// <summary>Redelivery waits grow to 1 and 2 minutes; anything a wait did not repair, a reconciliation pass (30 s) does.</summary>
    private static readonly TimeSpan ConvergenceBound = TimeSpan.FromMinutes(3);

    /// <summary>Every consumer queue of the system; an <c>_error</c> queue exists only once a message was moved there.</summary>
    private static readonly string[] ConsumerQueues =
    [
        "streams-viewer-joined", "streams-viewer-left", "streams-room-finished", "streams-live-kit-room-command",
        "chat-stream-started", "chat-stream-ended", "chat-viewer-count-changed", "chat-user-blocked", "chat-user-unblocked",
        "chat-stream-snapshot",
    ];

    private readonly PawfectLiveAppFixture _system;

    public OutageTests(PawfectLiveAppFixture system, ITestOutputHelper output) => _system = system.WithLogsTo(output);

    [Fact(Timeout = 10 * 60 * 1000)]
    public async Task After_a_minute_without_Redis_and_then_without_RabbitMQ_the_system_converges_and_no_message_is_dead_lettered()
    {
        var watched = await StartAsync("outage-a");
        var endedInRedisOutage = await StartAsync("outage-b");
        var endedInBrokerOutage = await StartAsync("outage-c");
        var pardoned = $"pardoned-{Guid.NewGuid():N}"[..20];
        await watched.Owner.BlockAsync(watched.StreamId, pardoned);
        var troll1 = $"troll1-{Guid.NewGuid():N}"[..20];
        var troll2 = $"troll2-{Guid.NewGuid():N}"[..20];
        var webhooks = new List<Task>();

        await WithoutAsync("redis", async () =>
        {
            await watched.Owner.BlockAsync(watched.StreamId, troll1);
            await watched.Owner.UnblockAsync(watched.StreamId, pardoned);
            await endedInRedisOutage.Owner.StopStreamAsync(endedInRedisOutage.StreamId);
            webhooks.Add(DeliverUntilAcknowledgedAsync(Participant("participant_joined", watched.RoomName, "PA_r1")));
            webhooks.Add(DeliverUntilAcknowledgedAsync(Participant("participant_joined", watched.RoomName, "PA_r2")));
        });
        Stream? startedInBrokerOutage = null;
        await WithoutAsync("rabbitmq", async () =>
        {
            await watched.Owner.BlockAsync(watched.StreamId, troll2);
            await endedInBrokerOutage.Owner.StopStreamAsync(endedInBrokerOutage.StreamId);
            startedInBrokerOutage = await StartAsync("outage-d");
            webhooks.Add(DeliverUntilAcknowledgedAsync(Participant("participant_joined", watched.RoomName, "PA_m1")));
            webhooks.Add(DeliverUntilAcknowledgedAsync(Participant("participant_left", watched.RoomName, "PA_r1")));
        });
        await Task.WhenAll(webhooks);

        await using var checker = await _system.ConnectChatAsync(await _system.TokenAsync($"checker-{Guid.NewGuid():N}"[..20]));
        await using var trollClient1 = await _system.ConnectChatAsync(await _system.TokenAsync(troll1));
        await using var trollClient2 = await _system.ConnectChatAsync(await _system.TokenAsync(troll2));
        await using var pardonedClient = await _system.ConnectChatAsync(await _system.TokenAsync(pardoned));
        await Eventually.HoldsAsync(async () =>
            await JoinAsync(trollClient1, watched.RoomName) == "blocked"
            && await JoinAsync(trollClient2, watched.RoomName) == "blocked"
            && await JoinAsync(pardonedClient, watched.RoomName) == "joined"
            && await JoinAsync(checker, endedInRedisOutage.RoomName) == "room-not-live"
            && await JoinAsync(checker, endedInBrokerOutage.RoomName) == "room-not-live"
            && await JoinAsync(checker, startedInBrokerOutage!.RoomName) == "joined"
            && (await watched.Owner.GetLiveStreamAsync(watched.StreamId)).Viewers == 2,
            "Chat and Streams agree with every action taken during the outages", ConvergenceBound);

        Assert.Equal(
            [],
            (await DeadLetteredAsync()).Where(queue => queue.Messages > 0).Select(queue => $"{queue.Name}: {queue.Messages}"));
    }

    private sealed record Stream(HttpClient Owner, string StreamId, string RoomName);

    private async Task<Stream> StartAsync(string prefix)
    {
        var owner = _system.ClientWith(await _system.TokenAsync($"{prefix}-{Guid.NewGuid():N}"[..20]));
        var started = await owner.StartStreamAsync(new { title = prefix });
        return new Stream(owner, started.StreamId, started.RoomName);
    }

    /// <summary>Stops <paramref name="resource"/>, acts while it is down, and starts it again after <see cref="OutageLength"/>.</summary>
    private async Task WithoutAsync(string resource, Func<Task> duringOutage)
    {
        var commands = _system.App.Services.GetRequiredService<ResourceCommandService>();
        var stopped = await commands.ExecuteCommandAsync(resource, KnownResourceCommands.StopCommand);
        Assert.True(stopped.Success, stopped.Message);
        var outage = Task.Delay(OutageLength);
        await duringOutage();
        await outage;

        var started = await commands.ExecuteCommandAsync(resource, KnownResourceCommands.StartCommand);
        Assert.True(started.Success, started.Message);
        await _system.WaitUntilHealthyAgainAsync(resource);
        // Leave the system as the other tests expect it: every service connected again, not merely the server up.
        foreach (var service in new[] { "streams", "chat", "webhooks" })
        {
            await Eventually.HoldsAsync(async () =>
            {
                using var response = await _system.Gateway.GetAsync($"/health/{service}");
                return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString() == "Healthy";
            }, $"{service} is healthy again after {resource} came back", TimeSpan.FromMinutes(1));
        }
    }

    private static string Participant(string eventName, string roomName, string sid) => PawfectLiveAppFixture.ParticipantWebhook(eventName, roomName, sid);

    /// <summary>Patient beyond LiveKit's five attempts: the webhook is retried until the outage is over.</summary>
    private Task DeliverUntilAcknowledgedAsync(string body) =>
        _system.DeliverWebhookUntilAcknowledgedAsync(body, OutageLength + TimeSpan.FromMinutes(2));

    /// <summary>"joined", or the reason Chat refused the join.</summary>
    private static async Task<string?> JoinAsync(HubConnection connection, string roomName)
    {
        try
        {
            var result = await connection.InvokeAsync<JsonElement>("JoinRoom", roomName);
            return result.GetProperty("joined").GetBoolean() ? "joined" : result.GetProperty("error").GetProperty("reason").GetString();
        }
        catch (Exception ex) when (ex is Microsoft.AspNetCore.SignalR.HubException or InvalidOperationException or TaskCanceledException)
        {
            return ex.Message;
        }
    }

    private async Task<IReadOnlyList<(string Name, uint Messages)>> DeadLetteredAsync()
    {
        var factory = new ConnectionFactory { Uri = new Uri((await _system.App.GetConnectionStringAsync("rabbitmq"))!) };
        await using var connection = await factory.CreateConnectionAsync();
        var queues = new List<(string, uint)>();
        foreach (var queue in ConsumerQueues.Select(name => name + "_error"))
        {
            // A passive declare of a queue that does not exist closes the channel: one channel per look.
            await using var channel = await connection.CreateChannelAsync();
            try
            {
                queues.Add((queue, (await channel.QueueDeclarePassiveAsync(queue)).MessageCount));
            }
            catch (OperationInterruptedException)
            {
                queues.Add((queue, 0));
            }
        }
        return queues;
    }
}
