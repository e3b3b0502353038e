using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;

namespace PawfectLive.SystemTests;

/// <summary>The whole journey of SPEC.md, through the gateway, as the mobile app and LiveKit would drive it.</summary>
[Collection(SystemCollection.Name)]
public sealed class EndToEndTests
{
    private readonly PawfectLiveAppFixture _system;

    public EndToEndTests(PawfectLiveAppFixture system, ITestOutputHelper output) => _system = system.WithLogsTo(output);

    private static string ParticipantEvent(string eventName, string roomName, string sid, string identity) => new JsonObject
    {
        ["event"] = eventName,
        ["id"] = $"EV_{Guid.NewGuid():N}",
        ["createdAt"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(),
        ["room"] = new JsonObject { ["sid"] = "RM_e2e", ["name"] = roomName },
        ["participant"] = new JsonObject { ["sid"] = sid, ["identity"] = identity, ["state"] = "ACTIVE" },
    }.ToJsonString();

    private sealed class Recorder
    {
        private readonly List<(string Event, JsonElement Payload)> _events = [];

        public Recorder(HubConnection connection)
        {
            foreach (var name in new[] { "chat:message", "reaction", "viewers", "stream:ended", "error" })
            {
                connection.On<JsonElement>(name, payload => { lock (_events) { _events.Add((name, payload)); } });
            }
        }

        public Task WaitForAsync(string name, Func<JsonElement, bool> match, string because) =>
            Eventually.HoldsAsync(() =>
            {
                lock (_events)
                {
                    return Task.FromResult(_events.Any(e => e.Event == name && match(e.Payload)));
                }
            }, because, TimeSpan.FromSeconds(30));
    }

    private static async Task<JsonElement?> FindActiveAsync(HttpClient client, string streamId)
    {
        var active = await client.GetFromJsonAsync<JsonElement>("/api/live/active?limit=100");
        return active.GetProperty("items").EnumerateArray().Cast<JsonElement?>().FirstOrDefault(item => item!.Value.GetProperty("id").GetString() == streamId);
    }

    [Fact]
    public async Task Owner_goes_live_viewers_watch_and_chat_counts_follow_webhooks_moderation_and_the_kill_switch_end_it()
    {
        var ownerId = $"e2e-owner-{Guid.NewGuid():N}"[..24];
        var viewerId = $"e2e-viewer-{Guid.NewGuid():N}"[..24];
        using var owner = _system.ClientWith(await _system.TokenAsync(ownerId));
        using var viewer = _system.ClientWith(await _system.TokenAsync(viewerId));
        using var admin = _system.ClientWith(await _system.TokenAsync("e2e-admin", admin: true));
        using var anonymous = _system.ClientWith(null);

        // The owner goes live; the stream is listed.
        var start = await owner.PostAsJsonAsync("/api/live/start", new { title = "Pepper learns to skateboard", tags = new[] { "dogs" } });
        Assert.Equal(HttpStatusCode.Created, start.StatusCode);
        var started = await start.Content.ReadFromJsonAsync<JsonElement>();
        var streamId = started.GetProperty("streamId").GetString()!;
        var roomName = started.GetProperty("roomName").GetString()!;
        Assert.NotNull(await FindActiveAsync(anonymous, streamId));

        // A viewer gets a subscriber token LiveKit accepts.
        var watch = await viewer.GetFromJsonAsync<JsonElement>($"/api/live/{streamId}/watch");
        var claims = await LiveKitSdk.VerifyTokenAsync(_system.LiveKit.ApiKey, _system.LiveKit.ApiSecret, watch.GetProperty("token").GetString()!);
        Assert.False(claims["video"]!["canPublish"]!.GetValue<bool>());

        // Both join the chat room through the gateway over WebSockets; the viewer chats and reacts.
        await using var ownerChat = await _system.ConnectChatAsync(await _system.TokenAsync(ownerId));
        await using var viewerChat = await _system.ConnectChatAsync(await _system.TokenAsync(viewerId));
        var ownerEvents = new Recorder(ownerChat);
        var viewerEvents = new Recorder(viewerChat);
        foreach (var chat in new[] { ownerChat, viewerChat })
        {
            await Eventually.HoldsAsync(async () => (await chat.InvokeAsync<JsonElement>("JoinRoom", roomName)).GetProperty("joined").GetBoolean(),
                "the chat room is open");
        }
        Assert.True(await viewerChat.InvokeAsync<bool>("SendMessage", roomName, "What a good girl! 🐶"));
        Assert.True(await viewerChat.InvokeAsync<bool>("SendReaction", roomName, "❤️"));
        await ownerEvents.WaitForAsync("chat:message", m => m.GetProperty("text").GetString() == "What a good girl! 🐶", "the owner sees the message");
        await ownerEvents.WaitForAsync("reaction", r => r.GetProperty("emoji").GetString() == "❤️", "the owner sees the reaction");

        // LiveKit reports two viewers joining (and the publisher, who does not count).
        _system.LiveKit.AddParticipant(roomName, viewerId);
        Assert.Equal(HttpStatusCode.OK, (await _system.SendWebhookAsync(ParticipantEvent("participant_joined", roomName, "PA_owner", ownerId))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _system.SendWebhookAsync(ParticipantEvent("participant_joined", roomName, "PA_viewer", viewerId))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _system.SendWebhookAsync(ParticipantEvent("participant_joined", roomName, "PA_other", "someone-else"))).StatusCode);
        await ownerEvents.WaitForAsync("viewers", v => v.GetProperty("viewers").GetInt32() == 2, "the room shows 2 viewers");
        await Eventually.HoldsAsync(async () => (await FindActiveAsync(anonymous, streamId))?.GetProperty("viewers").GetInt32() == 2,
            "/active shows 2 viewers");

        // The owner blocks the viewer: no token, removed from LiveKit and from chat.
        var block = await owner.PostAsJsonAsync($"/api/live/{streamId}/block", new { userId = viewerId });
        Assert.Equal(HttpStatusCode.OK, block.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync($"/api/live/{streamId}/watch")).StatusCode);
        await viewerEvents.WaitForAsync("error", e => e.GetProperty("reason").GetString() == "blocked", "the viewer is removed from chat");
        Assert.False(await viewerChat.InvokeAsync<bool>("SendMessage", roomName, "let me back"));
        await Eventually.HoldsAsync(() => Task.FromResult(!_system.LiveKit.HasParticipant(roomName, viewerId)), "LiveKit removed the viewer");

        // An admin kills the stream: chat hears it, /active no longer lists it, LiveKit's room is deleted.
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/live/{streamId}/end", null)).StatusCode);
        await ownerEvents.WaitForAsync("stream:ended", e => e.GetProperty("reason").GetString() == "admin", "chat gets stream:ended");
        Assert.Null(await FindActiveAsync(anonymous, streamId));
        await Eventually.HoldsAsync(() => Task.FromResult(_system.LiveKit.Calls.Any(c => c.Method == "DeleteRoom" && c.Body["room"]!.GetValue<string>() == roomName)),
            "LiveKit is asked to delete the room");
    }

