using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PawfectLive.Contracts;
using PawfectLive.FunctionalTests.Streams;
using Xunit.Abstractions;

namespace PawfectLive.FunctionalTests.LiveKitSync;

/// <summary>
/// LiveKit as a reconciled projection of the stream: whatever happened to the commands, LiveKit ends holding what the
/// stream says — after a rejoin with a stale token, racing changes, and an outage longer than any retry budget — and
/// participants that are not viewers (the recorder, the publisher) are never written.
/// </summary>
[Collection(StreamsCollection.Name)]
public sealed class LiveKitProjectionTests(StreamsFixture fixture, ITestOutputHelper output)
{
    private static string NewUser(string role) => $"{role}-{Guid.NewGuid():N}"[..20];

    /// <summary>A Streams instance of its own (own virtual host and store) that reconciles every 200 ms, and a probe to play Webhooks.</summary>
    private async Task<(StreamsApp App, EventProbe Webhooks)> StartAsync()
    {
        var rabbitMq = await fixture.RabbitMq.NewVirtualHostConnectionStringAsync();
        var app = new StreamsApp(rabbitMq, fixture.LiveKit, new Dictionary<string, string?>
        {
            ["Streams:Reconciliation:Enabled"] = "true",
            ["Streams:Reconciliation:Interval"] = "00:00:00.200",
        });
        app.Logs.Attach(output);
        app.CreateClient().Dispose();
        return (app, await EventProbe.StartAsync(rabbitMq, typeof(StreamStartedIntegrationEvent)));
    }

    /// <summary>The viewer is in the room (LiveKit holds them as their token made them) and Streams heard the join.</summary>
    private async Task JoinAsync(StreamsApp app, EventProbe webhooks, string streamId, string roomName, string identity,
        JsonObject? permission = null, string metadata = "")
    {
        permission ??= LiveKitTwirpDouble.PlainViewerPermission();
        fixture.LiveKit.AddParticipant(roomName, identity, permission, metadata);
        await webhooks.PublishAsync(new ViewerJoinedIntegrationEvent(Guid.NewGuid().ToString("N"), roomName, "PA_" + identity, identity,
            DateTimeOffset.UtcNow, Permission: new JoinedPermission(
                permission["can_subscribe"]?.GetValue<bool>() == true, permission["can_publish"]?.GetValue<bool>() == true,
                permission["can_publish_data"]?.GetValue<bool>() == true,
                [.. permission["can_publish_sources"]?.AsArray().Select(source => source!.GetValue<string>()) ?? []], Recorder: false),
            Metadata: metadata));
        await Eventually.HoldsAsync(async () => (await app.ClientFor(null).GetFromJsonAsync<JsonObject>($"/api/live/{streamId}"))!["viewers"]!.GetValue<int>() > 0,
            $"{identity} is counted");
    }

    private static async Task PutOnStageAsync(HttpClient owner, StreamsApp app, string streamId, string guest)
    {
        using var client = app.ClientFor(TestUsers.Token(guest));
        await Eventually.HoldsAsync(async () => (await owner.PostAsJsonAsync($"/api/live/{streamId}/stage/invitations", new { userId = guest })).StatusCode == HttpStatusCode.OK,
            $"{guest} can be invited (watching)");
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/live/{streamId}/stage/requests", null)).StatusCode);
    }

    private JsonObject Held(string roomName, string identity) => fixture.LiveKit.ParticipantState(roomName, identity)!.Value.Permission;

    private static bool Flag(JsonObject permission, string name) => permission[name]?.GetValue<bool>() == true;

    private IEnumerable<TwirpCall> UpdatesOf(string roomName, string identity) =>
        fixture.LiveKit.Calls.Where(call => call.Method == "UpdateParticipant" && call.Body["room"]?.GetValue<string>() == roomName
            && call.Body["identity"]?.GetValue<string>() == identity);

