using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace PawfectLive.Gateway;

public sealed class EdgeCacheOptions
{
    public const string SectionName = "Gateway:EdgeCache";

    /// <summary>How long the gateway answers a public listing from its own memory; zero turns the edge cache off.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The public, caller-independent <c>GET</c> paths kept (exact paths; each query string is its own entry).</summary>
    [MinLength(0)]
    public string[] Paths { get; set; } = ["/api/live/active"];

    /// <summary>At most this many answers are kept (queries and origins vary); beyond it, answers are not kept until some run out.</summary>
    [Range(1, 100_000)]
    public int MaxEntries { get; set; } = 10_000;
}

/// <summary>
/// Public listings the whole app fleet polls (<c>GET /api/live/active</c>: the same for every caller) are answered from
/// the gateway's memory for <see cref="EdgeCacheOptions.Duration"/>, first thing in the pipeline, so most polls never
/// take the hop to Streams nor the gateway's routing. Kept per path, query string and <c>Origin</c> (the CORS answer
/// differs by origin); only <c>200</c> answers are kept, and concurrent misses of one key wait for the first one's answer.
/// A successful change of streams made through this gateway (any non-GET under <c>/api/live/</c>: start, stop, end...)
/// drops every entry before its answer leaves, so a caller who started or ended a stream sees it in the listing at once,
/// as Streams' own cache promises.
/// </summary>
public sealed class EdgeCache(IOptions<EdgeCacheOptions> options, TimeProvider time)
{
    public const string HitHeader = "X-Edge-Cache";

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _filling = new(StringComparer.Ordinal);
    private readonly HashSet<string> _paths = new(options.Value.Paths, StringComparer.OrdinalIgnoreCase);
    private long _generation;

    private sealed record Entry(DateTimeOffset Stored, DateTimeOffset Expires, string? ContentType, KeyValuePair<string, StringValues>[] Headers, byte[] Body);

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (options.Value.Duration <= TimeSpan.Zero || !HttpMethods.IsGet(request.Method) || !_paths.Contains(request.Path.Value ?? ""))
        {
            if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && request.Path.StartsWithSegments("/api/live"))
            {
                context.Response.OnStarting(() =>
                {
                    if (context.Response.StatusCode is >= 200 and < 300)
                    {
                        Clear();
                    }
                    return Task.CompletedTask;
                });
            }
            await next(context);
            return;
        }

        var key = $"{request.Path.Value}{request.QueryString.Value}|{request.Headers.Origin}";
        if (await TryServeAsync(context, key))
        {
            return;
        }
        var filling = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_filling.TryAdd(key, filling))
        {
            // Another request is asking Streams for this key: wait for its answer (briefly), then serve that.
            if (_filling.TryGetValue(key, out var other))
            {
                await Task.WhenAny(other.Task, Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted));
            }
            if (await TryServeAsync(context, key))
            {
                return;
            }
            await next(context);
            return;
        }
        try
        {
            await FillAsync(context, next, key);
        }
        finally
        {
            _filling.TryRemove(key, out _);
            filling.TrySetResult();
        }
    }

    /// <summary>Drops every kept answer.</summary>
    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }

    private async Task<bool> TryServeAsync(HttpContext context, string key)
    {
        var now = time.GetUtcNow();
        if (!_entries.TryGetValue(key, out var entry) || entry.Expires <= now)
        {
            return false;
        }
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = entry.ContentType;
        foreach (var (name, value) in entry.Headers)
        {
            response.Headers[name] = value;
        }
        response.Headers[HitHeader] = "hit";
        response.Headers.Age = ((long)(now - entry.Stored).TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.ContentLength = entry.Body.Length;
        await response.Body.WriteAsync(entry.Body, context.RequestAborted);
        return true;
    }

    /// <summary>Proxies the request, keeping a copy of a <c>200</c> answer (unless the cache was cleared meanwhile).</summary>
    private async Task FillAsync(HttpContext context, RequestDelegate next, string key)
    {
        var generation = Interlocked.Read(ref _generation);
        var stored = time.GetUtcNow();
        var original = context.Features.Get<IHttpResponseBodyFeature>()!;
        using var copy = new MemoryStream();
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(copy));
        try
        {
            await next(context);
        }
        finally
        {
            context.Features.Set(original);
        }
        var body = copy.ToArray();
        var response = context.Response;
        if (response.StatusCode == StatusCodes.Status200OK && !response.Headers.ContainsKey("Set-Cookie")
            && Interlocked.Read(ref _generation) == generation && _entries.Count < options.Value.MaxEntries)
        {
            KeyValuePair<string, StringValues>[] headers =
                [.. response.Headers.Where(header => header.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase) || header.Key == "Vary")];
            _entries[key] = new Entry(stored, stored + options.Value.Duration, response.ContentType, headers, body);
        }
        else if (_entries.Count >= options.Value.MaxEntries)
        {
            PurgeExpired();
        }
        if (!response.HasStarted)
        {
            response.ContentLength = body.Length;
        }
        await original.Stream.WriteAsync(body, context.RequestAborted);
    }

    private void PurgeExpired()
    {
        var now = time.GetUtcNow();
        foreach (var (key, entry) in _entries)
        {
            if (entry.Expires <= now)
            {
                _entries.TryRemove(key, out _);
            }
        }
    }
}

public static class EdgeCacheExtensions
{
    public static IHostApplicationBuilder AddEdgeCache(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<EdgeCacheOptions>(EdgeCacheOptions.SectionName);
        builder.Services.AddSingleton<EdgeCache>();
        return builder;
    }

    /// <summary>First in the pipeline: answers kept public listings, and drops them when a change of streams passes through.</summary>
    public static WebApplication UseEdgeCache(this WebApplication app)
    {
        var cache = app.Services.GetRequiredService<EdgeCache>();
        app.Use((context, next) => cache.InvokeAsync(context, next));
        return app;
    }
}
