namespace PawfectLive.Notifications.Model;

/// <summary>Who follows whom. Same backend as the other stores; both implementations pass one contract suite.</summary>
public interface IFollowStore
{
    /// <summary>Adds the follow unless it exists or the follower has <paramref name="maxPerUser"/> already.</summary>
    Task<FollowResult> FollowAsync(Follow follow, int maxPerUser, CancellationToken cancellationToken);

    /// <summary>Removes the follow; false when there was none.</summary>
    Task<bool> UnfollowAsync(string followerId, string ownerId, CancellationToken cancellationToken);

    Task<bool> IsFollowingAsync(string followerId, string ownerId, CancellationToken cancellationToken);

    Task<long> CountFollowersAsync(string ownerId, CancellationToken cancellationToken);

    /// <summary>The owners <paramref name="followerId"/> follows, newest follow first (at most the follow limit).</summary>
    Task<IReadOnlyList<Follow>> ListFollowingAsync(string followerId, CancellationToken cancellationToken);

    /// <summary>An owner's followers in follower-id order, after <paramref name="afterFollowerId"/>: pages for the API and the alert fan-out.</summary>
    Task<IReadOnlyList<string>> ListFollowersAsync(string ownerId, int limit, string? afterFollowerId, CancellationToken cancellationToken);
}

/// <summary>Users' inboxes.</summary>
public interface IInboxStore
{
    /// <summary>Stores the entries whose id is not stored yet; returns the ids it added (a repeated alert adds nothing).</summary>
    Task<IReadOnlyList<string>> AddNotificationsAsync(IReadOnlyList<InboxNotification> notifications, CancellationToken cancellationToken);

    /// <summary>A user's entries, newest first, after <paramref name="before"/>.</summary>
    Task<IReadOnlyList<InboxNotification>> ListNotificationsAsync(string userId, int limit, InboxCursor? before, CancellationToken cancellationToken);

    Task<long> CountUnreadAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Marks one of the user's entries read (kept read if it was); false when the user has no such entry.</summary>
    Task<bool> MarkReadAsync(string userId, string notificationId, DateTime at, CancellationToken cancellationToken);

    /// <summary>Marks every unread entry of the user read; how many it marked.</summary>
    Task<long> MarkAllReadAsync(string userId, DateTime at, CancellationToken cancellationToken);

    /// <summary>Forgets entries created before <paramref name="cutoff"/> (the retention bound); how many.</summary>
    Task<long> DeleteNotificationsBeforeAsync(DateTime cutoff, CancellationToken cancellationToken);
}

/// <summary>Push subscriptions and the durable queue of push messages to send.</summary>
public interface IPushStore
{
    /// <summary>
    /// Registers a device for its user. A device registered before (same id) is updated and moved to this user (a shared
    /// browser signs in as someone else); a new one is refused when the user has <paramref name="maxPerUser"/> already.
    /// </summary>
    Task<SubscriptionResult> AddSubscriptionAsync(PushSubscription subscription, int maxPerUser, CancellationToken cancellationToken);

    Task<PushSubscription?> GetSubscriptionAsync(string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<PushSubscription>> ListSubscriptionsAsync(string userId, CancellationToken cancellationToken);

    Task<IReadOnlyList<PushSubscription>> ListSubscriptionsOfUsersAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken);

    /// <summary>Removes a subscription (of <paramref name="userId"/> when given) and its queued messages; false when there was none.</summary>
    Task<bool> RemoveSubscriptionAsync(string id, string? userId, CancellationToken cancellationToken);

    /// <summary>Queues messages; one already queued (same id) is left as it is.</summary>
    Task AddDeliveriesAsync(IReadOnlyList<PushDelivery> deliveries, CancellationToken cancellationToken);

    /// <summary>
    /// Takes up to <paramref name="limit"/> messages due at <paramref name="now"/> and hides them from other takers until
    /// <c>now + claimFor</c> (an instance that dies while sending leaves them to be taken again then).
    /// </summary>
    Task<IReadOnlyList<PushDelivery>> ClaimDueDeliveriesAsync(DateTime now, TimeSpan claimFor, int limit, CancellationToken cancellationToken);

