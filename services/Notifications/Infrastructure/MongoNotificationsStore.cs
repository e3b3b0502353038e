using MongoDB.Bson.Serialization.Conventions;
using MongoDB.Driver;

namespace PawfectLive.Notifications.Infrastructure;

/// <summary>
/// The production store on MongoDB (its own database, <c>pawfectlive-notifications</c> by default). Every rule that must
/// hold with several instances is one atomic single-document operation: a unique key, a conditional update or upsert.
/// </summary>
public sealed class MongoNotificationsStore : INotificationsDatabase
{
    private readonly IMongoCollection<Follow> _follows;
    private readonly IMongoCollection<InboxNotification> _inbox;
    private readonly IMongoCollection<PushSubscription> _subscriptions;
    private readonly IMongoCollection<PushDelivery> _deliveries;
    private readonly IMongoCollection<UserPreferences> _preferences;
    private readonly IMongoCollection<OwnerBlock> _blocks;
    private readonly IMongoCollection<EndedStream> _ended;
    private readonly IMongoCollection<AlertClaim> _claims;
    private readonly IMongoCollection<ScheduleProjection> _schedules;
    private readonly IMongoCollection<Reminder> _reminders;

    public MongoNotificationsStore(IMongoDatabase database)
    {
        ConventionRegistry.Register(
            "pawfectlive-notifications",
            new ConventionPack { new CamelCaseElementNameConvention(), new IgnoreExtraElementsConvention(true) },
            type => type.Namespace == typeof(Follow).Namespace);
        _follows = database.GetCollection<Follow>("follows");
        _inbox = database.GetCollection<InboxNotification>("inbox");
        _subscriptions = database.GetCollection<PushSubscription>("pushSubscriptions");
        _deliveries = database.GetCollection<PushDelivery>("pushDeliveries");
        _preferences = database.GetCollection<UserPreferences>("preferences");
        _blocks = database.GetCollection<OwnerBlock>("ownerBlocks");
        _ended = database.GetCollection<EndedStream>("endedStreams");
        _claims = database.GetCollection<AlertClaim>("goLiveClaims");
        _schedules = database.GetCollection<ScheduleProjection>("schedules");
        _reminders = database.GetCollection<Reminder>("reminders");
    }

    public async Task EnsureIndexesAsync(CancellationToken cancellationToken)
    {
        await _follows.Indexes.CreateOneAsync(new CreateIndexModel<Follow>(
            Builders<Follow>.IndexKeys.Ascending(f => f.FollowerId).Descending(f => f.CreatedAt)), cancellationToken: cancellationToken);
        await _inbox.Indexes.CreateManyAsync(
        [
            new CreateIndexModel<InboxNotification>(Builders<InboxNotification>.IndexKeys.Ascending(n => n.UserId).Descending(n => n.CreatedAt).Descending(n => n.Id)),
            new CreateIndexModel<InboxNotification>(Builders<InboxNotification>.IndexKeys.Ascending(n => n.UserId).Ascending(n => n.ReadAt)),
            new CreateIndexModel<InboxNotification>(Builders<InboxNotification>.IndexKeys.Ascending(n => n.CreatedAt)),
        ], cancellationToken);
        await _subscriptions.Indexes.CreateOneAsync(new CreateIndexModel<PushSubscription>(
            Builders<PushSubscription>.IndexKeys.Ascending(s => s.UserId)), cancellationToken: cancellationToken);
        await _deliveries.Indexes.CreateManyAsync(
        [
            new CreateIndexModel<PushDelivery>(Builders<PushDelivery>.IndexKeys.Ascending(d => d.NextAttemptAt)),
            new CreateIndexModel<PushDelivery>(Builders<PushDelivery>.IndexKeys.Ascending(d => d.SubscriptionId)),
        ], cancellationToken);
        await _ended.Indexes.CreateOneAsync(new CreateIndexModel<EndedStream>(
            Builders<EndedStream>.IndexKeys.Ascending(e => e.EndedAt)), cancellationToken: cancellationToken);
        await _claims.Indexes.CreateOneAsync(new CreateIndexModel<AlertClaim>(
            Builders<AlertClaim>.IndexKeys.Ascending(c => c.At)), cancellationToken: cancellationToken);
        await _schedules.Indexes.CreateOneAsync(new CreateIndexModel<ScheduleProjection>(
            Builders<ScheduleProjection>.IndexKeys.Ascending(s => s.ReminderPending).Ascending(s => s.StartsAt)), cancellationToken: cancellationToken);
        await _reminders.Indexes.CreateOneAsync(new CreateIndexModel<Reminder>(
            Builders<Reminder>.IndexKeys.Ascending(r => r.UserId)), cancellationToken: cancellationToken);
    }

