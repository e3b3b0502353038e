using System.Collections.Concurrent;
using LiteDB;
using PawfectLive.Streams.Model;

namespace PawfectLive.Streams.Infrastructure;

/// <summary>
/// The embedded default store: one LiteDB file, used when no MongoDB connection string is configured.
/// Valid for a single Streams instance only, so each change is a read-modify-write under one in-process lock.
/// </summary>
public sealed class LiteDbStreamStore : IStreamStore, IDisposable
{
    private readonly LiteDatabase _database;
    private readonly ILiteCollection<LiveStream> _streams;
    private readonly ILiteCollection<AbuseReport> _reports;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    // Single instance: the ids of streams whose outbox is not empty are known without scanning the file.
    private readonly ConcurrentDictionary<string, byte> _streamsWithPendingEvents = new();
    private readonly ConcurrentDictionary<string, string> _streamIdsByRoom = new();

    public LiteDbStreamStore(string filePath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(filePath))!);
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
        _reports.EnsureIndex(report => report.CreatedAt);

        foreach (var stream in _streams.Find("COUNT($.PendingEvents[*]) > 0"))
        {
            _streamsWithPendingEvents.TryAdd(stream.Id, 0);
        }
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

    public Task<IReadOnlyList<LiveStream>> ListLiveAsync(LiveStreamQuery query, CancellationToken cancellationToken)
    {
        IEnumerable<LiveStream> live = _streams.Find(s => s.IsLive);
        if (query.Tag is { } tag)
        {
            live = live.Where(s => s.Tags.Contains(tag));
        }
        if (query.Before is { } cursor)
        {
            live = live.Where(s => s.StartedAt < cursor.StartedAt
                || (s.StartedAt == cursor.StartedAt && string.CompareOrdinal(s.Id, cursor.Id) < 0));
        }
        IReadOnlyList<LiveStream> page = live
            .OrderByDescending(s => s.StartedAt)
            .ThenByDescending(s => s.Id, StringComparer.Ordinal)
            .Take(query.Limit)
            .ToList();
        return Task.FromResult(page);
    }

    public Task<LiveStream?> EndAsync(string id, string reason, DateTime endedAt, IReadOnlyList<OutboxMessage> events, CancellationToken cancellationToken) =>
        UpdateAsync(id, stream =>
        {
            if (!stream.IsLive)
            {
                return false;
            }
            stream.IsLive = false;
            stream.EndedAt = endedAt;
            stream.EndedReason = reason;
            stream.Viewers = 0;
            stream.PresentViewerSids.Clear();
            stream.PendingEvents.AddRange(events);
            stream.UpdatedAt = endedAt;
            return true;
        }, changedOnly: true, cancellationToken);

    public async Task<bool> BlockAsync(string id, string userId, DateTime at, IReadOnlyList<OutboxMessage> events, CancellationToken cancellationToken) =>
        await UpdateAsync(id, stream =>
        {
            if (stream.BlockedUserIds.Contains(userId))
            {
                return false;
            }
            stream.BlockedUserIds.Add(userId);
            stream.PendingEvents.AddRange(events);
            stream.UpdatedAt = at;
            return true;
        }, changedOnly: true, cancellationToken) is not null;

    public async Task<bool> UnblockAsync(string id, string userId, DateTime at, IReadOnlyList<OutboxMessage> events, CancellationToken cancellationToken) =>
        await UpdateAsync(id, stream =>
        {
            if (!stream.BlockedUserIds.Remove(userId))
            {
                return false;
            }
            stream.PendingEvents.AddRange(events);
            stream.UpdatedAt = at;
            return true;
        }, changedOnly: true, cancellationToken) is not null;

    public Task<LiveStream?> AddViewerAsync(string roomName, string sid, string identity, DateTime at, CancellationToken cancellationToken) =>
        UpdateAsync(FindIdByRoom(roomName), stream =>
        {
            if (!stream.IsLive || stream.OwnerId == identity || stream.PresentViewerSids.Contains(sid) || stream.DepartedSids.Contains(sid))
            {
                return false;
            }
            stream.PresentViewerSids.Add(sid);
            stream.Viewers = stream.PresentViewerSids.Count;
            stream.PeakViewers = Math.Max(stream.PeakViewers, stream.Viewers);
            stream.UpdatedAt = at;
            return true;
        }, changedOnly: false, cancellationToken);

    public Task<LiveStream?> RemoveViewerAsync(string roomName, string sid, DateTime at, CancellationToken cancellationToken) =>
        UpdateAsync(FindIdByRoom(roomName), stream =>
        {
            if (stream.DepartedSids.Contains(sid))
            {
                return false;
            }
            stream.PresentViewerSids.Remove(sid);
            stream.DepartedSids.Add(sid);
            stream.Viewers = stream.PresentViewerSids.Count;
            stream.UpdatedAt = at;
            return true;
        }, changedOnly: false, cancellationToken);

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
        UpdateAsync(streamId, stream => stream.PendingEvents.RemoveAll(e => e.Id == eventId) > 0, changedOnly: true, cancellationToken);

    public Task InsertReportAsync(AbuseReport report, CancellationToken cancellationToken)
    {
        _reports.Insert(report);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AbuseReport>> ListReportsAsync(int limit, string? beforeId, CancellationToken cancellationToken)
    {
        IReadOnlyList<AbuseReport> page = _reports.FindAll()
            .Where(report => beforeId is null || string.CompareOrdinal(report.Id, beforeId) < 0)
            .OrderByDescending(report => report.Id, StringComparer.Ordinal)
            .Take(limit)
            .ToList();
        return Task.FromResult(page);
    }

    public void Dispose()
    {
        _database.Dispose();
        _writeLock.Dispose();
    }

    /// <summary>
    /// Re-reads the stream under the lock and applies <paramref name="change"/>; the change returns whether it modified
    /// anything. Returns the stream (after the change), or null when unknown — or, with <paramref name="changedOnly"/>,
    /// when nothing changed.
    /// </summary>
    private Task<LiveStream?> UpdateAsync(string? id, Func<LiveStream, bool> change, bool changedOnly, CancellationToken cancellationToken) =>
        id is null
            ? Task.FromResult<LiveStream?>(null)
            : WriteAsync(() =>
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
                return changed || !changedOnly ? stream : null;
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

    /// <summary>Room names never change, so their stream ids are remembered after the first look-up.</summary>
    private string? FindIdByRoom(string roomName)
    {
        if (_streamIdsByRoom.TryGetValue(roomName, out var id))
        {
            return id;
        }
        var stream = _streams.FindOne(s => s.RoomName == roomName);
        return stream is null ? null : _streamIdsByRoom.GetOrAdd(roomName, stream.Id);
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
