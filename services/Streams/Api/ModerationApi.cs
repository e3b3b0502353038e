using Microsoft.AspNetCore.Http.HttpResults;
using PawfectLive.ServiceDefaults.Authentication;
using PawfectLive.ServiceDefaults.Problems;
using PawfectLive.Streams.Application;

namespace PawfectLive.Streams.Api;

/// <summary>Moderators, blocklist, timeouts, abuse reports and their resolution, the audit log and the admin kill switch.</summary>
public static class ModerationApi
{
    public static RouteGroupBuilder MapModerationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/live").WithTags("Moderation");

        api.MapPost("/{id}/end", EndAsync).RequireAuthorization(JwtAuthOptions.AdminPolicy)
            .ProducesProblems(400, 401, 403, 404)
            .WithName("EndStreamAsAdmin").WithSummary("Admin kill switch: end any stream and delete its room");
        api.MapPost("/{id}/block", BlockAsync).RequireAuthorization()
            .ProducesProblems(400, 401, 403, 404)
            .WithName("BlockUser").WithSummary("Owner or admin: block a user from the stream");
        api.MapDelete("/{id}/block/{userId}", UnblockAsync).RequireAuthorization()
            .ProducesProblems(400, 401, 403, 404)
            .WithName("UnblockUser").WithSummary("Owner or admin: lift a block");
        api.MapGet("/{id}/moderators", ListModeratorsAsync).RequireAuthorization()
            .ProducesProblems(400, 401, 403, 404)
            .WithName("ListModerators").WithSummary("Owner, moderators or admin: the stream's moderators");
        api.MapPost("/{id}/moderators", AppointModeratorAsync).RequireAuthorization()
            .ProducesProblems(400, 401, 403, 404)
            .WithName("AppointModerator").WithSummary("Owner or admin: appoint a moderator of the stream");
        api.MapDelete("/{id}/moderators/{userId}", RemoveModeratorAsync).RequireAuthorization()
            .ProducesProblems(400, 401, 403, 404)
            .WithName("RemoveModerator").WithSummary("Owner or admin: remove a moderator");
        api.MapPost("/{id}/timeouts", TimeOutAsync).RequireAuthorization()
            .ProducesProblems(400, 401, 403, 404)
            .WithName("TimeOutUser").WithSummary("Owner, moderator or admin: time a user out of the stream's chat");
        api.MapDelete("/{id}/timeouts/{userId}", LiftTimeoutAsync).RequireAuthorization()
            .ProducesProblems(400, 401, 403, 404)
            .WithName("LiftTimeout").WithSummary("Owner, moderator or admin: lift a timeout early");
        api.MapPost("/{id}/report", ReportAsync).RequireAuthorization()
            .ProducesProblems(400, 401, 404)
            .WithName("ReportStream").WithSummary("Report a stream for admin review");
        api.MapGet("/reports", ListReportsAsync).RequireAuthorization(JwtAuthOptions.AdminPolicy)
            .ProducesProblems(400, 401, 403)
            .WithName("ListReports").WithSummary("Admin: abuse reports, newest first, all or by state");
        api.MapPost("/reports/{reportId}/resolve", ResolveReportAsync).RequireAuthorization(JwtAuthOptions.AdminPolicy)
            .ProducesProblems(400, 401, 403, 404, 409)
            .WithName("ResolveReport").WithSummary("Admin: resolve a report with an action (dismiss, end-stream, block-user, time-out)");
        api.MapGet("/audit", ListAuditAsync).RequireAuthorization(JwtAuthOptions.AdminPolicy)
            .ProducesProblems(400, 401, 403)
            .WithName("ListAuditLog").WithSummary("Admin: the audit log of owner, moderator and admin actions, newest first");

