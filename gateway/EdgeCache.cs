using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Primitives;

namespace PawfectLive.Gateway;

public sealed class EdgeCacheOptions
{
    public const string SectionName = "Gateway:EdgeCache";

    /// <summary>How long the gateway answers a public listing from its own memory; zero turns the edge cache off.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// Public listings the whole app fleet polls (<c>GET /api/live/active</c>: the same for every caller) are answered from
/// the gateway's memory for <see cref="EdgeCacheOptions.Duration"/>, so most polls never take the hop to Streams. Routes
/// opt in with <c>"OutputCachePolicy": "public-listing"</c> in the proxy configuration. Kept per query (<c>limit</c>,
/// <c>cursor</c>, <c>tag</c>) and per <c>Origin</c> (the CORS answer differs by origin); only <c>200</c> answers are
/// kept, and concurrent misses of one key wait for a single request to Streams. A successful change of streams made
/// through this gateway (any non-GET under <c>/api/live/</c>: start, stop, end...) drops them before its answer leaves,
/// so a caller who started or ended a stream sees it in the listing at once, as Streams' own cache promises.
/// </summary>
public sealed class PublicListingCachePolicy(TimeSpan duration) : IOutputCachePolicy
{
    public const string Name = "public-listing";

    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var cacheable = duration > TimeSpan.Zero && HttpMethods.IsGet(context.HttpContext.Request.Method);
        context.EnableOutputCaching = cacheable;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        context.AllowLocking = true;
        context.CacheVaryByRules.QueryKeys = new StringValues(["limit", "cursor", "tag"]);
        context.CacheVaryByRules.HeaderNames = new StringValues("Origin");
        context.ResponseExpirationTimeSpan = duration;
        context.Tags.Add(Name);
        return ValueTask.CompletedTask;
    }

    public const string HitHeader = "X-Edge-Cache";

    /// <summary>Marks an answer the gateway gave from its memory, for operators and clients alike.</summary>
    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        context.HttpContext.Response.Headers[HitHeader] = "hit";
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        if (context.HttpContext.Response.StatusCode != StatusCodes.Status200OK)
        {
            context.AllowCacheStorage = false;
        }
        return ValueTask.CompletedTask;
    }
}

public static class EdgeCacheExtensions
{
    /// <summary>Answers public listings from the edge cache, and drops them when a change of streams passes through.</summary>
    public static WebApplication UseEdgeCache(this WebApplication app)
    {
        app.UseOutputCache();
        var store = app.Services.GetRequiredService<IOutputCacheStore>();
        app.Use((context, next) =>
        {
            if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
                && context.Request.Path.StartsWithSegments("/api/live"))
            {
                context.Response.OnStarting(() => context.Response.StatusCode is >= 200 and < 300
                    ? store.EvictByTagAsync(PublicListingCachePolicy.Name, CancellationToken.None).AsTask()
                    : Task.CompletedTask);
            }
            return next(context);
        });
        return app;
    }
}
