using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace PawfectLive.Chat.Infrastructure;

/// <summary>
/// A fixed-window message limit per user, counted in Redis so it holds across Chat instances.
/// Returns null when the message may go, else how long to wait.
/// </summary>
public sealed class MessageRateLimiter(IConnectionMultiplexer redis, IOptions<ChatOptions> options, TimeProvider time)
{
    public async Task<TimeSpan?> TryAcquireAsync(string userId)
    {
        var chat = options.Value;
        var windowMs = (long)chat.RateLimitWindow.TotalMilliseconds;
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var windowStart = nowMs / windowMs * windowMs;
        RedisKey key = $"chat:rate:{userId}:{windowStart}";

        var database = redis.GetDatabase();
        var count = await database.StringIncrementAsync(key);
        if (count == 1)
        {
            await database.KeyExpireAsync(key, chat.RateLimitWindow + TimeSpan.FromSeconds(1));
        }
        return count <= chat.MessagesPerWindow ? null : TimeSpan.FromMilliseconds(windowStart + windowMs - nowMs);
    }
}
