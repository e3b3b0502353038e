using Microsoft.AspNetCore.Http.HttpResults;
using PawfectLive.ServiceDefaults.Problems;

namespace PawfectLive.Streams.Features.Recording;

/// <summary>Recordings and replays (LiveKit Egress).</summary>
public static class RecordingApi
{
    public static RouteGroupBuilder MapRecordingApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/live").WithTags("Recording and replays").RequireAuthorization();

        api.MapPost("/{id}/recording", StartRecordingAsync)
            .ProducesProblems(400, 401, 403, 404, 410, 503)
            .WithName("StartRecording").WithSummary("Owner: record the live stream (starts once its video is published)");
        api.MapGet("/{id}/recording", GetRecordingAsync)
            .ProducesProblems(400, 401, 403, 404)
            .WithName("GetRecording").WithSummary("Owner or admin: the recording's status (starting, recording, processing, ready, failed)");

        api.MapGet("/{id}/replay", GetReplayAsync)
            .ProducesProblems(400, 401, 403, 404, 409)
            .WithName("GetReplay").WithSummary("An ended stream's replay: HLS playlist URL, duration and size");
        api.MapDelete("/{id}/replay", DeleteReplayAsync)
            .ProducesProblems(400, 401, 403, 404, 409)
            .WithName("DeleteReplay").WithSummary("Owner or admin: delete the replay");
        api.MapGet("/replays", ListReplaysAsync)
            .ProducesProblems(400, 401)
            .WithName("ListReplays").WithSummary("An owner's replays (yours by default), newest first, paged");

        return api;
    }

    public static async Task<Results<Accepted<RecordingResponse>, ProblemHttpResult>> StartRecordingAsync(
        string id, HttpContext http, RecordingService recordings)
    {
        var result = await recordings.StartAsync(http.User.ToCaller(), id, http.RequestAborted);
        return result.Value is { } view
            ? TypedResults.Accepted($"/api/live/{view.Stream.Id}/recording", RecordingResponse.From(view))
            : result.Error!.ToProblem(http);
    }

    public static async Task<Results<Ok<RecordingResponse>, ProblemHttpResult>> GetRecordingAsync(
        string id, HttpContext http, RecordingService recordings)
    {
        var result = await recordings.GetAsync(http.User.ToCaller(), id, http.RequestAborted);
        return result.Value is { } view ? TypedResults.Ok(RecordingResponse.From(view)) : result.Error!.ToProblem(http);
    }

    public static async Task<Results<Ok<ReplayResponse>, ProblemHttpResult>> GetReplayAsync(
        string id, HttpContext http, RecordingService recordings)
    {
        var result = await recordings.GetReplayAsync(http.User.ToCaller(), id, http.RequestAborted);
        return result.Value is { } view ? TypedResults.Ok(ReplayResponse.From(view)) : result.Error!.ToProblem(http);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteReplayAsync(
        string id, HttpContext http, RecordingService recordings)
    {
        var result = await recordings.DeleteReplayAsync(http.User.ToCaller(), id, http.RequestAborted);
        return result.Value is not null ? TypedResults.NoContent() : result.Error!.ToProblem(http);
    }

    public static async Task<Results<Ok<ReplaysResponse>, ProblemHttpResult>> ListReplaysAsync(
        string? ownerId, int? limit, string? cursor, HttpContext http, RecordingService recordings)
    {
        var result = await recordings.ListReplaysAsync(http.User.ToCaller(), ownerId, limit, cursor, http.RequestAborted);
        return result.Value is { } page
            ? TypedResults.Ok(new ReplaysResponse([.. page.Items.Select(ReplayResponse.From)], page.NextCursor))
            : result.Error!.ToProblem(http);
    }
}
