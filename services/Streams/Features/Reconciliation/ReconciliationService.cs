using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using PawfectLive.Contracts;
using PawfectLive.LiveKit;
using PawfectLive.Streams.Features.Analytics;
using PawfectLive.Streams.Features.Ingress;
using PawfectLive.Streams.Features.Lifecycle;
using PawfectLive.Streams.Features.LiveKitSync;
using PawfectLive.Streams.Features.Moderation;
using PawfectLive.Streams.Features.Presence;
using PawfectLive.Streams.Features.Recording;

namespace PawfectLive.Streams.Features.Reconciliation;

/// <summary>
/// Level-triggered repair of what edges (webhooks, events) missed. Each pass: (1) compares live streams with LiveKit —
/// a stream whose room has been missing for the grace period ends (<c>room_finished</c>), presence is set to who is
/// really in the room (LiveKit drops <c>participant_left</c> at times), blocked users found in a room are removed; and
/// (2) announces a snapshot of every live and recently ended stream, from which Chat converges; (3) schedules the
/// expiry of every running timeout; (4) starts a recording whose publisher LiveKit shows publishing (when the
/// <c>track_published</c> webhook was lost); (5) applies LiveKit's own egress statuses to unfinished recordings and
/// stops egresses that are not a recording's or outlived their stream (<see cref="RecordingService.ReconcileAsync"/>),
/// for ended streams of any age whose recording is unfinished; (6) asks for every live room to be reconciled with its
/// stream (<see cref="LiveKitReconciler"/>: permissions, metadata, blocked users), deletes the rooms of recently ended
/// streams LiveKit still has, and deletes every ingress of our rooms that is not a live stream's own
/// (<see cref="IngressService.ReconcileAsync"/>). LiveKit unreachable skips the LiveKit part and changes nothing
/// there: only LiveKit's answer that a room is gone ends a stream.
/// </summary>
public sealed class ReconciliationService(
    IStreamStore store,
    IViewerSessionStore sessions,
    RoomServiceClient liveKit,
    LifecycleService lifecycle,
    ViewerPresenceService presence,
    RecordingService recordings,
    IngressService ingresses,
    LiveKitSyncQueue liveKitSync,
    IStreamChangeSignals signals,
    TimeoutExpirySchedule expiries,
    IOptionsMonitor<ReconciliationOptions> options,
    IOptionsMonitor<AnalyticsOptions> analytics,
    StreamsMetrics metrics,
    TimeProvider time,
    ILogger<ReconciliationService> logger)
{
    private const int PageSize = 100;

    // When each live stream's room was first seen missing; kept across passes (the service is a singleton).
    private readonly ConcurrentDictionary<string, DateTimeOffset> _roomMissingSince = new();

    private static readonly TimeSpan SessionCleanupInterval = TimeSpan.FromHours(1);
    private DateTimeOffset _sessionsCleanedAt = DateTimeOffset.MinValue;

    public async Task RunPassAsync(CancellationToken cancellationToken)
    {
        await DeleteOldViewerSessionsAsync(cancellationToken);
        var live = await store.ListAllLiveAsync(cancellationToken);
        foreach (var stream in live)
        {
            expiries.AddAll(stream);
        }
        metrics.LiveTotals(live.Count, live.Sum(stream => (long)stream.Viewers));
        var now = time.GetUtcNow();
        var ended = await store.ListEndedSinceAsync((now - options.CurrentValue.EndedSnapshotWindow).UtcDateTime, PageSize * 10, cancellationToken);
        try
        {
            await ReconcileWithLiveKitAsync(live, ended, cancellationToken);
        }
        catch (Exception ex) when (ex.IsLiveKitFailure() || ex is TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LiveKitReconciliationSkipped(ex.Message);
        }

        foreach (var stream in ended)
        {
            await presence.CloseSessionsOfEndedAsync(stream, cancellationToken);
        }
        await ingresses.ReconcileAsync(live, cancellationToken);
        var unfinished = await store.ListUnfinishedRecordingsAsync(PageSize * 10, cancellationToken);
        await recordings.ReconcileAsync(live.Concat(ended).Concat(unfinished).DistinctBy(stream => stream.Id), cancellationToken);
        foreach (var stream in (await store.ListAllLiveAsync(cancellationToken)).Concat(ended))
        {
            await signals.SnapshotAsync(stream, cancellationToken);
        }
    }

    /// <summary>At most hourly: viewer sessions past <see cref="AnalyticsOptions.SessionRetention"/> are deleted.</summary>
    private async Task DeleteOldViewerSessionsAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now - _sessionsCleanedAt < SessionCleanupInterval)
        {
            return;
        }
        _sessionsCleanedAt = now;
        await sessions.DeleteViewerSessionsBeforeAsync((now - analytics.CurrentValue.SessionRetention).UtcDateTime, cancellationToken);
    }

    private async Task ReconcileWithLiveKitAsync(IReadOnlyList<LiveStream> live, IReadOnlyList<LiveStream> ended, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var existing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var batch in live.Concat(ended).Chunk(PageSize))
        {
            foreach (var room in await liveKit.ListRoomsAsync([.. batch.Select(stream => stream.RoomName)], cancellationToken))
            {
                existing.Add(room.Name ?? "");
            }
        }

        foreach (var stream in live)
        {
            if (!existing.Contains(stream.RoomName))
            {
                var missingSince = _roomMissingSince.GetOrAdd(stream.Id, now);
                if (now - missingSince >= options.CurrentValue.RoomGracePeriod)
                {
                    logger.RoomGone(stream.Id, stream.RoomName, now - missingSince);
                    await lifecycle.EndAsync(stream.Id, StreamEndReasons.RoomFinished, "reconciliation", cancellationToken);
                    _roomMissingSince.TryRemove(stream.Id, out _);
                }
                continue;
            }
            _roomMissingSince.TryRemove(stream.Id, out _);
            await ReconcilePresenceAsync(stream, cancellationToken);
            liveKitSync.RequestRoom(stream.Id);
        }

        // An ended stream's room LiveKit still has (its DeleteRoom gave up, or an old token recreated it): delete it.
        foreach (var stream in ended.Where(stream => existing.Contains(stream.RoomName)))
        {
            logger.EndedRoomDeleted(stream.Id, stream.RoomName);
            await liveKit.DeleteRoomAsync(stream.RoomName, cancellationToken);
        }

        foreach (var streamId in _roomMissingSince.Keys.Except(live.Select(stream => stream.Id)))
        {
            _roomMissingSince.TryRemove(streamId, out _);
        }
    }

    private async Task ReconcilePresenceAsync(LiveStream stream, CancellationToken cancellationToken)
    {
        var before = await presence.ObserveAsync(stream.Id, cancellationToken);
        var participants = await liveKit.ListParticipantsAsync(stream.RoomName, cancellationToken);
        if (!stream.PublisherPublished && stream.Recording is { Status: RecordingStates.Starting, EgressRequested: false }
            && participants.Any(participant => participant.Identity == stream.OwnerId && participant.Tracks is { Count: > 0 }))
        {
            await recordings.PublisherPublishedAsync(stream.Id, stream.OwnerId, cancellationToken);
        }
        var people = participants
            .Where(participant => participant.Sid is not null && participant.Identity is not null
                && LiveStream.CountsAsViewer(ParticipantKinds.NonStandard(participant.Kind), participant.Permission?.Hidden == true))
            .Select(participant => (participant.Sid!, participant.Identity!))
            .ToList();
        await presence.ReconcileAsync(stream, people, before, cancellationToken);
    }
}