    /// <summary>Deletes sent (or abandoned) messages from the queue, in one write.</summary>
    Task CompleteDeliveriesAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken);

    Task RetryDeliveryAsync(string id, int attempts, DateTime nextAttemptAt, CancellationToken cancellationToken);

    Task<long> CountDeliveriesAsync(CancellationToken cancellationToken);
}

/// <summary>What decides who gets an alert: mutes, owners' blocks, ended streams and the go-live window.</summary>
public interface IAudienceStore
{
    /// <summary>The user's settings (defaults when none are stored).</summary>
    Task<UserPreferences> GetPreferencesAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Applies <paramref name="change"/> to the user's settings atomically and stores them when it returns true.</summary>
    Task<UserPreferences> UpdatePreferencesAsync(string userId, Func<UserPreferences, bool> change, CancellationToken cancellationToken);

    /// <summary>The stored settings of those of <paramref name="userIds"/> that have any.</summary>
    Task<IReadOnlyList<UserPreferences>> ListPreferencesAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken);

    /// <summary>Keeps the block state of one stream for one user when <paramref name="block"/> is newer than what is stored.</summary>
    Task ApplyBlockAsync(OwnerBlock block, CancellationToken cancellationToken);

    /// <summary>Those of <paramref name="userIds"/> that a stream of <paramref name="ownerId"/> blocks now.</summary>
    Task<IReadOnlySet<string>> FindBlockedAsync(string ownerId, IReadOnlyCollection<string> userIds, CancellationToken cancellationToken);

    Task MarkStreamEndedAsync(string streamId, DateTime endedAt, CancellationToken cancellationToken);

    Task<bool> HasStreamEndedAsync(string streamId, CancellationToken cancellationToken);

    /// <summary>
    /// Claims the go-live alert of <paramref name="streamId"/> for each user: granted when the user had no go-live alert from
    /// <paramref name="ownerId"/> since <c>now - window</c>, or had this stream's (a repeat). Atomic per user. Returns the granted users.
    /// </summary>
    Task<IReadOnlySet<string>> ClaimGoLiveAlertsAsync(
        string ownerId, string streamId, IReadOnlyCollection<string> userIds, DateTime now, TimeSpan window, CancellationToken cancellationToken);

    /// <summary>Forgets ended streams and go-live claims older than <paramref name="cutoff"/>.</summary>
    Task DeleteAudienceStateBeforeAsync(DateTime cutoff, CancellationToken cancellationToken);
}

/// <summary>Scheduled streams as Streams tells them, and who asked to be reminded.</summary>
public interface IScheduleProjectionStore
{
    /// <summary>
    /// Keeps <paramref name="schedule"/> when it is new or newer than the stored version; a new start time (or a new
    /// schedule) makes its reminder pending again, a closed schedule has none. True when it was applied.
    /// </summary>
    Task<bool> ApplyScheduleAsync(ScheduleProjection schedule, CancellationToken cancellationToken);

    Task<ScheduleProjection?> GetScheduleAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="limit"/> open schedules whose reminder is pending and due (start within
    /// <paramref name="lead"/> of <paramref name="now"/>, not yet started) and not claimed by another instance, until
    /// <c>now + claimFor</c>.
    /// </summary>
    Task<IReadOnlyList<ScheduleProjection>> ClaimDueRemindersAsync(
        DateTime now, TimeSpan lead, TimeSpan claimFor, int limit, CancellationToken cancellationToken);

    /// <summary>The reminder for the start time <paramref name="startsAt"/> was sent.</summary>
    Task MarkReminderSentAsync(string scheduleId, DateTime startsAt, CancellationToken cancellationToken);

    Task<ReminderResult> AddReminderAsync(Reminder reminder, int maxPerUser, CancellationToken cancellationToken);

    Task<bool> RemoveReminderAsync(string scheduleId, string userId, CancellationToken cancellationToken);

    Task<bool> HasReminderAsync(string scheduleId, string userId, CancellationToken cancellationToken);

    /// <summary>Who asked to be reminded of a schedule, in user-id order after <paramref name="afterUserId"/>.</summary>
    Task<IReadOnlyList<string>> ListRemindedUsersAsync(string scheduleId, int limit, string? afterUserId, CancellationToken cancellationToken);
}

/// <summary>Every store one backend serves (registration and the contract tests only).</summary>
public interface INotificationsDatabase : IFollowStore, IInboxStore, IPushStore, IAudienceStore, IScheduleProjectionStore;
