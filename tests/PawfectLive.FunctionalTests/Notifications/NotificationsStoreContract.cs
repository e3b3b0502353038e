using MongoDB.Driver;
using PawfectLive.Contracts;
using PawfectLive.Notifications.Infrastructure;
using PawfectLive.Notifications.Model;

namespace PawfectLive.FunctionalTests.Notifications;

/// <summary>
/// The one contract both Notifications stores keep. Each implementation runs every case; the MongoDB run needs a server
/// (<c>PAWFECT_TEST_MONGODB</c>) and is reported as skipped without one.
/// </summary>
public abstract class NotificationsStoreContract
{
    private static readonly DateTime T0 = new(2026, 12, 3, 12, 0, 0, DateTimeKind.Utc);

    protected abstract Task<INotificationsDatabase> CreateStoreAsync();

    [SkippableFact]
    public async Task Follows_are_idempotent_bounded_per_user_and_an_owners_followers_page_in_key_order()
    {
        var store = await CreateStoreAsync();
        Assert.Equal(FollowResult.Added, await store.FollowAsync(Follow.Of("fan-b", "rex", T0), 2, default));
        Assert.Equal(FollowResult.AlreadyFollowing, await store.FollowAsync(Follow.Of("fan-b", "rex", T0), 2, default));
        Assert.Equal(FollowResult.Added, await store.FollowAsync(Follow.Of("fan-b", "rexy", T0.AddSeconds(1)), 2, default));
        Assert.Equal(FollowResult.LimitReached, await store.FollowAsync(Follow.Of("fan-b", "milo", T0), 2, default));
        Assert.Equal(FollowResult.Added, await store.FollowAsync(Follow.Of("fan-a", "rex", T0), 2, default));
        Assert.Equal(FollowResult.Added, await store.FollowAsync(Follow.Of("fan-c", "rex", T0), 2, default));
        Assert.Equal(FollowResult.Added, await store.FollowAsync(Follow.Of("Fan-A", "rex", T0), 2, default));

        // "rexy" shares a prefix with "rex": its follower is not rex's.
        Assert.Equal(4, await store.CountFollowersAsync("rex", default));
        Assert.Equal(["Fan-A", "fan-a"], await store.ListFollowersAsync("rex", 2, null, default));
        Assert.Equal(["fan-b", "fan-c"], await store.ListFollowersAsync("rex", 2, "fan-a", default));
        Assert.Empty(await store.ListFollowersAsync("rex", 2, "fan-c", default));
        Assert.Equal(["rexy", "rex"], (await store.ListFollowingAsync("fan-b", default)).Select(f => f.OwnerId));
        Assert.True(await store.IsFollowingAsync("fan-b", "rex", default));

        Assert.True(await store.UnfollowAsync("fan-b", "rex", default));
        Assert.False(await store.UnfollowAsync("fan-b", "rex", default));
        Assert.False(await store.IsFollowingAsync("fan-b", "rex", default));
        Assert.Equal(3, await store.CountFollowersAsync("rex", default));
    }

