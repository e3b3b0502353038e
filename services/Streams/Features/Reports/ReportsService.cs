using System.Text;
using Microsoft.Extensions.Options;
using PawfectLive.Streams.Features.Lifecycle;
using PawfectLive.Streams.Features.Moderation;

namespace PawfectLive.Streams.Features.Reports;

public sealed record ReportPage(IReadOnlyList<AbuseReport> Items, string? NextCursor);

public sealed record AuditPage(IReadOnlyList<AuditEntry> Items, string? NextCursor);

/// <summary>
/// The reports workflow and the audit log: users report streams (one open report per reporter and stream), admins list
/// them by state and resolve each with an action carried out in the same call, and read the audit log of every owner,
/// moderator and admin action.
/// </summary>
public sealed class ReportsService(
    IReportStore reports,
    IAuditLogStore audit,
    StreamAccess access,
    LifecycleService lifecycle,
    ModerationService moderation,
    IOptionsMonitor<StreamsOptions> options,
    TimeProvider time,
    ILogger<ReportsService> logger)
{
    public const int MaxReasonLength = 1000;
    public const int MaxReasonBytes = 4000;
    private static readonly TimeSpan ReportWindow = TimeSpan.FromHours(1);

    /// <summary>How long an admin's claim on a report holds while its action runs (a crashed resolution frees it after this).</summary>
    private static readonly TimeSpan ClaimDuration = TimeSpan.FromMinutes(1);

    /// <summary>
    /// An abuse report for admin review: one open report per reporter and stream (reporting again answers the open one,
    /// nothing is stored twice), and at most <see cref="StreamsOptions.ReportsPerHour"/> new reports per user.
    /// </summary>
    public async Task<Result<AbuseReport>> ReportAsync(Caller caller, string id, string? reason, CancellationToken cancellationToken)
    {
        var trimmed = reason?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxReasonLength || Encoding.UTF8.GetByteCount(trimmed) > MaxReasonBytes)
        {
            return new StreamError.Invalid("reason", $"reason must be 1-{MaxReasonLength} characters and at most {MaxReasonBytes} bytes.");
        }
        var found = await access.GetAsync(id, cancellationToken);
        if (found.Value is not { } stream)
        {
            return found.Error!;
        }
        id = stream.Id;

        if (await reports.FindOpenReportAsync(id, caller.UserId, cancellationToken) is { } open)
        {
            return open;
        }
        var now = time.GetUtcNow().UtcDateTime;
        var report = new AbuseReport { Id = StreamIds.NewId(), StreamId = id, ReporterId = caller.UserId, Reason = trimmed, CreatedAt = now };
        // The per-user limit is taken by the store in the same atomic step as the report, so a burst on many streams cannot pass it.
        if (await reports.AddOpenReportAsync(report, options.CurrentValue.ReportsPerHour, now - ReportWindow, cancellationToken) is { } added)
        {
            return added;
        }
        logger.ReportRefused(caller.UserId, id);
        var recent = await reports.ReportTimesSinceAsync(caller.UserId, now - ReportWindow, cancellationToken);
        var retryAfter = recent.Count > 0 ? recent.Min() + ReportWindow - now : ReportWindow;
        return new StreamError.RateLimited(retryAfter > TimeSpan.Zero ? retryAfter : TimeSpan.FromSeconds(1), "You filed too many reports; wait before reporting again.");
    }

    /// <summary>Reports, newest first: all, or only <c>open</c> or <c>resolved</c> ones.</summary>
    public async Task<Result<ReportPage>> ListReportsAsync(int? limit, string? cursor, string? state, CancellationToken cancellationToken)
    {
        if (CheckPage(limit, cursor) is { } invalid)
        {
            return invalid;
        }
        if (state is not (null or "open" or "resolved"))
        {
            return new StreamError.Invalid("state", "state must be open or resolved (or omitted for all).");
        }
        bool? open = state is null ? null : state == "open";
        var pageSize = limit ?? options.CurrentValue.DefaultPageSize;
        var page = await reports.ListReportsAsync(pageSize, cursor, open, cancellationToken);
        return new ReportPage(page, page.Count == pageSize ? page[^1].Id : null);
    }

    /// <summary>
    /// An admin resolves an open report with one action, carried out first: <c>dismiss</c> (nothing), <c>end-stream</c>,
    /// <c>block-user</c> or <c>time-out</c> (of <paramref name="userId"/>, for <paramref name="seconds"/>). If the action is
    /// refused, the report stays open. The resolution lands in the audit log.
    /// </summary>
    public async Task<Result<AbuseReport>> ResolveAsync(
        Caller admin, string reportId, string? action, string? userId, int? seconds, string? note, CancellationToken cancellationToken)
    {
        if (!ReportActions.All.Contains(action))
        {
            return new StreamError.Invalid("action", $"action must be one of {string.Join(", ", ReportActions.All)}.");
        }
        if (note?.Trim() is { Length: > InputRules.MaxModerationReasonLength })
        {
            return new StreamError.Invalid("note", $"note must be at most {InputRules.MaxModerationReasonLength} characters.");
        }
        reportId = StreamIds.Normalize(reportId)!;
        if (!StreamIds.IsValid(reportId))
        {
            return new StreamError.Invalid("reportId", "reportId must be a 24-character hexadecimal id.");
        }
        if (await reports.GetReportAsync(reportId, cancellationToken) is not { } report)
        {
            return new StreamError.ReportNotFound(reportId);
        }
        // Claimed first, atomically: of two admins resolving the same report, only one carries out an action.
        var claimedAt = time.GetUtcNow().UtcDateTime;
        if (!report.IsOpen || await reports.ClaimReportAsync(reportId, admin.UserId, claimedAt + ClaimDuration, claimedAt, cancellationToken) is null)
        {
            return new StreamError.ReportResolved(reportId);
        }

        var reason = InputRules.NormalizeReason(note) ?? $"report {reportId}";
        var target = InputRules.ValidUserId(userId);
        StreamError? refused = action switch
        {
            ReportActions.EndStream => (await lifecycle.EndAsAdminAsync(admin, report.StreamId, reason, cancellationToken)).Error,
            ReportActions.BlockUser => (await moderation.BlockAsync(admin, report.StreamId, userId, reason, cancellationToken)).Error,
            ReportActions.TimeOut => (await moderation.TimeOutAsync(admin, report.StreamId, userId, seconds, reason, cancellationToken)).Error,
            _ => null,
        };
        if (refused is not null)
        {
            await reports.ReleaseReportAsync(reportId, admin.UserId, cancellationToken);
            return refused;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var resolution = new ReportResolution
        {
            Action = action!,
            TargetUserId = action is ReportActions.BlockUser or ReportActions.TimeOut ? target : null,
            ResolvedBy = admin.UserId,
            ResolvedAt = now,
            Note = InputRules.NormalizeReason(note),
        };
        if (await reports.ResolveReportAsync(reportId, resolution, cancellationToken) is not { } resolved)
        {
            return new StreamError.ReportResolved(reportId); // another admin resolved it meanwhile
        }
        // Not in a stream's write (a report is its own document): the id makes a retried call add nothing twice.
        await audit.AddAuditEntryAsync(new AuditEntry
        {
            Id = StreamIds.NewId(),
            StreamId = report.StreamId,
            ActorId = admin.UserId,
            ActorRole = AuditRoles.Admin,
            Action = AuditActions.ResolveReport,
            TargetUserId = resolution.TargetUserId,
            Reason = resolution.Note,
            Details = $"report {reportId}: {action}",
            At = now,
        }, cancellationToken);
        logger.AdminAction(admin.UserId, $"resolved report {reportId} ({action})", report.StreamId);
        return resolved;
    }

    /// <summary>The audit log, newest first, of one stream and/or one actor when given.</summary>
    public async Task<Result<AuditPage>> ListAuditAsync(
        int? limit, string? cursor, string? streamId, string? actorId, CancellationToken cancellationToken)
    {
        if (CheckPage(limit, cursor) is { } invalid)
        {
            return invalid;
        }
        streamId = StreamIds.Normalize(streamId);
        if (streamId is not null && !StreamIds.IsValid(streamId))
        {
            return new StreamError.Invalid("streamId", "streamId must be a 24-character hexadecimal stream id.");
        }
        var pageSize = limit ?? options.CurrentValue.DefaultPageSize;
        var page = await audit.ListAuditAsync(pageSize, cursor, streamId, string.IsNullOrWhiteSpace(actorId) ? null : actorId.Trim(), cancellationToken);
        return new AuditPage(page, page.Count == pageSize ? page[^1].Id : null);
    }

    private static StreamError.Invalid? CheckPage(int? limit, string? cursor) =>
        InputRules.CheckPageSize(limit)
        ?? (cursor is not null && !StreamIds.IsValid(cursor) ? InputRules.InvalidCursor() : null);
}
