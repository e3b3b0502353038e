using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace PawfectLive.Chat.Infrastructure;

/// <summary>
/// A fixed-window message limit per user, counted in Redis so it holds across Chat instances.
/// Returns null when the message may go, else how long to wait.
/// </summary>
public sealed class MessageRateLimiter(IConnectionMultiplexer redis, IOptions<ChatOptions> options, TimeProvider time)
{
    // Counted and given its expiry in one step: a window's key never outlives it, and one round trip per send.
    private static readonly LuaScript CountScript = LuaScript.Prepare(
        "local count = redis.call('INCR', @key) if count == 1 then redis.call('PEXPIRE', @key, @ttl) end return count");

    public async Task<TimeSpan?> TryAcquireAsync(string userId)
    {
        var chat = options.Value;
        var windowMs = (long)chat.RateLimitWindow.TotalMilliseconds;
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var windowStart = nowMs / windowMs * windowMs;
        RedisKey key = $"chat:rate:{userId}:{windowStart}";

        var count = (long)await redis.GetDatabase().ScriptEvaluateAsync(CountScript,
            new { key, ttl = windowMs + 1000 });
        return count <= chat.MessagesPerWindow ? null : TimeSpan.FromMilliseconds(windowStart + windowMs - nowMs);
    }
}
