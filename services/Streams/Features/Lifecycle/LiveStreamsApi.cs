using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PawfectLive.ServiceDefaults.Problems;
using PawfectLive.Streams.Features.Recording;

namespace PawfectLive.Streams.Features.Lifecycle;

public static class LiveStreamsApi
{
    public static RouteGroupBuilder MapLiveStreamsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/live").WithTags("Live streams");

        api.MapPost("/start", StartAsync).RequireAuthorization()
            .ProducesProblems(400, 401, 409, 429, 503)
            .WithName("StartStream").WithSummary("Go live: create a stream and get a publisher token");
        api.MapPost("/stop", StopAsync).RequireAuthorization()
            .ProducesProblems(400, 401, 403, 404)
            .WithName("StopStream").WithSummary("End your own stream (idempotent)");
        var cacheDuration = app.ServiceProvider.GetRequiredService<IOptions<StreamsOptions>>().Value.ActiveCacheDuration;
        api.MapGet("/active", ListActiveAsync).AllowAnonymous()
            .CacheOutput(new ActiveStreamsCachePolicy(cacheDuration))
            .ProducesProblems(400)
            .WithName("ListActiveStreams").WithSummary("Live streams, newest first, paged");
        api.MapGet("/{id}", GetAsync).AllowAnonymous()
            .ProducesProblems(400, 404)
            .WithName("GetStream").WithSummary("One stream's public metadata");
        api.MapGet("/{id}/watch", WatchAsync).RequireAuthorization()
            .ProducesProblems(400, 401, 403, 404, 410)
            .WithName("WatchStream").WithSummary("A subscriber token for a live stream");

        return api;
    }

    public static async Task<Results<Created<StartStreamResponse>, ProblemHttpResult>> StartAsync(
        StartStreamRequest? request, HttpContext http, LifecycleService lifecycle, IOptionsMonitor<RecordingOptions> recording)
    {
        var result = await lifecycle.StartAsync(http.User.ToCaller(), request?.Title, request?.Tags, request?.CoverUrl, request?.Record ?? false, http.RequestAborted,
            request?.ScheduledStreamId);
        if (result.Value is not { } started)
        {
            return result.Error!.ToProblem(http);
        }
        return TypedResults.Created($"/api/live/{started.Stream.Id}", new StartStreamResponse(
            started.Stream.Id, started.Stream.RoomName, started.Token.Token, started.Url, started.Token.ExpiresAt,
            started.Stream.Recording is { } recorded ? RecordingResponse.From(new RecordingView(started.Stream, recorded, recording.CurrentValue)) : null));
    }

    public static async Task<Results<Ok<LiveStreamResponse>, ProblemHttpResult>> StopAsync(
        StopStreamRequest? request, HttpContext http, LifecycleService lifecycle)
    {
        var result = await lifecycle.StopAsync(http.User.ToCaller(), request?.StreamId, http.RequestAborted);
        return result.Value is { } stream ? TypedResults.Ok(LiveStreamResponse.From(stream)) : result.Error!.ToProblem(http);
    }

    public static async Task<Results<Ok<ActiveStreamsResponse>, ProblemHttpResult>> ListActiveAsync(
        int? limit, string? cursor, string? tag, HttpContext http, LifecycleService lifecycle)
    {
        var result = await lifecycle.ListActiveAsync(limit, cursor, tag, http.RequestAborted);
        return result.Value is { } page
            ? TypedResults.Ok(new ActiveStreamsResponse([.. page.Items.Select(LiveStreamResponse.From)], page.NextCursor))
            : result.Error!.ToProblem(http);
    }

    public static async Task<Results<Ok<LiveStreamResponse>, ProblemHttpResult>> GetAsync(
        string id, HttpContext http, StreamAccess access)
    {
        var result = await access.GetAsync(id, http.RequestAborted);
        return result.Value is { } stream ? TypedResults.Ok(LiveStreamResponse.From(stream)) : result.Error!.ToProblem(http);
    }

    public static async Task<Results<Ok<WatchStreamResponse>, ProblemHttpResult>> WatchAsync(
        string id, HttpContext http, LifecycleService lifecycle, IOptionsMonitor<RecordingOptions> recording)
    {
        var result = await lifecycle.WatchAsync(http.User.ToCaller(), id, http.RequestAborted);
        if (result.Value is not { Stream: var stream } ticket)
        {
            return result.Error!.ToProblem(http);
        }
        return TypedResults.Ok(new WatchStreamResponse(
            stream.Id, stream.RoomName, ticket.Token.Token, ticket.Url, ticket.Token.ExpiresAt,
            stream.Title, stream.CoverUrl, stream.OwnerId, stream.Viewers, stream.Tags,
            stream.Recording is { Status: PawfectLive.Contracts.RecordingStates.Recording } recorded ? recording.CurrentValue.PublicUrl(recorded.LivePlaylistKey) : null));
    }
}
