using Microsoft.Extensions.Options;

namespace PawfectLive.Streams.Application;

/// <summary>Creator analytics: a stream's figures (<see cref="StreamStatistics"/>) for its owner, its moderators and admins.</summary>
public sealed record PastStream(Model.LiveStream Stream, StreamStats Stats);

public sealed record PastStreamPage(IReadOnlyList<PastStream> Items, string? NextCursor);

public sealed class AnalyticsService(
    Model.IStreamStore store, LiveStreamService streams, IOptionsMonitor<AnalyticsOptions> options, IOptionsMonitor<StreamsOptions> streamsOptions,
    TimeProvider time)
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
        var found = await streams.FindModeratedAsync(caller, id, moderatorsMay: true, cancellationToken);
        return found.Value is { } stream ? await StatsOfAsync(stream, bucketSeconds ?? DefaultBucketSeconds, cancellationToken) : found.Error!;
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
            return LiveStreamService.InvalidCursor();
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
        var sessions = store.ListViewerSessionsAsync(stream.Id, cancellationToken);
        var chat = store.ListChatMinutesAsync(stream.Id, cancellationToken);
        return StreamStatistics.Compute(stream, await sessions, time.GetUtcNow().UtcDateTime, options.CurrentValue.ReconnectGap,
            bucketSeconds, await chat);
    }
}
