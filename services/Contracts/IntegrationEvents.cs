namespace PawfectLive.Contracts;

/// <summary>Why a stream ended; serialised as its lower-case name.</summary>
public static class StreamEndReasons
{
    public const string Owner = "owner";
    public const string Admin = "admin";
    public const string RoomFinished = "room_finished";
}

/// <summary>A stream went live. Published by Streams.</summary>
public sealed record StreamStartedIntegrationEvent(
    Guid EventId, string StreamId, string OwnerId, string RoomName, string? Title, IReadOnlyList<string> Tags, DateTimeOffset StartedAt)
    : IntegrationEvent(EventId, StartedAt);

/// <summary>A stream ended for <see cref="Reason"/> (see <see cref="StreamEndReasons"/>). Published by Streams.</summary>
public sealed record StreamEndedIntegrationEvent(
    Guid EventId, string StreamId, string OwnerId, string RoomName, string Reason, DateTimeOffset EndedAt)
    : IntegrationEvent(EventId, EndedAt);

/// <summary>A participant joined a LiveKit room. Published by Webhooks.</summary>
public sealed record ViewerJoinedIntegrationEvent(
    string WebhookEventId, string RoomName, string ParticipantSid, string Identity, DateTimeOffset OccurredAt)
    : WebhookIntegrationEvent(WebhookEventId, OccurredAt);

/// <summary>A participant left a LiveKit room. Published by Webhooks.</summary>
public sealed record ViewerLeftIntegrationEvent(
    string WebhookEventId, string RoomName, string ParticipantSid, string Identity, DateTimeOffset OccurredAt)
    : WebhookIntegrationEvent(WebhookEventId, OccurredAt);

/// <summary>LiveKit closed a room. Published by Webhooks.</summary>
public sealed record RoomFinishedIntegrationEvent(string WebhookEventId, string RoomName, DateTimeOffset OccurredAt)
    : WebhookIntegrationEvent(WebhookEventId, OccurredAt);

/// <summary>The exact number of viewers changed. Published by Streams.</summary>
public sealed record ViewerCountChangedIntegrationEvent(
    Guid EventId, string StreamId, string RoomName, int Viewers, int PeakViewers, DateTimeOffset OccurredAt)
    : IntegrationEvent(EventId, OccurredAt);

/// <summary>An owner or admin blocked a user from a stream. Published by Streams.</summary>
public sealed record UserBlockedIntegrationEvent(
    Guid EventId, string StreamId, string RoomName, string UserId, string BlockedBy, DateTimeOffset OccurredAt)
    : IntegrationEvent(EventId, OccurredAt);

/// <summary>A block was lifted. Published by Streams.</summary>
public sealed record UserUnblockedIntegrationEvent(
    Guid EventId, string StreamId, string RoomName, string UserId, string UnblockedBy, DateTimeOffset OccurredAt)
    : IntegrationEvent(EventId, OccurredAt);
