using PawfectLive.Contracts;
using PawfectLive.Streams.Features.Analytics;
using PawfectLive.Streams.Model;

namespace PawfectLive.UnitTests;

/// <summary>A stream's figures from its viewer sessions, on hand-made timelines with known answers.</summary>
public sealed class StreamStatisticsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Gap = TimeSpan.FromSeconds(30);

    private static LiveStream Stream(int endedAfterSeconds)
    {
        var stream = LiveStream.Start("0123456789abcdef01234567", "owner", "Rex", [], null, T0);
        stream.End(StreamEndReasons.Owner, T0.UtcDateTime.AddSeconds(endedAfterSeconds));
        return stream;
    }

    private static ViewerSession Session(string identity, string sid, int joined, int? left) => new()
    {
        Id = sid,
        StreamId = "s",
        Sid = sid,
        Identity = identity,
        JoinedAt = T0.UtcDateTime.AddSeconds(joined),
        LeftAt = left is { } seconds ? T0.UtcDateTime.AddSeconds(seconds) : null,
    };

    [Fact]
    public void Figures_of_a_simple_timeline()
    {
        // ana 0-600 (10 min), ben 60-180 (2 min), cal 120-(end 600) (8 min, never left); a 10-minute stream.
        var stats = StreamStatistics.Compute(Stream(600),
            [Session("ana", "PA_a", 0, 600), Session("ben", "PA_b", 60, 180), Session("cal", "PA_c", 120, null)], T0.UtcDateTime.AddHours(1), Gap, 60);

        Assert.Equal(600, stats.DurationSeconds);
        Assert.Equal(3, stats.UniqueViewers);
        Assert.Equal(3, stats.PeakViewers);
        Assert.Equal(600 + 120 + 480, stats.TotalWatchSeconds);
        Assert.Equal(400, stats.AverageWatchSeconds);
        Assert.Equal(480, stats.MedianWatchSeconds);
        Assert.Equal(2.0, stats.AverageViewers);
        Assert.Equal([1, 2, 3, 2, 2, 2, 2, 2, 2, 2], stats.ConcurrentViewers.Select(point => point.Viewers));
        Assert.Equal(T0.AddMinutes(3), stats.ConcurrentViewers[3].At);
        Assert.Equal(11, stats.Retention.Count);
        Assert.Equal([1.0, 1.0, 1.0, 2 / 3.0, 2 / 3.0], stats.Retention.Take(5).Select(point => point.Share));
        Assert.Equal(1 / 3.0, stats.Retention[9].Share, 9);
        Assert.Equal(1 / 3.0, stats.Retention[10].Share, 9);
    }

    [Fact]
    public void A_reconnect_within_the_gap_is_one_session_and_a_later_return_is_another()
    {
        // dan: 0-100, back after 20 s (reconnect: one session 0-200), back after 100 s more (a new one: 300-400).
        var stats = StreamStatistics.Compute(Stream(400),
            [Session("dan", "PA_1", 0, 100), Session("dan", "PA_2", 120, 200), Session("dan", "PA_3", 300, 400)], T0.UtcDateTime, Gap, 60);

        Assert.Equal(1, stats.UniqueViewers);
        Assert.Equal(300, stats.TotalWatchSeconds);
        Assert.Equal(1, stats.PeakViewers);
        Assert.Equal([1, 1, 1, 1, 0, 1, 1], stats.ConcurrentViewers.Select(point => point.Viewers));
    }

    [Fact]
    public void Two_devices_of_one_viewer_count_once_and_back_to_back_viewers_are_not_two_at_once()
    {
        var stats = StreamStatistics.Compute(Stream(120),
            [Session("eve", "PA_phone", 0, 60), Session("eve", "PA_laptop", 10, 50), Session("fay", "PA_f", 120, 120), Session("gus", "PA_g1", 60, 120)],
            T0.UtcDateTime, TimeSpan.Zero, 10);

        Assert.Equal(3, stats.UniqueViewers);
        Assert.Equal(1, stats.PeakViewers);
        Assert.Equal(120, stats.TotalWatchSeconds);
    }

    [Fact]
    public void A_stream_nobody_watched_has_zeros_and_one_bucket_per_interval()
    {
        var neverJoined = Session("x", "PA_x", 10, 50);
        neverJoined.JoinedAt = null; // only its leave was heard
        var stats = StreamStatistics.Compute(Stream(125), [neverJoined], T0.UtcDateTime, Gap, 60);

        Assert.Equal((0, 0, 0.0, 0.0), (stats.UniqueViewers, stats.PeakViewers, stats.TotalWatchSeconds, stats.MedianWatchSeconds));
        Assert.Empty(stats.Retention);
        Assert.Equal(3, stats.ConcurrentViewers.Count);
        Assert.All(stats.ConcurrentViewers, point => Assert.Equal(0, point.Viewers));
    }

    [Fact]
    public void Buckets_grow_so_that_a_long_stream_has_at_most_1000()
    {
        var stats = StreamStatistics.Compute(Stream(24 * 3600), [], T0.UtcDateTime, Gap, 10);

        Assert.Equal(87, stats.BucketSeconds);
        Assert.Equal(994, stats.ConcurrentViewers.Count);
    }
}