    [Fact]
    public async Task One_webhook_request_is_one_trace_from_the_gateway_through_RabbitMQ_to_the_consumers()
    {
        using var owner = _system.ClientWith(await _system.TokenAsync($"trace-owner-{Guid.NewGuid():N}"[..24]));
        var roomName = (await owner.StartStreamAsync(new { title = "traced" })).RoomName;

        // The request carries its own trace id, as LiveKit's would if it traced; the test follows exactly that trace.
        var traceId = System.Diagnostics.ActivityTraceId.CreateRandom().ToHexString();
        var callerSpanId = System.Diagnostics.ActivitySpanId.CreateRandom().ToHexString();
        var response = await _system.SendWebhookAsync(ParticipantEvent("participant_joined", roomName, "PA_traced", "traced-viewer"), $"00-{traceId}-{callerSpanId}-01");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        IReadOnlyList<CollectedSpan> trace = [];
        await Eventually.HoldsAsync(() =>
        {
            trace = _system.Traces.Spans.Where(s => s.TraceId == traceId).ToList();
            var spanIds = trace.Select(s => s.SpanId).ToHashSet();
            // Services export in batches: wait until the chat consumer is there and every span's parent has arrived.
            var roots = trace.Where(s => !spanIds.Contains(s.ParentSpanId)).ToList();
            return Task.FromResult(trace.Any(s => s.ServiceName == "chat" && s.Kind == 5)
                && roots.Count == 1 && roots[0].ParentSpanId == callerSpanId);
        }, "one connected trace spans gateway -> webhooks -> RabbitMQ -> streams -> RabbitMQ -> chat", TimeSpan.FromSeconds(30));

        Assert.Contains(trace, s => s.ServiceName == "gateway" && s.Kind == 2 && s.ParentSpanId == callerSpanId); // server: the request
        Assert.Contains(trace, s => s.ServiceName == "webhooks" && s.Kind == 4);   // producer: publish to RabbitMQ
        Assert.Contains(trace, s => s.ServiceName == "streams" && s.Kind == 5);    // consumer: ViewerJoined
        Assert.Contains(trace, s => s.ServiceName == "chat" && s.Kind == 5);       // consumer: ViewerCountChanged
        var ids = trace.Select(s => s.SpanId).ToHashSet();
        Assert.Equal(callerSpanId, Assert.Single(trace, s => !ids.Contains(s.ParentSpanId)).ParentSpanId); // all under the request
    }
}
