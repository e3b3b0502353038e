using PawfectLive.Contracts;

namespace PawfectLive.Streams.IntegrationEvents.Events;

/// <summary>
/// Streams' own record of an owner, moderator or admin action for the audit log, written in the same update as the change
/// so the log misses nothing; <see cref="AuditEntryId"/> makes a redelivery add nothing.
/// </summary>
public sealed record RecordAuditEntryCommand(
    Guid EventId, string AuditEntryId, string StreamId, string ActorId, string ActorRole, string Action, string? TargetUserId,
    string? Reason, string? Details, DateTimeOffset OccurredAt)
    : IntegrationEvent(EventId, OccurredAt);