    // Follows

    public async Task<FollowResult> FollowAsync(Follow follow, int maxPerUser, CancellationToken cancellationToken)
    {
        if (await IsFollowingAsync(follow.FollowerId, follow.OwnerId, cancellationToken))
        {
            return FollowResult.AlreadyFollowing;
        }
        // The limit bounds state; two follows racing at the limit may both pass, which the next one sees.
        var count = await _follows.CountDocumentsAsync(Builders<Follow>.Filter.Eq(f => f.FollowerId, follow.FollowerId),
            new CountOptions { Limit = maxPerUser }, cancellationToken);
        if (count >= maxPerUser)
        {
            return FollowResult.LimitReached;
        }
        return await InsertOnceAsync(_follows, follow, cancellationToken) ? FollowResult.Added : FollowResult.AlreadyFollowing;
    }

    public async Task<bool> UnfollowAsync(string followerId, string ownerId, CancellationToken cancellationToken) =>
        (await _follows.DeleteOneAsync(Builders<Follow>.Filter.Eq(f => f.Id, Keys.Of(ownerId, followerId)), cancellationToken)).DeletedCount == 1;

    public async Task<bool> IsFollowingAsync(string followerId, string ownerId, CancellationToken cancellationToken) =>
        await _follows.Find(Builders<Follow>.Filter.Eq(f => f.Id, Keys.Of(ownerId, followerId))).AnyAsync(cancellationToken);

    public Task<long> CountFollowersAsync(string ownerId, CancellationToken cancellationToken) =>
        _follows.CountDocumentsAsync(KeyRange<Follow>(ownerId, null), cancellationToken: cancellationToken);

    public async Task<IReadOnlyList<Follow>> ListFollowingAsync(string followerId, CancellationToken cancellationToken) =>
        await _follows.Find(Builders<Follow>.Filter.Eq(f => f.FollowerId, followerId))
            .Sort(Builders<Follow>.Sort.Descending(f => f.CreatedAt).Ascending(f => f.OwnerId))
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<string>> ListFollowersAsync(string ownerId, int limit, string? afterFollowerId, CancellationToken cancellationToken) =>
        await _follows.Find(KeyRange<Follow>(ownerId, afterFollowerId))
            .Sort(Builders<Follow>.Sort.Ascending(f => f.Id))
            .Limit(limit)
            .Project(f => f.FollowerId)
            .ToListAsync(cancellationToken);

    // Inbox

    public async Task<IReadOnlyList<string>> AddNotificationsAsync(IReadOnlyList<InboxNotification> notifications, CancellationToken cancellationToken) =>
        await InsertManyOnceAsync(_inbox, notifications, n => n.Id, cancellationToken);

    public async Task<IReadOnlyList<InboxNotification>> ListNotificationsAsync(string userId, int limit, InboxCursor? before, CancellationToken cancellationToken)
    {
        var filter = Builders<InboxNotification>.Filter;
        var query = filter.Eq(n => n.UserId, userId);
        if (before is not null)
        {
            query &= filter.Lt(n => n.CreatedAt, before.CreatedAt) | (filter.Eq(n => n.CreatedAt, before.CreatedAt) & filter.Lt(n => n.Id, before.Id));
        }
        return await _inbox.Find(query)
            .Sort(Builders<InboxNotification>.Sort.Descending(n => n.CreatedAt).Descending(n => n.Id))
            .Limit(limit)
            .ToListAsync(cancellationToken);
    }

