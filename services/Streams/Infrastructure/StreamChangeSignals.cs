using PawfectLive.Streams.Application;
using PawfectLive.Streams.Model;

namespace PawfectLive.Streams.Infrastructure;

/// <summary>Wakes the outbox dispatcher, evicts the <c>/active</c> cache and queues viewer-count announcements.</summary>
public sealed class StreamChangeSignals(OutboxSignal outbox, ActiveStreamsCache activeCache, ViewerCountPublisher viewerCounts)
    : IStreamChangeSignals
{
    public void EventsWritten() => outbox.Notify();

    public ValueTask ListingChangedAsync(CancellationToken cancellationToken) => activeCache.InvalidateAsync(cancellationToken);

    public void ViewersChanged(LiveStream stream) => viewerCounts.Announce(stream);
}
