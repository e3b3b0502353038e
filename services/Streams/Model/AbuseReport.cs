namespace PawfectLive.Streams.Model;

/// <summary>An abuse report for admin review.</summary>
public sealed class AbuseReport
{
    public string Id { get; set; } = "";
    public string StreamId { get; set; } = "";
    public string ReporterId { get; set; } = "";
    public string Reason { get; set; } = "";
    public DateTime CreatedAt { get; set; }

    /// <summary>Until an admin resolves it; a reporter has at most one open report per stream.</summary>
    public bool IsOpen { get; set; } = true;

    /// <summary>How an admin resolved it (null while open).</summary>
    public ReportResolution? Resolution { get; set; }

    /// <summary>The admin resolving it now, until <see cref="ClaimedUntil"/> (so two admins never both carry out an action).</summary>
    public string? ClaimedBy { get; set; }

    public DateTime? ClaimedUntil { get; set; }
}

/// <summary>What an admin did about a report: <see cref="ReportActions"/>, on whom, and why.</summary>
public sealed class ReportResolution
{
    public string Action { get; set; } = "";
    public string? TargetUserId { get; set; }
    public string ResolvedBy { get; set; } = "";
    public DateTime ResolvedAt { get; set; }
    public string? Note { get; set; }
}

/// <summary>How an admin may resolve a report.</summary>
public static class ReportActions
{
    public const string Dismiss = "dismiss";
    public const string EndStream = "end-stream";
    public const string BlockUser = "block-user";
    public const string TimeOut = "time-out";

    public static readonly IReadOnlyList<string> All = [Dismiss, EndStream, BlockUser, TimeOut];
}
