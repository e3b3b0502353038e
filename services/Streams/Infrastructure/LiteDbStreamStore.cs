using LiteDB;
using PawfectLive.Streams.Model;

namespace PawfectLive.Streams.Infrastructure;

/// <summary>
/// The embedded default store: one LiteDB file, used when no MongoDB connection string is configured.
/// Valid for a single Streams instance only, so invariants are kept with an in-process lock.
/// </summary>
public sealed class LiteDbStreamStore : IStreamStore, IDisposable
{
    private readonly LiteDatabase _database;
    private readonly ILiteCollection<LiveStream> _streams;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public LiteDbStreamStore(string filePath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(filePath))!);
        _database = new LiteDatabase(new ConnectionString { Filename = filePath, Connection = ConnectionType.Direct, Upgrade = true }, new BsonMapper { EnumAsInteger = false })
        {
            UtcDate = true,
        };
        _streams = _database.GetCollection<LiveStream>("streams");
        _streams.EnsureIndex(stream => stream.RoomName, unique: true);
        _streams.EnsureIndex(stream => stream.OwnerId);
        _streams.EnsureIndex(stream => stream.IsLive);
    }

    public async Task InsertLiveAsync(LiveStream stream, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var existing = _streams.FindOne(s => s.OwnerId == stream.OwnerId && s.IsLive);
            if (existing is not null)
            {
                throw new OwnerAlreadyLiveException(existing.Id);
            }
            _streams.Insert(stream);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public Task<LiveStream?> GetAsync(string id, CancellationToken cancellationToken) =>
        Task.FromResult<LiveStream?>(_streams.FindById(id));

    public Task<LiveStream?> GetByRoomNameAsync(string roomName, CancellationToken cancellationToken) =>
        Task.FromResult<LiveStream?>(_streams.FindOne(s => s.RoomName == roomName));

    public Task<LiveStream?> FindLiveByOwnerAsync(string ownerId, CancellationToken cancellationToken) =>
        Task.FromResult<LiveStream?>(_streams.FindOne(s => s.OwnerId == ownerId && s.IsLive));

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

    public async Task<LiveStream?> EndAsync(string id, string reason, DateTime endedAt, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var stream = _streams.FindById(id);
            if (stream is not { IsLive: true })
            {
                return null;
            }
            stream.IsLive = false;
            stream.EndedAt = endedAt;
            stream.EndedReason = reason;
            stream.Viewers = 0;
            stream.UpdatedAt = endedAt;
            _streams.Update(stream);
            return stream;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public void Dispose()
    {
        _database.Dispose();
        _writeLock.Dispose();
    }
}
