namespace PawfectLive.ServiceDefaults.Problems;

/// <summary>
/// Every problem <c>type</c> any PawfectLive service or the gateway answers: stable URIs clients switch on.
/// <c>docs/api.md</c> lists when each is used.
/// </summary>
public static class ProblemTypes
{
    public const string Prefix = "https://pawfectlive.dev/problems/";

    public const string Validation = Prefix + "validation";
    public const string MalformedRequest = Prefix + "malformed-request";
    public const string PayloadTooLarge = Prefix + "payload-too-large";

    public const string StreamNotFound = Prefix + "stream-not-found";
    public const string NotStreamOwner = Prefix + "not-stream-owner";
    public const string NotAllowedToModerate = Prefix + "moderation-not-allowed";
    public const string Blocked = Prefix + "blocked";
    public const string StreamEnded = Prefix + "stream-ended";
    public const string AlreadyLive = Prefix + "already-live";
    public const string RateLimited = Prefix + "rate-limited";
    public const string GoLiveDisabled = Prefix + "go-live-disabled";
    public const string ReportNotFound = Prefix + "report-not-found";
    public const string ReportResolved = Prefix + "report-resolved";
    public const string RecordingNotConfigured = Prefix + "recording-not-configured";
    public const string RecordingNotFound = Prefix + "recording-not-found";
    public const string ReplayNotFound = Prefix + "replay-not-found";
    public const string ReplayNotReady = Prefix + "replay-not-ready";
    public const string IngressNotFound = Prefix + "ingress-not-found";
    public const string IngressExists = Prefix + "ingress-exists";
    public const string IngressUnavailable = Prefix + "ingress-unavailable";
    public const string StageFull = Prefix + "stage-full";
    public const string StageNotAllowed = Prefix + "stage-not-allowed";
    public const string UserNotWatching = Prefix + "user-not-watching";
    public const string ScheduleNotFound = Prefix + "schedule-not-found";
    public const string ScheduleClosed = Prefix + "schedule-closed";
    public const string TooManySchedules = Prefix + "too-many-schedules";

    public const string FollowLimit = Prefix + "follow-limit";
    public const string PushSubscriptionLimit = Prefix + "push-subscription-limit";
    public const string NotificationNotFound = Prefix + "notification-not-found";
    public const string PushSubscriptionNotFound = Prefix + "push-subscription-not-found";
    public const string PushProviderDisabled = Prefix + "push-provider-disabled";

    public const string InvalidWebhookSignature = Prefix + "invalid-webhook-signature";
    public const string MalformedWebhook = Prefix + "malformed-webhook";
    public const string EventBusUnavailable = Prefix + "event-bus-unavailable";
}
