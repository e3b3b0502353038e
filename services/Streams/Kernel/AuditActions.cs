namespace PawfectLive.Streams.Kernel;

/// <summary>What an audit log entry records (<see cref="Model.AuditEntry.Action"/>).</summary>
public static class AuditActions
{
    public const string EndStream = "end-stream";
    public const string Block = "block";
    public const string Unblock = "unblock";
    public const string AppointModerator = "appoint-moderator";
    public const string RemoveModerator = "remove-moderator";
    public const string TimeOut = "time-out";
    public const string LiftTimeout = "lift-timeout";
    public const string ChatSettings = "chat-settings";
    public const string BlockedWords = "blocked-words";
    public const string Pin = "pin";
    public const string Unpin = "unpin";
    public const string ResolveReport = "resolve-report";
    public const string StartRecording = "start-recording";
    public const string DeleteReplay = "delete-replay";
    public const string CreateIngress = "create-ingress";
}

/// <summary>In which role an actor acted (<see cref="Model.AuditEntry.ActorRole"/>).</summary>
public static class AuditRoles
{
    public const string Owner = "owner";
    public const string Moderator = "moderator";
    public const string Admin = "admin";
}
