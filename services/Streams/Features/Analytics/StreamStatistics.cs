namespace PawfectLive.Streams.Features.Analytics;

public sealed record RetentionPoint(int Minute, double Share);

public sealed record ViewersPoint(DateTimeOffset At, int Viewers);

public sealed record ChatMinutePoint(DateTimeOffset At, int Messages, int Reactions);

public sealed record ReactionCount(string Emoji, int Count);

/// <summary>Chat activity over the stream: totals, each minute from the stream's start, and the most used reactions.</summary>
public sealed record ChatStats(int Messages, int Reactions, IReadOnlyList<ChatMinutePoint> PerMinute, IReadOnlyList<ReactionCount> TopReactions);

/// <summary>How a stream did (see <see cref="StreamStatistics.Compute"/> for what each figure means).</summary>
public sealed record StreamStats(
    string StreamId, bool IsLive, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, double DurationSeconds,
    int PeakViewers, double AverageViewers, int UniqueViewers,
    double TotalWatchSeconds, double AverageWatchSeconds, double MedianWatchSeconds,
    IReadOnlyList<RetentionPoint> Retention, int BucketSeconds, IReadOnlyList<ViewersPoint> ConcurrentViewers, ChatStats Chat);

/// <summary>
/// A stream's figures from its recorded viewer sessions, exact whatever order the webhooks came in. A viewer is an
/// identity: its sids' sessions are merged where they overlap or where one starts within the reconnect gap after the
/// previous ended (the gap counts as watched: one session). An open session (no leave yet) lasts until the stream's end,
/// or now while it is live; a sid whose join was never heard is left out. The window runs from the start of the stream
/// (or of the first session, if earlier) to its end or now (or the last session's end, if later).
/// </summary>
public static class StreamStatistics
{
    public const int MaxBuckets = 1000;
    public const int MaxRetentionMinutes = 240;

    public const int MaxChatMinutes = 1440;
    public const int TopReactionCount = 5;

    public static StreamStats Compute(
        LiveStream stream, IReadOnlyCollection<ViewerSession> sessions, DateTime now, TimeSpan reconnectGap, int bucketSeconds,
        IReadOnlyCollection<ChatMinute>? chat = null)
    {
        var streamEnd = stream.EndedAt ?? now;
        var intervals = sessions
            .Where(session => session.JoinedAt is not null)
            .Select(session => (session.Identity, Start: session.JoinedAt!.Value, End: Max(session.JoinedAt.Value, session.LeftAt ?? streamEnd)))
            .ToList();
        var windowStart = intervals.Count == 0 ? stream.StartedAt : Min(stream.StartedAt, intervals.Min(interval => interval.Start));
        var windowEnd = intervals.Count == 0 ? streamEnd : Max(streamEnd, intervals.Max(interval => interval.End));
        var duration = (windowEnd - windowStart).TotalSeconds;

        var merged = intervals
            .GroupBy(interval => interval.Identity, StringComparer.Ordinal)
            .SelectMany(viewer => Merge(viewer.Select(interval => (interval.Start, interval.End)), reconnectGap).Select(span => (Viewer: viewer.Key, span.Start, span.End)))
            .ToList();
        var watch = merged.GroupBy(span => span.Viewer, StringComparer.Ordinal)
            .Select(viewer => viewer.Sum(span => (span.End - span.Start).TotalSeconds))
            .Order()
            .ToList();
        var total = watch.Sum();

        // Joins and leaves in time order, a leave before a join at the same instant (back to back is not two at once).
        var changes = merged.SelectMany(span => new[] { (At: span.Start, Delta: 1), (At: span.End, Delta: -1) })
            .OrderBy(change => change.At).ThenBy(change => change.Delta)
            .ToList();
        var bucket = Math.Max(bucketSeconds, (int)Math.Ceiling(duration / MaxBuckets));
        var buckets = Math.Max(1, (int)Math.Ceiling(duration / bucket));
        var points = new List<ViewersPoint>(buckets);
        var (current, peak, next) = (0, 0, 0);
        for (var i = 0; i < buckets; i++)
        {
            var bucketStart = windowStart.AddSeconds(i * (double)bucket);
            var bucketEnd = windowStart.AddSeconds((i + 1) * (double)bucket);
            // What happens at the very start belongs to this bucket: a leave then is not counted in it.
            for (; next < changes.Count && changes[next].At <= bucketStart; next++)
            {
                current += changes[next].Delta;
            }
            var highest = current;
            for (; next < changes.Count && (changes[next].At < bucketEnd || i == buckets - 1); next++)
            {
                current += changes[next].Delta;
                highest = Math.Max(highest, current);
            }
            peak = Math.Max(peak, highest);
            points.Add(new ViewersPoint(Utc(bucketStart), highest));
        }

        var longest = watch.Count == 0 ? 0 : (int)Math.Min(MaxRetentionMinutes, Math.Ceiling(watch[^1] / 60));
        var retention = watch.Count == 0
            ? []
            : Enumerable.Range(0, longest + 1).Select(minute => new RetentionPoint(minute, watch.Count(seconds => seconds >= minute * 60.0) / (double)watch.Count)).ToList();

        return new StreamStats(
            stream.Id, stream.IsLive, Utc(stream.StartedAt), stream.EndedAt is { } ended ? Utc(ended) : null, duration,
            peak, duration > 0 ? total / duration : 0, watch.Count,
            total, watch.Count == 0 ? 0 : total / watch.Count, Median(watch),
            retention, bucket, points, Chat(chat ?? [], windowStart));
    }

