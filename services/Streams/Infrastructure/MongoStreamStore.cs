using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Conventions;
using MongoDB.Bson.Serialization.Serializers;
using MongoDB.Driver;
using PawfectLive.Streams.Model;

namespace PawfectLive.Streams.Infrastructure;

/// <summary>
/// The production store on MongoDB. Every change is one atomic single-document update whose filter carries the
/// precondition (still live, not yet blocked, sid not yet seen...), so several Streams instances may share it.
/// </summary>
public sealed class MongoStreamStore : IStreamStore
{
    public const string OneLiveStreamPerOwnerIndex = "one_live_stream_per_owner";
    private const int MaxPresenceAttempts = 8;

    private readonly IMongoCollection<LiveStream> _streams;
    private readonly IMongoCollection<AbuseReport> _reports;

    public MongoStreamStore(IMongoDatabase database)
    {
        RegisterClassMaps();
        _streams = database.GetCollection<LiveStream>("streams");
        _reports = database.GetCollection<AbuseReport>("reports");
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
            new CreateIndexModel<LiveStream>(keys.Ascending(s => s.OwnerId), new CreateIndexOptions<LiveStream>
            {
                Name = OneLiveStreamPerOwnerIndex,
                Unique = true,
                PartialFilterExpression = Filter.Eq(s => s.IsLive, true),
            }),
            new CreateIndexModel<LiveStream>(keys.Ascending(s => s.OwnerId).Descending(s => s.StartedAt)),
            new CreateIndexModel<LiveStream>(keys.Ascending("pendingEvents.id"), new CreateIndexOptions { Sparse = true }),
        ], cancellationToken);
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

    public async Task<LiveStream?> FindLiveByOwnerAsync(string ownerId, CancellationToken cancellationToken) =>
        await _streams.Find(Filter.Eq(s => s.OwnerId, ownerId) & Filter.Eq(s => s.IsLive, true)).FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<DateTime>> StartTimesSinceAsync(string ownerId, DateTime since, CancellationToken cancellationToken) =>
        await _streams.Find(Filter.Eq(s => s.OwnerId, ownerId) & Filter.Gte(s => s.StartedAt, since))
            .Project(s => s.StartedAt)
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<LiveStream>> ListLiveAsync(LiveStreamQuery query, CancellationToken cancellationToken)
    {
        var filter = Filter.Eq(s => s.IsLive, true);
        if (query.Tag is { } tag)
        {
            filter &= Filter.AnyEq(s => s.Tags, tag);
        }
        if (query.Before is { } cursor)
        {
            filter &= Filter.Lt(s => s.StartedAt, cursor.StartedAt)
                | (Filter.Eq(s => s.StartedAt, cursor.StartedAt) & Filter.Lt(s => s.Id, cursor.Id));
        }
        return await _streams.Find(filter)
            .Sort(Builders<LiveStream>.Sort.Descending(s => s.StartedAt).Descending(s => s.Id))
            .Limit(query.Limit)
            .Project<LiveStream>(Builders<LiveStream>.Projection
                .Exclude(s => s.PresentViewerSids).Exclude(s => s.DepartedSids).Exclude(s => s.PendingEvents).Exclude(s => s.BlockedUserIds))
            .ToListAsync(cancellationToken);
    }

    public async Task<LiveStream?> EndAsync(string id, string reason, DateTime endedAt, IReadOnlyList<OutboxMessage> events, CancellationToken cancellationToken) =>
        await _streams.FindOneAndUpdateAsync(
            Filter.Eq(s => s.Id, id) & Filter.Eq(s => s.IsLive, true),
            Update.Set(s => s.IsLive, false)
                .Set(s => s.EndedAt, endedAt)
                .Set(s => s.EndedReason, reason)
                .Set(s => s.Viewers, 0)
                .Set(s => s.PresentViewerSids, [])
                .Set(s => s.UpdatedAt, endedAt)
                .PushEach(s => s.PendingEvents, events),
            new FindOneAndUpdateOptions<LiveStream> { ReturnDocument = ReturnDocument.After },
            cancellationToken);

    public async Task<bool> BlockAsync(string id, string userId, DateTime at, IReadOnlyList<OutboxMessage> events, CancellationToken cancellationToken)
    {
        var result = await _streams.UpdateOneAsync(
            Filter.Eq(s => s.Id, id) & Filter.Not(Filter.AnyEq(s => s.BlockedUserIds, userId)),
            Update.AddToSet(s => s.BlockedUserIds, userId).Set(s => s.UpdatedAt, at).PushEach(s => s.PendingEvents, events),
            cancellationToken: cancellationToken);
        return result.ModifiedCount == 1;
    }

    public async Task<bool> UnblockAsync(string id, string userId, DateTime at, IReadOnlyList<OutboxMessage> events, CancellationToken cancellationToken)
    {
        var result = await _streams.UpdateOneAsync(
            Filter.Eq(s => s.Id, id) & Filter.AnyEq(s => s.BlockedUserIds, userId),
            Update.Pull(s => s.BlockedUserIds, userId).Set(s => s.UpdatedAt, at).PushEach(s => s.PendingEvents, events),
            cancellationToken: cancellationToken);
        return result.ModifiedCount == 1;
    }

    public async Task<LiveStream?> AddViewerAsync(string roomName, string sid, string identity, DateTime at, CancellationToken cancellationToken)
    {
        var added = await _streams.FindOneAndUpdateAsync(
            Filter.Eq(s => s.RoomName, roomName) & Filter.Eq(s => s.IsLive, true) & Filter.Ne(s => s.OwnerId, identity)
                & Filter.Not(Filter.AnyEq(s => s.PresentViewerSids, sid))
                & Filter.Not(Filter.AnyEq(s => s.DepartedSids, sid)),
            Update.AddToSet(s => s.PresentViewerSids, sid).Inc(s => s.Viewers, 1).Set(s => s.UpdatedAt, at),
            new FindOneAndUpdateOptions<LiveStream> { ReturnDocument = ReturnDocument.After },
            cancellationToken);
        if (added is null)
        {
            return await GetByRoomNameAsync(roomName, cancellationToken);
        }

        // $max is monotonic, so a concurrent join cannot lower the peak between the two updates.
        await _streams.UpdateOneAsync(Filter.Eq(s => s.Id, added.Id), Update.Max(s => s.PeakViewers, added.Viewers), cancellationToken: cancellationToken);
        added.PeakViewers = Math.Max(added.PeakViewers, added.Viewers);
        return added;
    }

    public async Task<LiveStream?> RemoveViewerAsync(string roomName, string sid, DateTime at, CancellationToken cancellationToken)
    {
        // Either the sid is present (remove it and count down) or it is not (remember it so a late join is ignored).
        // The two filters exclude each other; retrying covers a join that lands between them.
        for (var attempt = 0; attempt < MaxPresenceAttempts; attempt++)
        {
            var left = await _streams.UpdateOneAsync(
                Filter.Eq(s => s.RoomName, roomName) & Filter.AnyEq(s => s.PresentViewerSids, sid),
                Update.Pull(s => s.PresentViewerSids, sid).Inc(s => s.Viewers, -1).AddToSet(s => s.DepartedSids, sid).Set(s => s.UpdatedAt, at),
                cancellationToken: cancellationToken);
            if (left.MatchedCount == 1)
            {
                break;
            }
            var remembered = await _streams.UpdateOneAsync(
                Filter.Eq(s => s.RoomName, roomName)
                    & Filter.Not(Filter.AnyEq(s => s.PresentViewerSids, sid))
                    & Filter.Not(Filter.AnyEq(s => s.DepartedSids, sid)),
                Update.AddToSet(s => s.DepartedSids, sid).Set(s => s.UpdatedAt, at),
                cancellationToken: cancellationToken);
            if (remembered.MatchedCount == 1)
            {
                break;
            }
            var current = await GetByRoomNameAsync(roomName, cancellationToken);
            if (current is null || (current.DepartedSids.Contains(sid) && !current.PresentViewerSids.Contains(sid)))
            {
                return current;
            }
        }
        return await GetByRoomNameAsync(roomName, cancellationToken);
    }

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

    public Task InsertReportAsync(AbuseReport report, CancellationToken cancellationToken) =>
        _reports.InsertOneAsync(report, cancellationToken: cancellationToken);

    public async Task<IReadOnlyList<AbuseReport>> ListReportsAsync(int limit, string? beforeId, CancellationToken cancellationToken)
    {
        var filter = beforeId is null
            ? Builders<AbuseReport>.Filter.Empty
            : Builders<AbuseReport>.Filter.Lt(r => r.Id, beforeId);
        return await _reports.Find(filter).Sort(Builders<AbuseReport>.Sort.Descending(r => r.Id)).Limit(limit).ToListAsync(cancellationToken);
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
        BsonClassMap.TryRegisterClassMap<AbuseReport>(map =>
        {
            map.AutoMap();
            map.MapIdMember(r => r.Id).SetSerializer(new StringSerializer(BsonType.ObjectId));
        });
        BsonClassMap.TryRegisterClassMap<OutboxMessage>(map =>
        {
            map.AutoMap();
            map.UnmapMember(m => m.Id);
            map.MapMember(m => m.Id).SetElementName("id");
        });
    }
}