    [SkippableFact]
    public async Task The_inbox_stores_an_alert_once_pages_newest_first_and_marks_read_per_user()
    {
        var store = await CreateStoreAsync();
        InboxNotification Entry(string id, string user, int minute) => new()
        {
            Id = id,
            UserId = user,
            Kind = NotificationKinds.GoLive,
            OwnerId = "rex",
            Text = "Rex is live",
            CreatedAt = T0.AddMinutes(minute),
        };
        Assert.Equal(["n1", "n2", "n3"], await store.AddNotificationsAsync([Entry("n1", "fan", 1), Entry("n2", "fan", 2), Entry("n3", "fan", 3)], default));
        Assert.Equal(["n4"], await store.AddNotificationsAsync([Entry("n1", "fan", 1), Entry("n4", "other", 4)], default));

        var first = await store.ListNotificationsAsync("fan", 2, null, default);
        Assert.Equal(["n3", "n2"], first.Select(n => n.Id));
        var rest = await store.ListNotificationsAsync("fan", 2, new InboxCursor(first[^1].CreatedAt, first[^1].Id), default);
        Assert.Equal(["n1"], rest.Select(n => n.Id));
        Assert.Equal(3, await store.CountUnreadAsync("fan", default));

        Assert.True(await store.MarkReadAsync("fan", "n2", T0.AddHours(1), default));
        Assert.True(await store.MarkReadAsync("fan", "n2", T0.AddHours(2), default));
        Assert.False(await store.MarkReadAsync("fan", "n4", T0, default)); // someone else's
        Assert.Equal(2, await store.CountUnreadAsync("fan", default));
        Assert.Equal(2, await store.MarkAllReadAsync("fan", T0.AddHours(3), default));
        Assert.Equal(0, await store.CountUnreadAsync("fan", default));
        Assert.Equal(1, await store.CountUnreadAsync("other", default));

        Assert.Equal(2, await store.DeleteNotificationsBeforeAsync(T0.AddMinutes(2.5), default));
        Assert.Equal(["n3"], (await store.ListNotificationsAsync("fan", 10, null, default)).Select(n => n.Id));
    }

    [SkippableFact]
    public async Task Push_subscriptions_are_bounded_move_between_users_and_their_queued_pushes_are_claimed_once()
    {
        var store = await CreateStoreAsync();
        PushSubscription Device(string id, string user) => new() { Id = id, UserId = user, Endpoint = $"https://push.example/{id}", P256dh = "k", Auth = "a", CreatedAt = T0 };
        Assert.Equal(SubscriptionResult.Added, await store.AddSubscriptionAsync(Device("d1", "fan"), 2, default));
        Assert.Equal(SubscriptionResult.Existing, await store.AddSubscriptionAsync(Device("d1", "fan"), 2, default));
        Assert.Equal(SubscriptionResult.Added, await store.AddSubscriptionAsync(Device("d2", "fan"), 2, default));
        Assert.Equal(SubscriptionResult.LimitReached, await store.AddSubscriptionAsync(Device("d3", "fan"), 2, default));
        Assert.Equal(SubscriptionResult.Existing, await store.AddSubscriptionAsync(Device("d2", "other"), 2, default));
        Assert.Equal(["d1"], (await store.ListSubscriptionsAsync("fan", default)).Select(s => s.Id));
        Assert.Equal(["d1", "d2"], (await store.ListSubscriptionsOfUsersAsync(["fan", "other"], default)).Select(s => s.Id).Order());

        PushDelivery Push(string id, string device, int second) => new()
        {
            Id = id,
            SubscriptionId = device,
            UserId = "fan",
            NotificationId = "n",
            Kind = NotificationKinds.GoLive,
            Payload = "{}",
            NextAttemptAt = T0.AddSeconds(second),
            CreatedAt = T0,
        };
        await store.AddDeliveriesAsync([Push("p1", "d1", 0), Push("p2", "d1", 1), Push("p3", "d2", 100)], default);
        await store.AddDeliveriesAsync([Push("p1", "d1", 50)], default); // queued already: left as it is
        Assert.Equal(3, await store.CountDeliveriesAsync(default));

        var claimed = await store.ClaimDueDeliveriesAsync(T0.AddSeconds(10), TimeSpan.FromMinutes(1), 10, default);
        Assert.Equal(["p1", "p2"], claimed.Select(d => d.Id));
        Assert.Empty(await store.ClaimDueDeliveriesAsync(T0.AddSeconds(20), TimeSpan.FromMinutes(1), 10, default));
        await store.CompleteDeliveriesAsync(["p1"], default);
        await store.RetryDeliveryAsync("p2", 1, T0.AddSeconds(30), default);
        Assert.Equal(["p2"], (await store.ClaimDueDeliveriesAsync(T0.AddSeconds(31), TimeSpan.FromMinutes(1), 10, default)).Select(d => d.Id));
        Assert.Equal(1, (await store.ClaimDueDeliveriesAsync(T0.AddMinutes(5), TimeSpan.FromMinutes(1), 10, default)).Single(d => d.Id == "p2").Attempts);

        Assert.False(await store.RemoveSubscriptionAsync("d1", "other", default));
        Assert.True(await store.RemoveSubscriptionAsync("d1", null, default));
        Assert.Equal(["p3"], (await store.ClaimDueDeliveriesAsync(T0.AddHours(1), TimeSpan.FromMinutes(1), 10, default)).Select(d => d.Id));
    }

