namespace PawfectLive.Contracts;

/// <summary>What a scheduled stream is: scheduled, live (started from it), cancelled or missed (see <c>docs/api.md</c>).</summary>
public static class ScheduleStates
{
    public const string Scheduled = "scheduled";
    public const string Live = "live";
    public const string Cancelled = "cancelled";
    public const string Missed = "missed";
}

/// <summary>A scheduled stream as a whole, as every schedule event carries it (consumers keep the newest version).</summary>
public sealed record ScheduledStreamState(
    string Id, string OwnerId, string? OwnerName, string Title, string? CoverUrl, IReadOnlyList<string> Tags, DateTimeOffset StartsAt,
    string Status, string? StreamId, long Version);

/// <summary>
/// An event about one scheduled stream. <see cref="Schedule"/> is its whole state after the change, with its version (it
/// rises by one with every change): consumers keep the newest state, so redelivery and reordering cannot roll it back.
/// </summary>
public interface IScheduleEvent
{
    ScheduledStreamState Schedule { get; }
}

/// <summary>An owner scheduled a stream, or edited its title, cover or tags (not its time). Published by Streams.</summary>
public sealed record StreamScheduledIntegrationEvent(Guid EventId, ScheduledStreamState Schedule, DateTimeOffset OccurredAt)
    : IntegrationEvent(EventId, OccurredAt), IScheduleEvent;

/// <summary>An owner moved a scheduled stream to another time (<see cref="PreviousStartsAt"/> was the old one). Published by Streams.</summary>
public sealed record StreamRescheduledIntegrationEvent(
    Guid EventId, ScheduledStreamState Schedule, DateTimeOffset PreviousStartsAt, DateTimeOffset OccurredAt)
    : IntegrationEvent(EventId, OccurredAt), IScheduleEvent;

/// <summary>The owner (or an admin) cancelled a scheduled stream. Published by Streams.</summary>
public sealed record StreamScheduleCancelledIntegrationEvent(Guid EventId, ScheduledStreamState Schedule, DateTimeOffset OccurredAt)
    : IntegrationEvent(EventId, OccurredAt), IScheduleEvent;

/// <summary>A scheduled stream's time passed by more than the grace period without a start: it is missed. Published by Streams.</summary>
public sealed record StreamScheduleMissedIntegrationEvent(Guid EventId, ScheduledStreamState Schedule, DateTimeOffset OccurredAt)
    : IntegrationEvent(EventId, OccurredAt), IScheduleEvent;

/// <summary>
/// The owner went live from a scheduled stream (<see cref="ScheduledStreamState.StreamId"/>). Published by Streams, after
/// the <see cref="StreamStartedIntegrationEvent"/> that names the schedule.
/// </summary>
public sealed record StreamScheduleStartedIntegrationEvent(Guid EventId, ScheduledStreamState Schedule, DateTimeOffset OccurredAt)
    : IntegrationEvent(EventId, OccurredAt), IScheduleEvent;