    public Task<long> CountUnreadAsync(string userId, CancellationToken cancellationToken) =>
        _inbox.CountDocumentsAsync(Builders<InboxNotification>.Filter.Eq(n => n.UserId, userId) & Builders<InboxNotification>.Filter.Eq(n => n.ReadAt, null),
            cancellationToken: cancellationToken);

    public async Task<bool> MarkReadAsync(string userId, string notificationId, DateTime at, CancellationToken cancellationToken)
    {
        var filter = Builders<InboxNotification>.Filter;
        var mine = filter.Eq(n => n.Id, notificationId) & filter.Eq(n => n.UserId, userId);
        await _inbox.UpdateOneAsync(mine & filter.Eq(n => n.ReadAt, null), Builders<InboxNotification>.Update.Set(n => n.ReadAt, at),
            cancellationToken: cancellationToken);
        return await _inbox.Find(mine).AnyAsync(cancellationToken);
    }

    public async Task<long> MarkAllReadAsync(string userId, DateTime at, CancellationToken cancellationToken) =>
        (await _inbox.UpdateManyAsync(
            Builders<InboxNotification>.Filter.Eq(n => n.UserId, userId) & Builders<InboxNotification>.Filter.Eq(n => n.ReadAt, null),
            Builders<InboxNotification>.Update.Set(n => n.ReadAt, at), cancellationToken: cancellationToken)).ModifiedCount;

    public async Task<long> DeleteNotificationsBeforeAsync(DateTime cutoff, CancellationToken cancellationToken) =>
        (await _inbox.DeleteManyAsync(Builders<InboxNotification>.Filter.Lt(n => n.CreatedAt, cutoff), cancellationToken)).DeletedCount;

    // Push

    public async Task<SubscriptionResult> AddSubscriptionAsync(PushSubscription subscription, int maxPerUser, CancellationToken cancellationToken)
    {
        var existing = await GetSubscriptionAsync(subscription.Id, cancellationToken);
        if (existing is null || existing.UserId != subscription.UserId)
        {
            var count = await _subscriptions.CountDocumentsAsync(Builders<PushSubscription>.Filter.Eq(s => s.UserId, subscription.UserId),
                new CountOptions { Limit = maxPerUser }, cancellationToken);
            if (count >= maxPerUser)
            {
                return SubscriptionResult.LimitReached;
            }
        }
        subscription.CreatedAt = existing?.CreatedAt ?? subscription.CreatedAt;
        await _subscriptions.ReplaceOneAsync(Builders<PushSubscription>.Filter.Eq(s => s.Id, subscription.Id), subscription,
            new ReplaceOptions { IsUpsert = true }, cancellationToken);
        return existing is null ? SubscriptionResult.Added : SubscriptionResult.Existing;
    }