    [SkippableFact]
    public async Task Mutes_blocks_ended_streams_and_the_go_live_window_decide_the_audience()
    {
        var store = await CreateStoreAsync();
        var muted = await store.UpdatePreferencesAsync("fan", p =>
        {
            p.MutedOwnerIds.Add("rex");
            p.UpdatedAt = T0;
            return true;
        }, default);
        Assert.True(muted.Mutes("rex"));
        Assert.True((await store.GetPreferencesAsync("fan", default)).Mutes("rex"));
        Assert.False((await store.GetPreferencesAsync("nobody", default)).Mutes("rex"));
        Assert.Equal(["fan"], (await store.ListPreferencesAsync(["fan", "nobody"], default)).Select(p => p.Id));

        OwnerBlock Block(string user, string stream, bool blocked, long version) =>
            new() { Id = Keys.Of("rex", user, stream), OwnerId = "rex", UserId = user, StreamId = stream, Blocked = blocked, Version = version };
        await store.ApplyBlockAsync(Block("troll", "s1", true, 3), default);
        await store.ApplyBlockAsync(Block("troll", "s1", false, 2), default); // older: ignored
        await store.ApplyBlockAsync(Block("pal", "s1", true, 4), default);
        await store.ApplyBlockAsync(Block("pal", "s1", false, 5), default);
        Assert.Equal(["troll"], (await store.FindBlockedAsync("rex", ["troll", "pal", "fan"], default)).Order());
        Assert.Empty(await store.FindBlockedAsync("rexy", ["troll"], default));

        Assert.False(await store.HasStreamEndedAsync("s1", default));
        await store.MarkStreamEndedAsync("s1", T0, default);
        Assert.True(await store.HasStreamEndedAsync("s1", default));

        var window = TimeSpan.FromMinutes(15);
        Assert.Equal(["a", "b"], (await store.ClaimGoLiveAlertsAsync("rex", "s1", ["a", "b"], T0, window, default)).Order());
        Assert.Equal(["a"], await store.ClaimGoLiveAlertsAsync("rex", "s1", ["a"], T0.AddMinutes(1), window, default)); // a repeat
        Assert.Equal(["c"], await store.ClaimGoLiveAlertsAsync("rex", "s2", ["a", "c"], T0.AddMinutes(2), window, default));
        Assert.Equal(["a"], await store.ClaimGoLiveAlertsAsync("milo", "s3", ["a"], T0.AddMinutes(2), window, default));
        Assert.Equal(["a", "b"], (await store.ClaimGoLiveAlertsAsync("rex", "s4", ["a", "b"], T0.AddMinutes(16), window, default)).Order());
    }

