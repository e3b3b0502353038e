using System.Collections.Concurrent;
using LiteDB;
using PawfectLive.Contracts;

namespace PawfectLive.Streams.Infrastructure;

/// <summary>
/// The embedded default store: one LiteDB file, used when no MongoDB connection string is configured.
/// Valid for a single Streams instance only, so each change is a read-modify-write under one in-process lock.
/// </summary>
public sealed partial class LiteDbStreamStore
    : IStreamsDatabase, IDisposable
{
    private readonly LiteDatabase _database;
    private readonly ILiteCollection<LiveStream> _streams;
    private readonly ILiteCollection<AbuseReport> _reports;
    private readonly ILiteCollection<StreamPresence> _presence;
    private readonly ILiteCollection<AuditEntry> _audit;
    private readonly ILiteCollection<ViewerSession> _sessions;
    private readonly ILiteCollection<ChatMinute> _chatMinutes;

    // One instance only (the file is locked), so leases live in memory and end with the process: a restart never waits
    // for leases its previous run held.
    private readonly Dictionary<string, WorkLease> _leases = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    // Single instance: the ids of streams whose outbox is not empty are known without scanning the file.
    private readonly ConcurrentDictionary<string, byte> _streamsWithPendingEvents = new();
    private readonly ConcurrentDictionary<string, string> _streamIdsByRoom = new();

    // Held open, unshared, for the store's lifetime: a second process (or store) on the same file fails at once.
    private readonly FileStream _instanceLock;

    public LiteDbStreamStore(string filePath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(filePath))!);
        _instanceLock = TakeInstanceLock(filePath);
        // An own mapper: LiteDB's global one is not safe when several stores start at once.
        _database = new LiteDatabase(new ConnectionString { Filename = filePath, Connection = ConnectionType.Direct }, new BsonMapper())
        {
            UtcDate = true,
        };
        _streams = _database.GetCollection<LiveStream>("streams");
        _streams.EnsureIndex(stream => stream.RoomName, unique: true);
        _streams.EnsureIndex(stream => stream.OwnerId);
        _streams.EnsureIndex(stream => stream.IsLive);
        _reports = _database.GetCollection<AbuseReport>("reports");
        _presence = _database.GetCollection<StreamPresence>("presence");
        _reports.EnsureIndex(report => report.CreatedAt);
        _reports.EnsureIndex(report => report.ReporterId);
        _audit = _database.GetCollection<AuditEntry>("audit");
        _audit.EnsureIndex(entry => entry.StreamId);
        _audit.EnsureIndex(entry => entry.ActorId);
        _sessions = _database.GetCollection<ViewerSession>("viewerSessions");
        _sessions.EnsureIndex(session => session.StreamId);
        _chatMinutes = _database.GetCollection<ChatMinute>("chatActivity");
        _chatMinutes.EnsureIndex(minute => minute.StreamId);

        foreach (var stream in _streams.Find("COUNT($.PendingEvents[*]) > 0"))
        {
            _streamsWithPendingEvents.TryAdd(stream.Id, 0);
        }
        _schedules = OpenSchedules();
    }

    public Task InsertLiveAsync(LiveStream stream, CancellationToken cancellationToken) =>
        WriteAsync(() =>
        {
            var existing = _streams.FindOne(s => s.OwnerId == stream.OwnerId && s.IsLive);
            if (existing is not null)
            {
                throw new OwnerAlreadyLiveException(existing.Id);
            }
            _streams.Insert(stream);
            TrackPending(stream);
            return true;
        }, cancellationToken);

    public Task<LiveStream?> GetAsync(string id, CancellationToken cancellationToken) =>
        Task.FromResult<LiveStream?>(_streams.FindById(id));

    public Task<LiveStream?> GetByRoomNameAsync(string roomName, CancellationToken cancellationToken) =>
        Task.FromResult<LiveStream?>(_streams.FindOne(s => s.RoomName == roomName));

    public Task<LiveStream?> FindLiveByOwnerAsync(string ownerId, CancellationToken cancellationToken) =>
        Task.FromResult<LiveStream?>(_streams.FindOne(s => s.OwnerId == ownerId && s.IsLive));

    public Task<IReadOnlyList<DateTime>> StartTimesSinceAsync(string ownerId, DateTime since, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<DateTime>>(_streams.Find(s => s.OwnerId == ownerId)
            .Select(s => s.StartedAt)
            .Where(startedAt => startedAt >= since)
            .ToList());

    public Task<IReadOnlyList<LiveStream>> ListByOwnerAsync(string ownerId, int limit, StreamCursor? before, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<LiveStream>>(NewestFirst(_streams.Find(s => s.OwnerId == ownerId), limit, before));

    public Task<IReadOnlyList<LiveStream>> ListReplaysByOwnerAsync(string ownerId, int limit, StreamCursor? before, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<LiveStream>>(NewestFirst(_streams.Find(s => s.OwnerId == ownerId).Where(s => s.Recording is { Status: RecordingStates.Ready, DeletedAt: null }), limit, before));

    /// <summary>A page of <paramref name="streams"/>, newest first, continuing after <paramref name="before"/>.</summary>
    private static List<LiveStream> NewestFirst(IEnumerable<LiveStream> streams, int limit, StreamCursor? before) =>
        streams
            .Where(s => before is null || before.Admits(s))
            .OrderByDescending(s => s.StartedAt).ThenByDescending(s => s.Id, StringComparer.Ordinal)
            .Take(limit)
            .ToList();

    public Task<IReadOnlyList<LiveStream>> ListLiveAsync(LiveStreamQuery query, CancellationToken cancellationToken)
    {
        IEnumerable<LiveStream> live = _streams.Find(s => s.IsLive);
        if (query.Tag is { } tag)
        {
            live = live.Where(s => s.Tags.Contains(tag));
        }
        var page = NewestFirst(live, query.Limit, query.Before);
        return Task.FromResult<IReadOnlyList<LiveStream>>(query.Whole ? page : [.. page.Select(s => s.LeaveOutPrivateState())]);
    }

    public Task<IReadOnlyList<LiveStream>> ListEndedSinceAsync(DateTime since, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<LiveStream>>(_streams.Find(s => !s.IsLive && s.EndedAt >= since)
            .OrderByDescending(s => s.EndedAt)
            .Take(limit)
            .ToList());

    public Task<IReadOnlyList<LiveStream>> ListUnfinishedRecordingsAsync(int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<LiveStream>>(_streams.Find(s => !s.IsLive && s.Recording != null && s.Recording.EgressId != null
                && (s.Recording.Status == RecordingStates.Starting || s.Recording.Status == RecordingStates.Recording || s.Recording.Status == RecordingStates.Processing))
            .OrderBy(s => s.EndedAt)
            .Take(limit)
            .ToList());

    public Task<StreamUpdate?> UpdateAsync(string id, Func<LiveStream, bool> change, CancellationToken cancellationToken) =>
        WriteAsync(() =>
        {
            var stream = _streams.FindById(id);
            if (stream is null)
            {
                return null;
            }
            var changed = change(stream);
            if (changed)
            {
                _streams.Update(stream);
                TrackPending(stream);
            }
            return new StreamUpdate(stream, changed);
        }, cancellationToken);

    public Task<StreamPresence> UpdatePresenceAsync(string streamId, Func<StreamPresence, bool> change, CancellationToken cancellationToken) =>
        WriteAsync(() =>
        {
            var presence = _presence.FindById(streamId) ?? StreamPresence.For(streamId);
            if (change(presence))
            {
                _presence.Upsert(presence);
            }
            return presence;
        }, cancellationToken);

    public Task<StreamPresence?> GetPresenceAsync(string streamId, CancellationToken cancellationToken) =>
        Task.FromResult<StreamPresence?>(_presence.FindById(streamId));

    public Task DeletePresenceAsync(string streamId, CancellationToken cancellationToken) =>
        WriteAsync(() => _presence.Delete(streamId), cancellationToken);

    public Task<IReadOnlyList<LiveStream>> ListWithPendingEventsAsync(int limit, CancellationToken cancellationToken)
    {
        IReadOnlyList<LiveStream> pending = _streamsWithPendingEvents.Keys
            .Select(id => _streams.FindById(id))
            .Where(stream => stream is { PendingEvents.Count: > 0 })
            .OrderBy(stream => stream.UpdatedAt)
            .Take(limit)
            .ToList();
        return Task.FromResult(pending);
    }

    public Task AcknowledgeEventAsync(string streamId, string eventId, CancellationToken cancellationToken) =>
        WriteAsync(() =>
        {
            var stream = _streams.FindById(streamId);
            if (stream is not null && stream.PendingEvents.RemoveAll(e => e.Id == eventId) > 0)
            {
                _streams.Update(stream);
                TrackPending(stream);
            }
            return true;
        }, cancellationToken);

    public Task<AbuseReport?> AddOpenReportAsync(AbuseReport report, int maxPerWindow, DateTime windowStart, CancellationToken cancellationToken) =>
        WriteAsync<AbuseReport?>(() =>
        {
            var open = _reports.FindOne(r => r.StreamId == report.StreamId && r.ReporterId == report.ReporterId && r.IsOpen);
            if (open is not null)
            {
                return open;
            }
            if (_reports.Count(r => r.ReporterId == report.ReporterId && r.CreatedAt >= windowStart) >= maxPerWindow)
            {
                return null;
            }
            _reports.Insert(report);
            return report;
        }, cancellationToken);

    public Task<AbuseReport?> FindOpenReportAsync(string streamId, string reporterId, CancellationToken cancellationToken) =>
        Task.FromResult<AbuseReport?>(_reports.FindOne(r => r.StreamId == streamId && r.ReporterId == reporterId && r.IsOpen));

    public Task<IReadOnlyList<DateTime>> ReportTimesSinceAsync(string reporterId, DateTime since, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<DateTime>>(_reports.Find(r => r.ReporterId == reporterId && r.CreatedAt >= since).Select(r => r.CreatedAt).ToList());

    public Task<IReadOnlyList<AbuseReport>> ListReportsAsync(int limit, string? beforeId, bool? open, CancellationToken cancellationToken)
    {
        IReadOnlyList<AbuseReport> page = (open is { } isOpen ? _reports.Find(report => report.IsOpen == isOpen) : _reports.FindAll())
            .Where(report => beforeId is null || string.CompareOrdinal(report.Id, beforeId) < 0)
            .OrderByDescending(report => report.Id, StringComparer.Ordinal)
            .Take(limit)
            .ToList();
        return Task.FromResult(page);
    }

    public Task RecordViewerSessionsAsync(IReadOnlyCollection<ViewerSessionEdge> edges, CancellationToken cancellationToken) =>
        WriteAsync(() =>
        {
            foreach (var edge in edges)
            {
                var id = ViewerSession.IdOf(edge.StreamId, edge.Sid);
                var session = _sessions.FindById(id)
                    ?? new ViewerSession { Id = id, StreamId = edge.StreamId, Sid = edge.Sid, Identity = edge.Identity };
                session.JoinedAt = Earliest(session.JoinedAt, edge.JoinedAt);
                session.LeftAt = Latest(session.LeftAt, edge.LeftAt);
                _sessions.Upsert(session);
            }
            return true;
        }, cancellationToken);

    private static DateTime? Earliest(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a < b ? a : b;

    private static DateTime? Latest(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a > b ? a : b;

    // Read as raw documents and mapped by hand: a stream's stats read every session, and the reflection-based mapper
    // dominated the cost for 10,000 of them.
    public Task<IReadOnlyList<ViewerSession>> ListViewerSessionsAsync(string streamId, CancellationToken cancellationToken) =>
        ListViewerSessions(streamId, LiteDB.Query.EQ(nameof(ViewerSession.StreamId), streamId));

    public Task<IReadOnlyList<ViewerSession>> ListOpenViewerSessionsAsync(string streamId, CancellationToken cancellationToken) =>
        ListViewerSessions(streamId, LiteDB.Query.And(LiteDB.Query.EQ(nameof(ViewerSession.StreamId), streamId), LiteDB.Query.EQ(nameof(ViewerSession.LeftAt), LiteDB.BsonValue.Null)));

    private Task<IReadOnlyList<ViewerSession>> ListViewerSessions(string streamId, LiteDB.BsonExpression query) =>
        Task.FromResult<IReadOnlyList<ViewerSession>>(_database.GetCollection("viewerSessions")
            .Find(query)
            .Select(document => new ViewerSession
            {
                Id = document["_id"].AsString,
                StreamId = streamId,
                Sid = document[nameof(ViewerSession.Sid)].AsString,
                Identity = document[nameof(ViewerSession.Identity)].AsString,
                JoinedAt = document[nameof(ViewerSession.JoinedAt)] is { IsDateTime: true } joined ? joined.AsDateTime.ToUniversalTime() : null,
                LeftAt = document[nameof(ViewerSession.LeftAt)] is { IsDateTime: true } left ? left.AsDateTime.ToUniversalTime() : null,
            })
            .ToList());

    public Task<int> DeleteViewerSessionsBeforeAsync(DateTime before, CancellationToken cancellationToken) =>
        WriteAsync(() =>
        {
            var expired = _sessions.Find(session => session.LeftAt != null && session.LeftAt < before).Select(session => new LiteDB.BsonValue(session.Id)).ToList();
            return expired.Sum(id => _sessions.Delete(id) ? 1 : 0);
        }, cancellationToken);

    public Task RecordChatMinuteAsync(ChatMinute minute, CancellationToken cancellationToken) =>
        WriteAsync(() =>
        {
            var stored = _chatMinutes.FindById(minute.Id) ?? new ChatMinute { Id = minute.Id, StreamId = minute.StreamId, Minute = minute.Minute, Instance = minute.Instance };
            stored.Messages = Math.Max(stored.Messages, minute.Messages);
            foreach (var (emoji, count) in minute.Reactions)
            {
                stored.Reactions[emoji] = Math.Max(stored.Reactions.GetValueOrDefault(emoji), count);
            }
            return _chatMinutes.Upsert(stored);
        }, cancellationToken);

    public Task<IReadOnlyList<ChatMinute>> ListChatMinutesAsync(string streamId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ChatMinute>>(_chatMinutes.Find(minute => minute.StreamId == streamId).ToList());

    public Task<AbuseReport?> GetReportAsync(string id, CancellationToken cancellationToken) =>
        Task.FromResult<AbuseReport?>(_reports.FindById(id));

    public Task<AbuseReport?> ClaimReportAsync(string id, string claimant, DateTime until, DateTime now, CancellationToken cancellationToken) =>
        WriteAsync(() =>
        {
            if (_reports.FindById(id) is not { IsOpen: true } report || report.ClaimedUntil > now && report.ClaimedBy != claimant)
            {
                return null;
            }
            (report.ClaimedBy, report.ClaimedUntil) = (claimant, until);
            _reports.Update(report);
            return report;
        }, cancellationToken);

    public Task ReleaseReportAsync(string id, string claimant, CancellationToken cancellationToken) =>
        WriteAsync(() =>
        {
            if (_reports.FindById(id) is { } report && report.ClaimedBy == claimant)
            {
                (report.ClaimedBy, report.ClaimedUntil) = (null, null);
                _reports.Update(report);
            }
            return true;
        }, cancellationToken);

    public Task<bool> TryAcquireLeaseAsync(string name, string holder, DateTime until, DateTime now, CancellationToken cancellationToken)
    {
        lock (_leases)
        {
            if (_leases.TryGetValue(name, out var held) && held.Until > now && held.Holder != holder)
            {
                return Task.FromResult(false);
            }
            _leases[name] = new WorkLease { Id = name, Holder = holder, Until = until };
            return Task.FromResult(true);
        }
    }

    public Task ReleaseLeaseAsync(string name, string holder, CancellationToken cancellationToken)
    {
        lock (_leases)
        {
            if (_leases.TryGetValue(name, out var held) && held.Holder == holder)
            {
                _leases.Remove(name);
            }
        }
        return Task.CompletedTask;
    }

    public Task<AbuseReport?> ResolveReportAsync(string id, ReportResolution resolution, CancellationToken cancellationToken) =>
        WriteAsync(() =>
        {
            if (_reports.FindById(id) is not { IsOpen: true } report)
            {
                return null;
            }
            report.IsOpen = false;
            report.Resolution = resolution;
            _reports.Update(report);
            return report;
        }, cancellationToken);

    public Task AddAuditEntryAsync(AuditEntry entry, CancellationToken cancellationToken) =>
        WriteAsync(() => _audit.FindById(entry.Id) is null && _audit.Insert(entry) is not null, cancellationToken);

    public Task<IReadOnlyList<AuditEntry>> ListAuditAsync(int limit, string? beforeId, string? streamId, string? actorId, CancellationToken cancellationToken)
    {
        var candidates = streamId is not null ? _audit.Find(entry => entry.StreamId == streamId)
            : actorId is not null ? _audit.Find(entry => entry.ActorId == actorId)
            : _audit.FindAll();
        IReadOnlyList<AuditEntry> page = candidates
            .Where(entry => (actorId is null || entry.ActorId == actorId) && (beforeId is null || string.CompareOrdinal(entry.Id, beforeId) < 0))
            .OrderByDescending(entry => entry.Id, StringComparer.Ordinal)
            .Take(limit)
            .ToList();
        return Task.FromResult(page);
    }

    public void Dispose()
    {
        _database.Dispose();
        _writeLock.Dispose();
        _instanceLock.Dispose();
    }

    private static FileStream TakeInstanceLock(string filePath)
    {
        var lockPath = Path.GetFullPath(filePath) + ".lock";
        try
        {
            return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException(
                $"The embedded streams database {filePath} is already open in another Streams process (lock {lockPath}). The embedded " +
                "store serves one instance only; to run several Streams instances, configure MongoDB (ConnectionStrings:mongodb).", ex);
        }
    }

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

    /// <summary>Room names never change, so their stream ids are remembered after the first look-up.</summary>
    public Task<string?> FindIdByRoomNameAsync(string roomName, CancellationToken cancellationToken)
    {
        if (_streamIdsByRoom.TryGetValue(roomName, out var id))
        {
            return Task.FromResult<string?>(id);
        }
        var stream = _streams.FindOne(s => s.RoomName == roomName);
        return Task.FromResult(stream is null ? null : _streamIdsByRoom.GetOrAdd(roomName, stream.Id));
    }

    private void TrackPending(LiveStream stream)
    {
        if (stream.PendingEvents.Count > 0)
        {
            _streamsWithPendingEvents.TryAdd(stream.Id, 0);
        }
        else
        {
            _streamsWithPendingEvents.TryRemove(stream.Id, out _);
        }
    }
}
