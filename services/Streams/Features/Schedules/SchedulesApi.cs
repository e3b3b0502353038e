using Microsoft.AspNetCore.Http.HttpResults;
using PawfectLive.ServiceDefaults.Problems;

namespace PawfectLive.Streams.Features.Schedules;

/// <summary>Scheduled streams: owners plan them, everyone sees what is coming.</summary>
public static class SchedulesApi
{
    public static RouteGroupBuilder MapSchedulesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/schedules").WithTags("Schedules");

        api.MapPost("/", CreateAsync).RequireAuthorization()
            .ProducesProblems(400, 401, 409)
            .WithName("ScheduleStream").WithSummary("Schedule a stream (title, start time in the future, cover, tags)");
        api.MapGet("/", ListUpcomingAsync).AllowAnonymous()
            .ProducesProblems(400)
            .WithName("ListUpcomingStreams").WithSummary("Upcoming scheduled streams, soonest first, of everyone or one owner (public, paged)");
        api.MapGet("/{id}", GetAsync).AllowAnonymous()
            .ProducesProblems(404)
            .WithName("GetScheduledStream").WithSummary("One scheduled stream, whatever its status (public)");
        api.MapPatch("/{id}", UpdateAsync).RequireAuthorization()
            .ProducesProblems(400, 401, 403, 404, 409)
            .WithName("UpdateScheduledStream").WithSummary("Owner: edit or reschedule a scheduled stream (reminded users are told of a new time)");
        api.MapDelete("/{id}", CancelAsync).RequireAuthorization()
            .ProducesProblems(401, 403, 404, 409)
            .WithName("CancelScheduledStream").WithSummary("Owner or admin: cancel a scheduled stream (idempotent; reminded users are told)");

        return api;
    }

    public static async Task<Results<Created<ScheduledStreamResponse>, ProblemHttpResult>> CreateAsync(
        ScheduleStreamRequest? request, HttpContext http, ScheduleService schedules)
    {
        var result = await schedules.CreateAsync(http.User.ToCaller(), request ?? new(null, null, null, null), http.RequestAborted);
        return result.Value is { } schedule
            ? TypedResults.Created($"/api/schedules/{schedule.Id}", ScheduledStreamResponse.From(schedule))
            : result.Error!.ToProblem(http);
    }

    public static async Task<Results<Ok<ScheduledStreamsResponse>, ProblemHttpResult>> ListUpcomingAsync(
        HttpContext http, ScheduleService schedules, string? ownerId = null, int? limit = null, string? cursor = null)
    {
        var result = await schedules.ListUpcomingAsync(ownerId, limit, cursor, http.RequestAborted);
        return result.Value is { } page
            ? TypedResults.Ok(new ScheduledStreamsResponse([.. page.Items.Select(ScheduledStreamResponse.From)], page.NextCursor))
            : result.Error!.ToProblem(http);
    }

    public static async Task<Results<Ok<ScheduledStreamResponse>, ProblemHttpResult>> GetAsync(string id, HttpContext http, ScheduleService schedules)
    {
        var result = await schedules.GetAsync(id, http.RequestAborted);
        return result.Value is { } schedule ? TypedResults.Ok(ScheduledStreamResponse.From(schedule)) : result.Error!.ToProblem(http);
    }

    public static async Task<Results<Ok<ScheduledStreamResponse>, ProblemHttpResult>> UpdateAsync(
        string id, UpdateScheduleRequest? request, HttpContext http, ScheduleService schedules)
    {
        var result = await schedules.UpdateAsync(http.User.ToCaller(), id, request ?? new(null, null, null, null), http.RequestAborted);
        return result.Value is { } schedule ? TypedResults.Ok(ScheduledStreamResponse.From(schedule)) : result.Error!.ToProblem(http);
    }

    public static async Task<Results<Ok<ScheduledStreamResponse>, ProblemHttpResult>> CancelAsync(string id, HttpContext http, ScheduleService schedules)
    {
        var result = await schedules.CancelAsync(http.User.ToCaller(), id, http.RequestAborted);
        return result.Value is { } schedule ? TypedResults.Ok(ScheduledStreamResponse.From(schedule)) : result.Error!.ToProblem(http);
    }
}
