using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace PawfectLive.FunctionalTests.Chat;

/// <summary>
/// A room's events reach every member, in order, batched into frames (docs/chat-protocol.md, "Delivery"), and an
/// instance listens to a room's channel only while it holds a member of the room.
/// </summary>
[Collection(ChatCollection.Name)]
public sealed class RoomFanOutTests(ChatFixture fixture, ITestOutputHelper output)
{
    private readonly ChatFixture _fixture = fixture.WithLogsTo(output);

    [Fact]
    public async Task A_burst_reaches_a_member_on_another_instance_in_order_and_in_fewer_frames_than_events()
    {
        var (ownerId, _, roomName) = await _fixture.GoLiveAsync();
        await using var owner = await _fixture.InstanceA.ConnectAsync(ownerId);
        await owner.JoinAsync(roomName);
        using var member = await RawMember.ConnectAsync(_fixture.InstanceB, ChatFixture.NewUser("raw"), roomName);

        var sent = Enumerable.Range(1, 30).Select(i => $"burst {i}").ToList();
        var sends = new List<Task<bool>>();
        foreach (var text in sent)
        {
            sends.Add(owner.SendAsync(roomName, text));
        }
        Assert.All(await Task.WhenAll(sends), Assert.True);
        var fifth = (await owner.WaitForAsync("chat:message", m => m.GetProperty("text").GetString() == "burst 5")).GetProperty("id").GetString()!;
        Assert.True(await owner.DeleteAsync(roomName, fifth));

        var (frames, events) = await member.ReadUntilAsync(events => events.Any(e => e.Target == "chat:deleted"));

        var texts = events.Where(e => e.Target == "chat:message").Select(e => e.Argument.GetProperty("text").GetString()!).ToList();
        // A connection's calls run one at a time, so the room hears them in the order they were sent; a deletion comes
        // after the message it deletes.
        Assert.Equal(sent, texts);
        var deletedAt = events.FindIndex(e => e.Target == "chat:deleted");
        Assert.True(events.FindIndex(e => e.Target == "chat:message" && e.Argument.GetProperty("id").GetString() == fifth) < deletedAt);
        Assert.True(frames < texts.Count, $"{texts.Count} messages arrived in {frames} frames: the burst was not batched");
    }

    [Fact]
    public async Task An_instance_listens_to_a_room_only_while_it_holds_a_member_of_it()
    {
        var (_, _, roomName) = await _fixture.GoLiveAsync();
        var channel = RedisChannel.Literal($"pawfectlive-chat:room:{roomName}");
        await using var redis = await ConnectionMultiplexer.ConnectAsync(_fixture.Infrastructure.Redis.ConnectionString);
        var server = redis.GetServer(redis.GetEndPoints()[0]);

        await using (var onA = await _fixture.InstanceA.ConnectAsync(ChatFixture.NewUser("on-a")))
        await using (var onB = await _fixture.InstanceB.ConnectAsync(ChatFixture.NewUser("on-b")))
        await using (var alsoOnB = await _fixture.InstanceB.ConnectAsync(ChatFixture.NewUser("on-b")))
        {
            await onA.JoinAsync(roomName);
            await onB.JoinAsync(roomName);
            await alsoOnB.JoinAsync(roomName);
            Assert.Equal(2, await server.SubscriptionSubscriberCountAsync(channel));

            await onB.Connection.InvokeAsync("LeaveRoom", roomName);
            Assert.Equal(2, await server.SubscriptionSubscriberCountAsync(channel));
        }

        await Eventually.HoldsAsync(async () => await server.SubscriptionSubscriberCountAsync(channel) == 0,
            "both instances unsubscribe once their last member of the room is gone");
    }

    /// <summary>A hub client on a raw WebSocket (JSON protocol), to see how the server frames what it sends.</summary>
    private sealed class RawMember : IDisposable
    {
        private const char RecordSeparator = '\u001e';
        private readonly WebSocket _socket;

        private RawMember(WebSocket socket) => _socket = socket;

        public static async Task<RawMember> ConnectAsync(ChatApp instance, string userId, string roomName)
        {
            var client = instance.Server.CreateWebSocketClient();
            var uri = new UriBuilder(instance.Server.BaseAddress) { Scheme = "ws", Path = "/hubs/live", Query = $"access_token={TestUsers.Token(userId)}" }.Uri;
            var member = new RawMember(await client.ConnectAsync(uri, CancellationToken.None));
            await member.SendAsync("""{"protocol":"json","version":1}""");
            await member.SendAsync($$"""{"type":1,"invocationId":"1","target":"JoinRoom","arguments":["{{roomName}}"]}""");
            await member.ReadUntilAsync(_ => false, untilCompletion: "1");
            return member;
        }

        private Task SendAsync(string record) =>
            _socket.SendAsync(Encoding.UTF8.GetBytes(record + RecordSeparator), WebSocketMessageType.Text, true, CancellationToken.None);

        /// <summary>Reads frames until the events received so far satisfy <paramref name="done"/> (or the invocation completes).</summary>
        public async Task<(int Frames, List<(string Target, JsonElement Argument)> Events)> ReadUntilAsync(
            Func<List<(string Target, JsonElement Argument)>, bool> done, string? untilCompletion = null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            var events = new List<(string Target, JsonElement Argument)>();
            var frames = 0;
            var buffer = new byte[64 * 1024];
            while (true)
            {
                using var frame = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer, timeout.Token);
                    frame.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);
                var records = Encoding.UTF8.GetString(frame.ToArray()).Split(RecordSeparator, StringSplitOptions.RemoveEmptyEntries);
                var framedEvents = 0;
                foreach (var record in records)
                {
                    var message = JsonDocument.Parse(record).RootElement;
                    var type = message.TryGetProperty("type", out var t) ? t.GetInt32() : 0;
                    if (type == 3 && message.GetProperty("invocationId").GetString() == untilCompletion)
                    {
                        return (frames, events);
                    }
                    if (type == 1)
                    {
                        events.Add((message.GetProperty("target").GetString()!, message.GetProperty("arguments")[0].Clone()));
                        framedEvents++;
                    }
                }
                if (framedEvents > 0)
                {
                    frames++;
                }
                if (done(events))
                {
                    return (frames, events);
                }
            }
        }

        public void Dispose() => _socket.Dispose();
    }
}
