using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PawfectLive.Contracts;
using PawfectLive.FunctionalTests.Streams;
using Xunit.Abstractions;

namespace PawfectLive.FunctionalTests.ChatSettings;

/// <summary>Chat settings, blocked words and the pinned message through Streams' API: rules, events and the LiveKit room metadata.</summary>
[Collection(StreamsCollection.Name)]
public sealed class ChatSettingsApiTests
{
    private readonly StreamsFixture _fixture;

    public ChatSettingsApiTests(StreamsFixture fixture, ITestOutputHelper output) => _fixture = fixture.WithLogsTo(output);

    private static string NewUser(string role) => $"{role}-{Guid.NewGuid():N}"[..20];

    private HttpClient As(string userId, bool admin = false) => _fixture.App.ClientFor(TestUsers.Token(userId, admin));

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<HttpResponseMessage> PatchAsync(HttpClient client, string streamId, object body) =>
        await client.PatchAsJsonAsync($"/api/live/{streamId}/chat-settings", body);

    /// <summary>A live stream whose room exists in LiveKit, with one moderator.</summary>
    private async Task<(string OwnerId, StartedStream Started, string ModeratorId)> LiveWithModeratorAsync()
    {
        var ownerId = NewUser("owner");
        using var owner = As(ownerId);
        var started = await owner.StartStreamAsync();
        _fixture.LiveKit.AddRoom(started.RoomName);
        var moderatorId = NewUser("mod");
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync($"/api/live/{started.StreamId}/moderators", new { userId = moderatorId })).StatusCode);
        return (ownerId, started, moderatorId);
    }

    private JsonElement? RoomMetadata(string roomName) =>
        _fixture.LiveKit.RoomMetadata(roomName) is { } metadata ? JsonDocument.Parse(metadata).RootElement : null;

    [Fact]
    public async Task The_owner_or_a_moderator_changes_the_chat_rules_Chat_and_LiveKit_hear_them_and_every_member_may_read_them()
    {
        var (ownerId, started, moderatorId) = await LiveWithModeratorAsync();
        using var owner = As(ownerId);
        using var moderator = As(moderatorId);
        using var viewer = As(NewUser("viewer"));

        var changed = await OkAsync(await PatchAsync(owner, started.StreamId, new { slowModeSeconds = 30, establishedMinutes = 5 }));

        Assert.Equal((30, true, 5), (changed.GetProperty("slowModeSeconds").GetInt32(), changed.GetProperty("chatEnabled").GetBoolean(), changed.GetProperty("establishedMinutes").GetInt32()));
        var settingsEvent = await _fixture.Events.WaitForAsync<ChatSettingsChangedIntegrationEvent>(e => e.StreamId == started.StreamId);
        Assert.Equal((30, true, 5, ownerId, started.RoomName), (settingsEvent.Settings.SlowModeSeconds, settingsEvent.Settings.ChatEnabled,
            settingsEvent.Settings.EstablishedMinutes, settingsEvent.ChangedBy, settingsEvent.RoomName));
        await Eventually.HoldsAsync(() => Task.FromResult(RoomMetadata(started.RoomName)?.GetProperty("chat").GetProperty("slowModeSeconds").GetInt32() == 30),
            "the room metadata carries the chat rules");

        var off = await OkAsync(await PatchAsync(moderator, started.StreamId, new { chatEnabled = false }));
        Assert.Equal((30, false), (off.GetProperty("slowModeSeconds").GetInt32(), off.GetProperty("chatEnabled").GetBoolean()));
        var read = await OkAsync(await viewer.GetAsync($"/api/live/{started.StreamId}/chat-settings"));
        Assert.False(read.GetProperty("chatEnabled").GetBoolean());
        Assert.False(read.TryGetProperty("blockedWords", out _));
        await Eventually.HoldsAsync(() => Task.FromResult(RoomMetadata(started.RoomName)?.GetProperty("chat").GetProperty("chatEnabled").GetBoolean() == false),
            "the room metadata follows");

        await OkAsync(await PatchAsync(owner, started.StreamId, new { chatEnabled = false }));
        await Task.Delay(300);
        Assert.Equal(2, _fixture.Events.Of<ChatSettingsChangedIntegrationEvent>().Count(e => e.StreamId == started.StreamId));
        await (await PatchAsync(viewer, started.StreamId, new { chatEnabled = true })).ProblemAsync(HttpStatusCode.Forbidden, "not-stream-owner");
    }

    [Fact]
    public async Task Chat_off_closes_LiveKits_data_channel_to_viewers_but_not_to_moderators_and_chat_on_opens_it_again()
    {
        var ownerId = NewUser("owner");
        using var owner = As(ownerId);
        var started = await owner.StartStreamAsync();
        var (viewerId, moderatorId) = (NewUser("viewer"), NewUser("mod"));
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync($"/api/live/{started.StreamId}/moderators", new { userId = moderatorId })).StatusCode);
        _fixture.LiveKit.AddParticipant(started.RoomName, ownerId);
        _fixture.LiveKit.AddParticipant(started.RoomName, viewerId);
        _fixture.LiveKit.AddParticipant(started.RoomName, moderatorId);
        using var viewer = As(viewerId);
        using var moderator = As(moderatorId);

        await OkAsync(await PatchAsync(owner, started.StreamId, new { chatEnabled = false }));

        await Eventually.HoldsAsync(() => Task.FromResult(_fixture.DataPermissionUpdates(started.RoomName, viewerId, canPublishData: false) > 0),
            "viewers lose the data channel");
        Assert.True(_fixture.LiveKit.ParticipantState(started.RoomName, moderatorId)!.Value.Permission["can_publish_data"]!.GetValue<bool>(), "moderators keep it");
        Assert.False(_fixture.LiveKit.Calls.Any(call => call.Method == "UpdateParticipant" && call.Body["identity"]?.GetValue<string>() is { } identity
            && (identity == ownerId || identity == moderatorId)), "the publisher is never rewritten, and a moderator had nothing to correct");
        Assert.False(await _fixture.WatchTokenMayPublishDataAsync(viewer, started.StreamId));
        Assert.True(await _fixture.WatchTokenMayPublishDataAsync(moderator, started.StreamId));

        await OkAsync(await PatchAsync(owner, started.StreamId, new { chatEnabled = true }));

        await Eventually.HoldsAsync(() => Task.FromResult(_fixture.DataPermissionUpdates(started.RoomName, viewerId, canPublishData: true) > 0), "chat on opens it again");
        Assert.True(await _fixture.WatchTokenMayPublishDataAsync(viewer, started.StreamId));
    }

    [Theory]
    [InlineData("""{"slowModeSeconds":-1}""", "slowModeSeconds")]
    [InlineData("""{"slowModeSeconds":3601}""", "slowModeSeconds")]
    [InlineData("""{"establishedMinutes":1441}""", "establishedMinutes")]
    public async Task Rules_out_of_range_are_refused_and_change_nothing(string body, string field)
    {
        using var owner = As(NewUser("owner"));
        var streamId = (await owner.StartStreamAsync()).StreamId;

        var problem = await (await owner.PatchAsync($"/api/live/{streamId}/chat-settings", new StringContent(body, System.Text.Encoding.UTF8, "application/json")))
            .ProblemAsync(HttpStatusCode.BadRequest, "validation");

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(0, (await OkAsync(await owner.GetAsync($"/api/live/{streamId}/chat-settings"))).GetProperty("slowModeSeconds").GetInt32());
        await Task.Delay(200);
        Assert.DoesNotContain(_fixture.Events.Of<ChatSettingsChangedIntegrationEvent>(), e => e.StreamId == streamId);
    }

    [Fact]
    public async Task Settings_of_an_ended_stream_are_gone_and_a_blocked_user_cannot_read_them()
    {
        using var owner = As(NewUser("owner"));
        var streamId = (await owner.StartStreamAsync()).StreamId;
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync($"/api/live/{streamId}/block", new { userId = "troll" })).StatusCode);
        using var troll = As("troll");
        await (await troll.GetAsync($"/api/live/{streamId}/chat-settings")).ProblemAsync(HttpStatusCode.Forbidden, "blocked");

        await owner.StopStreamAsync(streamId);

        await (await PatchAsync(owner, streamId, new { slowModeSeconds = 10 })).ProblemAsync(HttpStatusCode.Gone, "stream-ended");
        await (await owner.PutAsJsonAsync($"/api/live/{streamId}/pinned", new { text = "hi" })).ProblemAsync(HttpStatusCode.Gone, "stream-ended");
        await (await owner.GetAsync("/api/live/000000000000000000000000/chat-settings")).ProblemAsync(HttpStatusCode.NotFound, "stream-not-found");
        await (await owner.GetAsync("/api/live/not-an-id/chat-settings")).ProblemAsync(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task The_owner_manages_blocked_words_moderators_read_them_and_nobody_else_sees_them()
    {
        var ownerId = NewUser("owner");
        using var owner = As(ownerId);
        var streamId = (await owner.StartStreamAsync()).StreamId;
        var moderatorId = NewUser("mod");
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync($"/api/live/{streamId}/moderators", new { userId = moderatorId })).StatusCode);
        using var moderator = As(moderatorId);
        using var viewer = As(NewUser("viewer"));

        var set = await OkAsync(await owner.PutAsJsonAsync($"/api/live/{streamId}/blocked-words", new { words = new[] { " Squirrel ", "mail man", "SQUIRREL", "vet" } }));

        Assert.Equal(["Squirrel", "mail man", "vet"], set.GetProperty("words").EnumerateArray().Select(w => w.GetString()));
        var changed = await _fixture.Events.WaitForAsync<ChatSettingsChangedIntegrationEvent>(e => e.StreamId == streamId);
        Assert.Equal(["Squirrel", "mail man", "vet"], changed.Settings.BlockedWords);
        Assert.Equal(3, (await OkAsync(await moderator.GetAsync($"/api/live/{streamId}/blocked-words"))).GetProperty("words").GetArrayLength());
        await (await viewer.GetAsync($"/api/live/{streamId}/blocked-words")).ProblemAsync(HttpStatusCode.Forbidden, "not-stream-owner");
        await (await moderator.PutAsJsonAsync($"/api/live/{streamId}/blocked-words", new { words = Array.Empty<string>() })).ProblemAsync(HttpStatusCode.Forbidden, "not-stream-owner");
        await (await owner.PutAsJsonAsync($"/api/live/{streamId}/blocked-words", new { words = Enumerable.Range(0, 201).Select(i => $"w{i}") })).ProblemAsync(HttpStatusCode.BadRequest, "validation");
        await (await owner.PutAsJsonAsync($"/api/live/{streamId}/blocked-words", new { words = new[] { new string('x', 51) } })).ProblemAsync(HttpStatusCode.BadRequest, "validation");
        await (await owner.PutAsJsonAsync($"/api/live/{streamId}/blocked-words", new { words = new[] { "ok", " " } })).ProblemAsync(HttpStatusCode.BadRequest, "validation");
        await (await owner.PutAsJsonAsync($"/api/live/{streamId}/blocked-words", new { })).ProblemAsync(HttpStatusCode.BadRequest, "validation");

        Assert.Equal(3, (await OkAsync(await owner.GetAsync($"/api/live/{streamId}/blocked-words"))).GetProperty("words").GetArrayLength());
        using var admin = As(NewUser("admin"), admin: true);
        Assert.Equal(0, (await OkAsync(await admin.PutAsJsonAsync($"/api/live/{streamId}/blocked-words", new { words = Array.Empty<string>() }))).GetProperty("words").GetArrayLength());
    }

    [Fact]
    public async Task A_moderator_pins_and_unpins_a_message_and_the_room_metadata_shows_it()
    {
        var (ownerId, started, moderatorId) = await LiveWithModeratorAsync();
        using var owner = As(ownerId);
        using var moderator = As(moderatorId);
        using var viewer = As(NewUser("viewer"));

        var pinned = await OkAsync(await moderator.PutAsJsonAsync($"/api/live/{started.StreamId}/pinned", new { text = "  Treats at 5 pm 🦴 ", messageId = "3f2a9c" }));

        var pin = pinned.GetProperty("pinned");
        Assert.Equal(("Treats at 5 pm 🦴", "3f2a9c", moderatorId), (pin.GetProperty("text").GetString(), pin.GetProperty("messageId").GetString(), pin.GetProperty("pinnedBy").GetString()));
        Assert.Equal("Treats at 5 pm 🦴", (await OkAsync(await viewer.GetAsync($"/api/live/{started.StreamId}/chat-settings"))).GetProperty("pinned").GetProperty("text").GetString());
        var changed = await _fixture.Events.WaitForAsync<ChatSettingsChangedIntegrationEvent>(e => e.StreamId == started.StreamId);
        Assert.Equal(("Treats at 5 pm 🦴", moderatorId), (changed.Settings.Pinned!.Text, changed.Settings.Pinned.PinnedBy));
        await Eventually.HoldsAsync(() => Task.FromResult(RoomMetadata(started.RoomName)?.GetProperty("pinned").ValueKind == JsonValueKind.Object),
            "the room metadata carries the pinned message");
        Assert.Equal("Treats at 5 pm 🦴", RoomMetadata(started.RoomName)!.Value.GetProperty("pinned").GetProperty("text").GetString());
        Assert.False(RoomMetadata(started.RoomName)!.Value.TryGetProperty("blockedWords", out _));

        await (await viewer.PutAsJsonAsync($"/api/live/{started.StreamId}/pinned", new { text = "mine now" })).ProblemAsync(HttpStatusCode.Forbidden, "not-stream-owner");
        await (await owner.PutAsJsonAsync($"/api/live/{started.StreamId}/pinned", new { text = new string('a', 201) })).ProblemAsync(HttpStatusCode.BadRequest, "validation");
        await (await owner.PutAsJsonAsync($"/api/live/{started.StreamId}/pinned", new { text = "ok", messageId = "not an id!" })).ProblemAsync(HttpStatusCode.BadRequest, "validation");
        await (await owner.PutAsJsonAsync($"/api/live/{started.StreamId}/pinned", new { })).ProblemAsync(HttpStatusCode.BadRequest, "validation");

        var unpinned = await OkAsync(await owner.DeleteAsync($"/api/live/{started.StreamId}/pinned"));
        Assert.Equal(JsonValueKind.Null, unpinned.GetProperty("pinned").ValueKind);
        await Eventually.HoldsAsync(() => Task.FromResult(RoomMetadata(started.RoomName)?.GetProperty("pinned").ValueKind == JsonValueKind.Null),
            "the room metadata drops it");
        await OkAsync(await owner.DeleteAsync($"/api/live/{started.StreamId}/pinned"));
        await Task.Delay(300);
        Assert.Equal(2, _fixture.Events.Of<ChatSettingsChangedIntegrationEvent>().Count(e => e.StreamId == started.StreamId));
    }

    [Fact]
    public async Task Settings_changed_before_the_room_exists_reach_its_metadata_when_the_publisher_joins()
    {
        var ownerId = NewUser("owner");
        using var owner = As(ownerId);
        var started = await owner.StartStreamAsync();
        await OkAsync(await PatchAsync(owner, started.StreamId, new { slowModeSeconds = 15 }));
        await Eventually.HoldsAsync(() => Task.FromResult(_fixture.LiveKit.Calls.Any(c => c.Method == "ListRooms"
            && c.Body["names"]?.AsArray().Any(name => name?.GetValue<string>() == started.RoomName) == true)), "reconciliation found no room yet");
        Assert.Null(_fixture.LiveKit.RoomMetadata(started.RoomName));

        _fixture.LiveKit.AddRoom(started.RoomName);
        await _fixture.Events.PublishAsync(new ViewerJoinedIntegrationEvent(Guid.NewGuid().ToString("N"), started.RoomName, "PA_owner", ownerId, DateTimeOffset.UtcNow));

        await Eventually.HoldsAsync(() => Task.FromResult(RoomMetadata(started.RoomName)?.GetProperty("chat").GetProperty("slowModeSeconds").GetInt32() == 15),
            "the publisher's join writes the metadata");
    }
}
