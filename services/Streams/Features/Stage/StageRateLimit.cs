using Microsoft.Extensions.Options;

namespace PawfectLive.Streams.Features.Stage;

/// <summary>
/// Stage actions per user and stream (<see cref="StageOptions.ActionsPerMinute"/>, a sliding minute), so toggling a paw
/// cannot flood a room with writes, <c>stage:updated</c> pushes and room-metadata rewrites. Per instance, in memory.
/// </summary>
public sealed class StageRateLimit(IOptions<StageOptions> options) : PerKeyRateLimit(options.Value.ActionsPerMinute)
{
    /// <summary>Null when the user may act now; else how long to wait.</summary>
    public TimeSpan? RetryAfter(string streamId, string userId) => RetryAfter($"{streamId}:{userId}");
}
