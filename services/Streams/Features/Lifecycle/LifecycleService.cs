using Microsoft.Extensions.Options;
using PawfectLive.Contracts;
using PawfectLive.LiveKit;
using PawfectLive.Streams.Features.LiveKitSync;
using PawfectLive.Streams.Features.Recording;
using PawfectLive.Streams.Features.Schedules;
using PawfectLive.Streams.IntegrationEvents.Events;

namespace PawfectLive.Streams.Features.Lifecycle;

/// <summary>A stream that just went live, with the owner's publisher token.</summary>
public sealed record StartedStream(LiveStream Stream, LiveKitToken Token, string Url);

/// <summary>What a viewer needs to join a live stream's room.</summary>
public sealed record WatchTicket(LiveStream Stream, LiveKitToken Token, string Url);

public sealed record StreamPage(IReadOnlyList<LiveStream> Items, string? NextCursor);

/// <summary>
/// A stream's life: who may start, watch, stop and end it, and which integration events each of those writes into the
/// outbox. HTTP handlers and message consumers (a finished room, reconciliation, a resolved report) both come here.
/// </summary>
public sealed class LifecycleService(
    IStreamStore store,
    IPresenceStore presence,
    StreamAccess access,
    StreamChanges changes,
    AccessTokenIssuer tokens,
    IOptions<LiveKitOptions> liveKit,
    IOptionsMonitor<StreamsOptions> options,
    IOptionsMonitor<RecordingOptions> recordingOptions,
    IStreamChangeSignals signals,
    ScheduleService schedules,
    TimeProvider time,
    ILogger<LifecycleService> logger)
{
    /// <summary>
    /// Goes live; with <paramref name="record"/> the stream is recorded once its video is published (refused when recording
    /// is not configured). From a scheduled stream (<paramref name="scheduledStreamId"/>: the caller's, still scheduled),
    /// what the request leaves out (title, tags, cover) comes from the schedule.
    /// </summary>
    public async Task<Result<StartedStream>> StartAsync(
        Caller caller, string? title, IReadOnlyList<string>? tags, string? coverUrl, bool record, CancellationToken cancellationToken,
        string? scheduledStreamId = null)
    {
        if (!options.CurrentValue.GoLiveEnabled)
        {
            logger.StartRefused(caller.UserId, "feature flag off");
            return new StreamError.GoLiveDisabled();
        }
        if (record && !recordingOptions.CurrentValue.IsConfigured)
        {
            logger.StartRefused(caller.UserId, "recording not configured");
            return new StreamError.RecordingNotConfigured();
        }

        var errors = new Dictionary<string, string[]>();
        var input = StreamInput.Normalize(title, tags, coverUrl, errors);
        if (errors.Count > 0)
        {
            return new StreamError.Invalid(errors);
        }
        StreamSchedule? schedule = null;
        if (scheduledStreamId is not null)
        {
            var checkedSchedule = await schedules.CheckStartAsync(caller, scheduledStreamId, cancellationToken);
            if (checkedSchedule.Error is { } refused)
            {
                logger.StartRefused(caller.UserId, "scheduled stream not startable");
                return refused;
            }
            schedule = checkedSchedule.Value!;
            input = new StreamInput.Normalized(
                title is null ? schedule.Title : input.Title,
                tags is null ? schedule.Tags : input.Tags,
                coverUrl is null ? schedule.CoverUrl : input.CoverUrl);
        }

        // Already live wins over the rate limit: the owner learns which stream to stop.
        if (await store.FindLiveByOwnerAsync(caller.UserId, cancellationToken) is { } live)
        {
            logger.StartRefused(caller.UserId, "already live");
            return new StreamError.AlreadyLive(live.Id);
        }

        var now = time.GetUtcNow();
        var settings = options.CurrentValue;
        var recentStarts = await store.StartTimesSinceAsync(caller.UserId, (now - StartRateLimit.LookBack(settings)).UtcDateTime, cancellationToken);
        if (StartRateLimit.RetryAfter([.. recentStarts], now.UtcDateTime, settings) is { } retryAfter)
        {
            logger.StartRefused(caller.UserId, "rate limited");
            return new StreamError.RateLimited(retryAfter, "You started streams too often; wait before going live again.");
        }

        var stream = LiveStream.Start(StreamIds.NewId(), caller.UserId, input.Title, input.Tags, input.CoverUrl, now);
        stream.ScheduledStreamId = schedule?.Id;
        stream.Recording = record ? StreamRecording.For(stream.Id, recordingOptions.CurrentValue.PathPrefix, now.UtcDateTime) : null;
        stream.Enqueue(new StreamStartedIntegrationEvent(Guid.NewGuid(), stream.Id, stream.OwnerId, stream.RoomName, stream.Title, stream.Tags, now,
            stream.Version, caller.Name, stream.ScheduledStreamId, stream.CoverUrl));
        if (stream.Recording is { } recording)
        {
            stream.Enqueue(new RecordingStatusChangedIntegrationEvent(Guid.NewGuid(), stream.Id, stream.RoomName, recording.Status, null, now, stream.Version));
        }
        try
        {
            await store.InsertLiveAsync(stream, cancellationToken);
        }
        catch (OwnerAlreadyLiveException ex)
        {
            logger.StartRefused(caller.UserId, "already live");
            return new StreamError.AlreadyLive(ex.LiveStreamId);
        }
        if (schedule is not null)
        {
            await schedules.MarkStartedAsync(schedule.Id, stream.Id, cancellationToken);
        }
        signals.EventsWritten();
        await signals.ListingChangedAsync(cancellationToken);
        logger.StreamStarted(stream.Id, stream.OwnerId, stream.RoomName);

        var token = tokens.Issue(caller.UserId, VideoGrant.Publisher(stream.RoomName), caller.Name);
        return new StartedStream(stream, token, liveKit.Value.Url);
    }

    public async Task<Result<StreamPage>> ListActiveAsync(int? limit, string? cursor, string? tag, CancellationToken cancellationToken)
    {
        if (InputRules.CheckPageSize(limit) is { } invalidLimit)
        {
            return invalidLimit;
        }
        StreamCursor? before = null;
        if (cursor is not null && (before = StreamIds.DecodeCursor(cursor)) is null)
        {
            return InputRules.InvalidCursor();
        }
        string? normalizedTag = null;
        if (tag is not null && (normalizedTag = StreamInput.NormalizeTag(tag)) is null)
        {
            return new StreamError.Invalid("tag", "tag is not a valid tag.");
        }

        var pageSize = limit ?? options.CurrentValue.DefaultPageSize;
        var page = await store.ListLiveAsync(new LiveStreamQuery(pageSize, before, normalizedTag), cancellationToken);
        return new StreamPage(page, page.Count == pageSize ? StreamIds.EncodeCursor(page[^1]) : null);
    }

    /// <summary>A subscriber token, for a live stream the caller is not blocked from.</summary>
    public async Task<Result<WatchTicket>> WatchAsync(Caller caller, string id, CancellationToken cancellationToken)
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
        if (!stream.IsLive)
        {
            return new StreamError.Ended(id);
        }

        // Timed out, or the chat is off: the token cannot publish data either, so LiveKit's data channel is no way around it.
        // A guest on stage who (re)joins gets their camera and microphone back with the token itself.
        var rights = stream.RightsOf(caller.UserId, caller.IsAdmin, time.GetUtcNow().UtcDateTime);
        var grant = rights.OnStage
            ? VideoGrant.StageGuest(stream.RoomName, canPublishData: rights.MayPublishData)
            : VideoGrant.Subscriber(stream.RoomName, canPublishData: rights.MayPublishData);
        // The metadata reconciliation reads back (a guest on stage, an admin); a plain viewer's token carries none.
        var metadata = LiveKitParticipantMetadata.For(stream, caller.UserId, caller.IsAdmin);
        var token = tokens.Issue(caller.UserId, grant, caller.Name, metadata == LiveKitParticipantMetadata.Default ? null : metadata.ToJson());
        return new WatchTicket(stream, token, liveKit.Value.Url);
    }

    /// <summary>The owner ends their stream (idempotent: an ended stream is answered as it is).</summary>
    public async Task<Result<LiveStream>> StopAsync(Caller caller, string? streamId, CancellationToken cancellationToken)
    {
        var found = await access.GetAsync(streamId, cancellationToken, field: "streamId");
        if (found.Value is not { } stream)
        {
            return found.Error!;
        }
        if (stream.OwnerId != caller.UserId)
        {
            return new StreamError.NotOwner(AdminsMay: false);
        }
        return await EndAsync(stream.Id, StreamEndReasons.Owner, caller.UserId, cancellationToken, _ => new AuditedAction(caller, AuditActions.EndStream)) ?? stream;
    }

    /// <summary>The admin kill switch: ends any stream (the route admits admins only).</summary>
    public async Task<Result<LiveStream>> EndAsAdminAsync(Caller admin, string id, string? reason, CancellationToken cancellationToken)
    {
        if (InputRules.CheckReason(reason) is { } invalidReason)
        {
            return invalidReason;
        }
        var found = await access.GetAsync(id, cancellationToken);
        if (found.Value is not { } stream)
        {
            return found.Error!;
        }
        logger.AdminAction(admin.UserId, "ended", id);
        return await EndAsync(stream.Id, StreamEndReasons.Admin, admin.UserId, cancellationToken,
            _ => new AuditedAction(admin, AuditActions.EndStream, Reason: InputRules.NormalizeReason(reason))) ?? stream;
    }

    /// <summary>
    /// Ends the stream once, writing <c>StreamEnded</c> — and, unless LiveKit itself closed the room, the room's
    /// deletion — in the same update. Returns the stream's state afterwards (also when it had already ended), or null
    /// when there is no such stream.
    /// </summary>
    public async Task<LiveStream?> EndAsync(
        string streamId, string reason, string actorId, CancellationToken cancellationToken, Func<LiveStream, AuditedAction>? audit = null)
    {
        var now = time.GetUtcNow();
        var update = await changes.ChangeAsync(streamId, stream => stream.End(reason, now.UtcDateTime), EndedEvents, cancellationToken, audit);

        if (update is { Changed: true, Stream: var ended })
        {
            await presence.DeletePresenceAsync(ended.Id, cancellationToken);
            await signals.ListingChangedAsync(cancellationToken);
            logger.StreamEnded(ended.Id, ended.RoomName, reason, actorId);
        }
        return update?.Stream;

        // The recording is stopped (or, never started, failed) and the ingress deleted with the end, in the same write.
        IReadOnlyList<IntegrationEvent> EndedEvents(LiveStream stream) =>
        [
            new StreamEndedIntegrationEvent(Guid.NewGuid(), stream.Id, stream.OwnerId, stream.RoomName, reason, now, stream.Version),
            .. reason == StreamEndReasons.RoomFinished ? [] : new IntegrationEvent[] { new DeleteLiveKitRoomCommand(Guid.NewGuid(), stream.Id, stream.RoomName, now) },
            .. stream.EgressToStop() is { } egressId ? [new StopLiveKitEgressCommand(Guid.NewGuid(), stream.Id, egressId, now)] : Array.Empty<IntegrationEvent>(),
            .. stream.Recording is { } recording
                ? [new RecordingStatusChangedIntegrationEvent(Guid.NewGuid(), stream.Id, stream.RoomName, recording.Status, recording.Error, now, stream.Version)]
                : Array.Empty<IntegrationEvent>(),
            .. stream.Ingress is { } ingress ? [new DeleteLiveKitIngressCommand(Guid.NewGuid(), stream.Id, ingress.Id, now)] : Array.Empty<IntegrationEvent>(),
        ];
    }
}
