using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using MongoDB.Bson;
using PawfectLive.Contracts;
using PawfectLive.LiveKit;
using PawfectLive.ServiceDefaults.Authentication;
using PawfectLive.Streams.Infrastructure;
using PawfectLive.Streams.Model;

namespace PawfectLive.Streams.Api;

public static class LiveStreamsApi
{
    public static RouteGroupBuilder MapLiveStreamsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/live").WithTags("Live streams");

        api.MapPost("/start", StartAsync).RequireAuthorization()
            .WithName("StartStream").WithSummary("Go live: create a stream and get a publisher token");
        api.MapPost("/stop", StopAsync).RequireAuthorization()
            .WithName("StopStream").WithSummary("End your own stream (idempotent)");
        var cacheDuration = app.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<StreamsOptions>>().Value.ActiveCacheDuration;
        api.MapGet("/active", ListActiveAsync).AllowAnonymous()
            .CacheOutput(new ActiveStreamsCachePolicy(cacheDuration))
            .WithName("ListActiveStreams").WithSummary("Live streams, newest first, paged");
        api.MapGet("/{id}", GetAsync).AllowAnonymous()
            .WithName("GetStream").WithSummary("One stream's public metadata");
        api.MapGet("/{id}/watch", WatchAsync).RequireAuthorization()
            .WithName("WatchStream").WithSummary("A subscriber token for a live stream");