    [SkippableFact]
    public async Task Schedules_keep_the_newest_version_and_their_reminder_is_claimed_once_per_start_time()
    {
        var store = await CreateStoreAsync();
        ScheduleProjection Schedule(long version, DateTime startsAt, string status = ScheduleStates.Scheduled) =>
            new() { Id = "sch1", OwnerId = "rex", Title = "Walkies", StartsAt = startsAt, Status = status, Version = version };
        Assert.True(await store.ApplyScheduleAsync(Schedule(2, T0.AddMinutes(30)), default));
        Assert.False(await store.ApplyScheduleAsync(Schedule(1, T0.AddMinutes(90)), default));
        Assert.Equal(T0.AddMinutes(30), (await store.GetScheduleAsync("sch1", default))!.StartsAt.ToUniversalTime());

        var lead = TimeSpan.FromMinutes(15);
        Assert.Empty(await store.ClaimDueRemindersAsync(T0, lead, TimeSpan.FromMinutes(1), 10, default));
        Assert.Equal(["sch1"], (await store.ClaimDueRemindersAsync(T0.AddMinutes(20), lead, TimeSpan.FromMinutes(1), 10, default)).Select(s => s.Id));
        Assert.Empty(await store.ClaimDueRemindersAsync(T0.AddMinutes(20.5), lead, TimeSpan.FromMinutes(1), 10, default)); // claimed
        Assert.Single(await store.ClaimDueRemindersAsync(T0.AddMinutes(21.5), lead, TimeSpan.FromMinutes(1), 10, default)); // the claim ran out
        await store.MarkReminderSentAsync("sch1", T0.AddMinutes(30), default);
        Assert.Empty(await store.ClaimDueRemindersAsync(T0.AddMinutes(25), lead, TimeSpan.FromMinutes(1), 10, default));

        Assert.True(await store.ApplyScheduleAsync(Schedule(3, T0.AddMinutes(60)), default)); // rescheduled: due again
        Assert.Single(await store.ClaimDueRemindersAsync(T0.AddMinutes(50), lead, TimeSpan.FromMinutes(1), 10, default));
        Assert.True(await store.ApplyScheduleAsync(Schedule(4, T0.AddMinutes(60), ScheduleStates.Cancelled), default));
        Assert.Empty(await store.ClaimDueRemindersAsync(T0.AddMinutes(55), lead, TimeSpan.FromMinutes(1), 10, default));

        Assert.Equal(ReminderResult.Added, await store.AddReminderAsync(Reminder.Of("sch1", "fan-b", T0), 2, default));
        Assert.Equal(ReminderResult.Existing, await store.AddReminderAsync(Reminder.Of("sch1", "fan-b", T0), 2, default));
        Assert.Equal(ReminderResult.Added, await store.AddReminderAsync(Reminder.Of("sch1", "fan-a", T0), 2, default));
        Assert.Equal(ReminderResult.Added, await store.AddReminderAsync(Reminder.Of("sch10", "fan-a", T0), 2, default));
        Assert.Equal(ReminderResult.LimitReached, await store.AddReminderAsync(Reminder.Of("sch2", "fan-a", T0), 2, default));
        Assert.Equal(["fan-a"], await store.ListRemindedUsersAsync("sch1", 1, null, default));
        Assert.Equal(["fan-b"], await store.ListRemindedUsersAsync("sch1", 5, "fan-a", default));
        Assert.True(await store.HasReminderAsync("sch1", "fan-b", default));
        Assert.True(await store.RemoveReminderAsync("sch1", "fan-b", default));
        Assert.False(await store.RemoveReminderAsync("sch1", "fan-b", default));
        Assert.Equal(["fan-a"], await store.ListRemindedUsersAsync("sch1", 5, null, default));
    }
}

public sealed class LiteDbNotificationsStoreTests : NotificationsStoreContract, IDisposable
{
    private readonly List<LiteDbNotificationsStore> _stores = [];
    private readonly string _directory = Directory.CreateTempSubdirectory("pawfect-notifications-").FullName;

    protected override Task<INotificationsDatabase> CreateStoreAsync()
    {
        var store = new LiteDbNotificationsStore(Path.Combine(_directory, $"{Guid.NewGuid():N}.db"));
        _stores.Add(store);
        return Task.FromResult<INotificationsDatabase>(store);
    }

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }
        Directory.Delete(_directory, recursive: true);
    }
}

public sealed class MongoNotificationsStoreTests : NotificationsStoreContract
{
    protected override async Task<INotificationsDatabase> CreateStoreAsync()
    {
        var connectionString = Environment.GetEnvironmentVariable(Streams.MongoStreamStoreTests.ConnectionVariable);
        Skip.If(string.IsNullOrWhiteSpace(connectionString),
            $"No MongoDB server: set {Streams.MongoStreamStoreTests.ConnectionVariable} to a connection string to run the store contract against MongoDB.");
        var store = new MongoNotificationsStore(new MongoClient(connectionString).GetDatabase($"pawfect_notifications_test_{Guid.NewGuid():N}"));
        await store.EnsureIndexesAsync(default);
        return store;
    }
}
