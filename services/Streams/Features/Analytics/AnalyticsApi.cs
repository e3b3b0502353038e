using Microsoft.AspNetCore.Http.HttpResults;
using PawfectLive.ServiceDefaults.Problems;

namespace PawfectLive.Streams.Features.Analytics;

/// <summary>Creator analytics: how a stream did.</summary>
public static class AnalyticsApi
{
    public static RouteGroupBuilder MapAnalyticsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/live").WithTags("Analytics");

        api.MapGet("/{id}/stats", StatsAsync).RequireAuthorization()
            .ProducesProblems(400, 401, 403, 404)
            .WithName("GetStreamStats").WithSummary("Owner, moderators or admin: viewers, watch time, retention and concurrent viewers over time");

        api.MapGet("/mine", PastStreamsAsync).RequireAuthorization()
            .ProducesProblems(400, 401)
            .WithName("ListMyStreams").WithSummary("Your streams, live and ended, newest first, each with a summary of its stats");

        return api;
    }

    public static async Task<Results<Ok<PastStreamsResponse>, ProblemHttpResult>> PastStreamsAsync(
        int? limit, string? cursor, HttpContext http, AnalyticsService analytics)
    {
        var result = await analytics.PastStreamsAsync(http.User.ToCaller(), limit, cursor, http.RequestAborted);
        return result.Value is { } page
            ? TypedResults.Ok(new PastStreamsResponse([.. page.Items.Select(PastStreamResponse.From)], page.NextCursor))
            : result.Error!.ToProblem(http);
    }

    public static async Task<Results<Ok<StreamStats>, ProblemHttpResult>> StatsAsync(
        string id, int? bucketSeconds, HttpContext http, AnalyticsService analytics)
    {
        var result = await analytics.StatsAsync(http.User.ToCaller(), id, bucketSeconds, http.RequestAborted);
        return result.Value is { } stats ? TypedResults.Ok(stats) : result.Error!.ToProblem(http);
    }
}
