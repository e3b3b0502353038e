namespace PawfectLive.Contracts;

/// <summary>
/// What every integration event carries: a unique <see cref="EventId"/> (also the MassTransit <c>MessageId</c> it is
/// published with, so consumers and traces can de-duplicate on it) and when the fact happened.
/// </summary>
public abstract record IntegrationEvent(Guid EventId, DateTimeOffset OccurredAt);

/// <summary>
/// An event born from a LiveKit webhook. <see cref="WebhookEventId"/> is LiveKit's own event id; the
/// <see cref="IntegrationEvent.EventId"/> is derived from it, so a webhook LiveKit retries yields the same event id.
/// </summary>
public abstract record WebhookIntegrationEvent(string WebhookEventId, DateTimeOffset OccurredAt)
    : IntegrationEvent(EventIds.FromWebhook(WebhookEventId), OccurredAt);

/// <summary>
/// An event about one stream's state. <see cref="StreamVersion"/> is the stream's version after the change (it rises by
/// one with every change, assigned in the same write): consumers apply an event only when it is newer than the state they
/// hold, so redeliveries and reordering across queues cannot roll a stream back. 0 means "not versioned" (events
/// written before versions existed), applied as before.
/// </summary>
public interface IStreamScopedEvent
{
    string StreamId { get; }

    long StreamVersion { get; }
}
