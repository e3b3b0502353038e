using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;

namespace PawfectLive.SystemTests;

/// <summary>Follows, go-live alerts (inbox, real time, Web Push), mutes, blocks, schedules and reminders, through the gateway.</summary>
[Collection(SystemCollection.Name)]
public sealed class NotificationsTests
{
    private readonly PawfectLiveAppFixture _system;

    public NotificationsTests(PawfectLiveAppFixture system, ITestOutputHelper output) => _system = system.WithLogsTo(output);

    private static string NewId(string role) => $"{role}-{Guid.NewGuid():N}"[..20];

    private async Task<(string Id, HttpClient Client, string Token)> UserAsync(string role)
    {
        var id = NewId(role);
        var token = await _system.TokenAsync(id);
        return (id, _system.ClientWith(token), token);
    }

    private static async Task<JsonElement> OkJsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {expected}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<List<JsonElement>> InboxAsync(HttpClient client) =>
        [.. (await client.GetFromJsonAsync<JsonElement>("/api/notifications?limit=100")).GetProperty("items").EnumerateArray()];

    private static async Task<List<JsonElement>> InboxUntilAsync(HttpClient client, Func<List<JsonElement>, bool> done, string because)
    {
        List<JsonElement> items = [];
        await Eventually.HoldsAsync(async () => done(items = await InboxAsync(client)), because, TimeSpan.FromSeconds(30));
        return items;
    }

    private static int CountKind(List<JsonElement> items, string kind) => items.Count(item => item.GetProperty("kind").GetString() == kind);

