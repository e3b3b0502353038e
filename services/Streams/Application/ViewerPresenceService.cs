using PawfectLive.Contracts;
using PawfectLive.Streams.IntegrationEvents.Events;
using PawfectLive.Streams.Model;

namespace PawfectLive.Streams.Application;

/// <summary>
/// Exact viewer counts from LiveKit's participant webhooks (the rule itself is <see cref="LiveStream.AddViewer"/> and
/// <see cref="LiveStream.RemoveViewer"/>: a viewer is a participant sid that joined and has not left, the publisher
/// never counts). The count is the size of a set, whatever the order, duplication or retries of the events.
/// </summary>
public sealed class ViewerPresenceService(
    IStreamStore store, LiveStreamService streams, IStreamChangeSignals signals, TimeProvider time, ILogger<ViewerPresenceService> logger)
{
    /// <summary>
    /// A participant joined: removed again from the room of an ended stream or when blocked (RemoveParticipant through
    /// the outbox, so it is retried), counted when it is a viewer.
    /// </summary>
    public Task JoinedAsync(ViewerJoinedIntegrationEvent joined, CancellationToken cancellationToken) =>
        UpdatePresenceAsync(joined.RoomName, stream =>
        {
            var now = time.GetUtcNow();
            if (stream.MustRemoveParticipant(joined.Identity))
            {
                stream.Enqueue(new RemoveLiveKitParticipantCommand(Guid.NewGuid(), stream.Id, stream.RoomName, joined.Identity, now));
                logger.ParticipantRemovedOnJoin(joined.Identity, stream.RoomName, stream.IsLive ? "blocked" : "stream ended");
                return true;
            }
            return LiveStream.CountsAsViewer(joined.ParticipantKind, joined.Hidden)
                && stream.AddViewer(joined.ParticipantSid, joined.Identity, now.UtcDateTime);
        }, cancellationToken);

    public Task LeftAsync(string roomName, string sid, CancellationToken cancellationToken) =>
        UpdatePresenceAsync(roomName, stream => stream.RemoveViewer(sid, time.GetUtcNow().UtcDateTime), cancellationToken);

    /// <summary>LiveKit closed the room (empty timeout, or deleted): the stream is over, with 0 viewers.</summary>
    public async Task RoomFinishedAsync(string roomName, CancellationToken cancellationToken)
    {
        if (await store.FindIdByRoomNameAsync(roomName, cancellationToken) is { } streamId)
        {
            await streams.EndAsync(streamId, StreamEndReasons.RoomFinished, "livekit", cancellationToken);
        }
    }

    /// <summary>
    /// Announces the room's current count also when this delivery changed nothing: a retried message then still
    /// announces the count its first attempt may not have. Unknown rooms are ignored.
    /// </summary>
    private async Task UpdatePresenceAsync(string roomName, Func<LiveStream, bool> change, CancellationToken cancellationToken)
    {
        if (await store.FindIdByRoomNameAsync(roomName, cancellationToken) is not { } streamId)
        {
            return;
        }
        if (await store.UpdateAsync(streamId, change, cancellationToken) is { } update)
        {
            if (update.Changed)
            {
                signals.EventsWritten();
            }
            signals.ViewersChanged(update.Stream);
        }
    }
}