    /// <summary>Chat's per-minute counts, the Chat instances added up; one point per minute from the stream's start (at most a day).</summary>
    private static ChatStats Chat(IReadOnlyCollection<ChatMinute> minutes, DateTime windowStart)
    {
        var first = new DateTime(windowStart.Ticks - (windowStart.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Utc);
        var perMinute = minutes.GroupBy(minute => minute.Minute)
            .ToDictionary(group => group.Key, group => (Messages: group.Sum(m => m.Messages), Reactions: group.Sum(m => m.Reactions.Values.Sum())));
        var count = perMinute.Count == 0 ? 0 : Math.Min(MaxChatMinutes, (int)((perMinute.Keys.Max() - first).TotalMinutes) + 1);
        var points = Enumerable.Range(0, Math.Max(0, count))
            .Select(i => first.AddMinutes(i))
            .Select(at => perMinute.TryGetValue(at, out var counts) ? new ChatMinutePoint(Utc(at), counts.Messages, counts.Reactions) : new ChatMinutePoint(Utc(at), 0, 0))
            .ToList();
        var top = minutes.SelectMany(minute => minute.Reactions)
            .GroupBy(reaction => reaction.Key, StringComparer.Ordinal)
            .Select(group => new ReactionCount(group.Key, group.Sum(reaction => reaction.Value)))
            .OrderByDescending(reaction => reaction.Count).ThenBy(reaction => reaction.Emoji, StringComparer.Ordinal)
            .Take(TopReactionCount)
            .ToList();
        return new ChatStats(perMinute.Values.Sum(counts => counts.Messages), perMinute.Values.Sum(counts => counts.Reactions), points, top);
    }

    /// <summary>One viewer's spans, merged where they overlap or where the next starts within <paramref name="gap"/> of the previous end.</summary>
    private static List<(DateTime Start, DateTime End)> Merge(IEnumerable<(DateTime Start, DateTime End)> spans, TimeSpan gap)
    {
        var merged = new List<(DateTime Start, DateTime End)>();
        foreach (var span in spans.OrderBy(span => span.Start))
        {
            if (merged.Count > 0 && span.Start <= merged[^1].End + gap)
            {
                merged[^1] = (merged[^1].Start, Max(merged[^1].End, span.End));
            }
            else
            {
                merged.Add(span);
            }
        }
        return merged;
    }

    private static double Median(List<double> sorted) =>
        sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));
}