    public async Task<PushSubscription?> GetSubscriptionAsync(string id, CancellationToken cancellationToken) =>
        await _subscriptions.Find(Builders<PushSubscription>.Filter.Eq(s => s.Id, id)).FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<PushSubscription>> ListSubscriptionsAsync(string userId, CancellationToken cancellationToken) =>
        await _subscriptions.Find(Builders<PushSubscription>.Filter.Eq(s => s.UserId, userId))
            .Sort(Builders<PushSubscription>.Sort.Ascending(s => s.CreatedAt))
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<PushSubscription>> ListSubscriptionsOfUsersAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken) =>
        await _subscriptions.Find(Builders<PushSubscription>.Filter.In(s => s.UserId, userIds)).ToListAsync(cancellationToken);

    public async Task<bool> RemoveSubscriptionAsync(string id, string? userId, CancellationToken cancellationToken)
    {
        var filter = Builders<PushSubscription>.Filter.Eq(s => s.Id, id);
        if (userId is not null)
        {
            filter &= Builders<PushSubscription>.Filter.Eq(s => s.UserId, userId);
        }
        var deleted = (await _subscriptions.DeleteOneAsync(filter, cancellationToken)).DeletedCount == 1;
        if (deleted)
        {
            await _deliveries.DeleteManyAsync(Builders<PushDelivery>.Filter.Eq(d => d.SubscriptionId, id), cancellationToken);
        }
        return deleted;
    }

    public Task AddDeliveriesAsync(IReadOnlyList<PushDelivery> deliveries, CancellationToken cancellationToken) =>
        InsertManyOnceAsync(_deliveries, deliveries, d => d.Id, cancellationToken);

    /// <summary>The due ids are listed, then claimed with one update that applies only to those still due: another taker's ones drop out.</summary>
    public async Task<IReadOnlyList<PushDelivery>> ClaimDueDeliveriesAsync(DateTime now, TimeSpan claimFor, int limit, CancellationToken cancellationToken)
    {
        var filter = Builders<PushDelivery>.Filter;
        var due = await _deliveries.Find(filter.Lte(d => d.NextAttemptAt, now))
            .Sort(Builders<PushDelivery>.Sort.Ascending(d => d.NextAttemptAt))
            .Limit(limit)
            .ToListAsync(cancellationToken);
        var claimed = new List<PushDelivery>(due.Count);
        foreach (var delivery in due)
        {
            var taken = await _deliveries.UpdateOneAsync(
                filter.Eq(d => d.Id, delivery.Id) & filter.Eq(d => d.NextAttemptAt, delivery.NextAttemptAt),
                Builders<PushDelivery>.Update.Set(d => d.NextAttemptAt, now + claimFor), cancellationToken: cancellationToken);
            if (taken.ModifiedCount == 1)
            {
                claimed.Add(delivery);
            }
        }
        return claimed;
    }

    public Task CompleteDeliveriesAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        ids.Count == 0 ? Task.CompletedTask : _deliveries.DeleteManyAsync(Builders<PushDelivery>.Filter.In(d => d.Id, ids), cancellationToken);

    public Task RetryDeliveryAsync(string id, int attempts, DateTime nextAttemptAt, CancellationToken cancellationToken) =>
        _deliveries.UpdateOneAsync(Builders<PushDelivery>.Filter.Eq(d => d.Id, id),
            Builders<PushDelivery>.Update.Set(d => d.Attempts, attempts).Set(d => d.NextAttemptAt, nextAttemptAt), cancellationToken: cancellationToken);

    public Task<long> CountDeliveriesAsync(CancellationToken cancellationToken) =>
        _deliveries.CountDocumentsAsync(FilterDefinition<PushDelivery>.Empty, cancellationToken: cancellationToken);

    // Audience

    public async Task<UserPreferences> GetPreferencesAsync(string userId, CancellationToken cancellationToken) =>
        await _preferences.Find(Builders<UserPreferences>.Filter.Eq(p => p.Id, userId)).FirstOrDefaultAsync(cancellationToken)
        ?? new UserPreferences { Id = userId };

    /// <summary>Optimistic concurrency on <see cref="UserPreferences.UpdatedAt"/> (each change moves it; a first write inserts).</summary>
    public async Task<UserPreferences> UpdatePreferencesAsync(string userId, Func<UserPreferences, bool> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var stored = await _preferences.Find(Builders<UserPreferences>.Filter.Eq(p => p.Id, userId)).FirstOrDefaultAsync(cancellationToken);
            var preferences = stored ?? new UserPreferences { Id = userId };
            var readAt = preferences.UpdatedAt;
            if (!change(preferences))
            {
                return preferences;
            }
            if (preferences.UpdatedAt == readAt)
            {
                preferences.UpdatedAt = readAt.AddTicks(1);
            }
            try
            {
                if (stored is null)
                {
                    await _preferences.InsertOneAsync(preferences, cancellationToken: cancellationToken);
                    return preferences;
                }
                var result = await _preferences.ReplaceOneAsync(
                    Builders<UserPreferences>.Filter.Eq(p => p.Id, userId) & Builders<UserPreferences>.Filter.Eq(p => p.UpdatedAt, readAt),
                    preferences, cancellationToken: cancellationToken);
                if (result.ModifiedCount == 1)
                {
                    return preferences;
                }
            }
            catch (MongoWriteException ex) when (ex.WriteError.Category == ServerErrorCategory.DuplicateKey)
            {
                // Another first write got there: read it and apply the change to it.
            }
            if (attempt >= 16)
            {
                throw new InvalidOperationException($"The settings of {userId} kept changing under 16 attempts to update them.");
            }
        }
    }

    public async Task<IReadOnlyList<UserPreferences>> ListPreferencesAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken) =>
        await _preferences.Find(Builders<UserPreferences>.Filter.In(p => p.Id, userIds)).ToListAsync(cancellationToken);

    /// <summary>Replaces an older version, or inserts; a newer stored version makes the filter miss and the insert collide (ignored).</summary>
    public async Task ApplyBlockAsync(OwnerBlock block, CancellationToken cancellationToken)
    {
        try
        {
            await _blocks.ReplaceOneAsync(
                Builders<OwnerBlock>.Filter.Eq(b => b.Id, block.Id) & Builders<OwnerBlock>.Filter.Lt(b => b.Version, block.Version),
                block, new ReplaceOptions { IsUpsert = true }, cancellationToken);
        }
        catch (MongoWriteException ex) when (ex.WriteError.Category == ServerErrorCategory.DuplicateKey)
        {
            // A newer (or the same) version is stored.
        }
    }

    public async Task<IReadOnlySet<string>> FindBlockedAsync(string ownerId, IReadOnlyCollection<string> userIds, CancellationToken cancellationToken)
    {
        var filter = Builders<OwnerBlock>.Filter;
        var blocked = await _blocks.Find(KeyRange<OwnerBlock>(ownerId, null) & filter.In(b => b.UserId, userIds) & filter.Eq(b => b.Blocked, true))
            .Project(b => b.UserId)
            .ToListAsync(cancellationToken);
        return blocked.ToHashSet(StringComparer.Ordinal);
    }

    public Task MarkStreamEndedAsync(string streamId, DateTime endedAt, CancellationToken cancellationToken) =>
        _ended.ReplaceOneAsync(Builders<EndedStream>.Filter.Eq(e => e.Id, streamId), new EndedStream { Id = streamId, EndedAt = endedAt },
            new ReplaceOptions { IsUpsert = true }, cancellationToken);

    public async Task<bool> HasStreamEndedAsync(string streamId, CancellationToken cancellationToken) =>
        await _ended.Find(Builders<EndedStream>.Filter.Eq(e => e.Id, streamId)).AnyAsync(cancellationToken);

    /// <summary>
    /// One conditional upsert per user, unordered in one bulk write: it matches a claim of this stream or one older than
    /// the window (and takes it), or inserts a new one; a fresh claim of another stream makes the insert collide on the
    /// key, which refuses that user.
    /// </summary>
    public async Task<IReadOnlySet<string>> ClaimGoLiveAlertsAsync(
        string ownerId, string streamId, IReadOnlyCollection<string> userIds, DateTime now, TimeSpan window, CancellationToken cancellationToken)
    {
        var users = userIds.Distinct().ToList();
        if (users.Count == 0)
        {
            return new HashSet<string>();
        }
        var filter = Builders<AlertClaim>.Filter;
        var writes = users.Select(userId => new UpdateOneModel<AlertClaim>(
            filter.Eq(c => c.Id, Keys.Of(userId, ownerId)) & (filter.Eq(c => c.StreamId, streamId) | filter.Lte(c => c.At, now - window)),
            Builders<AlertClaim>.Update.Set(c => c.StreamId, streamId).Set(c => c.At, now))
        { IsUpsert = true }).ToList();
        var granted = new HashSet<string>(users, StringComparer.Ordinal);
        try
        {
            await _claims.BulkWriteAsync(writes, new BulkWriteOptions { IsOrdered = false }, cancellationToken);
        }
        catch (MongoBulkWriteException<AlertClaim> ex) when (ex.WriteErrors.All(e => e.Category == ServerErrorCategory.DuplicateKey))
        {
            foreach (var error in ex.WriteErrors)
            {
                granted.Remove(users[error.Index]);
            }
        }
        return granted;
    }

    public async Task DeleteAudienceStateBeforeAsync(DateTime cutoff, CancellationToken cancellationToken)
    {
        await _ended.DeleteManyAsync(Builders<EndedStream>.Filter.Lt(e => e.EndedAt, cutoff), cancellationToken);
        await _claims.DeleteManyAsync(Builders<AlertClaim>.Filter.Lt(c => c.At, cutoff), cancellationToken);
    }

    // Schedules and reminders

    public async Task<bool> ApplyScheduleAsync(ScheduleProjection schedule, CancellationToken cancellationToken)
    {
        var filter = Builders<ScheduleProjection>.Filter;
        for (var attempt = 1; attempt <= 16; attempt++)
        {
            var stored = await GetScheduleAsync(schedule.Id, cancellationToken);
            if (stored is not null && stored.Version >= schedule.Version)
            {
                return false;
            }
            var open = schedule.Status == ScheduleStates.Scheduled;
            schedule.ReminderPending = open && (stored is null || stored.ReminderPending || stored.StartsAt != schedule.StartsAt);
            schedule.ReminderClaimedUntil = stored is not null && stored.StartsAt == schedule.StartsAt ? stored.ReminderClaimedUntil : null;
            if (stored is null)
            {
                if (await InsertOnceAsync(_schedules, schedule, cancellationToken))
                {
                    return true;
                }
                continue;
            }
            var result = await _schedules.ReplaceOneAsync(filter.Eq(s => s.Id, schedule.Id) & filter.Eq(s => s.Version, stored.Version), schedule,
                cancellationToken: cancellationToken);
            if (result.ModifiedCount == 1)
            {
                return true;
            }
        }
        throw new InvalidOperationException($"Schedule {schedule.Id} kept changing under 16 attempts to apply version {schedule.Version}.");
    }

    public async Task<ScheduleProjection?> GetScheduleAsync(string id, CancellationToken cancellationToken) =>
        await _schedules.Find(Builders<ScheduleProjection>.Filter.Eq(s => s.Id, id)).FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<ScheduleProjection>> ClaimDueRemindersAsync(
        DateTime now, TimeSpan lead, TimeSpan claimFor, int limit, CancellationToken cancellationToken)
    {
        var filter = Builders<ScheduleProjection>.Filter;
        var claimable = filter.Eq(s => s.ReminderPending, true) & filter.Lte(s => s.StartsAt, now + lead) & filter.Gt(s => s.StartsAt, now)
            & (filter.Eq(s => s.ReminderClaimedUntil, null) | filter.Lte(s => s.ReminderClaimedUntil, now));
        var due = await _schedules.Find(claimable).Sort(Builders<ScheduleProjection>.Sort.Ascending(s => s.StartsAt)).Limit(limit).ToListAsync(cancellationToken);
        var claimed = new List<ScheduleProjection>(due.Count);
        foreach (var schedule in due)
        {
            var taken = await _schedules.UpdateOneAsync(filter.Eq(s => s.Id, schedule.Id) & filter.Eq(s => s.Version, schedule.Version) & claimable,
                Builders<ScheduleProjection>.Update.Set(s => s.ReminderClaimedUntil, now + claimFor), cancellationToken: cancellationToken);
            if (taken.ModifiedCount == 1)
            {
                claimed.Add(schedule);
            }
        }
        return claimed;
    }

    public Task MarkReminderSentAsync(string scheduleId, DateTime startsAt, CancellationToken cancellationToken) =>
        _schedules.UpdateOneAsync(
            Builders<ScheduleProjection>.Filter.Eq(s => s.Id, scheduleId) & Builders<ScheduleProjection>.Filter.Eq(s => s.StartsAt, startsAt),
            Builders<ScheduleProjection>.Update.Set(s => s.ReminderPending, false).Set(s => s.ReminderClaimedUntil, null),
            cancellationToken: cancellationToken);

    public async Task<ReminderResult> AddReminderAsync(Reminder reminder, int maxPerUser, CancellationToken cancellationToken)
    {
        if (await HasReminderAsync(reminder.ScheduleId, reminder.UserId, cancellationToken))
        {
            return ReminderResult.Existing;
        }
        var count = await _reminders.CountDocumentsAsync(Builders<Reminder>.Filter.Eq(r => r.UserId, reminder.UserId),
            new CountOptions { Limit = maxPerUser }, cancellationToken);
        if (count >= maxPerUser)
        {
            return ReminderResult.LimitReached;
        }
        return await InsertOnceAsync(_reminders, reminder, cancellationToken) ? ReminderResult.Added : ReminderResult.Existing;
    }

    public async Task<bool> RemoveReminderAsync(string scheduleId, string userId, CancellationToken cancellationToken) =>
        (await _reminders.DeleteOneAsync(Builders<Reminder>.Filter.Eq(r => r.Id, Keys.Of(scheduleId, userId)), cancellationToken)).DeletedCount == 1;

    public async Task<bool> HasReminderAsync(string scheduleId, string userId, CancellationToken cancellationToken) =>
        await _reminders.Find(Builders<Reminder>.Filter.Eq(r => r.Id, Keys.Of(scheduleId, userId))).AnyAsync(cancellationToken);

    public async Task<IReadOnlyList<string>> ListRemindedUsersAsync(string scheduleId, int limit, string? afterUserId, CancellationToken cancellationToken) =>
        await _reminders.Find(KeyRange<Reminder>(scheduleId, afterUserId))
            .Sort(Builders<Reminder>.Sort.Ascending(r => r.Id))
            .Limit(limit)
            .Project(r => r.UserId)
            .ToListAsync(cancellationToken);

    /// <summary>The keys <c>{prefix}␟…</c> after <c>{prefix}␟{after}</c> (string <c>_id</c>s compare by code point in MongoDB).</summary>
    private static FilterDefinition<T> KeyRange<T>(string prefix, string? after) =>
        Builders<T>.Filter.Gt("_id", after is null ? prefix + Keys.Separator : Keys.Of(prefix, after))
        & Builders<T>.Filter.Lt("_id", Keys.PrefixEnd(prefix));

    private static async Task<bool> InsertOnceAsync<T>(IMongoCollection<T> collection, T document, CancellationToken cancellationToken)
    {
        try
        {
            await collection.InsertOneAsync(document, cancellationToken: cancellationToken);
            return true;
        }
        catch (MongoWriteException ex) when (ex.WriteError.Category == ServerErrorCategory.DuplicateKey)
        {
            return false;
        }
    }

    /// <summary>Inserts unordered; documents whose id is stored already are left out. Returns the ids it inserted.</summary>
    private static async Task<IReadOnlyList<string>> InsertManyOnceAsync<T>(
        IMongoCollection<T> collection, IReadOnlyList<T> documents, Func<T, string> id, CancellationToken cancellationToken)
    {
        if (documents.Count == 0)
        {
            return [];
        }
        var inserted = Enumerable.Range(0, documents.Count).ToHashSet();
        try
        {
            await collection.InsertManyAsync(documents, new InsertManyOptions { IsOrdered = false }, cancellationToken);
        }
        catch (MongoBulkWriteException<T> ex) when (ex.WriteErrors.All(e => e.Category == ServerErrorCategory.DuplicateKey))
        {
            inserted.ExceptWith(ex.WriteErrors.Select(e => e.Index));
        }
        return [.. inserted.Order().Select(index => id(documents[index]))];
    }
}
