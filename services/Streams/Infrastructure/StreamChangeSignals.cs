using PawfectLive.Contracts;
using PawfectLive.Streams.Features.Lifecycle;
using PawfectLive.Streams.Features.LiveKitSync;
using PawfectLive.Streams.Features.Moderation;
using PawfectLive.Streams.Features.Presence;

namespace PawfectLive.Streams.Infrastructure;

/// <summary>Wakes the outbox dispatcher, asks for LiveKit to be reconciled, evicts the <c>/active</c> cache, queues viewer-count announcements and timeout expiries.</summary>
public sealed class StreamChangeSignals(
    OutboxSignal outbox, ActiveStreamsCache activeCache, ViewerCountPublisher viewerCounts, TimeoutExpirySchedule expiries,
    LiveKitSyncQueue liveKit, MassTransit.IBus bus, TimeProvider time)
    : IStreamChangeSignals
{
    public void EventsWritten() => outbox.Notify();

    public void StreamChanged(string streamId) => liveKit.RequestRoom(streamId);

    public ValueTask ListingChangedAsync(CancellationToken cancellationToken) => activeCache.InvalidateAsync(cancellationToken);

    public void ViewersChanged(LiveStream stream) => viewerCounts.Announce(stream);

    public void TimeoutSet(string streamId, DateTime until) => expiries.Add(streamId, until);

    // Published directly, not through the outbox: a snapshot is repeated every pass, so one lost is replaced by the next.
    public Task SnapshotAsync(LiveStream stream, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return bus.Publish(new StreamSnapshotIntegrationEvent(
            Guid.NewGuid(), stream.Id, stream.OwnerId, stream.RoomName, stream.IsLive, [.. stream.BlockedUserIds],
            stream.Viewers, stream.PeakViewers, now, stream.Version, stream.EndedReason,
            stream.EndedAt is { } endedAt ? new DateTimeOffset(DateTime.SpecifyKind(endedAt, DateTimeKind.Utc)) : null,
            [.. stream.ModeratorIds],
            [.. stream.Timeouts.Where(timeout => timeout.Until > now.UtcDateTime)
                .Select(timeout => new StreamTimeout(timeout.UserId, new DateTimeOffset(DateTime.SpecifyKind(timeout.Until, DateTimeKind.Utc))))],
            stream.Chat.ToContract(), stream.Stage.ToContract()),
            cancellationToken);
    }
}
