using System.Buffers.Text;
using System.Globalization;
using System.Text;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using MongoDB.Bson;
using PawfectLive.Contracts;
using PawfectLive.LiveKit;
using PawfectLive.ServiceDefaults.Authentication;
using PawfectLive.Streams.Model;

namespace PawfectLive.Streams.Api;

/// <summary>The dependencies every handler gets, as one bundle.</summary>
public sealed class StreamsServices(
    IStreamStore store,
    IPublishEndpoint events,
    AccessTokenIssuer tokens,
    IOptions<LiveKitOptions> liveKit,
    IOptionsMonitor<StreamsOptions> options,
    TimeProvider time,
    ILogger<StreamsServices> logger)
{
    public IStreamStore Store { get; } = store;
    public IPublishEndpoint Events { get; } = events;
    public AccessTokenIssuer Tokens { get; } = tokens;
    public LiveKitOptions LiveKit { get; } = liveKit.Value;
    public StreamsOptions Options => options.CurrentValue;
    public TimeProvider Time { get; } = time;
    public ILogger Logger { get; } = logger;
}

public static class LiveStreamsApi
{
    public static RouteGroupBuilder MapLiveStreamsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/live").WithTags("Live streams");

        api.MapPost("/start", StartAsync).RequireAuthorization()
            .WithName("StartStream").WithSummary("Go live: create a stream and get a publisher token");
        api.MapPost("/stop", StopAsync).RequireAuthorization()
            .WithName("StopStream").WithSummary("End your own stream (idempotent)");
        api.MapGet("/active", ListActiveAsync).AllowAnonymous()
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

        var now = services.Time.GetUtcNow();
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

        try
        {
            await services.Store.InsertLiveAsync(stream, http.RequestAborted);
        }
        catch (OwnerAlreadyLiveException ex)
        {
            services.Logger.StartRefused(ownerId, "already live");
            return Problems.AlreadyLive(ex.LiveStreamId);
        }

        await services.Events.Publish(
            new StreamStartedIntegrationEvent(Guid.NewGuid(), stream.Id, ownerId, stream.RoomName, stream.Title, stream.Tags, now),
            http.RequestAborted);
        services.Logger.StreamStarted(stream.Id, ownerId, stream.RoomName);

        var token = services.Tokens.Issue(ownerId, VideoGrant.Publisher(stream.RoomName), http.User.FindFirst("name")?.Value);
        return TypedResults.Created(
            $"/api/live/{stream.Id}",
            new StartStreamResponse(stream.Id, stream.RoomName, token.Token, services.LiveKit.Url, token.ExpiresAt));
    }

    public static async Task<Results<Ok<LiveStreamResponse>, ProblemHttpResult>> StopAsync(
        StopStreamRequest? request, HttpContext http, StreamsServices services)
    {
        if (!IsStreamId(request?.StreamId))
        {
            return Problems.Validation("streamId", "streamId must be a 24-character hexadecimal stream id.");
        }

        var stream = await services.Store.GetAsync(request!.StreamId!, http.RequestAborted);
        if (stream is null)
        {
            return Problems.StreamNotFound(request.StreamId!);
        }
        var userId = http.User.GetUserId()!;
        if (stream.OwnerId != userId)
        {
            return Problems.NotStreamOwner();
        }

        var ended = await EndAsync(services, stream, StreamEndReasons.Owner, userId, http.RequestAborted);
        return TypedResults.Ok(LiveStreamResponse.From(ended ?? stream));
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
        if (!IsStreamId(id))
        {
            return Problems.Validation("id", "id must be a 24-character hexadecimal stream id.");
        }
        var stream = await services.Store.GetAsync(id, cancellationToken);
        return stream is null ? Problems.StreamNotFound(id) : TypedResults.Ok(LiveStreamResponse.From(stream));
    }

    public static async Task<Results<Ok<WatchStreamResponse>, ProblemHttpResult>> WatchAsync(
        string id, HttpContext http, StreamsServices services)
    {
        if (!IsStreamId(id))
        {
            return Problems.Validation("id", "id must be a 24-character hexadecimal stream id.");
        }
        var stream = await services.Store.GetAsync(id, http.RequestAborted);
        if (stream is null)
        {
            return Problems.StreamNotFound(id);
        }
        var userId = http.User.GetUserId()!;
        if (stream.BlockedUserIds.Contains(userId))
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

    /// <summary>Ends a stream once; publishes <c>StreamEnded</c> only for the call that ended it.</summary>
    internal static async Task<LiveStream?> EndAsync(
        StreamsServices services, LiveStream stream, string reason, string actorId, CancellationToken cancellationToken)
    {
        var now = services.Time.GetUtcNow();
        var ended = await services.Store.EndAsync(stream.Id, reason, now.UtcDateTime, cancellationToken);
        if (ended is not null)
        {
            await services.Events.Publish(
                new StreamEndedIntegrationEvent(Guid.NewGuid(), ended.Id, ended.OwnerId, ended.RoomName, reason, now),
                cancellationToken);
            services.Logger.StreamEnded(ended.Id, ended.RoomName, reason, actorId);
        }
        return ended;
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
                && ticks is >= 0 and <= 3155378975999999999
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
