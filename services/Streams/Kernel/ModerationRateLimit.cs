using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using PawfectLive.ServiceDefaults.Authentication;

namespace PawfectLive.Streams.Kernel;

/// <summary>
/// Moderation writes per actor (<see cref="StreamsOptions.ModerationWritesPerMinute"/>, a sliding minute over every
/// stream): blocks, timeouts, moderators, chat rules, words and pins each write the stream, an event and an audit entry,
/// so one account (or a leaked token) cannot flood them. Per instance, in memory; idle actors' windows are dropped.
/// </summary>
public sealed class ModerationRateLimit : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly int _perMinute;

    public ModerationRateLimit(IOptions<StreamsOptions> options)
    {
        _perMinute = options.Value.ModerationWritesPerMinute;
        _limiter = PartitionedRateLimiter.Create<string, string>(actor => RateLimitPartition.GetSlidingWindowLimiter(actor, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = _perMinute,
            Window = TimeSpan.FromMinutes(1),
            SegmentsPerWindow = 6,
            QueueLimit = 0,
        }));
    }

    /// <summary>Null when the actor may write now; else how long to wait.</summary>
    public TimeSpan? RetryAfter(string actorId)
    {
        using var lease = _limiter.AttemptAcquire(actorId);
        return lease.IsAcquired ? null : lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(10);
    }

    public void Dispose() => _limiter.Dispose();

    /// <summary>Every write route of the group (all but GET) counts against its caller's moderation writes (429 beyond).</summary>
    public static TBuilder LimitModerationWrites<TBuilder>(TBuilder group) where TBuilder : IEndpointConventionBuilder =>
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (HttpMethods.IsGet(http.Request.Method) || http.User.GetUserId() is not { } actor)
            {
                return await next(context);
            }
            var limit = http.RequestServices.GetRequiredService<ModerationRateLimit>();
            return limit.RetryAfter(actor) is { } wait
                ? new StreamError.RateLimited(wait, $"At most {limit._perMinute} moderation changes a minute; wait before the next one.").ToProblem(http)
                : await next(context);
        });
}
