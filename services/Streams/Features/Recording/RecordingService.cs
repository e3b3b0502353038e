using Microsoft.Extensions.Options;
using PawfectLive.Contracts;
using PawfectLive.LiveKit;
using PawfectLive.Streams.IntegrationEvents.Events;

namespace PawfectLive.Streams.Features.Recording;

/// <summary>A stream's recording as its owner (or an admin) sees it, with the URLs of its playlists.</summary>
public sealed record RecordingView(LiveStream Stream, StreamRecording Recording, RecordingOptions Storage);

public sealed record ReplayPage(IReadOnlyList<RecordingView> Items, string? NextCursor);

/// <summary>
/// Recordings and replays. The owner asks for a recording (at start or while live); Streams starts a RoomComposite egress
/// (HLS with a live playlist, plus an MP4) only once LiveKit reports the publisher's track published, because an egress
/// started on an empty room hangs in "starting"; egress webhooks then drive the status, and the end of the stream stops
/// the egress. Egress being missing or unreachable fails the recording, never the stream.
/// </summary>
public sealed class RecordingService(
    StreamAccess access,
    StreamChanges changes,
    IStreamStore store,
    EgressClient egress,
    IOptionsMonitor<RecordingOptions> options,
    TimeProvider time,
    ILogger<RecordingService> logger)
{
    /// <summary>The owner asks to record their live stream (again, after a failure); a recording under way is answered as it is.</summary>
    public async Task<Result<RecordingView>> StartAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        var found = await access.FindOwnedAsync(caller, id, cancellationToken);
        if (found.Value is not { } stream)
        {
            return found.Error!;
        }
        if (!options.CurrentValue.IsConfigured)
        {
            return new StreamError.RecordingNotConfigured();
        }
        if (!stream.IsLive)
        {
            return new StreamError.Ended(stream.Id);
        }

        // The attempt is made inside the change: a store may run the change again on a fresh copy, and a shared attempt
        // would carry the first run's changes into the second.
        var now = time.GetUtcNow();
        var taken = false;
        var update = await changes.ChangeAsync(stream.Id,
            current => current.RequestRecording(NewAttempt(current.Id, now), now.UtcDateTime) | (taken = current.TakeEgressStart(now.UtcDateTime)),
            current => [StatusChanged(current, now), .. taken ? [StartEgress(current, now)] : Array.Empty<IntegrationEvent>()],
            cancellationToken, _ => new AuditedAction(caller, AuditActions.StartRecording));
        if (update is null)
        {
            return new StreamError.NotFound(stream.Id);
        }
        if (!update.Stream.IsLive)
        {
            return new StreamError.Ended(stream.Id);
        }
        if (update.Changed)
        {
            logger.RecordingRequested(stream.Id, caller.UserId, update.Stream.Recording!.Id);
        }
        return View(update.Stream);
    }

    /// <summary>The stream's recording: its owner and admins see it.</summary>
    public async Task<Result<RecordingView>> GetAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        var found = await access.FindModeratedAsync(caller, id, moderatorsMay: false, cancellationToken);
        if (found.Value is not { } stream)
        {
            return found.Error!;
        }
        return stream.Recording is null ? new StreamError.RecordingNotFound(stream.Id) : View(stream);
    }

    /// <summary>
    /// LiveKit says a participant published a track. When it is the stream's publisher (the owner, also through an
    /// ingress), a requested recording starts now.
    /// </summary>
    public async Task TrackPublishedAsync(TrackPublishedIntegrationEvent published, CancellationToken cancellationToken)
    {
        if (published.ParticipantKind is null or ParticipantKinds.Ingress
            && await store.FindIdByRoomNameAsync(published.RoomName, cancellationToken) is { } streamId)
        {
            await PublisherPublishedAsync(streamId, published.Identity, cancellationToken);
        }
    }

    /// <summary>
    /// <paramref name="identity"/> published in the stream's room (a webhook, or reconciliation seeing the owner's tracks
    /// when that webhook was lost): if it is the owner, a recording waiting for the publisher's track starts.
    /// </summary>
    public async Task PublisherPublishedAsync(string streamId, string identity, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var taken = false;
        await changes.ChangeAsync(streamId,
            current => current.OwnerId == identity
                && (current.MarkPublisherPublished(now.UtcDateTime) | (taken = current.TakeEgressStart(now.UtcDateTime))),
            current => taken ? [StartEgress(current, now)] : [],
            cancellationToken);
    }

    /// <summary>
    /// Starts the egress of a recording that still waits for one (the command is level-triggered: a stream that ended or
    /// moved on to another attempt starts nothing). A refusal or an unreachable Egress fails the recording with LiveKit's
    /// reason; the stream is not affected.
    /// </summary>
    public async Task StartEgressAsync(StartLiveKitEgressCommand command, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(command.StreamId, cancellationToken) is not { IsLive: true, Recording: { EgressId: null, Status: RecordingStates.Starting } recording } stream
            || recording.Id != command.RecordingId)
        {
            return;
        }

        var storage = options.CurrentValue;
        var s3 = storage.ToS3Upload();
        var request = new RoomCompositeEgressRequest(stream.RoomName, storage.Layout,
            [new EncodedFileOutput(EncodedFileOutput.Mp4, recording.Mp4Key, s3)],
            [new SegmentedFileOutput(SegmentedFileOutput.Hls, recording.SegmentPrefix, recording.PlaylistKey, recording.LivePlaylistKey, storage.SegmentDurationSeconds, s3)]);
        StartedEgress started;
        try
        {
            started = await egress.StartRoomCompositeEgressAsync(request, cancellationToken);
        }
        catch (Exception ex) when (ex.IsLiveKitFailure())
        {
            var reason = ex is LiveKitRequestException { LiveKitMessage: { Length: > 0 } message } ? message : ex.Message;
            logger.RecordingFailed(stream.Id, recording.Id, reason);
            var now = time.GetUtcNow();
            await changes.ChangeAsync(stream.Id, current => current.FailRecording(recording.Id, reason, now.UtcDateTime),
                current => [StatusChanged(current, now)], cancellationToken);
            return;
        }

        var at = time.GetUtcNow();
        var update = await changes.ChangeAsync(stream.Id, current => current.AttachEgress(recording.Id, started.EgressId, at.UtcDateTime), _ => [],
            cancellationToken);
        logger.EgressStarted(stream.Id, recording.Id, started.EgressId);
        if (update?.Stream is { } afterwards
            && (afterwards.Recording?.Id != recording.Id || afterwards.Recording.EgressId != started.EgressId || !afterwards.IsLive))
        {
            // The stream ended (or the attempt was replaced) while LiveKit started the egress: nothing must keep recording.
            await egress.StopEgressAsync(started.EgressId, cancellationToken);
        }
    }

    /// <summary>LiveKit reported on an egress: the recording's status (never backwards), its error, duration and size.</summary>
    public async Task EgressReportedAsync(EgressUpdatedIntegrationEvent report, CancellationToken cancellationToken)
    {
        if (await store.FindIdByRoomNameAsync(report.RoomName, cancellationToken) is not { } streamId)
        {
            return;
        }
        await ApplyReportAsync(streamId, new EgressReport(report.EgressId, StreamRecording.FromEgressStatus(report.Status), report.Error,
            report.UpdatedAt.UtcDateTime, report.StartedAt?.UtcDateTime, report.EndedAt?.UtcDateTime, report.DurationSeconds, report.SizeBytes,
            report.FileSizeBytes), cancellationToken);
    }

    /// <summary>
    /// Level-triggered repair of what egress webhooks missed, from LiveKit's <c>ListEgress</c>: for every live stream with a
    /// recording and every ended one (of any age) whose recording is unfinished, LiveKit's own status of its egress is
    /// applied (a lost <c>egress_ended</c> no longer leaves a recording processing), and any other egress still running in
    /// the room (one whose start timed out, or was repeated, or an ended stream's whose stop gave up) is stopped. Egress unreachable skips the rest of the pass.
    /// </summary>
    public async Task ReconcileAsync(IEnumerable<LiveStream> candidates, CancellationToken cancellationToken)
    {
        foreach (var stream in candidates.Where(stream => stream.Recording is { } recording && (stream.IsLive || (!recording.IsFinished && recording.EgressId is not null))))
        {
            IReadOnlyList<EgressSnapshot> egresses;
            try
            {
                egresses = await egress.ListEgressAsync(stream.RoomName, cancellationToken);
            }
            catch (Exception ex) when (ex.IsLiveKitFailure())
            {
                logger.EgressReconciliationSkipped(ex.Message);
                return;
            }
            foreach (var snapshot in egresses.Where(snapshot => snapshot.EgressId.Length > 0))
            {
                await ApplyReportAsync(stream.Id, new EgressReport(snapshot.EgressId, StreamRecording.FromEgressStatus(snapshot.Status), snapshot.Error,
                    (snapshot.UpdatedAt ?? time.GetUtcNow()).UtcDateTime, snapshot.StartedAt?.UtcDateTime, snapshot.EndedAt?.UtcDateTime,
                    snapshot.DurationSeconds, snapshot.SizeBytes, snapshot.FileSizeBytes), cancellationToken);
            }
            // Only a live stream's own recording may run: any other egress, and an ended stream's own (its stop gave up), is stopped.
            var current = await store.GetAsync(stream.Id, cancellationToken);
            var ours = current is { IsLive: true } ? current.Recording?.EgressId : null;
            foreach (var orphan in egresses.Where(snapshot => snapshot.EgressId != ours && snapshot.Status is EgressStatuses.Starting or EgressStatuses.Active))
            {
                logger.OrphanEgressStopped(stream.Id, orphan.EgressId);
                await egress.StopEgressAsync(orphan.EgressId, cancellationToken);
            }
        }
    }

    private async Task ApplyReportAsync(string streamId, EgressReport report, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        string? before = null;
        var update = await changes.ChangeAsync(streamId,
            current => (before = current.Recording?.Status) is not null && current.ApplyEgressReport(report, now.UtcDateTime),
            current => current.Recording!.Status != before ? [StatusChanged(current, now)] : [], cancellationToken);
        if (update is { Changed: true, Stream.Recording: { } recording })
        {
            logger.RecordingStatus(streamId, recording.Id, report.EgressId, recording.Status, recording.Error);
        }
    }

    /// <summary>An ended stream's replay, for anyone signed in whom the stream has not blocked.</summary>
    public async Task<Result<RecordingView>> GetReplayAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        var found = await access.GetAsync(id, cancellationToken);
        if (found.Value is not { } stream)
        {
            return found.Error!;
        }
        if (stream.IsBlocked(caller.UserId))
        {
            return new StreamError.Blocked();
        }
        return stream.Recording switch
        {
            null => new StreamError.ReplayNotFound(stream.Id, $"Stream '{stream.Id}' was not recorded."),
            { DeletedAt: not null } => new StreamError.ReplayNotFound(stream.Id, $"The replay of stream '{stream.Id}' was deleted."),
            { Status: RecordingStates.Failed } failed => new StreamError.ReplayNotFound(stream.Id, $"The recording of stream '{stream.Id}' failed: {failed.Error}"),
            { Status: RecordingStates.Ready } => View(stream),
            var running => new StreamError.ReplayNotReady(stream.Id, running.Status),
        };
    }

    /// <summary>An owner's replays (the caller's own when <paramref name="ownerId"/> is null), newest first, leaving out streams that blocked the caller.</summary>
    public async Task<Result<ReplayPage>> ListReplaysAsync(Caller caller, string? ownerId, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        if (InputRules.CheckPageSize(limit) is { } invalidLimit)
        {
            return invalidLimit;
        }
        if (ownerId is not null && InputRules.ValidUserId(ownerId) is null)
        {
            return InputRules.InvalidUserId("ownerId");
        }
        StreamCursor? before = null;
        if (cursor is not null && (before = StreamIds.DecodeCursor(cursor)) is null)
        {
            return InputRules.InvalidCursor();
        }
        var pageSize = limit ?? 20;
        var page = await store.ListReplaysByOwnerAsync(ownerId?.Trim() ?? caller.UserId, pageSize, before, cancellationToken);
        return new ReplayPage(
            [.. page.Where(stream => !stream.IsBlocked(caller.UserId)).Select(View)],
            page.Count == pageSize ? StreamIds.EncodeCursor(page[^1]) : null);
    }

    /// <summary>The owner or an admin deletes an ended stream's replay: gone from the API, and <c>ReplayDeleted</c> says so.</summary>
    public async Task<Result<LiveStream>> DeleteReplayAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        var found = await access.FindModeratedAsync(caller, id, moderatorsMay: false, cancellationToken);
        if (found.Value is not { } stream)
        {
            return found.Error!;
        }
        switch (stream.Recording)
        {
            case null or { DeletedAt: not null } or { Status: RecordingStates.Failed }:
                return new StreamError.ReplayNotFound(stream.Id, $"Stream '{stream.Id}' has no replay to delete.");
            case var recording when stream.IsLive || !recording.IsFinished:
                return new StreamError.ReplayNotReady(stream.Id, recording.Status);
        }
        var now = time.GetUtcNow();
        var update = await changes.ChangeAsync(stream.Id, current => current.DeleteReplay(caller.UserId, now.UtcDateTime),
            current => [new ReplayDeletedIntegrationEvent(Guid.NewGuid(), current.Id, current.RoomName, current.OwnerId, caller.UserId, now, current.Version)],
            cancellationToken, _ => new AuditedAction(caller, AuditActions.DeleteReplay));
        if (update is { Changed: true })
        {
            logger.LogModeration(caller, "deleted the replay", stream);
        }
        return update?.Stream ?? stream;
    }

    private StreamRecording NewAttempt(string streamId, DateTimeOffset now) => StreamRecording.For(streamId, options.CurrentValue.PathPrefix, now.UtcDateTime);

    private RecordingView View(LiveStream stream) => new(stream, stream.Recording!, options.CurrentValue);

    private static RecordingStatusChangedIntegrationEvent StatusChanged(LiveStream stream, DateTimeOffset now) =>
        new(Guid.NewGuid(), stream.Id, stream.RoomName, stream.Recording!.Status, stream.Recording.Error, now, stream.Version);

    /// <summary>The command that starts the egress this change took (<see cref="LiveStream.TakeEgressStart"/>).</summary>
    private static StartLiveKitEgressCommand StartEgress(LiveStream stream, DateTimeOffset now) =>
        new(Guid.NewGuid(), stream.Id, stream.RoomName, stream.Recording!.Id, now);
}
