using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace PawfectLive.Streams.Features.Analytics;

/// <summary>Creator analytics: a stream's figures (<see cref="StreamStatistics"/>) for its owner, its moderators and admins.</summary>
public sealed record PastStream(Model.LiveStream Stream, StreamStats Stats);

public sealed record PastStreamPage(IReadOnlyList<PastStream> Items, string? NextCursor);

public sealed class AnalyticsService(
    IStreamStore store, IViewerSessionStore sessions, IChatActivityStore chatActivity, StreamAccess access, IOptionsMonitor<AnalyticsOptions> options, IOptionsMonitor<StreamsOptions> streamsOptions,
    IMemoryCache cache, TimeProvider time)
{
    public const int MaxPastStreamsPage = 20;
    public const int MinBucketSeconds = 10;
    public const int MaxBucketSeconds = 3600;
    public const int DefaultBucketSeconds = 60;

    public async Task<Result<StreamStats>> StatsAsync(Caller caller, string id, int? bucketSeconds, CancellationToken cancellationToken)
    {
        if (bucketSeconds is < MinBucketSeconds or > MaxBucketSeconds)
        {
            return new StreamError.Invalid("bucketSeconds", $"bucketSeconds must be {MinBucketSeconds}-{MaxBucketSeconds}.");
        }
        var found = await access.FindModeratedAsync(caller, id, moderatorsMay: true, cancellationToken);
        return found.Value is { } stream ? await CachedStatsOfAsync(stream, bucketSeconds ?? DefaultBucketSeconds, cancellationToken) : found.Error!;
    }

    /// <summary>A stream's last computed stats, and whether a newer computation is under way.</summary>
    private sealed class CachedStats(Task<StreamStats> current, DateTimeOffset computedAt)
    {
        public Task<StreamStats> Current = current;
        public DateTimeOffset ComputedAt = computedAt;
        public int Refreshing;
    }

    private static readonly TimeSpan UnusedStatsKept = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The stats, computed at most once per <see cref="AnalyticsOptions.StatsCacheDuration"/> per stream and bucket width.
    /// Only the first request waits: once they are older, the last stats are answered while one request's worth of
    /// recomputation runs in the background (so they are at most that period plus one computation old). Authorization
    /// is checked before, on every request.
    /// </summary>
    private async Task<StreamStats> CachedStatsOfAsync(LiveStream stream, int bucketSeconds, CancellationToken cancellationToken)
    {
        var duration = options.CurrentValue.StatsCacheDuration;
        if (duration <= TimeSpan.Zero)
        {
            return await StatsOfAsync(stream, bucketSeconds, cancellationToken);
        }
        var key = ("stream-stats", stream.Id, bucketSeconds);
        var cached = cache.GetOrCreate(key, entry =>
        {
            entry.SlidingExpiration = UnusedStatsKept;
            return new CachedStats(StatsOfAsync(stream, bucketSeconds, CancellationToken.None), time.GetUtcNow());
        })!;
        if (time.GetUtcNow() - cached.ComputedAt >= duration && Interlocked.CompareExchange(ref cached.Refreshing, 1, 0) == 0)
        {
            _ = RefreshAsync(cached, stream, bucketSeconds);
        }
        try
        {
            return await cached.Current.WaitAsync(cancellationToken);
        }
        catch when (cached.Current.IsFaulted)
        {
            cache.Remove(key); // a failure is not kept: the next request computes again
            throw;
        }
    }

    private async Task RefreshAsync(CachedStats cached, Model.LiveStream stream, int bucketSeconds)
    {
        try
        {
            var fresh = await StatsOfAsync(stream, bucketSeconds, CancellationToken.None);
            (cached.Current, cached.ComputedAt) = (Task.FromResult(fresh), time.GetUtcNow());
        }
        catch (Exception) when (cached.Current.IsCompletedSuccessfully)
        {
            // keep answering the last good stats; the next request after the period tries again
        }
        finally
        {
            Volatile.Write(ref cached.Refreshing, 0);
        }
    }

    /// <summary>The caller's own streams, live and ended, newest first, each with its stats (at most 20 a page).</summary>
    public async Task<Result<PastStreamPage>> PastStreamsAsync(Caller caller, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxPastStreamsPage)
        {
            return new StreamError.Invalid("limit", $"limit must be between 1 and {MaxPastStreamsPage}.");
        }
        Model.StreamCursor? before = null;
        if (cursor is not null && (before = StreamIds.DecodeCursor(cursor)) is null)
        {
            return InputRules.InvalidCursor();
        }
        var pageSize = limit ?? Math.Min(MaxPastStreamsPage, streamsOptions.CurrentValue.DefaultPageSize);
        var page = await store.ListByOwnerAsync(caller.UserId, pageSize, before, cancellationToken);
        var items = new List<PastStream>(page.Count);
        foreach (var stream in page)
        {
            items.Add(new PastStream(stream, await StatsOfAsync(stream, DefaultBucketSeconds, cancellationToken)));
        }
        return new PastStreamPage(items, page.Count == pageSize ? StreamIds.EncodeCursor(page[^1]) : null);
    }

    private async Task<StreamStats> StatsOfAsync(Model.LiveStream stream, int bucketSeconds, CancellationToken cancellationToken)
    {
        var viewerSessions = sessions.ListViewerSessionsAsync(stream.Id, cancellationToken);
        var chat = chatActivity.ListChatMinutesAsync(stream.Id, cancellationToken);
        return StreamStatistics.Compute(stream, await viewerSessions, time.GetUtcNow().UtcDateTime, options.CurrentValue.ReconnectGap,
            bucketSeconds, await chat);
    }
}
