using System.Threading.RateLimiting;

namespace PawfectLive.Streams.Kernel;

/// <summary>
/// At most a number of actions per key in a sliding minute, in memory and per instance; idle keys' windows are dropped,
/// so it holds only the keys acting now. The rate limits of Streams derive from it.
/// </summary>
public abstract class PerKeyRateLimit(int perMinute) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetSlidingWindowLimiter(key, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = perMinute,
            Window = TimeSpan.FromMinutes(1),
            SegmentsPerWindow = 6,
            QueueLimit = 0,
        }));

    public int PerMinute { get; } = perMinute;

    /// <summary>Null when <paramref name="key"/> may act now (the action is counted); else how long to wait.</summary>
    public TimeSpan? RetryAfter(string key)
    {
        using var lease = _limiter.AttemptAcquire(key);
        return lease.IsAcquired ? null : lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(10);
    }

    public void Dispose()
    {
        _limiter.Dispose();
        GC.SuppressFinalize(this);
    }
}
