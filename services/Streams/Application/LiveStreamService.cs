using Microsoft.Extensions.Options;
using PawfectLive.Contracts;
using PawfectLive.LiveKit;
using PawfectLive.Streams.IntegrationEvents.Events;
using PawfectLive.Streams.Model;

namespace PawfectLive.Streams.Application;

/// <summary>A stream that just went live, with the owner's publisher token.</summary>
public sealed record StartedStream(LiveStream Stream, LiveKitToken Token, string Url);

/// <summary>What a viewer needs to join a live stream's room.</summary>
public sealed record WatchTicket(LiveStream Stream, LiveKitToken Token, string Url);

public sealed record StreamPage(IReadOnlyList<LiveStream> Items, string? NextCursor);

public sealed record BlockStatus(string StreamId, string UserId, bool Blocked);

public sealed record StreamModerators(string StreamId, IReadOnlyList<string> ModeratorIds);

public sealed record TimeoutStatus(string StreamId, string UserId, DateTimeOffset? Until);

/// <summary>
/// An owner, moderator or admin action, recorded in the audit log by the same write as the change it made (see
/// <see cref="RecordAuditEntryCommand"/>). <see cref="Action"/> is one of <see cref="AuditActions"/>.
/// </summary>
public sealed record AuditedAction(Caller Caller, string Action, string? TargetUserId = null, string? Reason = null, string? Details = null);

