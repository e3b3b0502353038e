namespace PawfectLive.Contracts;

/// <summary>Why a stream ended; serialised as its lower-case name.</summary>
public static class StreamEndReasons
{
    public const string Owner = "owner";
    public const string Admin = "admin";
    public const string RoomFinished = "room_finished";
}

/// <summary>
/// A stream went live. Published by Streams. <see cref="OwnerName"/> is the owner's display name from their token (null
/// when it had none); <see cref="ScheduledStreamId"/> names the scheduled stream it was started from (null for an
/// unplanned stream), whose "live now" alert replaces the plain go-live alert.
/// </summary>
public sealed record StreamStartedIntegrationEvent(
    Guid EventId, string StreamId, string OwnerId, string RoomName, string? Title, IReadOnlyList<string> Tags, DateTimeOffset StartedAt,
    long StreamVersion = 0, string? OwnerName = null, string? ScheduledStreamId = null, string? CoverUrl = null)
    : IntegrationEvent(EventId, StartedAt), IStreamScopedEvent;

/// <summary>A stream ended for <see cref="Reason"/> (see <see cref="StreamEndReasons"/>). Published by Streams.</summary>
public sealed record StreamEndedIntegrationEvent(
    Guid EventId, string StreamId, string OwnerId, string RoomName, string Reason, DateTimeOffset EndedAt, long StreamVersion = 0)
    : IntegrationEvent(EventId, EndedAt), IStreamScopedEvent;

/// <summary>
/// A participant joined a LiveKit room. Published by Webhooks. <see cref="ParticipantKind"/> is LiveKit's kind (null for
/// a standard participant; INGRESS, EGRESS, SIP, AGENT otherwise) and <see cref="Hidden"/> its hidden permission: Streams
/// counts only standard, visible participants as viewers. <see cref="Permission"/> and <see cref="Metadata"/> are what the
/// participant joined with (from its token), so Streams can correct a stale token at once; null when the webhook had none.
/// </summary>
public sealed record ViewerJoinedIntegrationEvent(
    string WebhookEventId, string RoomName, string ParticipantSid, string Identity, DateTimeOffset OccurredAt,
    string? ParticipantKind = null, bool Hidden = false, JoinedPermission? Permission = null, string? Metadata = null)
    : WebhookIntegrationEvent(WebhookEventId, OccurredAt);

/// <summary>A participant's LiveKit permission as it joined: media (and from which sources), data, recorder.</summary>
public sealed record JoinedPermission(bool CanSubscribe, bool CanPublish, bool CanPublishData, IReadOnlyList<string> CanPublishSources, bool Recorder);

/// <summary>A participant left a LiveKit room. Published by Webhooks.</summary>
public sealed record ViewerLeftIntegrationEvent(
    string WebhookEventId, string RoomName, string ParticipantSid, string Identity, DateTimeOffset OccurredAt)
    : WebhookIntegrationEvent(WebhookEventId, OccurredAt);

/// <summary>LiveKit closed a room. Published by Webhooks.</summary>
public sealed record RoomFinishedIntegrationEvent(string WebhookEventId, string RoomName, DateTimeOffset OccurredAt)
    : WebhookIntegrationEvent(WebhookEventId, OccurredAt);

/// <summary>The exact number of viewers changed. Published by Streams.</summary>
public sealed record ViewerCountChangedIntegrationEvent(
    Guid EventId, string StreamId, string RoomName, int Viewers, int PeakViewers, DateTimeOffset OccurredAt, long StreamVersion = 0)
    : IntegrationEvent(EventId, OccurredAt), IStreamScopedEvent;

/// <summary>The owner (or an admin) appointed a moderator of a stream. Published by Streams.</summary>
public sealed record ModeratorAppointedIntegrationEvent(
    Guid EventId, string StreamId, string RoomName, string UserId, string AppointedBy, DateTimeOffset OccurredAt, long StreamVersion)
    : IntegrationEvent(EventId, OccurredAt), IStreamScopedEvent;

/// <summary>A moderator of a stream was removed (by the owner or an admin, or because they were blocked). Published by Streams.</summary>
public sealed record ModeratorRemovedIntegrationEvent(
    Guid EventId, string StreamId, string RoomName, string UserId, string RemovedBy, DateTimeOffset OccurredAt, long StreamVersion)
    : IntegrationEvent(EventId, OccurredAt), IStreamScopedEvent;

