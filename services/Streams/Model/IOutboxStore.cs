namespace PawfectLive.Streams.Model;

/// <summary>The outbox: events each stream's changes queued in the same write, until RabbitMQ confirmed them. Same backend as <see cref="IStreamStore"/>.</summary>
public interface IOutboxStore
{
    /// <summary>Streams with events still to publish, oldest change first.</summary>
    Task<IReadOnlyList<LiveStream>> ListWithPendingEventsAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Drops a published event from its stream's outbox (the stream's state and version stay as they are).</summary>
    Task AcknowledgeEventAsync(string streamId, string eventId, CancellationToken cancellationToken);
}
