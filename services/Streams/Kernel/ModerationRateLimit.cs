using Microsoft.Extensions.Options;
using PawfectLive.ServiceDefaults.Authentication;

namespace PawfectLive.Streams.Kernel;

/// <summary>
/// Moderation writes per actor (<see cref="StreamsOptions.ModerationWritesPerMinute"/>, a sliding minute over every
/// stream): blocks, timeouts, moderators, chat rules, words and pins each write the stream, an event and an audit entry,
/// so one account (or a leaked token) cannot flood them. Per instance, in memory; idle actors' windows are dropped.
/// </summary>
public sealed class ModerationRateLimit(IOptions<StreamsOptions> options) : PerKeyRateLimit(options.Value.ModerationWritesPerMinute)
{
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
                ? new StreamError.RateLimited(wait, $"At most {limit.PerMinute} moderation changes a minute; wait before the next one.").ToProblem(http)
                : await next(context);
        });
}