    private static async Task ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(PawfectLiveApi.ProblemTypePrefix + type, JsonDocument.Parse(body).RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_follower_gets_one_go_live_alert_in_the_inbox_in_real_time_and_as_a_web_push_the_push_service_decrypts()
    {
        await using var pushService = await WebPushTestingServer.StartAsync();
        var (ownerId, owner, _) = await UserAsync("own");
        var (_, follower, followerToken) = await UserAsync("fan");

        var followed = await OkJsonAsync(await follower.PutAsync($"/api/follows/{ownerId}", null));
        Assert.Equal(1, followed.GetProperty("followers").GetInt32());
        Assert.True(followed.GetProperty("following").GetBoolean());
        await OkJsonAsync(await follower.PutAsync($"/api/follows/{ownerId}", null)); // idempotent
        using var anonymous = _system.ClientWith(null);
        var publicView = await anonymous.GetFromJsonAsync<JsonElement>($"/api/owners/{ownerId}");
        Assert.Equal(1, publicView.GetProperty("followers").GetInt32());
        Assert.Equal(JsonValueKind.Null, publicView.GetProperty("following").ValueKind);
        var following = await follower.GetFromJsonAsync<JsonElement>("/api/follows");
        Assert.Equal(ownerId, Assert.Single(following.GetProperty("items").EnumerateArray()).GetProperty("ownerId").GetString());

        var config = await anonymous.GetFromJsonAsync<JsonElement>("/api/push/config");
        var browser = await pushService.SubscribeAsync(config.GetProperty("vapidPublicKey").GetString()!);
        var registered = await OkJsonAsync(await follower.PostAsJsonAsync("/api/push/subscriptions",
            new { endpoint = browser.Endpoint, keys = new { p256dh = browser.P256dh, auth = browser.Auth } }), HttpStatusCode.Created);
        Assert.Equal("webpush", registered.GetProperty("kind").GetString());

        await using var hub = await _system.ConnectHubAsync("/hubs/notifications", followerToken);
        var received = new List<JsonElement>();
        hub.On<JsonElement>("notification", payload => { lock (received) { received.Add(payload); } });

        var started = await owner.StartStreamAsync(new { title = "Rex at the beach" });

        var inbox = await InboxUntilAsync(follower, items => items.Count > 0, "the follower's inbox has the alert");
        var alert = Assert.Single(inbox);
        Assert.Equal("go_live", alert.GetProperty("kind").GetString());
        Assert.Equal(started.StreamId, alert.GetProperty("streamId").GetString());
        Assert.Equal($"User {ownerId} is live: Rex at the beach", alert.GetProperty("text").GetString());
        Assert.False(alert.GetProperty("read").GetBoolean());
        await Eventually.HoldsAsync(() => { lock (received) { return Task.FromResult(received.Count == 1); } }, "the open connection got the alert");
        Assert.Equal(alert.GetProperty("id").GetString(), received[0].GetProperty("id").GetString());

        var pushed = await Eventually.ValueAsync(async () => (await pushService.MessagesAsync(browser)) is [var first, ..] ? first : null, "the push service decrypted the push");
        var message = JsonDocument.Parse(pushed).RootElement;
        Assert.Equal($"User {ownerId} is live: Rex at the beach", message.GetProperty("title").GetString());
        Assert.Equal(started.StreamId, message.GetProperty("data").GetProperty("streamId").GetString());

        Assert.Equal(1, (await follower.GetFromJsonAsync<JsonElement>("/api/notifications/unread-count")).GetProperty("unread").GetInt32());
        Assert.Equal(1, (await hub.InvokeAsync<JsonElement>("GetUnreadCount")).GetProperty("unread").GetInt32());
        Assert.Equal(HttpStatusCode.NoContent, (await follower.PostAsync($"/api/notifications/{alert.GetProperty("id").GetString()}/read", null)).StatusCode);
        Assert.Equal(0, (await follower.GetFromJsonAsync<JsonElement>("/api/notifications/unread-count")).GetProperty("unread").GetInt32());
        await ProblemAsync(await owner.PostAsync($"/api/notifications/{alert.GetProperty("id").GetString()}/read", null), HttpStatusCode.NotFound,
            "notification-not-found");

        // The browser's subscription expires: the next push is answered 410 and the subscription is dropped.
        await owner.StopStreamAsync(started.StreamId);
        await pushService.ExpireAsync(browser);
        var (secondOwnerId, secondOwner, _) = await UserAsync("own");
        await OkJsonAsync(await follower.PutAsync($"/api/follows/{secondOwnerId}", null));
        await secondOwner.StartStreamAsync(new { title = "Whiskers naps" });
        await Eventually.HoldsAsync(async () =>
            (await follower.GetFromJsonAsync<JsonElement>("/api/push/subscriptions")).GetProperty("items").GetArrayLength() == 0,
            "the expired subscription is dropped");
        Assert.Equal(2, (await InboxAsync(follower)).Count);
    }

    [Fact]
    public async Task An_owner_who_restarts_within_the_window_alerts_nobody_twice_and_muted_blocked_or_unfollowed_users_get_nothing()
    {
        var (ownerId, owner, _) = await UserAsync("own");
        var (_, steady, _) = await UserAsync("fan");
        var (_, muter, _) = await UserAsync("fan");
        var (removedId, removed, _) = await UserAsync("fan");
        var (blockedId, blocked, _) = await UserAsync("fan");
        foreach (var fan in new[] { steady, muter, removed })
        {
            await OkJsonAsync(await fan.PutAsync($"/api/follows/{ownerId}", null));
        }
        var muted = await OkJsonAsync(await muter.PutAsync($"/api/mutes/{ownerId}", null));
        Assert.Equal(ownerId, Assert.Single(muted.GetProperty("mutedOwnerIds").EnumerateArray()).GetString());
        var followers = await owner.GetFromJsonAsync<JsonElement>("/api/followers");
        Assert.Equal(3, followers.GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/followers/{removedId}")).StatusCode);
        Assert.False((await removed.GetFromJsonAsync<JsonElement>($"/api/owners/{ownerId}")).GetProperty("following").GetBoolean());

        // The owner blocks a user on one stream; the user follows afterwards and still hears nothing from the owner.
        var first = await owner.StartStreamAsync(new { title = "first" });
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync($"/api/live/{first.StreamId}/block", new { userId = blockedId })).StatusCode);
        await OkJsonAsync(await blocked.PutAsync($"/api/follows/{ownerId}", null));
        await InboxUntilAsync(steady, items => items.Count == 1, "the steady follower has the first alert");
        await owner.StopStreamAsync(first.StreamId);
        await Task.Delay(TimeSpan.FromSeconds(1.2)); // the start cooldown of the test configuration

        var second = await owner.StartStreamAsync(new { title = "second" });
        await owner.StopStreamAsync(second.StreamId);
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        // A follower who had no alert from the owner yet gets the third one: once they have it, the batch with every
        // follower was handled.
        var (_, control, _) = await UserAsync("fan");
        await OkJsonAsync(await control.PutAsync($"/api/follows/{ownerId}", null));
        var third = await owner.StartStreamAsync(new { title = "third" });
        await InboxUntilAsync(control, items => items.Count == 1, "a new follower gets the third stream's alert");

        var steadyInbox = await InboxAsync(steady);
        Assert.Equal(1, CountKind(steadyInbox, "go_live"));
        Assert.Equal(first.StreamId, steadyInbox[0].GetProperty("streamId").GetString());
        Assert.Empty(await InboxAsync(muter));
        Assert.Empty(await InboxAsync(removed));
        Assert.Empty(await InboxAsync(blocked));
        Assert.Equal(third.StreamId, (await InboxAsync(control))[0].GetProperty("streamId").GetString());
    }

