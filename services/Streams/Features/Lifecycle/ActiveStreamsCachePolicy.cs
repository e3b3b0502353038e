using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Primitives;

namespace PawfectLive.Streams.Features.Lifecycle;

/// <summary>
/// The <c>/active</c> listing is the same for every caller and polled by the whole app fleet, so it is served from an
/// in-memory output cache — also for requests that carry a token, which the default policy never caches. Entries are
/// evicted by tag whenever a stream starts, ends or its viewer count changes, and expire after
/// <see cref="StreamsOptions.ActiveCacheDuration"/> at the latest (the staleness bound of other instances).
/// </summary>
public sealed class ActiveStreamsCachePolicy(TimeSpan duration) : IOutputCachePolicy
{
    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        context.EnableOutputCaching = true;
        context.AllowCacheLookup = HttpMethods.IsGet(context.HttpContext.Request.Method);
        context.AllowCacheStorage = context.AllowCacheLookup;
        context.AllowLocking = true;
        context.CacheVaryByRules.QueryKeys = new StringValues(["limit", "cursor", "tag"]);
        context.ResponseExpirationTimeSpan = duration;
        context.Tags.Add(ActiveStreamsCache.Tag);
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        // Only successful listings are worth keeping; a 400 for a bad cursor is cheap to recompute.
        if (context.HttpContext.Response.StatusCode != StatusCodes.Status200OK)
        {
            context.AllowCacheStorage = false;
        }
        return ValueTask.CompletedTask;
    }
}
