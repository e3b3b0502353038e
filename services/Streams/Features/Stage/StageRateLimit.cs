using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace PawfectLive.Streams.Features.Stage;

/// <summary>
/// Stage actions per user and stream (<see cref="StageOptions.ActionsPerMinute"/>, a sliding minute), so toggling a paw
/// cannot flood a room with writes, <c>stage:updated</c> pushes and room-metadata rewrites. Per instance, in memory:
/// idle users' windows are dropped, so it holds only the users acting now.
/// </summary>
public sealed class StageRateLimit : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public StageRateLimit(IOptions<StageOptions> options)
    {
        var perMinute = options.Value.ActionsPerMinute;
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetSlidingWindowLimiter(key, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = perMinute,
            Window = TimeSpan.FromMinutes(1),
            SegmentsPerWindow = 6,
            QueueLimit = 0,
        }));
    }

    /// <summary>Null when the user may act now; else how long to wait.</summary>
    public TimeSpan? RetryAfter(string streamId, string userId)
    {
        using var lease = _limiter.AttemptAcquire($"{streamId}:{userId}");
        return lease.IsAcquired ? null : lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(10);
    }

    public void Dispose() => _limiter.Dispose();
}