    [Fact]
    public async Task Schedules_are_listed_edited_rescheduled_and_cancelled_and_the_reminded_users_are_told()
    {
        var (ownerId, owner, _) = await UserAsync("own");
        var (_, reminded, _) = await UserAsync("fan");
        var (_, stranger, _) = await UserAsync("fan");
        var startsAt = DateTimeOffset.UtcNow.AddHours(3);

        var created = await OkJsonAsync(await owner.PostAsJsonAsync("/api/schedules",
            new { title = "Puppy yoga", startsAt, tags = new[] { "#Dogs" }, coverUrl = "https://example.com/yoga.jpg" }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal("scheduled", created.GetProperty("status").GetString());
        Assert.Equal(["dogs"], created.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        using var anonymous = _system.ClientWith(null);
        var upcoming = await anonymous.GetFromJsonAsync<JsonElement>($"/api/schedules?ownerId={ownerId}");
        Assert.Equal(id, Assert.Single(upcoming.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal("Puppy yoga", (await anonymous.GetFromJsonAsync<JsonElement>($"/api/schedules/{id}")).GetProperty("title").GetString());

        // Right after the owner's response: "remind me" waits for the schedule to reach Notifications.
        var reminder = await OkJsonAsync(await reminded.PutAsync($"/api/schedules/{id}/reminder", null));
        Assert.True(reminder.GetProperty("reminded").GetBoolean());
        Assert.True((await reminded.GetFromJsonAsync<JsonElement>($"/api/schedules/{id}/reminder")).GetProperty("reminded").GetBoolean());
        Assert.False((await stranger.GetFromJsonAsync<JsonElement>($"/api/schedules/{id}/reminder")).GetProperty("reminded").GetBoolean());

        await ProblemAsync(await stranger.PatchAsJsonAsync($"/api/schedules/{id}", new { title = "mine now" }), HttpStatusCode.Forbidden, "not-stream-owner");
        await ProblemAsync(await stranger.DeleteAsync($"/api/schedules/{id}"), HttpStatusCode.Forbidden, "not-stream-owner");
        await ProblemAsync(await owner.PatchAsJsonAsync($"/api/schedules/{id}", new { startsAt = DateTimeOffset.UtcNow.AddMinutes(-5) }),
            HttpStatusCode.BadRequest, "validation");
        Assert.Equal("Puppy yoga", (await anonymous.GetFromJsonAsync<JsonElement>($"/api/schedules/{id}")).GetProperty("title").GetString());

        var renamed = await OkJsonAsync(await owner.PatchAsJsonAsync($"/api/schedules/{id}", new { title = "Puppy yoga II" }));
        Assert.Equal("Puppy yoga II", renamed.GetProperty("title").GetString());
        var moved = await OkJsonAsync(await owner.PatchAsJsonAsync($"/api/schedules/{id}", new { startsAt = startsAt.AddHours(2) }));
        Assert.Equal(startsAt.AddHours(2).ToUnixTimeSeconds(), moved.GetProperty("startsAt").GetDateTimeOffset().ToUnixTimeSeconds());
        var told = await InboxUntilAsync(reminded, items => CountKind(items, "rescheduled") == 1, "the reminded user hears of the new time");
        Assert.Contains("Puppy yoga II", told[0].GetProperty("text").GetString());
        Assert.Empty(await InboxAsync(stranger));

        var cancelled = await OkJsonAsync(await owner.DeleteAsync($"/api/schedules/{id}"));
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        await OkJsonAsync(await owner.DeleteAsync($"/api/schedules/{id}")); // idempotent
        await InboxUntilAsync(reminded, items => CountKind(items, "cancelled") == 1, "the reminded user hears of the cancellation");
        Assert.Empty((await anonymous.GetFromJsonAsync<JsonElement>($"/api/schedules?ownerId={ownerId}")).GetProperty("items").EnumerateArray());
        await Eventually.HoldsAsync(async () => (await stranger.PutAsync($"/api/schedules/{id}/reminder", null)).StatusCode == HttpStatusCode.Conflict,
            "a cancelled schedule takes no reminders");
        await ProblemAsync(await owner.PatchAsJsonAsync($"/api/schedules/{id}", new { title = "again" }), HttpStatusCode.Conflict, "schedule-closed");
    }

    [Fact]
    public async Task A_reminder_goes_out_once_before_the_start_and_going_live_from_the_schedule_sends_live_now_instead_of_go_live()
    {
        var (ownerId, owner, _) = await UserAsync("own");
        var (_, follower, _) = await UserAsync("fan");
        var (_, reminded, _) = await UserAsync("fan");
        await OkJsonAsync(await follower.PutAsync($"/api/follows/{ownerId}", null));
        var created = await OkJsonAsync(await owner.PostAsJsonAsync("/api/schedules",
            new { title = "Cat parade", startsAt = DateTimeOffset.UtcNow.AddMinutes(30) }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;
        await OkJsonAsync(await reminded.PutAsync($"/api/schedules/{id}/reminder", null));

        // Within the lead time (an hour in this configuration) the reminder is due at once: followers get it too.
        await InboxUntilAsync(follower, items => CountKind(items, "reminder") == 1, "the follower gets the reminder");
        await InboxUntilAsync(reminded, items => CountKind(items, "reminder") == 1, "the reminded user gets the reminder");

        var started = await owner.StartStreamAsync(new { scheduledStreamId = id });
        var stream = await owner.GetFromJsonAsync<JsonElement>($"/api/live/{started.StreamId}");
        Assert.Equal("Cat parade", stream.GetProperty("title").GetString());
        Assert.Equal(id, stream.GetProperty("scheduledStreamId").GetString());
        var schedule = await owner.GetFromJsonAsync<JsonElement>($"/api/schedules/{id}");
        Assert.Equal("live", schedule.GetProperty("status").GetString());
        Assert.Equal(started.StreamId, schedule.GetProperty("streamId").GetString());

        foreach (var user in new[] { follower, reminded })
        {
            var inbox = await InboxUntilAsync(user, items => CountKind(items, "live_now") == 1, "the live-now alert arrives");
            Assert.Equal(0, CountKind(inbox, "go_live"));
            Assert.Equal(1, CountKind(inbox, "reminder"));
        }
        await owner.StopStreamAsync(started.StreamId);
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        await ProblemAsync(await owner.PostAsJsonAsync("/api/live/start", new { scheduledStreamId = id }), HttpStatusCode.Conflict, "schedule-closed");
    }

    [Fact]
    public async Task A_scheduled_stream_nobody_starts_is_missed_after_the_grace_period()
    {
        var (_, owner, _) = await UserAsync("own");
        var created = await OkJsonAsync(await owner.PostAsJsonAsync("/api/schedules",
            new { title = "Soon", startsAt = DateTimeOffset.UtcNow.AddSeconds(2) }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;
        await Eventually.HoldsAsync(async () =>
            (await owner.GetFromJsonAsync<JsonElement>($"/api/schedules/{id}")).GetProperty("status").GetString() == "missed",
            "the schedule is missed", TimeSpan.FromSeconds(30));
        await ProblemAsync(await owner.PostAsJsonAsync("/api/live/start", new { scheduledStreamId = id }), HttpStatusCode.Conflict, "schedule-closed");
    }

    [Fact]
    public async Task Bad_input_gets_the_documented_problem_and_stores_nothing()
    {
        var (ownerId, owner, _) = await UserAsync("own");
        var (_, user, _) = await UserAsync("fan");
        await ProblemAsync(await owner.PutAsync($"/api/follows/{ownerId}", null), HttpStatusCode.BadRequest, "validation");
        await ProblemAsync(await owner.PostAsJsonAsync("/api/schedules", new { title = "past", startsAt = DateTimeOffset.UtcNow.AddMinutes(-1) }),
            HttpStatusCode.BadRequest, "validation");
        await ProblemAsync(await owner.PostAsJsonAsync("/api/schedules", new { title = new string('a', 121), startsAt = DateTimeOffset.UtcNow.AddHours(1) }),
            HttpStatusCode.BadRequest, "validation");
        await ProblemAsync(await owner.PostAsJsonAsync("/api/schedules", new { startsAt = DateTimeOffset.UtcNow.AddHours(1) }),
            HttpStatusCode.BadRequest, "validation");
        await ProblemAsync(await owner.PostAsJsonAsync("/api/schedules", new { title = "far", startsAt = DateTimeOffset.UtcNow.AddDays(400) }),
            HttpStatusCode.BadRequest, "validation");
        Assert.Empty((await owner.GetFromJsonAsync<JsonElement>($"/api/schedules?ownerId={ownerId}")).GetProperty("items").EnumerateArray());
        await ProblemAsync(await owner.GetAsync("/api/schedules/0123456789abcdef01234567"), HttpStatusCode.NotFound, "schedule-not-found");
        await ProblemAsync(await owner.PostAsJsonAsync("/api/live/start", new { scheduledStreamId = "0123456789abcdef01234567" }),
            HttpStatusCode.NotFound, "schedule-not-found");
        await ProblemAsync(await user.PutAsync("/api/schedules/0123456789abcdef01234567/reminder", null), HttpStatusCode.NotFound, "schedule-not-found");
        await ProblemAsync(await user.PutAsync("/api/schedules/not-an-id/reminder", null), HttpStatusCode.NotFound, "schedule-not-found");

        foreach (var malformed in new object[]
        {
            new { endpoint = "https://push.example.com/x", keys = new { p256dh = "short", auth = "AAAAAAAAAAAAAAAAAAAAAA" } },
            new { endpoint = "ftp://push.example.com/x", keys = new { p256dh = new string('B', 87), auth = "AAAAAAAAAAAAAAAAAAAAAA" } },
            new { endpoint = "https://push.example.com/x" },
            new { kind = "carrier-pigeon", endpoint = "https://push.example.com/x" },
        })
        {
            await ProblemAsync(await user.PostAsJsonAsync("/api/push/subscriptions", malformed), HttpStatusCode.BadRequest, "validation");
        }
        await ProblemAsync(await user.PostAsJsonAsync("/api/push/subscriptions", new { kind = "fcm", token = "device-token" }),
            HttpStatusCode.ServiceUnavailable, "push-provider-disabled");
        Assert.Empty((await user.GetFromJsonAsync<JsonElement>("/api/push/subscriptions")).GetProperty("items").EnumerateArray());
        await ProblemAsync(await user.PutAsJsonAsync("/api/notifications/settings", new { }), HttpStatusCode.BadRequest, "validation");
        await ProblemAsync(await user.GetAsync("/api/notifications?limit=0"), HttpStatusCode.BadRequest, "validation");
        await ProblemAsync(await user.GetAsync("/api/notifications?cursor=nonsense"), HttpStatusCode.BadRequest, "validation");

        using var anonymous = _system.ClientWith(null);
        foreach (var (method, path) in new[]
        {
            ("PUT", $"/api/follows/{ownerId}"), ("DELETE", $"/api/follows/{ownerId}"), ("GET", "/api/follows"), ("GET", "/api/followers"),
            ("PUT", $"/api/mutes/{ownerId}"), ("GET", "/api/notifications"), ("GET", "/api/notifications/unread-count"),
            ("POST", "/api/notifications/read-all"), ("POST", "/api/push/subscriptions"), ("GET", "/api/push/subscriptions"),
            ("PUT", "/api/schedules/0123456789abcdef01234567/reminder"), ("POST", "/api/schedules"),
            ("PATCH", "/api/schedules/0123456789abcdef01234567"), ("DELETE", "/api/schedules/0123456789abcdef01234567"),
        })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { }) };
            Assert.True((await anonymous.SendAsync(request)).StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} without a token");
        }
    }
}
