using Microsoft.AspNetCore.Http.HttpResults;
using PawfectLive.ServiceDefaults.Authentication;
using PawfectLive.ServiceDefaults.Problems;

namespace PawfectLive.Streams.Features.Reports;

/// <summary>Abuse reports and their resolution, and the audit log (documented with moderation).</summary>
public static class ReportsApi
{
    public static RouteGroupBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/live").WithTags("Moderation");

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
}