/// <summary>
/// The stream rules: who may start, stop, end, watch, block and report, which integration events each change writes
/// into the outbox, and what the rest of the service is told afterwards. HTTP handlers and message consumers both
/// come here; neither touches the store's rules themselves.
/// </summary>
public sealed class LiveStreamService(
    IStreamStore store,
    AccessTokenIssuer tokens,
    IOptions<LiveKitOptions> liveKit,
    IOptionsMonitor<StreamsOptions> options,
    IOptionsMonitor<RecordingOptions> recordingOptions,
    IStreamChangeSignals signals,
    TimeProvider time,
    ILogger<LiveStreamService> logger)
{
    public const int MaxUserIdLength = 128;

    /// <summary>Goes live; with <paramref name="record"/> the stream is recorded once its video is published (refused when recording is not configured).</summary>
    public async Task<Result<StartedStream>> StartAsync(
        Caller caller, string? title, IReadOnlyList<string>? tags, string? coverUrl, bool record, CancellationToken cancellationToken)
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
        stream.Recording = record ? StreamRecording.For(stream.Id, recordingOptions.CurrentValue.PathPrefix, now.UtcDateTime) : null;
        stream.Enqueue(new StreamStartedIntegrationEvent(Guid.NewGuid(), stream.Id, stream.OwnerId, stream.RoomName, stream.Title, stream.Tags, now, stream.Version));
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
        signals.EventsWritten();
        await signals.ListingChangedAsync(cancellationToken);
        logger.StreamStarted(stream.Id, stream.OwnerId, stream.RoomName);

        var token = tokens.Issue(caller.UserId, VideoGrant.Publisher(stream.RoomName), caller.Name);
        return new StartedStream(stream, token, liveKit.Value.Url);
    }

    /// <summary>The stream with this id: invalid (400) for an id that is no stream id, not found (404) for an unknown one.</summary>
    public async Task<Result<LiveStream>> GetAsync(string? id, CancellationToken cancellationToken, string field = "id")
    {
        if (!StreamIds.IsValid(id))
        {
            return new StreamError.Invalid(field, $"{field} must be a 24-character hexadecimal stream id.");
        }
        return await store.GetAsync(id!, cancellationToken) is { } stream ? stream : new StreamError.NotFound(id!);
    }

    public async Task<Result<StreamPage>> ListActiveAsync(int? limit, string? cursor, string? tag, CancellationToken cancellationToken)
    {
        if (CheckPageSize(limit) is { } invalidLimit)
        {
            return invalidLimit;
        }
        StreamCursor? before = null;
        if (cursor is not null && (before = StreamIds.DecodeCursor(cursor)) is null)
        {
            return InvalidCursor();
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
        var found = await GetAsync(id, cancellationToken);
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
        var mayPublishData = caller.IsAdmin || stream.MayPublishData(caller.UserId, time.GetUtcNow().UtcDateTime);
        // A guest on stage who (re)joins gets their camera and microphone back with the token itself.
        var grant = stream.IsOnStage(caller.UserId)
            ? VideoGrant.StageGuest(stream.RoomName, canPublishData: mayPublishData)
            : VideoGrant.Subscriber(stream.RoomName, canPublishData: mayPublishData);
        var token = tokens.Issue(caller.UserId, grant, caller.Name);
        return new WatchTicket(stream, token, liveKit.Value.Url);
    }

    /// <summary>The owner ends their stream (idempotent: an ended stream is answered as it is).</summary>
    public async Task<Result<LiveStream>> StopAsync(Caller caller, string? streamId, CancellationToken cancellationToken)
    {
        var found = await GetAsync(streamId, cancellationToken, field: "streamId");
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
        if (CheckReason(reason) is { } invalidReason)
        {
            return invalidReason;
        }
        var found = await GetAsync(id, cancellationToken);
        if (found.Value is not { } stream)
        {
            return found.Error!;
        }
        logger.AdminAction(admin.UserId, "ended", id);
        return await EndAsync(stream.Id, StreamEndReasons.Admin, admin.UserId, cancellationToken,
            _ => new AuditedAction(admin, AuditActions.EndStream, Reason: NormalizeReason(reason))) ?? stream;
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
        var update = await ChangeAsync(streamId, stream => stream.End(reason, now.UtcDateTime), EndedEvents, cancellationToken, audit);

        if (update is { Changed: true, Stream: var ended })
        {
            await store.DeletePresenceAsync(ended.Id, cancellationToken);
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

    /// <summary>
    /// Blocks a user from the stream (no token, out of the LiveKit room and out of chat): the owner, a moderator or an
    /// admin may; nobody blocks the owner, and moderators do not block each other. A blocked moderator stops being one.
    /// </summary>
    public async Task<Result<BlockStatus>> BlockAsync(Caller caller, string id, string? userId, string? reason, CancellationToken cancellationToken)
    {
        if (ValidUserId(userId) is not { } target)
        {
            return new StreamError.Invalid("userId", $"userId must be 1-{MaxUserIdLength} characters.");
        }
        if (CheckReason(reason) is { } invalidReason)
        {
            return invalidReason;
        }
        var found = await FindModeratedAsync(caller, id, moderatorsMay: true, cancellationToken);
        if (found.Value is not { } stream)
        {
            return found.Error!;
        }
        if (RefuseAsTarget(caller, stream, target,
            "The owner cannot be blocked from their own stream.", "Moderators cannot block other moderators; the owner or an admin can.") is { } refusal)
        {
            return refusal;
        }

        var now = time.GetUtcNow();
        var wasModerator = false;
        var wasOnStage = false;
        var update = await ChangeAsync(stream.Id, current =>
        {
            wasModerator = current.IsModerator(target);
            wasOnStage = current.IsOnStage(target) || current.Stage.InvitedIds.Contains(target) || current.Stage.RequestIds.Contains(target);
            return current.Block(target, now.UtcDateTime);
        }, current =>
        [
            .. wasOnStage
                ? new IntegrationEvent[] { new StageChangedIntegrationEvent(Guid.NewGuid(), current.Id, current.RoomName, current.Stage.ToContract(), caller.UserId, now, current.Version) }
                : [],
            new UserBlockedIntegrationEvent(Guid.NewGuid(), current.Id, current.RoomName, target, caller.UserId, now, current.Version),
            new RemoveLiveKitParticipantCommand(Guid.NewGuid(), current.Id, current.RoomName, target, now),
            .. wasModerator
                ? new IntegrationEvent[] { new ModeratorRemovedIntegrationEvent(Guid.NewGuid(), current.Id, current.RoomName, target, caller.UserId, now, current.Version) }
                : [],
        ], cancellationToken, _ => new AuditedAction(caller, AuditActions.Block, target, NormalizeReason(reason)));
        if (update is { Changed: true })
        {
            LogModeration(caller, "blocked " + target, stream);
        }
        return new BlockStatus(stream.Id, target, Blocked: true);
    }

    public async Task<Result<BlockStatus>> UnblockAsync(Caller caller, string id, string userId, CancellationToken cancellationToken)
    {
        var found = await FindModeratedAsync(caller, id, moderatorsMay: true, cancellationToken);
        if (found.Value is not { } stream)
        {
            return found.Error!;
        }

        var now = time.GetUtcNow();
        var update = await ChangeAsync(stream.Id, current => current.Unblock(userId, now.UtcDateTime), current =>
            [new UserUnblockedIntegrationEvent(Guid.NewGuid(), current.Id, current.RoomName, userId, caller.UserId, now, current.Version)],
            cancellationToken, _ => new AuditedAction(caller, AuditActions.Unblock, userId));
        if (update is { Changed: true })
        {
            LogModeration(caller, "unblocked " + userId, stream);
        }
        return new BlockStatus(stream.Id, userId, Blocked: false);
    }

    /// <summary>The stream's moderators: the owner, its moderators and admins may read them.</summary>
    public async Task<Result<StreamModerators>> ListModeratorsAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        var found = await FindModeratedAsync(caller, id, moderatorsMay: true, cancellationToken);
        return found.Value is { } stream ? new StreamModerators(stream.Id, [.. stream.ModeratorIds]) : found.Error!;
    }

    /// <summary>
    /// The owner (or an admin) appoints a moderator: not the owner, not a blocked user, at most
    /// <see cref="LiveStream.MaxModerators"/>. Appointing a moderator again changes nothing.
    /// </summary>
    public async Task<Result<StreamModerators>> AppointModeratorAsync(Caller caller, string id, string? userId, CancellationToken cancellationToken)
    {
        if (ValidUserId(userId) is not { } target)
        {
            return new StreamError.Invalid("userId", $"userId must be 1-{MaxUserIdLength} characters.");
        }
        var found = await FindModeratedAsync(caller, id, moderatorsMay: false, cancellationToken);
        if (found.Value is not { } stream)
        {
            return found.Error!;
        }
        if (target == stream.OwnerId)
        {
            return new StreamError.Invalid("userId", "The owner moderates their own stream already.");
        }
        if (stream.IsBlocked(target))
        {
            return new StreamError.Invalid("userId", "A blocked user cannot moderate; lift the block first.");
        }
        if (!stream.IsModerator(target) && stream.ModeratorIds.Count >= LiveStream.MaxModerators)
        {
            return new StreamError.Invalid("userId", $"A stream has at most {LiveStream.MaxModerators} moderators.");
        }

        var now = time.GetUtcNow();
        var update = await ChangeAsync(stream.Id, current => current.AppointModerator(target, now.UtcDateTime), current =>
            [new ModeratorAppointedIntegrationEvent(Guid.NewGuid(), current.Id, current.RoomName, target, caller.UserId, now, current.Version)],
            cancellationToken, _ => new AuditedAction(caller, AuditActions.AppointModerator, target));
        if (update is { Changed: true })
        {
            LogModeration(caller, "appointed moderator " + target, stream);
        }
        return new StreamModerators(stream.Id, [.. (update?.Stream ?? stream).ModeratorIds]);
    }

    /// <summary>The owner (or an admin) removes a moderator; removing someone who is not one changes nothing.</summary>
    public async Task<Result<StreamModerators>> RemoveModeratorAsync(Caller caller, string id, string userId, CancellationToken cancellationToken)
    {
        var found = await FindModeratedAsync(caller, id, moderatorsMay: false, cancellationToken);
        if (found.Value is not { } stream)
        {
            return found.Error!;
        }

        var now = time.GetUtcNow();
        var update = await ChangeAsync(stream.Id, current => current.RemoveModerator(userId, now.UtcDateTime), current =>
            [new ModeratorRemovedIntegrationEvent(Guid.NewGuid(), current.Id, current.RoomName, userId, caller.UserId, now, current.Version)],
            cancellationToken, _ => new AuditedAction(caller, AuditActions.RemoveModerator, userId));
        if (update is { Changed: true })
        {
            LogModeration(caller, "removed moderator " + userId, stream);
        }
        return new StreamModerators(stream.Id, [.. (update?.Stream ?? stream).ModeratorIds]);
    }

    public static readonly TimeSpan MinTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(24);

    /// <summary>
    /// Times a user out of the stream's chat for <paramref name="seconds"/> (10 s–24 h): they keep watching but cannot
    /// send, in Chat nor on LiveKit's data channel (their permission to publish data is revoked until the end). The owner,
    /// a moderator or an admin may; nobody times out the owner, moderators do not time out each other. A new timeout of
    /// the same user replaces the running one.
    /// </summary>
    public async Task<Result<TimeoutStatus>> TimeOutAsync(
        Caller caller, string id, string? userId, int? seconds, string? reason, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (CheckReason(reason) is { } invalidReason)
        {
            errors["reason"] = invalidReason.Errors["reason"];
        }
        var target = ValidUserId(userId);
        if (target is null)
        {
            errors["userId"] = [$"userId must be 1-{MaxUserIdLength} characters."];
        }
        if (seconds is not { } duration || duration < MinTimeout.TotalSeconds || duration > MaxTimeout.TotalSeconds)
        {
            errors["seconds"] = [$"seconds must be {MinTimeout.TotalSeconds}-{MaxTimeout.TotalSeconds}."];
        }
        if (target is null || seconds is not { } timeoutSeconds || errors.Count > 0)
        {
            return new StreamError.Invalid(errors);
        }
        var found = await FindModeratedAsync(caller, id, moderatorsMay: true, cancellationToken);
        if (found.Value is not { } stream)
        {
            return found.Error!;
        }
        if (RefuseAsTarget(caller, stream, target,
            "The owner cannot be timed out of their own stream.", "Moderators cannot time out other moderators; the owner or an admin can.") is { } refusal)
        {
            return refusal;
        }

        var now = time.GetUtcNow();
        var until = now.AddSeconds(timeoutSeconds);
        var update = await ChangeAsync(stream.Id, current => current.TimeOut(target, until.UtcDateTime, now.UtcDateTime), current =>
        [
            new UserTimedOutIntegrationEvent(Guid.NewGuid(), current.Id, current.RoomName, target, until, caller.UserId, now, current.Version),
            new SyncLiveKitParticipantCommand(Guid.NewGuid(), current.Id, current.RoomName, target, now),
        ], cancellationToken, _ => new AuditedAction(caller, AuditActions.TimeOut, target, NormalizeReason(reason), $"{timeoutSeconds} s"));
        if (update is not { Changed: true })
        {
            // Unchanged: either this very timeout was already running, or MaxTimeouts others are.
            return (update?.Stream ?? stream).TimedOutUntil(target, now.UtcDateTime) is { } running
                ? new TimeoutStatus(stream.Id, target, new DateTimeOffset(running, TimeSpan.Zero))
                : new StreamError.Invalid("userId", $"A stream has at most {LiveStream.MaxTimeouts} running timeouts.");
        }
        signals.TimeoutSet(stream.Id, until.UtcDateTime);
        LogModeration(caller, $"timed out {target} for {timeoutSeconds} s", stream);
        return new TimeoutStatus(stream.Id, target, until);
    }

    /// <summary>Lifts a running timeout early (the owner, a moderator or an admin); lifting none changes nothing.</summary>
    public async Task<Result<TimeoutStatus>> LiftTimeoutAsync(Caller caller, string id, string userId, CancellationToken cancellationToken)
    {
        var found = await FindModeratedAsync(caller, id, moderatorsMay: true, cancellationToken);
        if (found.Value is not { } stream)
        {
            return found.Error!;
        }

        var now = time.GetUtcNow();
        var update = await ChangeAsync(stream.Id, current => current.LiftTimeout(userId, now.UtcDateTime), current =>
        [
            new UserTimeoutLiftedIntegrationEvent(Guid.NewGuid(), current.Id, current.RoomName, userId, caller.UserId, now, current.Version),
            new SyncLiveKitParticipantCommand(Guid.NewGuid(), current.Id, current.RoomName, userId, now),
        ], cancellationToken, _ => new AuditedAction(caller, AuditActions.LiftTimeout, userId));
        if (update is { Changed: true })
        {
            LogModeration(caller, "lifted the timeout of " + userId, stream);
        }
        return new TimeoutStatus(stream.Id, userId, null);
    }

    /// <summary>Who lifts a timeout that ran out (<see cref="UserTimeoutLiftedIntegrationEvent.LiftedBy"/>).</summary>
    public const string TimeoutExpiry = "expiry";

    /// <summary>
    /// Drops the stream's timeouts that have run out, telling Chat (a lift by <see cref="TimeoutExpiry"/>) and giving
    /// each user their LiveKit data permission back, in the same write. Nothing changes when none has run out.
    /// </summary>
    public async Task ExpireTimeoutsAsync(string streamId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        IReadOnlyList<string> expired = [];
        var update = await ChangeAsync(streamId, current => (expired = current.ExpireTimeouts(now.UtcDateTime)).Count > 0, current =>
        [
            .. expired.SelectMany(userId => new IntegrationEvent[]
            {
                new UserTimeoutLiftedIntegrationEvent(Guid.NewGuid(), current.Id, current.RoomName, userId, TimeoutExpiry, now, current.Version),
                new SyncLiveKitParticipantCommand(Guid.NewGuid(), current.Id, current.RoomName, userId, now),
            }),
        ], cancellationToken);
        if (update is { Changed: true })
        {
            logger.TimeoutsExpired(streamId, expired.Count);
        }
    }

    internal static string? ValidUserId(string? userId) =>
        userId?.Trim() is { Length: > 0 and <= MaxUserIdLength } trimmed && !trimmed.Any(char.IsControl) ? trimmed : null;

    private static bool IsOwnerOrAdmin(Caller caller, LiveStream stream) => caller.IsAdmin || stream.OwnerId == caller.UserId;

    /// <summary>In which role the caller acts on the stream: <c>admin</c>, <c>owner</c> or <c>moderator</c>.</summary>
    internal static string RoleOf(Caller caller, LiveStream stream) =>
        caller.IsAdmin ? AuditRoles.Admin : stream.OwnerId == caller.UserId ? AuditRoles.Owner : AuditRoles.Moderator;

    public const int MaxModerationReasonLength = 500;

    /// <summary>The optional reason of a moderation action: at most <see cref="MaxModerationReasonLength"/> characters.</summary>
    internal static StreamError.Invalid? CheckReason(string? reason) =>
        reason?.Trim() is { Length: > MaxModerationReasonLength }
            ? new StreamError.Invalid("reason", $"reason must be at most {MaxModerationReasonLength} characters.")
            : null;

    internal static string? NormalizeReason(string? reason) => string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();

    /// <summary>
    /// Who may be moderated (blocked, timed out): never the owner, and a moderator only by the owner or an admin. The
    /// refusal, with the action's own wording, or null when the caller may act on <paramref name="target"/>.
    /// </summary>
    private static StreamError? RefuseAsTarget(Caller caller, LiveStream stream, string target, string ownerRefusal, string moderatorRefusal) =>
        target == stream.OwnerId ? new StreamError.Invalid("userId", ownerRefusal)
        : stream.IsModerator(target) && !IsOwnerOrAdmin(caller, stream) ? new StreamError.ModerationNotAllowed(moderatorRefusal)
        : null;

    /// <summary>
    /// Applies <paramref name="change"/> and, in the same write and only if it changed the stream, queues the events it
    /// causes in the outbox (then wakes the publisher). This is where each change's events are decided.
    /// </summary>
    internal async Task<StreamUpdate?> ChangeAsync(
        string streamId, Func<LiveStream, bool> change, Func<LiveStream, IReadOnlyList<IntegrationEvent>> events, CancellationToken cancellationToken,
        Func<LiveStream, AuditedAction>? audit = null)
    {
        var update = await store.UpdateAsync(streamId, stream =>
        {
            if (!change(stream))
            {
                return false;
            }
            foreach (var integrationEvent in events(stream))
            {
                stream.Enqueue(integrationEvent);
            }
            if (audit?.Invoke(stream) is { } action)
            {
                stream.Enqueue(new RecordAuditEntryCommand(Guid.NewGuid(), StreamIds.NewId(), stream.Id, action.Caller.UserId,
                    RoleOf(action.Caller, stream), action.Action, action.TargetUserId, action.Reason, action.Details, time.GetUtcNow()));
            }
            return true;
        }, cancellationToken);
        if (update is { Changed: true })
        {
            signals.EventsWritten();
        }
        return update;
    }

    /// <summary>The stream, if the caller may moderate it: its owner, an admin, or (where they may) one of its moderators.</summary>
    internal async Task<Result<LiveStream>> FindModeratedAsync(Caller caller, string id, bool moderatorsMay, CancellationToken cancellationToken)
    {
        var found = await GetAsync(id, cancellationToken);
        if (found.Value is { } stream && !IsOwnerOrAdmin(caller, stream) && !(moderatorsMay && stream.IsModerator(caller.UserId)))
        {
            return new StreamError.NotOwner(AdminsMay: true, ModeratorsMay: moderatorsMay);
        }
        return found;
    }

    /// <summary>The stream, if the caller is its owner (admins do not act as owners here: a recording or an encoder is the owner's).</summary>
    internal async Task<Result<LiveStream>> FindOwnedAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        var found = await GetAsync(id, cancellationToken);
        return found.Value is { } stream && stream.OwnerId != caller.UserId ? new StreamError.NotOwner(AdminsMay: false) : found;
    }

    internal static StreamError.Invalid? CheckPageSize(int? limit) =>
        limit is < 1 or > StreamsOptions.MaxPageSize
            ? new StreamError.Invalid("limit", $"limit must be between 1 and {StreamsOptions.MaxPageSize}.")
            : null;

    internal static StreamError.Invalid InvalidCursor() => new("cursor", "cursor is not a value returned by a previous page.");

    internal void LogModeration(Caller caller, string action, LiveStream stream)
    {
        if (caller.IsAdmin)
        {
            logger.AdminAction(caller.UserId, action, stream.Id);
        }
        else if (caller.UserId == stream.OwnerId)
        {
            logger.OwnerModeration(caller.UserId, action, stream.Id);
        }
        else
        {
            logger.ModeratorAction(caller.UserId, action, stream.Id);
        }
    }
}
