namespace PawfectLive.Notifications.IntegrationEvents.Events;

/// <summary>
/// One alert, before it is addressed: what it is about and the key that makes it one alert (a stream's go-live, a
/// schedule's reminder for one start time, …). Each user's inbox entry is derived from it and the user, so repeats merge.
/// </summary>
public sealed record AlertDraft(
    string Kind, string Key, string OwnerId, string? OwnerName, string? StreamId, string? ScheduleId, string? Title,
    DateTimeOffset? StartsAt, DateTimeOffset At);

/// <summary>
/// Deliver <see cref="Alert"/> to these users (at most <c>Notifications:FanOutBatchSize</c>). Published by Notifications
/// to itself: an owner's followers go through RabbitMQ in batches, each handled by any instance, retried on its own.
/// </summary>
public sealed record AlertBatchIntegrationEvent(Guid EventId, AlertDraft Alert, IReadOnlyList<string> UserIds, DateTimeOffset OccurredAt)
    : IntegrationEvent(EventId, OccurredAt);