        return api;
    }

    public static async Task<Results<Created<StartStreamResponse>, ProblemHttpResult>> StartAsync(
        StartStreamRequest? request, HttpContext http, StreamsServices services)
    {
        var ownerId = http.User.GetUserId()!;
        if (!services.Options.GoLiveEnabled)
        {
            services.Logger.StartRefused(ownerId, "feature flag off");
            return Problems.GoLiveDisabled();
        }

        var errors = new Dictionary<string, string[]>();
        var input = StreamInput.Normalize(request ?? new StartStreamRequest(null, null, null), errors);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        // Already live wins over the rate limit: the owner learns which stream to stop.
        if (await services.Store.FindLiveByOwnerAsync(ownerId, http.RequestAborted) is { } live)
        {
            services.Logger.StartRefused(ownerId, "already live");
            return Problems.AlreadyLive(live.Id);
        }

        var now = services.Time.GetUtcNow();
        if (await CheckStartRateAsync(services, ownerId, now, http.RequestAborted) is { } retryAfter)
        {
            services.Logger.StartRefused(ownerId, "rate limited");
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return Problems.RateLimited(retryAfter, "You started streams too often; wait before going live again.");
        }

        var stream = new LiveStream
        {
            Id = ObjectId.GenerateNewId().ToString(),
            OwnerId = ownerId,
            RoomName = $"live_{ownerId}_{now.ToUnixTimeMilliseconds()}",
            Title = input.Title,
            CoverUrl = input.CoverUrl,
            Tags = input.Tags,
            IsLive = true,
            StartedAt = now.UtcDateTime,
            CreatedAt = now.UtcDateTime,
            UpdatedAt = now.UtcDateTime,
        };
        var started = new StreamStartedIntegrationEvent(Guid.NewGuid(), stream.Id, ownerId, stream.RoomName, stream.Title, stream.Tags, now);
        stream.PendingEvents.Add(Outbox.Entry(started.EventId, started, now.UtcDateTime));

        try
        {
            await services.Store.InsertLiveAsync(stream, http.RequestAborted);
        }
        catch (OwnerAlreadyLiveException ex)
        {
            services.Logger.StartRefused(ownerId, "already live");
            return Problems.AlreadyLive(ex.LiveStreamId);
        }
        services.Outbox.Notify();
        await services.ActiveCache.InvalidateAsync(http.RequestAborted);
        services.Logger.StreamStarted(stream.Id, ownerId, stream.RoomName);

        var token = services.Tokens.Issue(ownerId, VideoGrant.Publisher(stream.RoomName), http.User.FindFirst("name")?.Value);
        return TypedResults.Created(
            $"/api/live/{stream.Id}",
            new StartStreamResponse(stream.Id, stream.RoomName, token.Token, services.LiveKit.Url, token.ExpiresAt));
    }

    public static async Task<Results<Ok<LiveStreamResponse>, ProblemHttpResult>> StopAsync(
        StopStreamRequest? request, HttpContext http, StreamsServices services)
    {
        var (stream, problem) = await services.FindStreamAsync(request?.StreamId, http.RequestAborted, field: "streamId");
        if (problem is not null)
        {
            return problem;
        }
        var userId = http.User.GetUserId()!;
        if (stream!.OwnerId != userId)
        {
            return Problems.NotStreamOwner();
        }

        return TypedResults.Ok(LiveStreamResponse.From(await services.EndAndReadAsync(stream, StreamEndReasons.Owner, userId, http.RequestAborted)));
    }

    public static async Task<Results<Ok<ActiveStreamsResponse>, ProblemHttpResult>> ListActiveAsync(
        int? limit, string? cursor, string? tag, StreamsServices services, CancellationToken cancellationToken)
    {
        var pageSize = limit ?? services.Options.DefaultPageSize;
        if (pageSize is < 1 or > StreamsOptions.MaxPageSize)
        {
            return Problems.Validation("limit", $"limit must be between 1 and {StreamsOptions.MaxPageSize}.");
        }
        StreamCursor? before = null;
        if (cursor is not null && (before = DecodeCursor(cursor)) is null)
        {
            return Problems.Validation("cursor", "cursor is not a value returned by a previous page.");
        }
        string? normalizedTag = null;
        if (tag is not null && (normalizedTag = StreamInput.NormalizeTag(tag)) is null)
        {
            return Problems.Validation("tag", "tag is not a valid tag.");
        }

        var page = await services.Store.ListLiveAsync(new LiveStreamQuery(pageSize, before, normalizedTag), cancellationToken);
        var next = page.Count == pageSize ? EncodeCursor(page[^1]) : null;
        return TypedResults.Ok(new ActiveStreamsResponse(page.Select(LiveStreamResponse.From).ToList(), next));
    }

    public static async Task<Results<Ok<LiveStreamResponse>, ProblemHttpResult>> GetAsync(
        string id, StreamsServices services, CancellationToken cancellationToken)
    {
        var (stream, problem) = await services.FindStreamAsync(id, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        return TypedResults.Ok(LiveStreamResponse.From(stream!));
    }

    public static async Task<Results<Ok<WatchStreamResponse>, ProblemHttpResult>> WatchAsync(
        string id, HttpContext http, StreamsServices services)
    {
        var (stream, problem) = await services.FindStreamAsync(id, http.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }
        var userId = http.User.GetUserId()!;
        if (stream!.BlockedUserIds.Contains(userId))
        {
            return Problems.Blocked();
        }
        if (!stream.IsLive)
        {
            return Problems.StreamEnded(id);
        }

        var token = services.Tokens.Issue(userId, VideoGrant.Subscriber(stream.RoomName), http.User.FindFirst("name")?.Value);
        return TypedResults.Ok(new WatchStreamResponse(
            stream.Id, stream.RoomName, token.Token, services.LiveKit.Url, token.ExpiresAt,
            stream.Title, stream.CoverUrl, stream.OwnerId, stream.Viewers, stream.Tags));
    }

    /// <summary>How long the owner must wait before starting again (cooldown, then starts per window); null to go ahead.</summary>
    private static async Task<TimeSpan?> CheckStartRateAsync(StreamsServices services, string ownerId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var options = services.Options;
        var since = now - (options.StartWindow > options.StartCooldown ? options.StartWindow : options.StartCooldown);
        var starts = await services.Store.StartTimesSinceAsync(ownerId, since.UtcDateTime, cancellationToken);
        if (starts.Count == 0)
        {
            return null;
        }

        var nowUtc = now.UtcDateTime;
        var sinceLatest = nowUtc - starts.Max();
        if (sinceLatest < options.StartCooldown)
        {
            return options.StartCooldown - sinceLatest;
        }
        var inWindow = starts.Where(startedAt => startedAt > nowUtc - options.StartWindow).Order().ToList();
        if (inWindow.Count >= options.StartsPerWindow)
        {
            return inWindow[inWindow.Count - options.StartsPerWindow] + options.StartWindow - nowUtc;
        }
        return null;
    }

    internal static bool IsStreamId(string? id) => id is { Length: 24 } && ObjectId.TryParse(id, out _);

    private static string EncodeCursor(LiveStream last) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            $"{DateTime.SpecifyKind(last.StartedAt, DateTimeKind.Utc).Ticks.ToString(CultureInfo.InvariantCulture)}:{last.Id}"));

    private static StreamCursor? DecodeCursor(string cursor)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)).Split(':');
            return parts.Length == 2
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks <= DateTime.MaxValue.Ticks
                && IsStreamId(parts[1])
                ? new StreamCursor(new DateTime(ticks, DateTimeKind.Utc), parts[1])
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
