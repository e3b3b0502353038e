using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Conventions;
using MongoDB.Bson.Serialization.Serializers;
using MongoDB.Driver;
using PawfectLive.Contracts;

namespace PawfectLive.Streams.Infrastructure;

/// <summary>
/// The production store on MongoDB. Every change of a stream is one single-document update guarded by the version it
/// was computed from (optimistic concurrency), so several Streams instances may share it.
/// </summary>
public sealed partial class MongoStreamStore
    : IStreamsDatabase
{
    public const string OneLiveStreamPerOwnerIndex = "one_live_stream_per_owner";
    public const string OneOpenReportIndex = "one_open_report_per_reporter_and_stream";
    private const int MaxUpdateAttempts = 16;

    private readonly IMongoCollection<LiveStream> _streams;
    private readonly IMongoCollection<AbuseReport> _reports;
    private readonly IMongoCollection<StreamPresence> _presence;
    private readonly IMongoCollection<AuditEntry> _audit;
    private readonly IMongoCollection<ViewerSession> _sessions;

    // One document per reporter: { _id: reporterId, times: [DateTime] }, the report times inside the rate window.
    private readonly IMongoCollection<BsonDocument> _reportQuotas;
    private readonly IMongoCollection<ChatMinute> _chatMinutes;
    private readonly IMongoCollection<WorkLease> _leases;

    public MongoStreamStore(IMongoDatabase database)
    {
        RegisterClassMaps();
        _streams = database.GetCollection<LiveStream>("streams");
        _reports = database.GetCollection<AbuseReport>("reports");
        _reportQuotas = database.GetCollection<BsonDocument>("reportQuotas");
        _presence = database.GetCollection<StreamPresence>("presence");
        _audit = database.GetCollection<AuditEntry>("audit");
        _sessions = database.GetCollection<ViewerSession>("viewerSessions");
        _chatMinutes = database.GetCollection<ChatMinute>("chatActivity");
        _leases = database.GetCollection<WorkLease>("leases");
        _schedules = database.GetCollection<StreamSchedule>("schedules");
    }

    private static FilterDefinitionBuilder<LiveStream> Filter => Builders<LiveStream>.Filter;
    private static UpdateDefinitionBuilder<LiveStream> Update => Builders<LiveStream>.Update;

    /// <summary>The indexes of SPEC.md, plus what enforces one live stream per owner and serves the outbox and rate limit.</summary>
    public async Task EnsureIndexesAsync(CancellationToken cancellationToken)
    {
        var keys = Builders<LiveStream>.IndexKeys;
        await _streams.Indexes.CreateManyAsync(
        [
            new CreateIndexModel<LiveStream>(keys.Ascending(s => s.IsLive).Descending(s => s.StartedAt)),
            new CreateIndexModel<LiveStream>(keys.Ascending(s => s.OwnerId).Ascending(s => s.IsLive)),
            new CreateIndexModel<LiveStream>(keys.Ascending(s => s.RoomName), new CreateIndexOptions { Unique = true }),
            new CreateIndexModel<LiveStream>(keys.Ascending(s => s.Recording!.Status).Ascending(s => s.IsLive), new CreateIndexOptions { Sparse = true }),
            new CreateIndexModel<LiveStream>(keys.Ascending(s => s.OwnerId), new CreateIndexOptions<LiveStream>
            {
                Name = OneLiveStreamPerOwnerIndex,
                Unique = true,
                PartialFilterExpression = Filter.Eq(s => s.IsLive, true),
            }),
            new CreateIndexModel<LiveStream>(keys.Ascending(s => s.OwnerId).Descending(s => s.StartedAt)),
            new CreateIndexModel<LiveStream>(keys.Ascending("pendingEvents.id"), new CreateIndexOptions { Sparse = true }),
        ], cancellationToken);
        var reportKeys = Builders<AbuseReport>.IndexKeys;
        await _reports.Indexes.CreateManyAsync(
        [
            new CreateIndexModel<AbuseReport>(reportKeys.Ascending(r => r.StreamId).Ascending(r => r.ReporterId), new CreateIndexOptions<AbuseReport>
            {
                Name = OneOpenReportIndex,
                Unique = true,
                PartialFilterExpression = Builders<AbuseReport>.Filter.Eq(r => r.IsOpen, true),
            }),
            new CreateIndexModel<AbuseReport>(reportKeys.Ascending(r => r.ReporterId).Descending(r => r.CreatedAt)),
            new CreateIndexModel<AbuseReport>(reportKeys.Ascending(r => r.IsOpen).Descending(r => r.Id)),
        ], cancellationToken);
        // A lease nobody renewed is forgotten an hour after it ran out (released ones are deleted at once).
        await _leases.Indexes.CreateOneAsync(new CreateIndexModel<WorkLease>(Builders<WorkLease>.IndexKeys.Ascending(l => l.Until),
            new CreateIndexOptions { ExpireAfter = TimeSpan.FromHours(1) }), cancellationToken: cancellationToken);
        await EnsureScheduleIndexesAsync(cancellationToken);
        var auditKeys = Builders<AuditEntry>.IndexKeys;
        await _audit.Indexes.CreateManyAsync(
        [
            new CreateIndexModel<AuditEntry>(auditKeys.Ascending(e => e.StreamId).Descending(e => e.Id)),
            new CreateIndexModel<AuditEntry>(auditKeys.Ascending(e => e.ActorId).Descending(e => e.Id)),
        ], cancellationToken);
        var sessionKeys = Builders<ViewerSession>.IndexKeys;
        await _sessions.Indexes.CreateManyAsync(
        [
            new CreateIndexModel<ViewerSession>(sessionKeys.Ascending(s => s.StreamId).Ascending(s => s.LeftAt)),
            new CreateIndexModel<ViewerSession>(sessionKeys.Ascending(s => s.LeftAt)),
        ], cancellationToken);
        await _chatMinutes.Indexes.CreateOneAsync(new CreateIndexModel<ChatMinute>(Builders<ChatMinute>.IndexKeys.Ascending(m => m.StreamId)),
            cancellationToken: cancellationToken);
    }

    public async Task InsertLiveAsync(LiveStream stream, CancellationToken cancellationToken)
    {
        try
        {
            await _streams.InsertOneAsync(stream, cancellationToken: cancellationToken);
        }
        catch (MongoWriteException ex) when (ex.WriteError.Category == ServerErrorCategory.DuplicateKey
            && ex.WriteError.Message.Contains(OneLiveStreamPerOwnerIndex, StringComparison.Ordinal))
        {
            var live = await FindLiveByOwnerAsync(stream.OwnerId, cancellationToken);
            throw new OwnerAlreadyLiveException(live?.Id ?? "");
        }
    }

    public async Task<LiveStream?> GetAsync(string id, CancellationToken cancellationToken) =>
        await _streams.Find(Filter.Eq(s => s.Id, id)).FirstOrDefaultAsync(cancellationToken);

    public async Task<LiveStream?> GetByRoomNameAsync(string roomName, CancellationToken cancellationToken) =>
        await _streams.Find(Filter.Eq(s => s.RoomName, roomName)).FirstOrDefaultAsync(cancellationToken);

    public async Task<string?> FindIdByRoomNameAsync(string roomName, CancellationToken cancellationToken) =>
        await _streams.Find(Filter.Eq(s => s.RoomName, roomName)).Project(s => s.Id).FirstOrDefaultAsync(cancellationToken);

    public async Task<LiveStream?> FindLiveByOwnerAsync(string ownerId, CancellationToken cancellationToken) =>
        await _streams.Find(Filter.Eq(s => s.OwnerId, ownerId) & Filter.Eq(s => s.IsLive, true)).FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<DateTime>> StartTimesSinceAsync(string ownerId, DateTime since, CancellationToken cancellationToken) =>
        await _streams.Find(Filter.Eq(s => s.OwnerId, ownerId) & Filter.Gte(s => s.StartedAt, since))
            .Project(s => s.StartedAt)
            .ToListAsync(cancellationToken);

    public Task<IReadOnlyList<LiveStream>> ListByOwnerAsync(string ownerId, int limit, StreamCursor? before, CancellationToken cancellationToken) =>
        ListNewestFirstAsync(Filter.Eq(s => s.OwnerId, ownerId), limit, before, cancellationToken);

    public Task<IReadOnlyList<LiveStream>> ListReplaysByOwnerAsync(string ownerId, int limit, StreamCursor? before, CancellationToken cancellationToken) =>
        ListNewestFirstAsync(Filter.Eq(s => s.OwnerId, ownerId)
            & Filter.Eq(s => s.Recording!.Status, RecordingStates.Ready)
            & Filter.Eq(s => s.Recording!.DeletedAt, null), limit, before, cancellationToken);

    /// <summary>
    /// A page of the streams matching <paramref name="filter"/>, newest first, continuing after <paramref name="before"/>
    /// (<see cref="StreamCursor.Admits"/> as a filter), without the outbox and, for a public listing, without the private
    /// state (the fields <see cref="LiveStream.LeaveOutPrivateState"/> empties).
    /// </summary>
    private async Task<IReadOnlyList<LiveStream>> ListNewestFirstAsync(
        FilterDefinition<LiveStream> filter, int limit, StreamCursor? before, CancellationToken cancellationToken, bool withPrivateState = true)
    {
        if (before is { } cursor)
        {
            filter &= Filter.Lt(s => s.StartedAt, cursor.StartedAt)
                | (Filter.Eq(s => s.StartedAt, cursor.StartedAt) & Filter.Lt(s => s.Id, cursor.Id));
        }
        var projection = Builders<LiveStream>.Projection.Exclude(s => s.PendingEvents);
        if (!withPrivateState)
        {
            projection = projection.Exclude(s => s.BlockedUserIds).Exclude(s => s.ModeratorIds).Exclude(s => s.Timeouts).Exclude(s => s.Chat);
        }
        return await _streams.Find(filter)
            .Sort(Builders<LiveStream>.Sort.Descending(s => s.StartedAt).Descending(s => s.Id))
            .Limit(limit)
            .Project<LiveStream>(projection)
            .ToListAsync(cancellationToken);
    }

    public Task<IReadOnlyList<LiveStream>> ListLiveAsync(LiveStreamQuery query, CancellationToken cancellationToken)
    {
        var filter = Filter.Eq(s => s.IsLive, true);
        if (query.Tag is { } tag)
        {
            filter &= Filter.AnyEq(s => s.Tags, tag);
        }
        return ListNewestFirstAsync(filter, query.Limit, query.Before, cancellationToken, withPrivateState: query.Whole);
    }

    public async Task<IReadOnlyList<LiveStream>> ListEndedSinceAsync(DateTime since, int limit, CancellationToken cancellationToken) =>
        await _streams.Find(Filter.Eq(s => s.IsLive, false) & Filter.Gte(s => s.EndedAt, since))
            .Sort(Builders<LiveStream>.Sort.Descending(s => s.EndedAt))
            .Limit(limit)
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<LiveStream>> ListUnfinishedRecordingsAsync(int limit, CancellationToken cancellationToken) =>
        await _streams.Find(Filter.Eq(s => s.IsLive, false) & Filter.Ne(s => s.Recording!.EgressId, null)
                & Filter.In(s => s.Recording!.Status, [RecordingStates.Starting, RecordingStates.Recording, RecordingStates.Processing]))
            .Sort(Builders<LiveStream>.Sort.Ascending(s => s.EndedAt))
            .Limit(limit)
            .ToListAsync(cancellationToken);

    public async Task<StreamUpdate?> UpdateAsync(string id, Func<LiveStream, bool> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var stream = await GetAsync(id, cancellationToken);
            if (stream is null)
            {
                return null;
            }
            var readVersion = stream.Version;
            var eventsBefore = stream.PendingEvents.Count;
            if (!change(stream))
            {
                return new StreamUpdate(stream, Changed: false);
            }

            // Optimistic concurrency on the version: the write applies only to the state it was computed from. The
            // outbox is appended to, never replaced, so an event acknowledged meanwhile is not written back.
            var state = stream.ToBsonDocument();
            state.Remove("_id");
            state.Remove("pendingEvents");
            var update = new BsonDocument("$set", state);
            var newEvents = stream.PendingEvents.Skip(eventsBefore).Select(e => e.ToBsonDocument()).ToList();
            if (newEvents.Count > 0)
            {
                update.Add("$push", new BsonDocument("pendingEvents", new BsonDocument("$each", new BsonArray(newEvents))));
            }
            var sameVersion = readVersion == 0
                ? Filter.Eq(s => s.Version, 0) | Filter.Exists(s => s.Version, false) // written before versions existed
                : Filter.Eq(s => s.Version, readVersion);
            var result = await _streams.UpdateOneAsync(Filter.Eq(s => s.Id, id) & sameVersion, update, cancellationToken: cancellationToken);
            if (result.ModifiedCount == 1)
            {
                return new StreamUpdate(stream, Changed: true);
            }
            if (attempt >= MaxUpdateAttempts)
            {
                throw new InvalidOperationException($"Stream {id} kept changing under {MaxUpdateAttempts} attempts to update it.");
            }
        }
    }

    public async Task<StreamPresence> UpdatePresenceAsync(string streamId, Func<StreamPresence, bool> change, CancellationToken cancellationToken)
    {
        var byId = Builders<StreamPresence>.Filter.Eq(p => p.Id, streamId);
        for (var attempt = 1; ; attempt++)
        {
            var stored = await GetPresenceAsync(streamId, cancellationToken);
            var presence = stored ?? StreamPresence.For(streamId);
            var readVersion = presence.Version;
            if (!change(presence))
            {
                return presence;
            }
            try
            {
                // Optimistic concurrency like the stream itself: written only over the state it was computed from.
                if (stored is null)
                {
                    await _presence.InsertOneAsync(presence, cancellationToken: cancellationToken);
                    return presence;
                }
                var replaced = await _presence.ReplaceOneAsync(byId & Builders<StreamPresence>.Filter.Eq(p => p.Version, readVersion), presence,
                    cancellationToken: cancellationToken);
                if (replaced.ModifiedCount == 1)
                {
                    return presence;
                }
            }
            catch (MongoWriteException ex) when (ex.WriteError.Category == ServerErrorCategory.DuplicateKey)
            {
                // another writer created it first: apply the change to theirs
            }
            if (attempt >= MaxUpdateAttempts)
            {
                throw new InvalidOperationException($"The presence of stream {streamId} kept changing under {MaxUpdateAttempts} attempts to update it.");
            }
        }
    }

    public async Task<StreamPresence?> GetPresenceAsync(string streamId, CancellationToken cancellationToken) =>
        await _presence.Find(Builders<StreamPresence>.Filter.Eq(p => p.Id, streamId)).FirstOrDefaultAsync(cancellationToken);

    public Task DeletePresenceAsync(string streamId, CancellationToken cancellationToken) =>
        _presence.DeleteOneAsync(Builders<StreamPresence>.Filter.Eq(p => p.Id, streamId), cancellationToken);

    public async Task<IReadOnlyList<LiveStream>> ListWithPendingEventsAsync(int limit, CancellationToken cancellationToken) =>
        await _streams.Find(Filter.Exists("pendingEvents.id"))
            .Sort(Builders<LiveStream>.Sort.Ascending(s => s.UpdatedAt))
            .Limit(limit)
            .ToListAsync(cancellationToken);

    public Task AcknowledgeEventAsync(string streamId, string eventId, CancellationToken cancellationToken) =>
        _streams.UpdateOneAsync(
            Filter.Eq(s => s.Id, streamId),
            Update.PullFilter(s => s.PendingEvents, Builders<OutboxMessage>.Filter.Eq(e => e.Id, eventId)),
            cancellationToken: cancellationToken);

    public async Task<AbuseReport?> AddOpenReportAsync(AbuseReport report, int maxPerWindow, DateTime windowStart, CancellationToken cancellationToken)
    {
        if (await FindOpenReportAsync(report.StreamId, report.ReporterId, cancellationToken) is { } open)
        {
            return open;
        }
        // The reporter's quota is one document, so taking a slot is one atomic update whatever the streams reported:
        // drop the times that left the window, then push this one only while fewer than maxPerWindow are held.
        var quota = Builders<BsonDocument>.Filter.Eq("_id", report.ReporterId);
        try
        {
            await _reportQuotas.UpdateOneAsync(quota, new BsonDocument("$pull", new BsonDocument("times", new BsonDocument("$lt", windowStart))),
                new UpdateOptions { IsUpsert = true }, cancellationToken);
        }
        catch (MongoWriteException ex) when (ex.WriteError.Category == ServerErrorCategory.DuplicateKey)
        {
            // Two first reports of one user upserted at once: the other one created the document.
        }
        var taken = await _reportQuotas.UpdateOneAsync(quota & Builders<BsonDocument>.Filter.Exists($"times.{maxPerWindow - 1}", false),
            new BsonDocument("$push", new BsonDocument("times", report.CreatedAt)), cancellationToken: cancellationToken);
        if (taken.ModifiedCount == 0)
        {
            return null;
        }
        try
        {
            await _reports.InsertOneAsync(report, cancellationToken: cancellationToken);
            return report;
        }
        catch (MongoWriteException ex) when (ex.WriteError.Category == ServerErrorCategory.DuplicateKey
            && ex.WriteError.Message.Contains(OneOpenReportIndex, StringComparison.Ordinal))
        {
            return await FindOpenReportAsync(report.StreamId, report.ReporterId, cancellationToken) ?? report;
        }
    }

    public async Task<AbuseReport?> FindOpenReportAsync(string streamId, string reporterId, CancellationToken cancellationToken) =>
        await _reports.Find(OpenReportOf(streamId, reporterId)).FirstOrDefaultAsync(cancellationToken);

    private static FilterDefinition<AbuseReport> OpenReportOf(string streamId, string reporterId) =>
        Builders<AbuseReport>.Filter.Eq(r => r.StreamId, streamId)
        & Builders<AbuseReport>.Filter.Eq(r => r.ReporterId, reporterId)
        & Builders<AbuseReport>.Filter.Eq(r => r.IsOpen, true);

    public async Task<IReadOnlyList<DateTime>> ReportTimesSinceAsync(string reporterId, DateTime since, CancellationToken cancellationToken) =>
        await _reports.Find(Builders<AbuseReport>.Filter.Eq(r => r.ReporterId, reporterId) & Builders<AbuseReport>.Filter.Gte(r => r.CreatedAt, since))
            .Project(r => r.CreatedAt)
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<AbuseReport>> ListReportsAsync(int limit, string? beforeId, bool? open, CancellationToken cancellationToken)
    {
        var filter = beforeId is null
            ? Builders<AbuseReport>.Filter.Empty
            : Builders<AbuseReport>.Filter.Lt(r => r.Id, beforeId);
        if (open is { } isOpen)
        {
            filter &= Builders<AbuseReport>.Filter.Eq(r => r.IsOpen, isOpen);
        }
        return await _reports.Find(filter).Sort(Builders<AbuseReport>.Sort.Descending(r => r.Id)).Limit(limit).ToListAsync(cancellationToken);
    }

    public async Task RecordViewerSessionsAsync(IReadOnlyCollection<ViewerSessionEdge> edges, CancellationToken cancellationToken)
    {
        if (edges.Count == 0)
        {
            return;
        }
        // $min and $max keep the earliest join and the latest leave whatever the order; a null never overwrites.
        var writes = edges.Select(edge =>
        {
            var update = Builders<ViewerSession>.Update
                .SetOnInsert(s => s.StreamId, edge.StreamId)
                .SetOnInsert(s => s.Sid, edge.Sid)
                .SetOnInsert(s => s.Identity, edge.Identity);
            if (edge.JoinedAt is { } joinedAt)
            {
                update = update.Min(s => s.JoinedAt, joinedAt);
            }
            if (edge.LeftAt is { } leftAt)
            {
                update = update.Max(s => s.LeftAt, leftAt);
            }
            return new UpdateOneModel<ViewerSession>(Builders<ViewerSession>.Filter.Eq(s => s.Id, ViewerSession.IdOf(edge.StreamId, edge.Sid)), update)
            {
                IsUpsert = true,
            };
        });
        var models = writes.ToList();
        try
        {
            await _sessions.BulkWriteAsync(models, new BulkWriteOptions { IsOrdered = false }, cancellationToken);
        }
        catch (MongoBulkWriteException ex) when (ex.WriteErrors.All(error => error.Category == ServerErrorCategory.DuplicateKey))
        {
            // Two upserts of one new session raced and one lost the insert: the updates are idempotent, so run them again.
            await _sessions.BulkWriteAsync(models, new BulkWriteOptions { IsOrdered = false }, cancellationToken);
        }
    }

    public async Task<IReadOnlyList<ViewerSession>> ListOpenViewerSessionsAsync(string streamId, CancellationToken cancellationToken) =>
        await _sessions.Find(Builders<ViewerSession>.Filter.Eq(s => s.StreamId, streamId) & Builders<ViewerSession>.Filter.Eq(s => s.LeftAt, null))
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<ViewerSession>> ListViewerSessionsAsync(string streamId, CancellationToken cancellationToken) =>
        await _sessions.Find(Builders<ViewerSession>.Filter.Eq(s => s.StreamId, streamId)).ToListAsync(cancellationToken);

    public async Task<int> DeleteViewerSessionsBeforeAsync(DateTime before, CancellationToken cancellationToken)
    {
        var filter = Builders<ViewerSession>.Filter;
        var result = await _sessions.DeleteManyAsync(filter.Ne(s => s.LeftAt, null) & filter.Lt(s => s.LeftAt, before), cancellationToken);
        return (int)result.DeletedCount;
    }

    public async Task RecordChatMinuteAsync(ChatMinute minute, CancellationToken cancellationToken)
    {
        var update = Builders<ChatMinute>.Update
            .SetOnInsert(m => m.StreamId, minute.StreamId)
            .SetOnInsert(m => m.Minute, minute.Minute)
            .SetOnInsert(m => m.Instance, minute.Instance)
            .Max(m => m.Messages, minute.Messages);
        foreach (var (emoji, count) in minute.Reactions)
        {
            update = update.Max($"reactions.{emoji}", count); // emoji are from Chat's allowed set: no '.' or '$'
        }
        var filter = Builders<ChatMinute>.Filter.Eq(m => m.Id, minute.Id);
        try
        {
            await _chatMinutes.UpdateOneAsync(filter, update, new UpdateOptions { IsUpsert = true }, cancellationToken);
        }
        catch (MongoWriteException ex) when (ex.WriteError.Category == ServerErrorCategory.DuplicateKey)
        {
            await _chatMinutes.UpdateOneAsync(filter, update, new UpdateOptions { IsUpsert = true }, cancellationToken); // lost an upsert race
        }
    }

    public async Task<IReadOnlyList<ChatMinute>> ListChatMinutesAsync(string streamId, CancellationToken cancellationToken) =>
        await _chatMinutes.Find(Builders<ChatMinute>.Filter.Eq(m => m.StreamId, streamId)).ToListAsync(cancellationToken);

    public async Task<AbuseReport?> GetReportAsync(string id, CancellationToken cancellationToken) =>
        await _reports.Find(Builders<AbuseReport>.Filter.Eq(r => r.Id, id)).FirstOrDefaultAsync(cancellationToken);

    public async Task<AbuseReport?> ClaimReportAsync(string id, string claimant, DateTime until, DateTime now, CancellationToken cancellationToken)
    {
        var filter = Builders<AbuseReport>.Filter;
        return await _reports.FindOneAndUpdateAsync(
            filter.Eq(r => r.Id, id) & filter.Eq(r => r.IsOpen, true)
                & (filter.Eq(r => r.ClaimedUntil, null) | filter.Lte(r => r.ClaimedUntil, now) | filter.Eq(r => r.ClaimedBy, claimant)),
            Builders<AbuseReport>.Update.Set(r => r.ClaimedBy, claimant).Set(r => r.ClaimedUntil, until),
            new FindOneAndUpdateOptions<AbuseReport> { ReturnDocument = ReturnDocument.After },
            cancellationToken);
    }

    public async Task ReleaseReportAsync(string id, string claimant, CancellationToken cancellationToken) =>
        await _reports.UpdateOneAsync(
            Builders<AbuseReport>.Filter.Eq(r => r.Id, id) & Builders<AbuseReport>.Filter.Eq(r => r.ClaimedBy, claimant),
            Builders<AbuseReport>.Update.Set(r => r.ClaimedBy, null).Set(r => r.ClaimedUntil, null),
            cancellationToken: cancellationToken);

    /// <summary>
    /// One conditional upsert: it matches the lease only when it is free (ran out) or already this holder's; when another
    /// holder's lease is running the filter misses and the upsert's insert of the same <c>_id</c> fails (duplicate key).
    /// </summary>
    public async Task<bool> TryAcquireLeaseAsync(string name, string holder, DateTime until, DateTime now, CancellationToken cancellationToken)
    {
        var lease = Builders<WorkLease>.Filter;
        try
        {
            await _leases.UpdateOneAsync(
                lease.Eq(l => l.Id, name) & (lease.Lte(l => l.Until, now) | lease.Eq(l => l.Holder, holder)),
                Builders<WorkLease>.Update.Set(l => l.Holder, holder).Set(l => l.Until, until),
                new UpdateOptions { IsUpsert = true }, cancellationToken);
            return true;
        }
        catch (MongoWriteException ex) when (ex.WriteError.Category == ServerErrorCategory.DuplicateKey)
        {
            return false;
        }
    }

    public async Task ReleaseLeaseAsync(string name, string holder, CancellationToken cancellationToken) =>
        await _leases.DeleteOneAsync(Builders<WorkLease>.Filter.Eq(l => l.Id, name) & Builders<WorkLease>.Filter.Eq(l => l.Holder, holder), cancellationToken);

    public async Task<AbuseReport?> ResolveReportAsync(string id, ReportResolution resolution, CancellationToken cancellationToken) =>
        await _reports.FindOneAndUpdateAsync(
            Builders<AbuseReport>.Filter.Eq(r => r.Id, id) & Builders<AbuseReport>.Filter.Eq(r => r.IsOpen, true),
            Builders<AbuseReport>.Update.Set(r => r.IsOpen, false).Set(r => r.Resolution, resolution),
            new FindOneAndUpdateOptions<AbuseReport> { ReturnDocument = ReturnDocument.After },
            cancellationToken);

    public async Task AddAuditEntryAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            await _audit.InsertOneAsync(entry, cancellationToken: cancellationToken);
        }
        catch (MongoWriteException ex) when (ex.WriteError.Category == ServerErrorCategory.DuplicateKey)
        {
            // added before (a redelivered command): the log keeps one entry
        }
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAuditAsync(int limit, string? beforeId, string? streamId, string? actorId, CancellationToken cancellationToken)
    {
        var filter = Builders<AuditEntry>.Filter.Empty;
        if (beforeId is not null)
        {
            filter &= Builders<AuditEntry>.Filter.Lt(e => e.Id, beforeId);
        }
        if (streamId is not null)
        {
            filter &= Builders<AuditEntry>.Filter.Eq(e => e.StreamId, streamId);
        }
        if (actorId is not null)
        {
            filter &= Builders<AuditEntry>.Filter.Eq(e => e.ActorId, actorId);
        }
        return await _audit.Find(filter).Sort(Builders<AuditEntry>.Sort.Descending(e => e.Id)).Limit(limit).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// camelCase field names, string ids stored as ObjectIds. The driver's class-map registry is process-wide, so
    /// registration is idempotent.
    /// </summary>
    private static void RegisterClassMaps()
    {
        ConventionRegistry.Register(
            "pawfectlive-streams",
            new ConventionPack { new CamelCaseElementNameConvention(), new IgnoreExtraElementsConvention(true) },
            type => type.Namespace == typeof(LiveStream).Namespace);

        BsonClassMap.TryRegisterClassMap<LiveStream>(map =>
        {
            map.AutoMap();
            map.MapIdMember(s => s.Id).SetSerializer(new StringSerializer(BsonType.ObjectId));
        });
        BsonClassMap.TryRegisterClassMap<StreamSchedule>(map =>
        {
            map.AutoMap();
            map.MapIdMember(s => s.Id).SetSerializer(new StringSerializer(BsonType.ObjectId));
            map.UnmapMember(s => s.IsOpen);
        });
        BsonClassMap.TryRegisterClassMap<AbuseReport>(map =>
        {
            map.AutoMap();
            map.MapIdMember(r => r.Id).SetSerializer(new StringSerializer(BsonType.ObjectId));
        });
        BsonClassMap.TryRegisterClassMap<AuditEntry>(map =>
        {
            map.AutoMap();
            map.MapIdMember(e => e.Id).SetSerializer(new StringSerializer(BsonType.ObjectId));
        });
        BsonClassMap.TryRegisterClassMap<StreamPresence>(map =>
        {
            map.AutoMap();
            map.MapIdMember(p => p.Id).SetSerializer(new StringSerializer(BsonType.ObjectId));
            map.UnmapMember(p => p.Count);
        });
        BsonClassMap.TryRegisterClassMap<OutboxMessage>(map =>
        {
            map.AutoMap();
            map.UnmapMember(m => m.Id);
            map.MapMember(m => m.Id).SetElementName("id");
        });
    }
}
