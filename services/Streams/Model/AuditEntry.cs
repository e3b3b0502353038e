namespace PawfectLive.Streams.Model;

/// <summary>
/// One owner, moderator or admin action in the audit log: who (and in which role), what, on whom, on which stream,
/// when, and why.
/// </summary>
public sealed class AuditEntry
{
    public string Id { get; set; } = "";
    public string? StreamId { get; set; }
    public string ActorId { get; set; } = "";

    /// <summary><c>owner</c>, <c>moderator</c> or <c>admin</c>.</summary>
    public string ActorRole { get; set; } = "";
    public string Action { get; set; } = "";
    public string? TargetUserId { get; set; }
    public string? Reason { get; set; }

    /// <summary>What else the action says (a timeout's length, the new chat rules, the report resolved).</summary>
    public string? Details { get; set; }
    public DateTime At { get; set; }
}