/// <summary>
/// The owner, a moderator or an admin timed a user out of a stream's chat until <paramref name="Until"/> (a new timeout
/// of the same user replaces the old one). Published by Streams.
/// </summary>
public sealed record UserTimedOutIntegrationEvent(
    Guid EventId, string StreamId, string RoomName, string UserId, DateTimeOffset Until, string TimedOutBy, DateTimeOffset OccurredAt, long StreamVersion)
    : IntegrationEvent(EventId, OccurredAt), IStreamScopedEvent;

/// <summary>A timeout was lifted before it expired. Published by Streams.</summary>
public sealed record UserTimeoutLiftedIntegrationEvent(
    Guid EventId, string StreamId, string RoomName, string UserId, string LiftedBy, DateTimeOffset OccurredAt, long StreamVersion)
    : IntegrationEvent(EventId, OccurredAt), IStreamScopedEvent;

/// <summary>A user timed out of a stream's chat, and until when.</summary>
public sealed record StreamTimeout(string UserId, DateTimeOffset Until);

/// <summary>The owner, a moderator or an admin blocked a user from a stream. Published by Streams.</summary>
public sealed record UserBlockedIntegrationEvent(
    Guid EventId, string StreamId, string RoomName, string UserId, string BlockedBy, DateTimeOffset OccurredAt, long StreamVersion = 0)
    : IntegrationEvent(EventId, OccurredAt), IStreamScopedEvent;

/// <summary>A block was lifted. Published by Streams.</summary>
public sealed record UserUnblockedIntegrationEvent(
    Guid EventId, string StreamId, string RoomName, string UserId, string UnblockedBy, DateTimeOffset OccurredAt, long StreamVersion = 0)
    : IntegrationEvent(EventId, OccurredAt), IStreamScopedEvent;

/// <summary>
/// A stream's chat rules and pinned message, always sent whole: slow mode (minimum seconds between one user's messages,
/// 0 = off), chat on or off (watch-only), the established-users mode (only users who joined the room at least that many
/// minutes ago may send messages, 0 = off), the owner's blocked words, and the pinned message (null = none).
/// </summary>
public sealed record ChatRoomSettings(
    int SlowModeSeconds, bool ChatEnabled, int EstablishedMinutes, IReadOnlyList<string> BlockedWords, PinnedChatMessage? Pinned)
{
    public static readonly ChatRoomSettings Default = new(0, true, 0, [], null);
}

/// <summary>A message (or announcement) the owner or a moderator pinned for every member of the room.</summary>
public sealed record PinnedChatMessage(string Text, string? MessageId, string PinnedBy, DateTimeOffset PinnedAt);

/// <summary>
/// The owner, a moderator or an admin changed the stream's chat settings, blocked words or pinned message; carries them
/// whole, so the newest event (by <see cref="StreamVersion"/>) is the whole truth. Published by Streams.
/// </summary>
public sealed record ChatSettingsChangedIntegrationEvent(
    Guid EventId, string StreamId, string RoomName, ChatRoomSettings Settings, string ChangedBy, DateTimeOffset OccurredAt, long StreamVersion)
    : IntegrationEvent(EventId, OccurredAt), IStreamScopedEvent;

/// <summary>
/// The whole state of one stream as Streams holds it, published periodically for live and recently ended streams, so a
/// consumer that missed events (past its retry budget, or while it was down) converges. Applied like the events it
/// summarises: only when newer than the state the consumer holds.
/// </summary>
public sealed record StreamSnapshotIntegrationEvent(
    Guid EventId, string StreamId, string OwnerId, string RoomName, bool IsLive, IReadOnlyList<string> BlockedUserIds,
    int Viewers, int PeakViewers, DateTimeOffset OccurredAt, long StreamVersion, string? EndedReason = null, DateTimeOffset? EndedAt = null,
    IReadOnlyList<string>? ModeratorIds = null, IReadOnlyList<StreamTimeout>? Timeouts = null, ChatRoomSettings? ChatSettings = null,
    StageState? Stage = null)
    : IntegrationEvent(EventId, OccurredAt), IStreamScopedEvent;

/// <summary>
/// How much one Chat instance carried in one room during one minute: messages and reactions by emoji, as absolute counts
/// so far (a later event for the same instance and minute supersedes an earlier one; the largest count wins). Published
/// by Chat every few seconds for rooms with new activity, never per message; Streams adds the instances up.
/// </summary>
public sealed record ChatActivityIntegrationEvent(
    Guid EventId, string RoomName, string ChatInstance, DateTimeOffset Minute, int Messages, IReadOnlyDictionary<string, int> Reactions,
    DateTimeOffset OccurredAt)
    : IntegrationEvent(EventId, OccurredAt);

