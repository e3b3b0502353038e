using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PawfectLive.Contracts;
using PawfectLive.FunctionalTests.Streams;
using PawfectLive.Streams.Features.Moderation;
using PawfectLive.Streams.IntegrationEvents.Events;
using Xunit.Abstractions;

namespace PawfectLive.FunctionalTests.Moderation;

/// <summary>Blocks, moderators per stream (the owner or an admin appoints them; they block and time out viewers, not each other), timeouts and the admin kill switch.</summary>
[Collection(StreamsCollection.Name)]
public sealed class ModeratorTests
{
    private readonly StreamsFixture _fixture;

    public ModeratorTests(StreamsFixture fixture, ITestOutputHelper output) => _fixture = fixture.WithLogsTo(output);

    private static string NewUser(string role) => $"{role}-{Guid.NewGuid():N}"[..20];

    private HttpClient As(string userId, bool admin = false) => _fixture.App.ClientFor(TestUsers.Token(userId, admin));

    private static async Task<string[]> ModeratorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. body.GetProperty("moderatorIds").EnumerateArray().Select(id => id.GetString()!)];
    }

    [Fact]
    public async Task The_owner_appoints_and_removes_moderators_once_each_and_Chat_hears_of_it()
    {
        var ownerId = NewUser("owner");
        using var owner = As(ownerId);
        var started = await owner.StartStreamAsync();
        var moderatorId = NewUser("mod");

        Assert.Equal([moderatorId], await ModeratorsAsync(await owner.PostAsJsonAsync($"/api/live/{started.StreamId}/moderators", new { userId = $"  {moderatorId} " })));
        Assert.Equal([moderatorId], await ModeratorsAsync(await owner.PostAsJsonAsync($"/api/live/{started.StreamId}/moderators", new { userId = moderatorId })));
        var appointed = await _fixture.Events.WaitForAsync<ModeratorAppointedIntegrationEvent>(e => e.StreamId == started.StreamId);
        Assert.Equal((moderatorId, ownerId, started.RoomName), (appointed.UserId, appointed.AppointedBy, appointed.RoomName));
        Assert.True(appointed.StreamVersion > 1);
        using var moderator = As(moderatorId);
        Assert.Equal([moderatorId], await ModeratorsAsync(await moderator.GetAsync($"/api/live/{started.StreamId}/moderators")));

        Assert.Empty(await ModeratorsAsync(await owner.DeleteAsync($"/api/live/{started.StreamId}/moderators/{moderatorId}")));
        Assert.Empty(await ModeratorsAsync(await owner.DeleteAsync($"/api/live/{started.StreamId}/moderators/{moderatorId}")));
        var removed = await _fixture.Events.WaitForAsync<ModeratorRemovedIntegrationEvent>(e => e.StreamId == started.StreamId);
        Assert.True(removed.StreamVersion > appointed.StreamVersion);
        await Task.Delay(300);
        Assert.Single(_fixture.Events.Of<ModeratorAppointedIntegrationEvent>(), e => e.StreamId == started.StreamId);
        Assert.Single(_fixture.Events.Of<ModeratorRemovedIntegrationEvent>(), e => e.StreamId == started.StreamId);
        await (await moderator.GetAsync($"/api/live/{started.StreamId}/moderators")).ProblemAsync(HttpStatusCode.Forbidden, "not-stream-owner");
    }

    [Fact]
    public async Task Only_the_owner_or_an_admin_manages_moderators_and_bad_targets_change_nothing()
    {
        var ownerId = NewUser("owner");
        using var owner = As(ownerId);
        var streamId = (await owner.StartStreamAsync()).StreamId;
        var moderatorId = NewUser("mod");
        using var moderator = As(moderatorId);
        using var stranger = As(NewUser("stranger"));
        using var admin = As(NewUser("admin"), admin: true);
        await ModeratorsAsync(await admin.PostAsJsonAsync($"/api/live/{streamId}/moderators", new { userId = moderatorId }));

        await (await moderator.PostAsJsonAsync($"/api/live/{streamId}/moderators", new { userId = "someone" })).ProblemAsync(HttpStatusCode.Forbidden, "not-stream-owner");
        await (await moderator.DeleteAsync($"/api/live/{streamId}/moderators/{moderatorId}")).ProblemAsync(HttpStatusCode.Forbidden, "not-stream-owner");
        await (await stranger.GetAsync($"/api/live/{streamId}/moderators")).ProblemAsync(HttpStatusCode.Forbidden, "not-stream-owner");
        await (await owner.PostAsJsonAsync($"/api/live/{streamId}/moderators", new { userId = ownerId })).ProblemAsync(HttpStatusCode.BadRequest, "validation");
        await (await owner.PostAsJsonAsync($"/api/live/{streamId}/moderators", new { userId = "" })).ProblemAsync(HttpStatusCode.BadRequest, "validation");
        await (await owner.PostAsJsonAsync($"/api/live/{streamId}/moderators", new { userId = new string('x', 129) })).ProblemAsync(HttpStatusCode.BadRequest, "validation");
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync($"/api/live/{streamId}/block", new { userId = "troll" })).StatusCode);
        await (await owner.PostAsJsonAsync($"/api/live/{streamId}/moderators", new { userId = "troll" })).ProblemAsync(HttpStatusCode.BadRequest, "validation");
        await (await owner.GetAsync("/api/live/000000000000000000000000/moderators")).ProblemAsync(HttpStatusCode.NotFound, "stream-not-found");

        Assert.Equal([moderatorId], await ModeratorsAsync(await owner.GetAsync($"/api/live/{streamId}/moderators")));
    }

    [Fact]
    public async Task A_stream_has_at_most_50_moderators()
    {
        using var owner = As(NewUser("owner"));
        var streamId = (await owner.StartStreamAsync()).StreamId;
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync($"/api/live/{streamId}/moderators", new { userId = $"mod-{i}" })).StatusCode);
        }

        await (await owner.PostAsJsonAsync($"/api/live/{streamId}/moderators", new { userId = "mod-50" })).ProblemAsync(HttpStatusCode.BadRequest, "validation");
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync($"/api/live/{streamId}/moderators", new { userId = "mod-7" })).StatusCode);
        Assert.Equal(50, (await ModeratorsAsync(await owner.GetAsync($"/api/live/{streamId}/moderators"))).Length);
    }

    [Fact]
    public async Task Moderators_block_viewers_but_not_the_owner_or_each_other_and_a_blocked_moderator_is_one_no_more()
    {
        var ownerId = NewUser("owner");
        using var owner = As(ownerId);
        var started = await owner.StartStreamAsync();
        var (firstId, secondId, viewerId) = (NewUser("mod"), NewUser("mod"), NewUser("viewer"));
        using var first = As(firstId);
        foreach (var id in new[] { firstId, secondId })
        {
            await ModeratorsAsync(await owner.PostAsJsonAsync($"/api/live/{started.StreamId}/moderators", new { userId = id }));
        }

        Assert.Equal(HttpStatusCode.OK, (await first.PostAsJsonAsync($"/api/live/{started.StreamId}/block", new { userId = viewerId })).StatusCode);
        var blocked = await _fixture.Events.WaitForAsync<UserBlockedIntegrationEvent>(e => e.StreamId == started.StreamId && e.UserId == viewerId);
        Assert.Equal(firstId, blocked.BlockedBy);
        Assert.Equal(HttpStatusCode.OK, (await first.DeleteAsync($"/api/live/{started.StreamId}/block/{viewerId}")).StatusCode);
        await (await first.PostAsJsonAsync($"/api/live/{started.StreamId}/block", new { userId = ownerId })).ProblemAsync(HttpStatusCode.BadRequest, "validation");
        await (await first.PostAsJsonAsync($"/api/live/{started.StreamId}/block", new { userId = secondId })).ProblemAsync(HttpStatusCode.Forbidden, "moderation-not-allowed");
        using var second = As(secondId);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync($"/api/live/{started.StreamId}/watch")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync($"/api/live/{started.StreamId}/block", new { userId = secondId })).StatusCode);

        var removed = await _fixture.Events.WaitForAsync<ModeratorRemovedIntegrationEvent>(e => e.StreamId == started.StreamId && e.UserId == secondId);
        var blockedModerator = await _fixture.Events.WaitForAsync<UserBlockedIntegrationEvent>(e => e.StreamId == started.StreamId && e.UserId == secondId);
        Assert.Equal(blockedModerator.StreamVersion, removed.StreamVersion);
        Assert.Equal([firstId], await ModeratorsAsync(await owner.GetAsync($"/api/live/{started.StreamId}/moderators")));
        await (await second.PostAsJsonAsync($"/api/live/{started.StreamId}/block", new { userId = viewerId })).ProblemAsync(HttpStatusCode.Forbidden, "not-stream-owner");
    }

    [Fact]
    public async Task The_owner_or_a_moderator_times_a_viewer_out_and_lifts_it_but_not_the_owner_or_another_moderator()
    {
        var ownerId = NewUser("owner");
        using var owner = As(ownerId);
        var started = await owner.StartStreamAsync();
        var (moderatorId, otherModeratorId, viewerId) = (NewUser("mod"), NewUser("mod"), NewUser("viewer"));
        using var moderator = As(moderatorId);
        foreach (var id in new[] { moderatorId, otherModeratorId })
        {
            await ModeratorsAsync(await owner.PostAsJsonAsync($"/api/live/{started.StreamId}/moderators", new { userId = id }));
        }
        var before = DateTimeOffset.UtcNow;

        var response = await moderator.PostAsJsonAsync($"/api/live/{started.StreamId}/timeouts", new { userId = viewerId, seconds = 600 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var until = body.GetProperty("until").GetDateTimeOffset();
        Assert.InRange(until, before.AddSeconds(599), DateTimeOffset.UtcNow.AddSeconds(601));
        var timedOut = await _fixture.Events.WaitForAsync<UserTimedOutIntegrationEvent>(e => e.StreamId == started.StreamId && e.UserId == viewerId);
        Assert.Equal((moderatorId, started.RoomName), (timedOut.TimedOutBy, timedOut.RoomName));
        Assert.Equal(until.ToUnixTimeMilliseconds(), timedOut.Until.ToUnixTimeMilliseconds());
        using var viewer = As(viewerId);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/live/{started.StreamId}/watch")).StatusCode);

        await (await moderator.PostAsJsonAsync($"/api/live/{started.StreamId}/timeouts", new { userId = ownerId, seconds = 60 })).ProblemAsync(HttpStatusCode.BadRequest, "validation");
        await (await moderator.PostAsJsonAsync($"/api/live/{started.StreamId}/timeouts", new { userId = otherModeratorId, seconds = 60 })).ProblemAsync(HttpStatusCode.Forbidden, "moderation-not-allowed");
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync($"/api/live/{started.StreamId}/timeouts", new { userId = otherModeratorId, seconds = 60 })).StatusCode);
        await (await viewer.PostAsJsonAsync($"/api/live/{started.StreamId}/timeouts", new { userId = "someone", seconds = 60 })).ProblemAsync(HttpStatusCode.Forbidden, "not-stream-owner");

        var lifted = await moderator.DeleteAsync($"/api/live/{started.StreamId}/timeouts/{viewerId}");
        Assert.Equal(HttpStatusCode.OK, lifted.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await lifted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("until").ValueKind);
        await _fixture.Events.WaitForAsync<UserTimeoutLiftedIntegrationEvent>(e => e.StreamId == started.StreamId && e.UserId == viewerId);
        Assert.Equal(HttpStatusCode.OK, (await moderator.DeleteAsync($"/api/live/{started.StreamId}/timeouts/{viewerId}")).StatusCode);
        await Task.Delay(300);
        Assert.Single(_fixture.Events.Of<UserTimeoutLiftedIntegrationEvent>(), e => e.StreamId == started.StreamId);
    }

    [Fact]
    public async Task A_timeout_revokes_the_viewers_LiveKit_data_permission_also_on_rejoin_and_gives_it_back_when_it_runs_out()
    {
        using var owner = As(NewUser("owner"));
        var started = await owner.StartStreamAsync();
        var viewerId = NewUser("viewer");
        using var viewer = As(viewerId);
        _fixture.LiveKit.AddParticipant(started.RoomName, viewerId);

        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync($"/api/live/{started.StreamId}/timeouts", new { userId = viewerId, seconds = 10 })).StatusCode);

        await Eventually.HoldsAsync(() => Task.FromResult(_fixture.DataPermissionUpdates(started.RoomName, viewerId, canPublishData: false) == 1),
            "the timed-out viewer loses the permission to publish data in LiveKit");
        Assert.False(await _fixture.WatchTokenMayPublishDataAsync(viewer, started.StreamId), "a new watch token cannot publish data either");
        // They rejoin with a token from before the timeout: LiveKit holds what that token granted.
        _fixture.LiveKit.DropParticipant(started.RoomName, viewerId);
        _fixture.LiveKit.AddParticipant(started.RoomName, viewerId);
        await _fixture.Events.PublishAsync(new ViewerJoinedIntegrationEvent(
            Guid.NewGuid().ToString("N"), started.RoomName, "PA_rejoin", viewerId, DateTimeOffset.UtcNow,
            Permission: new JoinedPermission(CanSubscribe: true, CanPublish: false, CanPublishData: true, [], Recorder: false)));
        await Eventually.HoldsAsync(() => Task.FromResult(_fixture.DataPermissionUpdates(started.RoomName, viewerId, canPublishData: false) == 2),
            "rejoining with an old token is corrected at once");
        Assert.Equal(0, _fixture.DataPermissionUpdates(started.RoomName, viewerId, canPublishData: true));

        var lifted = await _fixture.Events.WaitForAsync<UserTimeoutLiftedIntegrationEvent>(
            e => e.StreamId == started.StreamId && e.UserId == viewerId, TimeSpan.FromSeconds(20));
        Assert.Equal(ModerationService.TimeoutExpiry, lifted.LiftedBy);
        await Eventually.HoldsAsync(() => Task.FromResult(_fixture.DataPermissionUpdates(started.RoomName, viewerId, canPublishData: true) == 1),
            "the permission comes back when the timeout runs out");
        Assert.True(await _fixture.WatchTokenMayPublishDataAsync(viewer, started.StreamId));
        await Task.Delay(300);
        Assert.Single(_fixture.Events.Of<UserTimeoutLiftedIntegrationEvent>(), e => e.StreamId == started.StreamId);
    }

    [Fact]
    public async Task Lifting_a_timeout_early_gives_the_data_permission_back_at_once()
    {
        using var owner = As(NewUser("owner"));
        var started = await owner.StartStreamAsync();
        var viewerId = NewUser("viewer");
        _fixture.LiveKit.AddParticipant(started.RoomName, viewerId);
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync($"/api/live/{started.StreamId}/timeouts", new { userId = viewerId, seconds = 3600 })).StatusCode);
        await Eventually.HoldsAsync(() => Task.FromResult(_fixture.DataPermissionUpdates(started.RoomName, viewerId, canPublishData: false) == 1), "revoked");

        Assert.Equal(HttpStatusCode.OK, (await owner.DeleteAsync($"/api/live/{started.StreamId}/timeouts/{viewerId}")).StatusCode);

        await Eventually.HoldsAsync(() => Task.FromResult(_fixture.DataPermissionUpdates(started.RoomName, viewerId, canPublishData: true) == 1),
            "restored when lifted");
    }

    [Theory]
    [InlineData("""{"userId":"someone","seconds":9}""", "seconds")]
    [InlineData("""{"userId":"someone","seconds":86401}""", "seconds")]
    [InlineData("""{"userId":"someone"}""", "seconds")]
    [InlineData("""{"userId":"","seconds":60}""", "userId")]
    public async Task Timeouts_out_of_range_are_refused_and_change_nothing(string body, string field)
    {
        using var owner = As(NewUser("owner"));
        var streamId = (await owner.StartStreamAsync()).StreamId;

        var problem = await (await owner.PostAsync($"/api/live/{streamId}/timeouts", new StringContent(body, System.Text.Encoding.UTF8, "application/json")))
            .ProblemAsync(HttpStatusCode.BadRequest, "validation");

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        await Task.Delay(200);
        Assert.DoesNotContain(_fixture.Events.Of<UserTimedOutIntegrationEvent>(), e => e.StreamId == streamId);
    }

    [Fact]
    public async Task A_blocked_user_gets_no_token_is_removed_from_the_room_and_can_be_unblocked()
    {
        var ownerId = NewUser("owner");
        using var owner = As(ownerId);
        var started = await owner.StartStreamAsync();
        var streamId = started.StreamId;
        var roomName = started.RoomName;
        var viewerId = NewUser("viewer");
        using var viewer = As(viewerId);
        _fixture.LiveKit.AddParticipant(roomName, viewerId);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/live/{streamId}/watch")).StatusCode);

        var block = await owner.PostAsJsonAsync($"/api/live/{streamId}/block", new { userId = viewerId });

        Assert.Equal(HttpStatusCode.OK, block.StatusCode);
        await (await viewer.GetAsync($"/api/live/{streamId}/watch")).ProblemAsync(HttpStatusCode.Forbidden, "blocked");
        var blocked = await _fixture.Events.WaitForAsync<UserBlockedIntegrationEvent>(e => e.StreamId == streamId);
        Assert.Equal(viewerId, blocked.UserId);
        Assert.Equal(roomName, blocked.RoomName);
        await Eventually.HoldsAsync(() => Task.FromResult(!_fixture.LiveKit.HasParticipant(roomName, viewerId)), "LiveKit removed the viewer");
        var removal = _fixture.LiveKit.Calls.First(c => c.Method == "RemoveParticipant" && c.Body["room"]!.GetValue<string>() == roomName);
        Assert.Equal(viewerId, removal.Body["identity"]!.GetValue<string>());
        Assert.True(removal.Grant["roomAdmin"]!.GetValue<bool>());
        Assert.Equal(roomName, removal.Grant["room"]!.GetValue<string>());

        var unblock = await owner.DeleteAsync($"/api/live/{streamId}/block/{viewerId}");

        Assert.Equal(HttpStatusCode.OK, unblock.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/live/{streamId}/watch")).StatusCode);
        await _fixture.Events.WaitForAsync<UserUnblockedIntegrationEvent>(e => e.StreamId == streamId && e.UserId == viewerId);
    }

    [Fact]
    public async Task An_ended_stream_takes_no_timeouts_and_no_moderators_where_they_would_mean_nothing()
    {
        using var owner = As(NewUser("owner"));
        var started = await owner.StartStreamAsync();
        await owner.StopStreamAsync(started.StreamId);

        await (await owner.PostAsJsonAsync($"/api/live/{started.StreamId}/timeouts", new { userId = "late-troll", seconds = 60 }))
            .ProblemAsync(HttpStatusCode.Gone, "stream-ended");
        await (await owner.DeleteAsync($"/api/live/{started.StreamId}/timeouts/late-troll")).ProblemAsync(HttpStatusCode.Gone, "stream-ended");
        await (await owner.PostAsJsonAsync($"/api/live/{started.StreamId}/moderators", new { userId = "late-mod" }))
            .ProblemAsync(HttpStatusCode.Gone, "stream-ended");
        // A block still means something after the end: it keeps the user from the replay.
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync($"/api/live/{started.StreamId}/block", new { userId = "late-troll" })).StatusCode);
    }

    [Fact]
    public async Task Moderation_writes_are_rate_limited_per_actor_across_streams()
    {
        await using var app = new StreamsApp(await _fixture.RabbitMq.NewVirtualHostConnectionStringAsync(), _fixture.LiveKit,
            new Dictionary<string, string?> { ["Streams:ModerationWritesPerMinute"] = "3" });
        var ownerId = NewUser("owner");
        using var owner = app.ClientFor(TestUsers.Token(ownerId));
        var first = (await owner.StartStreamAsync()).StreamId;
        using var otherOwner = app.ClientFor(TestUsers.Token(NewUser("other")));
        var second = (await otherOwner.StartStreamAsync()).StreamId;
        using var admin = app.ClientFor(TestUsers.Token(NewUser("admin"), admin: true));

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/live/{first}/block", new { userId = "troll-1" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/live/{second}/timeouts", new { userId = "troll-2", seconds = 60 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/api/live/{second}/chat-settings", new { slowModeSeconds = 5 })).StatusCode);
        var limited = await admin.PostAsJsonAsync($"/api/live/{first}/block", new { userId = "troll-3" });

        var problem = await limited.ProblemAsync(HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.True(problem.GetProperty("retryAfterSeconds").GetInt32() > 0);
        Assert.NotNull(limited.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/live/{first}/moderators")).StatusCode); // reads are not limited
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync($"/api/live/{first}/block", new { userId = "troll-3" })).StatusCode); // per actor
    }

    [Fact]
    public async Task Only_the_owner_or_an_admin_may_block()
    {
        using var owner = As(NewUser("owner"));
        var streamId = (await owner.StartStreamAsync()).StreamId;
        using var stranger = As(NewUser("stranger"));
        using var admin = As(NewUser("admin"), admin: true);

        await (await stranger.PostAsJsonAsync($"/api/live/{streamId}/block", new { userId = "someone" })).ProblemAsync(HttpStatusCode.Forbidden, "not-stream-owner");
        await (await stranger.DeleteAsync($"/api/live/{streamId}/block/someone")).ProblemAsync(HttpStatusCode.Forbidden, "not-stream-owner");
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/live/{streamId}/block", new { userId = "someone" })).StatusCode);
        await (await owner.PostAsJsonAsync($"/api/live/{streamId}/block", new { userId = "" })).ProblemAsync(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task The_admin_kill_switch_ends_any_stream_and_deletes_its_room()
    {
        using var owner = As(NewUser("owner"));
        var started = await owner.StartStreamAsync();
        var streamId = started.StreamId;
        using var user = As(NewUser("user"));
        using var admin = As(NewUser("admin"), admin: true);

        Assert.Equal(HttpStatusCode.Forbidden, (await user.PostAsync($"/api/live/{streamId}/end", null)).StatusCode);
        var killed = await admin.PostAsync($"/api/live/{streamId}/end", null);

        Assert.Equal(HttpStatusCode.OK, killed.StatusCode);
        var stream = await killed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(stream.GetProperty("isLive").GetBoolean());
        Assert.Equal("admin", stream.GetProperty("endedReason").GetString());
        var ended = await _fixture.Events.WaitForAsync<StreamEndedIntegrationEvent>(e => e.StreamId == streamId);
        Assert.Equal(StreamEndReasons.Admin, ended.Reason);
        await _fixture.Events.WaitForAsync<DeleteLiveKitRoomCommand>(c => c.StreamId == streamId);
        using var anonymous = _fixture.App.ClientFor(null);
        var active = await anonymous.GetFromJsonAsync<JsonElement>("/api/live/active?limit=100");
        Assert.DoesNotContain(active.GetProperty("items").EnumerateArray(), item => item.GetProperty("id").GetString() == streamId);
    }
}
