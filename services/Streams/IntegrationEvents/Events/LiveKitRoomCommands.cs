using PawfectLive.Contracts;

namespace PawfectLive.Streams.IntegrationEvents.Events;

/// <summary>Streams' own request to delete a LiveKit room, carried through the outbox so a LiveKit outage loses nothing.</summary>
public sealed record DeleteLiveKitRoomCommand(Guid EventId, string StreamId, string RoomName, DateTimeOffset OccurredAt)
    : IntegrationEvent(EventId, OccurredAt);

/// <summary>Streams' own request to remove a (blocked) participant from a LiveKit room.</summary>
public sealed record RemoveLiveKitParticipantCommand(Guid EventId, string StreamId, string RoomName, string Identity, DateTimeOffset OccurredAt)
    : IntegrationEvent(EventId, OccurredAt);

/// <summary>
/// Streams' own request to start the stream's requested recording (a RoomComposite egress), made once the publisher's
/// track is published; level-triggered: it starts nothing unless the stream still waits for <see cref="RecordingId"/>.
/// </summary>
public sealed record StartLiveKitEgressCommand(Guid EventId, string StreamId, string RoomName, string RecordingId, DateTimeOffset OccurredAt)
    : IntegrationEvent(EventId, OccurredAt);

/// <summary>Streams' own request to stop a stream's egress (the stream ended).</summary>
public sealed record StopLiveKitEgressCommand(Guid EventId, string StreamId, string EgressId, DateTimeOffset OccurredAt)
    : IntegrationEvent(EventId, OccurredAt);

/// <summary>Streams' own request to delete a stream's ingress (the stream ended), so its stream key stops working.</summary>
public sealed record DeleteLiveKitIngressCommand(Guid EventId, string StreamId, string IngressId, DateTimeOffset OccurredAt)
    : IntegrationEvent(EventId, OccurredAt);