    [Fact]
    public async Task A_guest_taken_off_stage_who_rejoins_with_the_kept_token_loses_camera_and_microphone_at_once()
    {
        var (app, webhooks) = await StartAsync();
        await using var _ = app;
        await using var __ = webhooks;
        var ownerId = NewUser("owner");
        using var owner = app.ClientFor(TestUsers.Token(ownerId));
        var started = await owner.StartStreamAsync();
        fixture.LiveKit.AddParticipant(started.RoomName, ownerId);
        var guest = NewUser("guest");
        await JoinAsync(app, webhooks, started.StreamId, started.RoomName, guest);
        await PutOnStageAsync(owner, app, started.StreamId, guest);
        await Eventually.HoldsAsync(() => Task.FromResult(Flag(Held(started.RoomName, guest), "can_publish")), "the guest publishes");
        using var guestClient = app.ClientFor(TestUsers.Token(guest));
        var guestToken = await LiveKitSdk.VerifyTokenAsync(fixture.LiveKit.ApiKey, fixture.LiveKit.ApiSecret, (await guestClient.WatchStreamAsync(started.StreamId)).Token);
        Assert.True(guestToken["video"]!["canPublish"]!.GetValue<bool>());
        Assert.Equal("""{"onStage":true}""", guestToken["metadata"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, (await owner.DeleteAsync($"/api/live/{started.StreamId}/stage/{guest}")).StatusCode);
        await Eventually.HoldsAsync(() => Task.FromResult(!Flag(Held(started.RoomName, guest), "can_publish")), "off stage");

        // They leave and come back with the token they kept from their time on stage.
        fixture.LiveKit.DropParticipant(started.RoomName, guest);
        var stageGrant = new JsonObject
        {
            ["can_subscribe"] = true,
            ["can_publish"] = true,
            ["can_publish_data"] = true,
            ["can_publish_sources"] = new JsonArray("CAMERA", "MICROPHONE"),
        };
        var updatesBefore = UpdatesOf(started.RoomName, guest).Count();
        await JoinAsync(app, webhooks, started.StreamId, started.RoomName, guest, stageGrant, """{"onStage":true}""");

        await Eventually.HoldsAsync(() => Task.FromResult(!Flag(Held(started.RoomName, guest), "can_publish")), "the rejoin is corrected");
        var correction = UpdatesOf(started.RoomName, guest).Skip(updatesBefore).First();
        Assert.Equal("""{"onStage":false}""", correction.Body["metadata"]!.GetValue<string>());
        Assert.True(Flag(correction.Body["permission"]!.AsObject(), "can_subscribe"));
        Assert.True(Flag(correction.Body["permission"]!.AsObject(), "can_publish_data"));
    }

    [Fact]
    public async Task Racing_chat_toggles_end_at_the_last_one_and_admins_recorders_and_the_publisher_are_left_as_they_are()
    {
        var (app, webhooks) = await StartAsync();
        await using var _ = app;
        await using var __ = webhooks;
        var ownerId = NewUser("owner");
        using var owner = app.ClientFor(TestUsers.Token(ownerId));
        var started = await owner.StartStreamAsync();
        var room = started.RoomName;
        fixture.LiveKit.AddParticipant(room, ownerId, new JsonObject { ["can_subscribe"] = true, ["can_publish"] = true, ["can_publish_data"] = true });
        var recorder = "EG_" + Guid.NewGuid().ToString("N")[..12];
        fixture.LiveKit.AddParticipant(room, recorder, new JsonObject { ["can_subscribe"] = true, ["hidden"] = true, ["recorder"] = true }, kind: "EGRESS");
        var viewers = Enumerable.Range(0, 4).Select(_ => NewUser("viewer")).ToList();
        foreach (var viewer in viewers)
        {
            fixture.LiveKit.AddParticipant(room, viewer);
        }
        var adminId = NewUser("admin");
        using var admin = app.ClientFor(TestUsers.Token(adminId, admin: true));
        var adminToken = await LiveKitSdk.VerifyTokenAsync(fixture.LiveKit.ApiKey, fixture.LiveKit.ApiSecret, (await admin.WatchStreamAsync(started.StreamId)).Token);
        fixture.LiveKit.AddParticipant(room, adminId, metadata: adminToken["metadata"]!.GetValue<string>());

        // Off, on, off, on, off at once: whichever write is last decides, and LiveKit must end there.
        var toggles = await Task.WhenAll(new[] { false, true, false, true, false }.Select(enabled =>
            owner.PatchAsJsonAsync($"/api/live/{started.StreamId}/chat-settings", new { chatEnabled = enabled })));
        Assert.All(toggles, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        var final = (await owner.GetFromJsonAsync<JsonObject>($"/api/live/{started.StreamId}/chat-settings"))!["chatEnabled"]!.GetValue<bool>();

        await Eventually.HoldsAsync(() => Task.FromResult(viewers.All(viewer => Flag(Held(room, viewer), "can_publish_data") == final)),
            $"every viewer's data permission follows the last toggle (chat {(final ? "on" : "off")})");
        await Task.Delay(TimeSpan.FromSeconds(1)); // Several periodic passes: nothing moves any more.
        Assert.All(viewers, viewer => Assert.Equal(final, Flag(Held(room, viewer), "can_publish_data")));
        Assert.True(Flag(Held(room, adminId), "can_publish_data"), "an admin keeps data publishing");
        Assert.Empty(UpdatesOf(room, adminId));
        Assert.Empty(UpdatesOf(room, recorder));
        Assert.Empty(UpdatesOf(room, ownerId));
        Assert.True(Flag(Held(room, recorder), "hidden") && Flag(Held(room, recorder), "recorder"));
        var writesSoFar = fixture.LiveKit.Calls.Count(call => call.Method == "UpdateParticipant" && call.Body["room"]?.GetValue<string>() == room);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(writesSoFar, fixture.LiveKit.Calls.Count(call => call.Method == "UpdateParticipant" && call.Body["room"]?.GetValue<string>() == room));
    }

    [Fact]
    public async Task A_LiveKit_outage_longer_than_any_retry_during_a_timeout_a_stage_removal_and_a_chat_toggle_converges_once_LiveKit_answers()
    {
        var (app, webhooks) = await StartAsync();
        await using var _ = app;
        await using var __ = webhooks;
        var ownerId = NewUser("owner");
        using var owner = app.ClientFor(TestUsers.Token(ownerId));
        var started = await owner.StartStreamAsync(new { title = "pinned before the outage" });
        var room = started.RoomName;
        fixture.LiveKit.AddParticipant(room, ownerId);
        var (timedOut, guest, viewer) = (NewUser("rowdy"), NewUser("guest"), NewUser("viewer"));
        await JoinAsync(app, webhooks, started.StreamId, room, guest);
        fixture.LiveKit.AddParticipant(room, timedOut);
        fixture.LiveKit.AddParticipant(room, viewer);
        await PutOnStageAsync(owner, app, started.StreamId, guest);
        await Eventually.HoldsAsync(() => Task.FromResult(Flag(Held(room, guest), "can_publish")), "the guest publishes");

        fixture.LiveKit.Unavailable = true;
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync($"/api/live/{started.StreamId}/timeouts", new { userId = timedOut, seconds = 600 })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await owner.DeleteAsync($"/api/live/{started.StreamId}/stage/{guest}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await owner.PatchAsJsonAsync($"/api/live/{started.StreamId}/chat-settings", new { chatEnabled = false, slowModeSeconds = 10 })).StatusCode);
            // Longer than the whole retry budget the old one-shot commands had here (0.2 + 0.5 + 5 × 1 s), with passes failing all along.
            await Task.Delay(TimeSpan.FromSeconds(8));
            Assert.Contains(fixture.LiveKit.Calls, call => call.Answer == HttpStatusCode.ServiceUnavailable && call.Body.ToJsonString().Contains(room, StringComparison.Ordinal));
            Assert.True(Flag(Held(room, guest), "can_publish"), "nothing reached LiveKit during the outage");
        }
        finally
        {
            fixture.LiveKit.Unavailable = false;
        }

        await Eventually.HoldsAsync(() => Task.FromResult(
            !Flag(Held(room, timedOut), "can_publish_data") && !Flag(Held(room, guest), "can_publish") && !Flag(Held(room, viewer), "can_publish_data")
            && fixture.LiveKit.RoomMetadata(room) is { } metadata && JsonNode.Parse(metadata)!["chat"]!["chatEnabled"]!.GetValue<bool>() == false),
            "LiveKit converges on the stream once it answers");
        Assert.Equal("""{"onStage":false}""", fixture.LiveKit.ParticipantState(room, guest)!.Value.Metadata);
    }
}
