using System.Diagnostics.Metrics;
using PawfectLive.Contracts;
using PawfectLive.LiveKit;

namespace PawfectLive.Streams.Features.LiveKitSync;

/// <summary>
/// LiveKit as a projection of the stream, level-triggered: one pass computes what the stream's room should hold — every
/// managed participant's whole permission object and metadata (<see cref="LiveKitParticipantTarget"/>), no blocked user,
/// the room metadata (<see cref="LiveKitRoomMetadata"/>) — compares it with what LiveKit reports and writes only the
/// difference. Egress, ingress, agent, recorder and hidden participants and the publisher are never written. A pass
/// reads the stream when it runs, so a late or repeated pass can only write the stream's present state.
/// </summary>
public sealed partial class LiveKitReconciler
{
    private readonly IStreamStore _store;
    private readonly RoomServiceClient _rooms;
    private readonly LiveKitSyncQueue _queue;
    private readonly TimeProvider _time;
    private readonly ILogger<LiveKitReconciler> _logger;
    private readonly Counter<long> _corrections;

    public LiveKitReconciler(IStreamStore store, RoomServiceClient rooms, LiveKitSyncQueue queue, TimeProvider time,
        IMeterFactory meters, ILogger<LiveKitReconciler> logger)
    {
        (_store, _rooms, _queue, _time, _logger) = (store, rooms, queue, time, logger);
        _corrections = meters.Create(StreamsMetrics.MeterName).CreateCounter<long>("pawfectlive.streams.livekit.corrections", "{write}",
            "Writes that made LiveKit agree with a stream again, by what was corrected (participant, removal, room-metadata).");
    }

    public async Task ReconcileAsync(LiveKitSyncWork work, CancellationToken cancellationToken)
    {
        if (await _store.GetAsync(work.StreamId, cancellationToken) is not { IsLive: true } stream)
        {
            return;
        }
        if (work.WholeRoom)
        {
            await ReconcileRoomAsync(stream, cancellationToken);
        }
        else
        {
            foreach (var joined in work.Joined)
            {
                await ReconcileJoinedAsync(stream, joined, cancellationToken);
            }
        }
        // Changed by another instance while this pass ran: one more pass, from the newer state.
        if (await _store.GetAsync(stream.Id, cancellationToken) is { IsLive: true } now && now.Version != stream.Version)
        {
            _queue.RequestRoom(stream.Id);
        }
    }

    private async Task ReconcileRoomAsync(LiveStream stream, CancellationToken cancellationToken)
    {
        if ((await _rooms.ListRoomsAsync([stream.RoomName], cancellationToken)).FirstOrDefault(room => room.Name == stream.RoomName) is not { } room)
        {
            return; // No room yet (the publisher has not joined) or gone: reconciliation's grace period decides about the stream.
        }
        var now = _time.GetUtcNow().UtcDateTime;
        foreach (var participant in await _rooms.ListParticipantsAsync(stream.RoomName, cancellationToken))
        {
            var permission = participant.Permission;
            if (!LiveKitParticipantTarget.Manages(stream, participant.Identity, participant.Kind, permission?.Hidden == true,
                permission?.Recorder == true, permission?.Agent == true))
            {
                continue;
            }
            var identity = participant.Identity!;
            if (stream.MustRemoveParticipant(identity))
            {
                await _rooms.RemoveParticipantAsync(stream.RoomName, identity, cancellationToken);
                Corrected("removal", stream, identity);
                continue;
            }
            var held = permission is null ? null
                : new JoinedPermission(permission.CanSubscribe, permission.CanPublish, permission.CanPublishData, permission.CanPublishSources, permission.Recorder);
            await WriteIfDifferentAsync(stream, identity, held, participant.Metadata, now, cancellationToken);
        }

        var metadata = LiveKitRoomMetadata.Of(stream);
        if (room.Metadata != metadata && !(room.Metadata.Length == 0 && LiveKitRoomMetadata.IsDefault(stream)))
        {
            await _rooms.UpdateRoomMetadataAsync(stream.RoomName, metadata, cancellationToken);
            Corrected("room-metadata", stream, null);
        }
    }

    /// <summary>A participant that just joined: held what its token gave it; corrected at once when the stream wants otherwise.</summary>
    private async Task ReconcileJoinedAsync(LiveStream stream, JoinedParticipant joined, CancellationToken cancellationToken)
    {
        if (!stream.IsViewer(joined.Identity) || stream.MustRemoveParticipant(joined.Identity))
        {
            return; // The publisher is never written; a blocked user is removed by the join's own RemoveParticipant.
        }
        await WriteIfDifferentAsync(stream, joined.Identity, joined.Permission, joined.Metadata, _time.GetUtcNow().UtcDateTime, cancellationToken);
    }

    private async Task WriteIfDifferentAsync(
        LiveStream stream, string identity, JoinedPermission? held, string? metadata, DateTime now, CancellationToken cancellationToken)
    {
        var isAdmin = LiveKitParticipantMetadata.Parse(metadata).Admin;
        var target = LiveKitParticipantTarget.For(stream, identity, isAdmin, now);
        if (held is not null && target.IsHeldBy(held, metadata))
        {
            return;
        }
        await _rooms.UpdateParticipantAsync(stream.RoomName, identity, target.Permission, target.Metadata.ToJson(), cancellationToken);
        Corrected("participant", stream, identity);
    }

    private void Corrected(string what, LiveStream stream, string? identity)
    {
        _corrections.Add(1, new KeyValuePair<string, object?>("what", what));
        LogCorrected(_logger, what, stream.Id, stream.RoomName, identity);
    }

    [LoggerMessage(EventId = 2205, Level = LogLevel.Information, Message = "LiveKit corrected ({What}) for stream {StreamId} in room {RoomName}: {Identity}")]
    private static partial void LogCorrected(ILogger logger, string what, string streamId, string roomName, string? identity);
}
