namespace PawfectLive.Streams.Features.Reports;

public sealed record ReportStreamRequest(string? Reason);

public sealed record AbuseReportResponse(
    string Id, string StreamId, string ReporterId, string Reason, DateTimeOffset CreatedAt, string State, ReportResolutionResponse? Resolution)
{
    public static AbuseReportResponse From(AbuseReport report) =>
        new(report.Id, report.StreamId, report.ReporterId, report.Reason, DateTime.SpecifyKind(report.CreatedAt, DateTimeKind.Utc),
            report.IsOpen ? "open" : "resolved",
            report.Resolution is { } resolution
                ? new ReportResolutionResponse(resolution.Action, resolution.TargetUserId, resolution.ResolvedBy,
                    DateTime.SpecifyKind(resolution.ResolvedAt, DateTimeKind.Utc), resolution.Note)
                : null);
}

public sealed record ReportResolutionResponse(string Action, string? TargetUserId, string ResolvedBy, DateTimeOffset ResolvedAt, string? Note);

/// <summary>How an admin resolves a report: <c>action</c> is dismiss, end-stream, block-user (with userId) or time-out (with userId and seconds).</summary>
public sealed record ResolveReportRequest(string? Action, string? UserId, int? Seconds, string? Note);

public sealed record AuditEntryResponse(
    string Id, string? StreamId, string ActorId, string ActorRole, string Action, string? TargetUserId, string? Reason, string? Details, DateTimeOffset At)
{
    public static AuditEntryResponse From(AuditEntry entry) => new(entry.Id, entry.StreamId, entry.ActorId, entry.ActorRole, entry.Action,
        entry.TargetUserId, entry.Reason, entry.Details, DateTime.SpecifyKind(entry.At, DateTimeKind.Utc));
}

public sealed record AuditLogResponse(IReadOnlyList<AuditEntryResponse> Items, string? NextCursor);

public sealed record AbuseReportsResponse(IReadOnlyList<AbuseReportResponse> Items, string? NextCursor);
