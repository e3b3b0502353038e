using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace PawfectLive.Webhooks.Infrastructure;

/// <summary>
/// Remembers handled LiveKit event ids in Redis (shared by every Webhooks instance) for
/// <see cref="WebhooksOptions.DeduplicationWindow"/>.
/// </summary>
public sealed class WebhookDeduplicator(IConnectionMultiplexer redis, IOptions<WebhooksOptions> options)
{
    private static RedisKey Key(string eventId) => $"webhooks:handled:{eventId}";

    public async Task<bool> WasHandledAsync(string eventId) =>
        await redis.GetDatabase().KeyExistsAsync(Key(eventId));

    public Task MarkHandledAsync(string eventId) =>
        redis.GetDatabase().StringSetAsync(Key(eventId), 1, options.Value.DeduplicationWindow);
}
