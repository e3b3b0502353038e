namespace PawfectLive.LiveKit;

/// <summary>LiveKit webhook event names.</summary>
public static class WebhookEventNames
{
    public const string RoomStarted = "room_started";
    public const string RoomFinished = "room_finished";
    public const string ParticipantJoined = "participant_joined";
    public const string ParticipantLeft = "participant_left";
    public const string ParticipantConnectionAborted = "participant_connection_aborted";
}

/// <summary>The parts of LiveKit's <c>WebhookEvent</c> we use; unknown fields are ignored.</summary>
public sealed record WebhookEvent
{
    public string? Event { get; init; }
    public string? Id { get; init; }
    /// <summary>Unix seconds (protojson int64, sent as a string).</summary>
    public long CreatedAt { get; init; }
    public WebhookRoom? Room { get; init; }
    public WebhookParticipant? Participant { get; init; }
}

public sealed record WebhookRoom
{
    public string? Sid { get; init; }
    public string? Name { get; init; }
}

public sealed record WebhookParticipant
{
    public string? Sid { get; init; }
    public string? Identity { get; init; }
    public string? Name { get; init; }
    public string? State { get; init; }
    public WebhookParticipantPermission? Permission { get; init; }
}

public sealed record WebhookParticipantPermission
{
    public bool CanPublish { get; init; }
    public bool CanSubscribe { get; init; }
    public bool Hidden { get; init; }
}
