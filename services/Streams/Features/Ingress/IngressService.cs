using PawfectLive.Contracts;
using PawfectLive.LiveKit;

namespace PawfectLive.Streams.Features.Ingress;

/// <summary>
/// External encoders (OBS or any RTMP/WHIP encoder): the owner gets an ingress LiveKit created under their own identity,
/// so the encoder publishes as the stream's publisher. Its webhooks set the stream's source; the end of the stream
/// deletes it (<see cref="IntegrationEvents.Events.DeleteLiveKitIngressCommand"/>), so its stream key stops working.
/// </summary>
public sealed class IngressService(
    StreamAccess access, StreamChanges changes, IStreamStore store, IngressClient ingress, IStreamChangeSignals signals, TimeProvider time, ILogger<IngressService> logger)
{
    public static readonly IReadOnlyList<string> Types = [StreamSources.Rtmp, StreamSources.Whip];

    // A live stream's stray ingress seen by the last pass: deleted only when the next pass sees it again, so an ingress
    // whose creation is still being stored (CreateAsync, between LiveKit's answer and the write) is never taken for one.
    private HashSet<string> _straysSeen = [];

    /// <summary>
    /// Creates the stream's ingress of <paramref name="type"/> (rtmp or whip) for its owner; asking again for the same type
    /// answers the one there is. Nothing is stored when LiveKit cannot create it.
    /// </summary>
    public async Task<Result<(LiveStream Stream, StreamIngress Ingress, bool Created)>> CreateAsync(
        Caller caller, string id, string? type, CancellationToken cancellationToken)
    {
        var found = await access.FindOwnedAsync(caller, id, cancellationToken);
        if (found.Value is not { } stream)
        {
            return found.Error!;
        }
        var normalizedType = type?.Trim().ToLowerInvariant();
        if (normalizedType is null || !Types.Contains(normalizedType))
        {
            return new StreamError.Invalid("type", $"type must be one of: {string.Join(", ", Types)}.");
        }
        if (!stream.IsLive)
        {
            return new StreamError.Ended(stream.Id);
        }
        if (stream.Ingress is { } existing)
        {
            return existing.Type == normalizedType ? (stream, existing, false) : new StreamError.IngressExists(existing.Type);
        }

        CreatedIngress created;
        try
        {
            created = await ingress.CreateIngressAsync(new PawfectLive.LiveKit.CreateIngressRequest(
                normalizedType == StreamSources.Rtmp ? IngressInputs.Rtmp : IngressInputs.Whip,
                $"{stream.Id}-{normalizedType}", stream.RoomName, stream.OwnerId, caller.Name ?? stream.OwnerId), cancellationToken);
        }
        catch (Exception ex) when (ex.IsLiveKitFailure())
        {
            var reason = ex is LiveKitRequestException { LiveKitMessage: { Length: > 0 } message } ? $"LiveKit said: {message}." : ex.Message;
            logger.IngressFailed(stream.Id, normalizedType, reason);
            return new StreamError.IngressUnavailable(reason);
        }

        var now = time.GetUtcNow();
        var attached = new StreamIngress
        {
            Id = created.IngressId,
            Type = normalizedType,
            Url = created.Url,
            StreamKey = created.StreamKey,
            CreatedAt = now.UtcDateTime,
        };
        var update = await changes.ChangeAsync(stream.Id, current => current.AttachIngress(attached, now.UtcDateTime), _ => [],
            cancellationToken, _ => new AuditedAction(caller, AuditActions.CreateIngress, Details: normalizedType));
        if (update is not { Changed: true, Stream: var withIngress })
        {
            // Another request attached one first, or the stream ended meanwhile: this one must not linger in LiveKit.
            await ingress.DeleteIngressAsync(created.IngressId, cancellationToken);
            return update?.Stream is { IsLive: true, Ingress: { } other } current
                ? other.Type == normalizedType ? (current, other, false) : new StreamError.IngressExists(other.Type)
                : new StreamError.Ended(stream.Id);
        }
        logger.IngressCreated(stream.Id, normalizedType, created.IngressId);
        return (withIngress, attached, true);
    }

    public async Task<Result<(LiveStream Stream, StreamIngress Ingress)>> GetAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        var found = await access.FindOwnedAsync(caller, id, cancellationToken);
        if (found.Value is not { } stream)
        {
            return found.Error!;
        }
        return stream.Ingress is { } existing ? (stream, existing) : new StreamError.IngressNotFound(stream.Id);
    }

    /// <summary>
    /// Level-triggered repair from LiveKit's <c>ListIngress</c>: an ingress in one of our rooms that is not a live stream's
    /// own is deleted — an ended stream's (its <c>DeleteIngress</c> gave up), or one LiveKit created while storing it
    /// failed, once two passes in a row saw it — so no stream key outlives its stream. Ingresses in rooms that are not ours
    /// are left alone. Ingress
    /// missing or unreachable skips this part of the pass.
    /// </summary>
    public async Task ReconcileAsync(IReadOnlyList<LiveStream> live, CancellationToken cancellationToken)
    {
        IReadOnlyList<IngressSnapshot> listed;
        try
        {
            listed = await ingress.ListIngressAsync("", cancellationToken);
        }
        catch (Exception ex) when (ex.IsLiveKitFailure())
        {
            logger.IngressReconciliationSkipped(ex.Message);
            return;
        }
        var liveByRoom = live.ToDictionary(stream => stream.RoomName, StringComparer.Ordinal);
        var straysSeen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var snapshot in listed)
        {
            var owner = liveByRoom.GetValueOrDefault(snapshot.RoomName)
                ?? (await store.FindIdByRoomNameAsync(snapshot.RoomName, cancellationToken) is { } streamId ? await store.GetAsync(streamId, cancellationToken) : null);
            if (owner is null || owner.IsLive && owner.Ingress?.Id == snapshot.IngressId)
            {
                continue;
            }
            if (owner.IsLive && straysSeen.Add(snapshot.IngressId) && !_straysSeen.Contains(snapshot.IngressId))
            {
                continue;
            }
            logger.StrayIngressDeleted(owner.Id, snapshot.IngressId, owner.IsLive ? "not the stream's own" : "the stream has ended");
            await ingress.DeleteIngressAsync(snapshot.IngressId, cancellationToken);
        }
        _straysSeen = straysSeen;
    }

    /// <summary>LiveKit reported on an ingress: an encoder publishes (the stream's source is rtmp or whip) or stopped (webrtc again).</summary>
    public async Task IngressReportedAsync(IngressUpdatedIntegrationEvent report, CancellationToken cancellationToken)
    {
        if (await store.FindIdByRoomNameAsync(report.RoomName, cancellationToken) is not { } streamId)
        {
            return;
        }
        var now = time.GetUtcNow();
        var reportedAt = report.OccurredAt > DateTimeOffset.UnixEpoch ? report.OccurredAt.UtcDateTime : now.UtcDateTime;
        var update = await changes.ChangeAsync(streamId,
            current => current.ApplyIngressReport(report.IngressId, report.Publishing, report.Error, reportedAt, now.UtcDateTime), _ => [], cancellationToken);
        if (update is { Changed: true, Stream: var stream })
        {
            await signals.ListingChangedAsync(cancellationToken);
            logger.IngressStatus(streamId, report.IngressId, stream.Ingress!.Status, stream.Source);
        }
    }
}