/// <summary>
/// A participant published a track in a LiveKit room (camera, microphone, ...). Published by Webhooks; Streams starts a
/// requested recording once the stream's publisher (the owner, from the app or through an ingress) has published one.
/// </summary>
public sealed record TrackPublishedIntegrationEvent(
    string WebhookEventId, string RoomName, string ParticipantSid, string Identity, string? TrackSid, string? TrackSource,
    DateTimeOffset OccurredAt, string? ParticipantKind = null)
    : WebhookIntegrationEvent(WebhookEventId, OccurredAt);

/// <summary>
/// LiveKit reported on an egress (<c>egress_started</c>, <c>egress_updated</c>, <c>egress_ended</c>). Published by Webhooks.
/// <see cref="Status"/> is LiveKit's <c>EgressStatus</c> name (EGRESS_STARTING ... EGRESS_LIMIT_REACHED) and
/// <see cref="Error"/> LiveKit's reason when it failed; <see cref="UpdatedAt"/> orders reports of one egress. The results
/// (HLS playlist, its duration and size, the MP4's size) come once it has ended.
/// </summary>
public sealed record EgressUpdatedIntegrationEvent(
    string WebhookEventId, string RoomName, string EgressId, string Status, string? Error, DateTimeOffset UpdatedAt, DateTimeOffset OccurredAt,
    double? DurationSeconds = null, long? SizeBytes = null, long? FileSizeBytes = null, DateTimeOffset? StartedAt = null, DateTimeOffset? EndedAt = null)
    : WebhookIntegrationEvent(WebhookEventId, OccurredAt);

/// <summary>
/// LiveKit reported on an ingress (<c>ingress_started</c>: an encoder is publishing; <c>ingress_ended</c>: it stopped).
/// Published by Webhooks. <see cref="Status"/> is LiveKit's <c>IngressState.Status</c> name; <see cref="Error"/> its reason.
/// </summary>
public sealed record IngressUpdatedIntegrationEvent(
    string WebhookEventId, string RoomName, string IngressId, bool Publishing, string? Status, string? Error, DateTimeOffset OccurredAt)
    : WebhookIntegrationEvent(WebhookEventId, OccurredAt);

/// <summary>What a stream's recording is doing: starting, recording, processing, ready or failed (see <c>docs/api.md</c>).</summary>
public static class RecordingStates
{
    public const string Starting = "starting";
    public const string Recording = "recording";
    public const string Processing = "processing";
    public const string Ready = "ready";
    public const string Failed = "failed";
}

/// <summary>A stream's recording changed status (<see cref="RecordingStates"/>; <see cref="Error"/> when it failed). Published by Streams.</summary>
public sealed record RecordingStatusChangedIntegrationEvent(
    Guid EventId, string StreamId, string RoomName, string Status, string? Error, DateTimeOffset OccurredAt, long StreamVersion)
    : IntegrationEvent(EventId, OccurredAt), IStreamScopedEvent;

/// <summary>The owner or an admin deleted a stream's replay: it is no longer listed or playable. Published by Streams.</summary>
public sealed record ReplayDeletedIntegrationEvent(
    Guid EventId, string StreamId, string RoomName, string OwnerId, string DeletedBy, DateTimeOffset OccurredAt, long StreamVersion)
    : IntegrationEvent(EventId, OccurredAt), IStreamScopedEvent;

/// <summary>A stream's stage: guests (publishing camera and microphone), invited users, users who raised a paw.</summary>
public sealed record StageState(IReadOnlyList<string> Guests, IReadOnlyList<string> Invited, IReadOnlyList<string> Requests)
{
    public static readonly StageState Empty = new([], [], []);
}

/// <summary>
/// A stream's stage changed (an invitation, a raised paw, a guest on or off stage); carries it whole, so the newest
/// event (by <see cref="StreamVersion"/>) is the whole truth. Published by Streams; Chat pushes <c>stage:updated</c>.
/// </summary>
public sealed record StageChangedIntegrationEvent(
    Guid EventId, string StreamId, string RoomName, StageState Stage, string ChangedBy, DateTimeOffset OccurredAt, long StreamVersion)
    : IntegrationEvent(EventId, OccurredAt), IStreamScopedEvent;
