namespace PawfectLive.Streams.Kernel;

/// <summary>What the application announces after a stored change, so the rest of the service catches up at once.</summary>
public interface IStreamChangeSignals
{
    /// <summary>New events are in an outbox: publish them now rather than at the next poll.</summary>
    void EventsWritten();

    /// <summary>The stream changed: make its LiveKit room agree with it (coalesced per stream).</summary>
    void StreamChanged(string streamId);

    /// <summary>A stream started or ended: cached <c>/active</c> pages are stale.</summary>
    ValueTask ListingChangedAsync(CancellationToken cancellationToken);

    /// <summary>A stream's viewer count may have changed: announce its current count (coalesced per room).</summary>
    void ViewersChanged(LiveStream stream);

    /// <summary>A timeout runs until <paramref name="until"/>: expire it then.</summary>
    void TimeoutSet(string streamId, DateTime until);

    /// <summary>Announces the stream's whole current state (the level signal consumers converge on).</summary>
    Task SnapshotAsync(LiveStream stream, CancellationToken cancellationToken);
}
