using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace PawfectLive.Webhooks.Infrastructure;

/// <summary>
/// Remembers handled LiveKit event ids in Redis (shared by every Webhooks instance) for
/// <see cref="WebhooksOptions.DeduplicationWindow"/>. An event is claimed before it is handed on — one <c>SET NX</c> that
/// holds only for <see cref="WebhooksOptions.PublishTimeout"/> and a margin — and marked handled for the whole window once
/// RabbitMQ has it. A claim whose hand-off failed is given back; if even that fails (Redis gone too, a partition), it
/// runs out on its own within seconds, so LiveKit's retry is handled then: an acknowledged-or-not event is never dropped as a duplicate.
/// </summary>
public sealed class WebhookDeduplicator(IConnectionMultiplexer redis, IOptions<WebhooksOptions> options)
{
    private static readonly TimeSpan ClaimMargin = TimeSpan.FromSeconds(5);

    private static RedisKey Key(string eventId) => $"webhooks:handled:{eventId}";

    /// <summary>True when this delivery may handle the event; false for a duplicate (handled, or being handled).</summary>
    public Task<bool> TryClaimAsync(string eventId) =>
        redis.GetDatabase().StringSetAsync(Key(eventId), 0, options.Value.PublishTimeout + ClaimMargin, When.NotExists);

    /// <summary>The event is in RabbitMQ: remembered for the whole window. Not awaited (should it be lost, the claim runs out and a later duplicate is handed on again, which consumers absorb).</summary>
    public void MarkHandled(string eventId) =>
        redis.GetDatabase().StringSet(Key(eventId), 1, options.Value.DeduplicationWindow, flags: CommandFlags.FireAndForget);

    public Task ReleaseAsync(string eventId) => redis.GetDatabase().KeyDeleteAsync(Key(eventId));
}
