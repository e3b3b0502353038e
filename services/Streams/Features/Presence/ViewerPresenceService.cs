using PawfectLive.Contracts;
using PawfectLive.Streams.Features.Lifecycle;
using PawfectLive.Streams.Features.LiveKitSync;
using PawfectLive.Streams.IntegrationEvents.Events;

namespace PawfectLive.Streams.Features.Presence;

/// <summary>
/// Exact viewer counts from LiveKit's participant webhooks and from reconciliation (the rule itself is
/// <see cref="StreamPresence"/>: a viewer is a participant sid that joined and has not left, the publisher never
/// counts). The count is the size of a set, whatever the order, duplication or retries of the events. Each change of
/// the presence is then taken into the stream (<see cref="LiveStream.ApplyPresence"/>), which only takes newer ones.
/// </summary>
public sealed class ViewerPresenceService(
    IStreamStore store,
    IPresenceStore presences,
    IViewerSessionStore sessions,
    LifecycleService lifecycle,
    IStreamChangeSignals signals,
    LiveKitSyncQueue liveKit,
    TimeProvider time,
    ILogger<ViewerPresenceService> logger)
{
    /// <summary>
    /// Participants joined (a batch, any rooms): removed again from the room of an ended stream or when blocked
    /// (RemoveParticipant through the outbox, so it is retried), counted when they are viewers — one presence write and
    /// one stream write per room.
    /// </summary>
    public async Task JoinedAsync(IReadOnlyCollection<ViewerJoinedIntegrationEvent> joins, CancellationToken cancellationToken)
    {
        foreach (var room in joins.GroupBy(joined => joined.RoomName, StringComparer.Ordinal))
        {
            if (await FindAsync(room.Key, cancellationToken) is not { } stream)
            {
                continue;
            }
            foreach (var join in room.GroupBy(joined => joined.Identity, StringComparer.Ordinal).Select(same => same.MaxBy(joined => joined.OccurredAt)!))
            {
                await CorrectParticipantAsync(stream, join, cancellationToken);
            }
            // A join is recorded with its own time, also when it is processed after the end (delayed by a retry); one that
            // happened after the end (an old token into the ended room) is no viewing.
            var viewerJoins = room
                .Where(joined => !stream.IsBlocked(joined.Identity) && stream.IsViewer(joined.Identity)
                    && LiveStream.CountsAsViewer(joined.ParticipantKind, joined.Hidden)
                    && (stream.IsLive || WhenItHappened(joined.OccurredAt) < stream.EndedAt))
                .ToList();
            if (viewerJoins.Count == 0)
            {
                signals.ViewersChanged(stream);
                continue;
            }
            var viewerSids = viewerJoins.Select(joined => joined.ParticipantSid).ToList();
            await sessions.RecordViewerSessionsAsync(
                [.. viewerJoins.Select(joined => new ViewerSessionEdge(stream.Id, joined.ParticipantSid, joined.Identity, WhenItHappened(joined.OccurredAt), null))],
                cancellationToken);
            if (!stream.IsLive)
            {
                continue; // Only presence needs the stream live.
            }
            var presence = await presences.UpdatePresenceAsync(stream.Id, presence => viewerSids.Aggregate(false, (changed, sid) => presence.Join(sid) | changed), cancellationToken);
            await TakePresenceAsync(stream.Id, presence, cancellationToken);
        }
    }

    /// <summary>
    /// Participants left (a batch, any rooms): each leave is recorded in its viewer session with its own time, also when
    /// processed after the stream ended (a leave delayed by a retry must not make the viewer watch until the end); one
    /// presence write and one stream write per live room.
    /// </summary>
    public async Task LeftAsync(IReadOnlyCollection<ViewerLeftIntegrationEvent> leaves, CancellationToken cancellationToken)
    {
        foreach (var room in leaves.GroupBy(left => left.RoomName, StringComparer.Ordinal))
        {
            if (await FindAsync(room.Key, cancellationToken) is not { } stream)
            {
                continue;
            }
            var now = time.GetUtcNow().UtcDateTime;
            var sids = room.Select(left => left.ParticipantSid).ToList();
            await sessions.RecordViewerSessionsAsync(
                [.. room.Where(left => stream.IsViewer(left.Identity))
                    .Select(left => new ViewerSessionEdge(stream.Id, left.ParticipantSid, left.Identity, null, WhenItHappened(left.OccurredAt)))],
                cancellationToken);
            if (!stream.IsLive)
            {
                continue;
            }
            var presence = await presences.UpdatePresenceAsync(stream.Id, presence => sids.Aggregate(false, (changed, sid) => presence.Leave(sid, now) | changed), cancellationToken);
            await TakePresenceAsync(stream.Id, presence, cancellationToken);
        }
    }

    /// <summary>What was known about a room's viewers before LiveKit was asked who is in it.</summary>
    public sealed record Observed(IReadOnlyList<ViewerSession> OpenSessions, IReadOnlySet<string> PresentSids);

    /// <summary>
    /// Read before <c>ListParticipants</c>: only what was known then can be found gone from LiveKit's answer — a join
    /// applied while LiveKit answered is newer than that answer.
    /// </summary>
    public async Task<Observed> ObserveAsync(string streamId, CancellationToken cancellationToken) => new(
        await sessions.ListOpenViewerSessionsAsync(streamId, cancellationToken),
        (await presences.GetPresenceAsync(streamId, cancellationToken))?.PresentSids.ToHashSet(StringComparer.Ordinal) ?? []);

    /// <summary>
    /// Makes presence agree with who LiveKit says is in the room now: blocked users found there are removed (and never
    /// counted), the owner is not a viewer. <paramref name="before"/> is what was known before LiveKit was asked. True
    /// when the count changed.
    /// </summary>
    public async Task<bool> ReconcileAsync(
        LiveStream listed, IReadOnlyCollection<(string Sid, string Identity)> peopleInRoom, Observed before, CancellationToken cancellationToken)
    {
        // The stream as it is now, not as the pass listed it: a block made since must not count the blocked user.
        if (await store.GetAsync(listed.Id, cancellationToken) is not { IsLive: true } stream)
        {
            return false;
        }
        foreach (var identity in peopleInRoom.Select(person => person.Identity).Where(stream.IsBlocked).Distinct())
        {
            await RemoveFromRoomAsync(stream.Id, identity, cancellationToken);
        }
        var viewersInRoom = peopleInRoom.Where(person => stream.IsViewer(person.Identity) && !stream.IsBlocked(person.Identity)).ToList();
        var viewers = viewersInRoom.Select(person => person.Sid).ToList();
        var now = time.GetUtcNow().UtcDateTime;
        await ReconcileSessionsAsync(stream, viewersInRoom, before.OpenSessions, now, cancellationToken);
        var presence = await presences.UpdatePresenceAsync(stream.Id, presence => presence.Reconcile(viewers, before.PresentSids, now), cancellationToken);
        var taken = await TakePresenceAsync(stream.Id, presence, cancellationToken);
        if (taken is not null && taken.Viewers != stream.Viewers)
        {
            logger.PresenceRepaired(stream.Id, stream.Viewers, taken.Viewers);
            return true;
        }
        return false;
    }

    /// <summary>
    /// Viewer sessions agree with the room too: a session open before LiveKit was asked whose sid is no longer there left
    /// now (LiveKit dropped its <c>participant_left</c>); a viewer there with no open session joined now (the earliest
    /// join is kept, so a join recorded meanwhile keeps its own time).
    /// </summary>
    private async Task ReconcileSessionsAsync(LiveStream stream, IReadOnlyCollection<(string Sid, string Identity)> viewersInRoom,
        IReadOnlyList<ViewerSession> openBefore, DateTime now, CancellationToken cancellationToken)
    {
        var open = openBefore.Select(session => session.Sid).ToHashSet(StringComparer.Ordinal);
        var inRoom = viewersInRoom.Select(viewer => viewer.Sid).ToHashSet(StringComparer.Ordinal);
        ViewerSessionEdge[] edges =
        [
            .. openBefore.Where(session => !inRoom.Contains(session.Sid))
                .Select(session => new ViewerSessionEdge(stream.Id, session.Sid, session.Identity, null, now)),
            .. viewersInRoom.Where(viewer => !open.Contains(viewer.Sid))
                .Select(viewer => new ViewerSessionEdge(stream.Id, viewer.Sid, viewer.Identity, now, null)),
        ];
        await sessions.RecordViewerSessionsAsync(edges, cancellationToken);
    }

    /// <summary>
    /// An ended stream's sessions that never got their leave are closed at the stream's end (nobody watches an ended
    /// stream), so retention can drop them in time. Idempotent: the latest leave is kept, so a real leave after the end
    /// stays.
    /// </summary>
    public async Task CloseSessionsOfEndedAsync(LiveStream ended, CancellationToken cancellationToken)
    {
        if (ended is not { IsLive: false, EndedAt: { } endedAt })
        {
            return;
        }
        var open = await sessions.ListOpenViewerSessionsAsync(ended.Id, cancellationToken);
        await sessions.RecordViewerSessionsAsync([.. open.Select(session => new ViewerSessionEdge(ended.Id, session.Sid, session.Identity, null, endedAt))],
            cancellationToken);
    }

    /// <summary>The webhook's own time (LiveKit's <c>createdAt</c>), or now when it had none.</summary>
    private DateTime WhenItHappened(DateTimeOffset occurredAt) =>
        occurredAt > DateTimeOffset.UnixEpoch ? occurredAt.UtcDateTime : time.GetUtcNow().UtcDateTime;

    /// <summary>LiveKit closed the room (empty timeout, or deleted): the stream is over, with 0 viewers.</summary>
    public async Task RoomFinishedAsync(string roomName, CancellationToken cancellationToken)
    {
        if (await store.FindIdByRoomNameAsync(roomName, cancellationToken) is { } streamId)
        {
            await lifecycle.EndAsync(streamId, StreamEndReasons.RoomFinished, "livekit", cancellationToken);
        }
    }

    private async Task<LiveStream?> FindAsync(string roomName, CancellationToken cancellationToken) =>
        await store.FindIdByRoomNameAsync(roomName, cancellationToken) is { } streamId
            ? await store.GetAsync(streamId, cancellationToken)
            : null;

    /// <summary>
    /// A participant who just joined: removed again when blocked (or the stream ended); otherwise LiveKit is reconciled
    /// with the stream for them at once — what they joined with (a token from before a timeout, a stage removal, the
    /// chat turned off) is compared with what the stream wants now and corrected. The publisher's join may be what
    /// creates the room, so it reconciles the whole room (its metadata could not be written before).
    /// </summary>
    private async Task CorrectParticipantAsync(LiveStream joined, ViewerJoinedIntegrationEvent join, CancellationToken cancellationToken)
    {
        var identity = join.Identity;
        if (joined.MustRemoveParticipant(identity))
        {
            await RemoveFromRoomAsync(joined.Id, identity, cancellationToken);
        }
        else if (!joined.IsViewer(identity))
        {
            liveKit.RequestRoom(joined.Id);
        }
        else if (LiveKitParticipantTarget.Manages(joined, identity, join.ParticipantKind, join.Hidden, join.Permission?.Recorder == true, agent: false))
        {
            if (join.Permission is { } permission)
            {
                liveKit.RequestJoined(joined.Id, new JoinedParticipant(identity, permission, join.Metadata));
            }
            else
            {
                liveKit.RequestRoom(joined.Id); // The webhook did not say what they hold: ask LiveKit.
            }
        }
    }

    private async Task RemoveFromRoomAsync(string streamId, string identity, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (await EnqueueCommandAsync(streamId, stream => stream.MustRemoveParticipant(identity),
            stream => new RemoveLiveKitParticipantCommand(Guid.NewGuid(), stream.Id, stream.RoomName, identity, now), cancellationToken) is { } stream)
        {
            logger.ParticipantRemovedOnJoin(identity, stream.RoomName, stream.IsLive ? "blocked" : "stream ended");
        }
    }

    /// <summary>Queues a LiveKit command in the stream's outbox if <paramref name="needed"/> still holds; the stream when it did.</summary>
    private async Task<LiveStream?> EnqueueCommandAsync(
        string streamId, Func<LiveStream, bool> needed, Func<LiveStream, IntegrationEvent> command, CancellationToken cancellationToken)
    {
        var update = await store.UpdateAsync(streamId, stream =>
        {
            if (!needed(stream))
            {
                return false;
            }
            stream.Enqueue(command(stream));
            return true;
        }, cancellationToken);
        if (update is not { Changed: true, Stream: var changed })
        {
            return null;
        }
        signals.EventsWritten();
        return changed;
    }

    /// <summary>
    /// Copies the presence's count into the stream and announces the room's current count — also when this delivery
    /// changed nothing, so a retried message still announces what its first attempt may not have. The presence of a
    /// stream that ended meanwhile is dropped.
    /// </summary>
    private async Task<LiveStream?> TakePresenceAsync(string streamId, StreamPresence presence, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (await store.UpdateAsync(streamId, stream => stream.ApplyPresence(presence, now), cancellationToken) is not { Stream: var stream })
        {
            return null;
        }
        if (!stream.IsLive)
        {
            await presences.DeletePresenceAsync(streamId, cancellationToken);
            return stream;
        }
        signals.ViewersChanged(stream);
        return stream;
    }
}
