using LiteDB;

namespace PawfectLive.Notifications.Infrastructure;

/// <summary>
/// The embedded default store: one LiteDB file, used when no MongoDB connection string is configured. One Notifications
/// instance only (the file is locked), so each change is a read-modify-write under one in-process lock.
/// </summary>
public sealed class LiteDbNotificationsStore : INotificationsDatabase, IDisposable
{
    private readonly LiteDatabase _database;
    private readonly ILiteCollection<Follow> _follows;
    private readonly ILiteCollection<InboxNotification> _inbox;
    private readonly ILiteCollection<PushSubscription> _subscriptions;
    private readonly ILiteCollection<PushDelivery> _deliveries;
    private readonly ILiteCollection<UserPreferences> _preferences;
    private readonly ILiteCollection<OwnerBlock> _blocks;
    private readonly ILiteCollection<EndedStream> _ended;
    private readonly ILiteCollection<AlertClaim> _claims;
    private readonly ILiteCollection<ScheduleProjection> _schedules;
    private readonly ILiteCollection<Reminder> _reminders;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly FileStream _instanceLock;

    public LiteDbNotificationsStore(string filePath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(filePath))!);
        var lockPath = Path.GetFullPath(filePath) + ".lock";
        try
        {
            _instanceLock = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException(
                $"The embedded notifications database {filePath} is already open in another Notifications process (lock {lockPath}). " +
                "The embedded store serves one instance only; to run several, configure MongoDB (ConnectionStrings:mongodb).", ex);
        }
        // Ordinal keys: the composite keys' ranges need the separator to sort below every character, and user ids are
        // case-sensitive (LiteDB's default collation ignores case and control characters).
        var connection = new ConnectionString
        {
            Filename = filePath,
            Connection = ConnectionType.Direct,
            Collation = new Collation(System.Globalization.CultureInfo.InvariantCulture.LCID, System.Globalization.CompareOptions.Ordinal),
        };
        _database = new LiteDatabase(connection, new BsonMapper())
        {
            UtcDate = true,
        };
        _follows = _database.GetCollection<Follow>("follows");
        _follows.EnsureIndex(f => f.FollowerId);
        _inbox = _database.GetCollection<InboxNotification>("inbox");
        _inbox.EnsureIndex(n => n.UserId);
        _inbox.EnsureIndex(n => n.CreatedAt);
        _subscriptions = _database.GetCollection<PushSubscription>("pushSubscriptions");
        _subscriptions.EnsureIndex(s => s.UserId);
        _deliveries = _database.GetCollection<PushDelivery>("pushDeliveries");
        _deliveries.EnsureIndex(d => d.NextAttemptAt);
        _deliveries.EnsureIndex(d => d.SubscriptionId);
        _preferences = _database.GetCollection<UserPreferences>("preferences");
        _blocks = _database.GetCollection<OwnerBlock>("ownerBlocks");
        _ended = _database.GetCollection<EndedStream>("endedStreams");
        _ended.EnsureIndex(e => e.EndedAt);
        _claims = _database.GetCollection<AlertClaim>("goLiveClaims");
        _claims.EnsureIndex(c => c.At);
        _schedules = _database.GetCollection<ScheduleProjection>("schedules");
        _schedules.EnsureIndex(s => s.ReminderPending);
        _reminders = _database.GetCollection<Reminder>("reminders");
        _reminders.EnsureIndex(r => r.UserId);
    }

    // Follows

    public Task<FollowResult> FollowAsync(Follow follow, int maxPerUser, CancellationToken cancellationToken) =>
        WriteAsync(() =>
        {
            if (_follows.FindById(follow.Id) is not null)
            {
                return FollowResult.AlreadyFollowing;
            }
            if (_follows.Count(f => f.FollowerId == follow.FollowerId) >= maxPerUser)
            {
                return FollowResult.LimitReached;
            }
            _follows.Insert(follow);
            return FollowResult.Added;
        }, cancellationToken);

    public Task<bool> UnfollowAsync(string followerId, string ownerId, CancellationToken cancellationToken) =>
        WriteAsync(() => _follows.Delete(Keys.Of(ownerId, followerId)), cancellationToken);

    public Task<bool> IsFollowingAsync(string followerId, string ownerId, CancellationToken cancellationToken) =>
        Task.FromResult(_follows.FindById(Keys.Of(ownerId, followerId)) is not null);

    public Task<long> CountFollowersAsync(string ownerId, CancellationToken cancellationToken) =>
        Task.FromResult((long)_follows.Count(KeyRange(ownerId, null)));

    public Task<IReadOnlyList<Follow>> ListFollowingAsync(string followerId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Follow>>(_follows.Find(f => f.FollowerId == followerId)
            .OrderByDescending(f => f.CreatedAt).ThenBy(f => f.OwnerId, StringComparer.Ordinal)
            .ToList());

    public Task<IReadOnlyList<string>> ListFollowersAsync(string ownerId, int limit, string? afterFollowerId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(_follows.Find(KeyRange(ownerId, afterFollowerId), limit: limit)
            .Select(f => f.FollowerId)
            .ToList());

    // Inbox

    public Task<IReadOnlyList<string>> AddNotificationsAsync(IReadOnlyList<InboxNotification> notifications, CancellationToken cancellationToken) =>
        WriteBatchAsync<IReadOnlyList<string>>(() =>
        {
            var added = new List<string>();
            foreach (var notification in notifications)
            {
                if (_inbox.FindById(notification.Id) is null)
                {
                    _inbox.Insert(notification);
                    added.Add(notification.Id);
                }
            }
            return added;
        }, cancellationToken);

    public Task<IReadOnlyList<InboxNotification>> ListNotificationsAsync(string userId, int limit, InboxCursor? before, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<InboxNotification>>(_inbox.Find(n => n.UserId == userId)
            .Where(n => before is null || before.Admits(n))
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id, StringComparer.Ordinal)
            .Take(limit)
            .ToList());

    public Task<long> CountUnreadAsync(string userId, CancellationToken cancellationToken) =>
        Task.FromResult((long)_inbox.Find(n => n.UserId == userId).Count(n => n.ReadAt == null));

    public Task<bool> MarkReadAsync(string userId, string notificationId, DateTime at, CancellationToken cancellationToken) =>
        WriteAsync(() =>
        {
            var notification = _inbox.FindById(notificationId);
            if (notification is null || notification.UserId != userId)
            {
                return false;
            }
            if (notification.ReadAt is null)
            {
                notification.ReadAt = at;
                _inbox.Update(notification);
            }
            return true;
        }, cancellationToken);

    public Task<long> MarkAllReadAsync(string userId, DateTime at, CancellationToken cancellationToken) =>
        WriteBatchAsync(() =>
        {
            var unread = _inbox.Find(n => n.UserId == userId).Where(n => n.ReadAt == null).ToList();
            foreach (var notification in unread)
            {
                notification.ReadAt = at;
            }
            return (long)_inbox.Update(unread);
        }, cancellationToken);

    public Task<long> DeleteNotificationsBeforeAsync(DateTime cutoff, CancellationToken cancellationToken) =>
        WriteAsync(() => (long)_inbox.DeleteMany(n => n.CreatedAt < cutoff), cancellationToken);

    // Push

    public Task<SubscriptionResult> AddSubscriptionAsync(PushSubscription subscription, int maxPerUser, CancellationToken cancellationToken) =>
        WriteAsync(() =>
        {
            if (_subscriptions.FindById(subscription.Id) is { } existing)
            {
                if (existing.UserId != subscription.UserId && _subscriptions.Count(s => s.UserId == subscription.UserId) >= maxPerUser)
                {
                    return SubscriptionResult.LimitReached;
                }
                subscription.CreatedAt = existing.CreatedAt;
                _subscriptions.Update(subscription);
                return SubscriptionResult.Existing;
            }
            if (_subscriptions.Count(s => s.UserId == subscription.UserId) >= maxPerUser)
            {
                return SubscriptionResult.LimitReached;
            }
            _subscriptions.Insert(subscription);
            return SubscriptionResult.Added;
        }, cancellationToken);

    public Task<PushSubscription?> GetSubscriptionAsync(string id, CancellationToken cancellationToken) =>
        Task.FromResult<PushSubscription?>(_subscriptions.FindById(id));

    public Task<IReadOnlyList<PushSubscription>> ListSubscriptionsAsync(string userId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PushSubscription>>(_subscriptions.Find(s => s.UserId == userId).OrderBy(s => s.CreatedAt).ToList());

    public Task<IReadOnlyList<PushSubscription>> ListSubscriptionsOfUsersAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PushSubscription>>(userIds.Distinct().SelectMany(userId => _subscriptions.Find(s => s.UserId == userId)).ToList());

    public Task<bool> RemoveSubscriptionAsync(string id, string? userId, CancellationToken cancellationToken) =>
        WriteAsync(() =>
        {
            var subscription = _subscriptions.FindById(id);
            if (subscription is null || (userId is not null && subscription.UserId != userId))
            {
                return false;
            }
            _subscriptions.Delete(id);
            _deliveries.DeleteMany(d => d.SubscriptionId == id);
            return true;
        }, cancellationToken);

    public Task AddDeliveriesAsync(IReadOnlyList<PushDelivery> deliveries, CancellationToken cancellationToken) =>
        WriteBatchAsync(() =>
        {
            foreach (var delivery in deliveries)
            {
                if (_deliveries.FindById(delivery.Id) is null)
                {
                    _deliveries.Insert(delivery);
                }
            }
            return true;
        }, cancellationToken);

    public Task<IReadOnlyList<PushDelivery>> ClaimDueDeliveriesAsync(DateTime now, TimeSpan claimFor, int limit, CancellationToken cancellationToken) =>
        WriteBatchAsync<IReadOnlyList<PushDelivery>>(() =>
        {
            // Through the NextAttemptAt index, stopping at the limit: never a scan of the whole queue under the lock.
            var due = _deliveries.Query().Where(d => d.NextAttemptAt <= now).OrderBy(d => d.NextAttemptAt).Limit(limit).ToList();
            var claimed = due.Select(d => Copy(d, now + claimFor)).ToList();
            _deliveries.Update(claimed);
            return due;
        }, cancellationToken);

    public Task CompleteDeliveriesAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        WriteBatchAsync(() => ids.Count(id => _deliveries.Delete(id)), cancellationToken);

    public Task RetryDeliveryAsync(string id, int attempts, DateTime nextAttemptAt, CancellationToken cancellationToken) =>
        WriteAsync(() =>
        {
            if (_deliveries.FindById(id) is { } delivery)
            {
                delivery.Attempts = attempts;
                delivery.NextAttemptAt = nextAttemptAt;
                _deliveries.Update(delivery);
            }
            return true;
        }, cancellationToken);

    public Task<long> CountDeliveriesAsync(CancellationToken cancellationToken) => Task.FromResult(_deliveries.LongCount());

    // Audience

    public Task<UserPreferences> GetPreferencesAsync(string userId, CancellationToken cancellationToken) =>
        Task.FromResult(_preferences.FindById(userId) ?? new UserPreferences { Id = userId });

    public Task<UserPreferences> UpdatePreferencesAsync(string userId, Func<UserPreferences, bool> change, CancellationToken cancellationToken) =>
        WriteAsync(() =>
        {
            var preferences = _preferences.FindById(userId) ?? new UserPreferences { Id = userId };
            if (change(preferences))
            {
                _preferences.Upsert(preferences);
            }
            return preferences;
        }, cancellationToken);

    public Task<IReadOnlyList<UserPreferences>> ListPreferencesAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<UserPreferences>>(userIds.Distinct().Select(id => _preferences.FindById(id)).OfType<UserPreferences>().ToList());

    public Task ApplyBlockAsync(OwnerBlock block, CancellationToken cancellationToken) =>
        WriteAsync(() =>
        {
            if (_blocks.FindById(block.Id) is { } stored && stored.Version >= block.Version)
            {
                return false;
            }
            return _blocks.Upsert(block);
        }, cancellationToken);

    public Task<IReadOnlySet<string>> FindBlockedAsync(string ownerId, IReadOnlyCollection<string> userIds, CancellationToken cancellationToken)
    {
        var blocked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var userId in userIds.Distinct())
        {
            var prefix = Keys.Of(ownerId, userId);
            if (_blocks.Exists(Query.And(Query.GT("_id", prefix + Keys.Separator), Query.LT("_id", Keys.PrefixEnd(prefix)), Query.EQ("Blocked", true))))
            {
                blocked.Add(userId);
            }
        }
        return Task.FromResult<IReadOnlySet<string>>(blocked);
    }

    public Task MarkStreamEndedAsync(string streamId, DateTime endedAt, CancellationToken cancellationToken) =>
        WriteAsync(() => _ended.Upsert(new EndedStream { Id = streamId, EndedAt = endedAt }), cancellationToken);

    public Task<bool> HasStreamEndedAsync(string streamId, CancellationToken cancellationToken) =>
        Task.FromResult(_ended.FindById(streamId) is not null);

    public Task<IReadOnlySet<string>> ClaimGoLiveAlertsAsync(
        string ownerId, string streamId, IReadOnlyCollection<string> userIds, DateTime now, TimeSpan window, CancellationToken cancellationToken) =>
        WriteBatchAsync<IReadOnlySet<string>>(() =>
        {
            var granted = new HashSet<string>(StringComparer.Ordinal);
            foreach (var userId in userIds.Distinct())
            {
                var id = Keys.Of(userId, ownerId);
                var claim = _claims.FindById(id);
                if (claim is null || claim.StreamId == streamId || claim.At <= now - window)
                {
                    if (claim?.StreamId != streamId)
                    {
                        _claims.Upsert(new AlertClaim { Id = id, StreamId = streamId, At = now });
                    }
                    granted.Add(userId);
                }
            }
            return granted;
        }, cancellationToken);

    public Task DeleteAudienceStateBeforeAsync(DateTime cutoff, CancellationToken cancellationToken) =>
        WriteAsync(() => _ended.DeleteMany(e => e.EndedAt < cutoff) + _claims.DeleteMany(c => c.At < cutoff), cancellationToken);

    // Schedules and reminders

    public Task<bool> ApplyScheduleAsync(ScheduleProjection schedule, CancellationToken cancellationToken) =>
        WriteAsync(() =>
        {
            var stored = _schedules.FindById(schedule.Id);
            if (stored is not null && stored.Version >= schedule.Version)
            {
                return false;
            }
            var open = schedule.Status == PawfectLive.Contracts.ScheduleStates.Scheduled;
            schedule.ReminderPending = open && (stored is null || stored.ReminderPending || stored.StartsAt != schedule.StartsAt);
            schedule.ReminderClaimedUntil = stored is not null && stored.StartsAt == schedule.StartsAt ? stored.ReminderClaimedUntil : null;
            return _schedules.Upsert(schedule) || true;
        }, cancellationToken);

    public Task<ScheduleProjection?> GetScheduleAsync(string id, CancellationToken cancellationToken) =>
        Task.FromResult<ScheduleProjection?>(_schedules.FindById(id));

    public Task<IReadOnlyList<ScheduleProjection>> ClaimDueRemindersAsync(
        DateTime now, TimeSpan lead, TimeSpan claimFor, int limit, CancellationToken cancellationToken) =>
        WriteAsync<IReadOnlyList<ScheduleProjection>>(() =>
        {
            var due = _schedules.Find(s => s.ReminderPending)
                .Where(s => s.StartsAt <= now + lead && s.StartsAt > now && (s.ReminderClaimedUntil == null || s.ReminderClaimedUntil <= now))
                .OrderBy(s => s.StartsAt)
                .Take(limit)
                .ToList();
            foreach (var schedule in due)
            {
                schedule.ReminderClaimedUntil = now + claimFor;
                _schedules.Update(schedule);
            }
            return due;
        }, cancellationToken);

    public Task MarkReminderSentAsync(string scheduleId, DateTime startsAt, CancellationToken cancellationToken) =>
        WriteAsync(() =>
        {
            if (_schedules.FindById(scheduleId) is { } schedule && schedule.StartsAt == startsAt)
            {
                schedule.ReminderPending = false;
                schedule.ReminderClaimedUntil = null;
                _schedules.Update(schedule);
            }
            return true;
        }, cancellationToken);

    public Task<ReminderResult> AddReminderAsync(Reminder reminder, int maxPerUser, CancellationToken cancellationToken) =>
        WriteAsync(() =>
        {
            if (_reminders.FindById(reminder.Id) is not null)
            {
                return ReminderResult.Existing;
            }
            if (_reminders.Count(r => r.UserId == reminder.UserId) >= maxPerUser)
            {
                return ReminderResult.LimitReached;
            }
            _reminders.Insert(reminder);
            return ReminderResult.Added;
        }, cancellationToken);

    public Task<bool> RemoveReminderAsync(string scheduleId, string userId, CancellationToken cancellationToken) =>
        WriteAsync(() => _reminders.Delete(Keys.Of(scheduleId, userId)), cancellationToken);

    public Task<bool> HasReminderAsync(string scheduleId, string userId, CancellationToken cancellationToken) =>
        Task.FromResult(_reminders.FindById(Keys.Of(scheduleId, userId)) is not null);

    public Task<IReadOnlyList<string>> ListRemindedUsersAsync(string scheduleId, int limit, string? afterUserId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(_reminders.Find(KeyRange(scheduleId, afterUserId), limit: limit)
            .Select(r => r.UserId)
            .ToList());

    public void Dispose()
    {
        _database.Dispose();
        _writeLock.Dispose();
        _instanceLock.Dispose();
    }

    /// <summary>The keys <c>{prefix}␟…</c> after <c>{prefix}␟{after}</c>, in key order.</summary>
    private static BsonExpression KeyRange(string prefix, string? after) =>
        Query.And(Query.GT("_id", after is null ? prefix + Keys.Separator : Keys.Of(prefix, after)), Query.LT("_id", Keys.PrefixEnd(prefix)));

    private static PushDelivery Copy(PushDelivery delivery, DateTime nextAttemptAt) => new()
    {
        Id = delivery.Id,
        SubscriptionId = delivery.SubscriptionId,
        UserId = delivery.UserId,
        NotificationId = delivery.NotificationId,
        Kind = delivery.Kind,
        StreamId = delivery.StreamId,
        Payload = delivery.Payload,
        Attempts = delivery.Attempts,
        NextAttemptAt = nextAttemptAt,
        CreatedAt = delivery.CreatedAt,
    };

    /// <summary>
    /// A write of many documents as one LiteDB transaction: one commit (one journal flush) for the batch instead of one per
    /// document. Runs synchronously on one thread under the write lock, as LiteDB's transactions are per thread.
    /// </summary>
    private Task<T> WriteBatchAsync<T>(Func<T> write, CancellationToken cancellationToken) =>
        WriteAsync(() =>
        {
            _database.BeginTrans();
            try
            {
                var result = write();
                _database.Commit();
                return result;
            }
            catch
            {
                _database.Rollback();
                throw;
            }
        }, cancellationToken);

    private async Task<T> WriteAsync<T>(Func<T> write, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            return write();
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