        return api;
    }

    public static async Task<Results<Ok<LiveStreamResponse>, ProblemHttpResult>> EndAsync(
        string id, EndStreamRequest? request, HttpContext http, LiveStreamService streams)
    {
        var result = await streams.EndAsAdminAsync(http.User.ToCaller(), id, request?.Reason, http.RequestAborted);
        return result.Value is { } stream ? TypedResults.Ok(LiveStreamResponse.From(stream)) : result.Error!.ToProblem(http);
    }

    public static async Task<Results<Ok<BlockStatusResponse>, ProblemHttpResult>> BlockAsync(
        string id, BlockUserRequest? request, HttpContext http, LiveStreamService streams) =>
        ToResponse(await streams.BlockAsync(http.User.ToCaller(), id, request?.UserId, request?.Reason, http.RequestAborted), http);

    public static async Task<Results<Ok<BlockStatusResponse>, ProblemHttpResult>> UnblockAsync(
        string id, string userId, HttpContext http, LiveStreamService streams) =>
        ToResponse(await streams.UnblockAsync(http.User.ToCaller(), id, userId, http.RequestAborted), http);

    public static async Task<Results<Ok<ModeratorsResponse>, ProblemHttpResult>> ListModeratorsAsync(
        string id, HttpContext http, LiveStreamService streams) =>
        ToResponse(await streams.ListModeratorsAsync(http.User.ToCaller(), id, http.RequestAborted), http);

    public static async Task<Results<Ok<ModeratorsResponse>, ProblemHttpResult>> AppointModeratorAsync(
        string id, ModeratorRequest? request, HttpContext http, LiveStreamService streams) =>
        ToResponse(await streams.AppointModeratorAsync(http.User.ToCaller(), id, request?.UserId, http.RequestAborted), http);

    public static async Task<Results<Ok<ModeratorsResponse>, ProblemHttpResult>> RemoveModeratorAsync(
        string id, string userId, HttpContext http, LiveStreamService streams) =>
        ToResponse(await streams.RemoveModeratorAsync(http.User.ToCaller(), id, userId, http.RequestAborted), http);

    public static async Task<Results<Ok<TimeoutResponse>, ProblemHttpResult>> TimeOutAsync(
        string id, TimeoutRequest? request, HttpContext http, LiveStreamService streams) =>
        ToResponse(await streams.TimeOutAsync(http.User.ToCaller(), id, request?.UserId, request?.Seconds, request?.Reason, http.RequestAborted), http);

    public static async Task<Results<Ok<TimeoutResponse>, ProblemHttpResult>> LiftTimeoutAsync(
        string id, string userId, HttpContext http, LiveStreamService streams) =>
        ToResponse(await streams.LiftTimeoutAsync(http.User.ToCaller(), id, userId, http.RequestAborted), http);

    public static async Task<Results<Accepted<AbuseReportResponse>, ProblemHttpResult>> ReportAsync(
        string id, ReportStreamRequest? request, HttpContext http, ReportsService reports)
    {
        var result = await reports.ReportAsync(http.User.ToCaller(), id, request?.Reason, http.RequestAborted);
        return result.Value is { } report
            ? TypedResults.Accepted("/api/live/reports", AbuseReportResponse.From(report))
            : result.Error!.ToProblem(http);
    }

    public static async Task<Results<Ok<AbuseReportsResponse>, ProblemHttpResult>> ListReportsAsync(
        int? limit, string? cursor, string? state, HttpContext http, ReportsService reports)
    {
        var result = await reports.ListReportsAsync(limit, cursor, state, http.RequestAborted);
        return result.Value is { } page
            ? TypedResults.Ok(new AbuseReportsResponse([.. page.Items.Select(AbuseReportResponse.From)], page.NextCursor))
            : result.Error!.ToProblem(http);
    }

    public static async Task<Results<Ok<AbuseReportResponse>, ProblemHttpResult>> ResolveReportAsync(
        string reportId, ResolveReportRequest? request, HttpContext http, ReportsService reports)
    {
        var result = await reports.ResolveAsync(http.User.ToCaller(), reportId, request?.Action, request?.UserId, request?.Seconds, request?.Note, http.RequestAborted);
        return result.Value is { } report ? TypedResults.Ok(AbuseReportResponse.From(report)) : result.Error!.ToProblem(http);
    }

    public static async Task<Results<Ok<AuditLogResponse>, ProblemHttpResult>> ListAuditAsync(
        int? limit, string? cursor, string? streamId, string? actorId, HttpContext http, ReportsService reports)
    {
        var result = await reports.ListAuditAsync(limit, cursor, streamId, actorId, http.RequestAborted);
        return result.Value is { } page
            ? TypedResults.Ok(new AuditLogResponse([.. page.Items.Select(AuditEntryResponse.From)], page.NextCursor))
            : result.Error!.ToProblem(http);
    }

    private static Results<Ok<TimeoutResponse>, ProblemHttpResult> ToResponse(Result<TimeoutStatus> result, HttpContext http) =>
        result.Value is { } status
            ? TypedResults.Ok(new TimeoutResponse(status.StreamId, status.UserId, status.Until))
            : result.Error!.ToProblem(http);

    private static Results<Ok<ModeratorsResponse>, ProblemHttpResult> ToResponse(Result<StreamModerators> result, HttpContext http) =>
        result.Value is { } moderators
            ? TypedResults.Ok(new ModeratorsResponse(moderators.StreamId, moderators.ModeratorIds))
            : result.Error!.ToProblem(http);

    private static Results<Ok<BlockStatusResponse>, ProblemHttpResult> ToResponse(Result<BlockStatus> result, HttpContext http) =>
        result.Value is { } status
            ? TypedResults.Ok(new BlockStatusResponse(status.StreamId, status.UserId, status.Blocked))
            : result.Error!.ToProblem(http);
}
