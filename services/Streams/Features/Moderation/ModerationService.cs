using PawfectLive.Contracts;
using PawfectLive.Streams.IntegrationEvents.Events;

namespace PawfectLive.Streams.Features.Moderation;

public sealed record BlockStatus(string StreamId, string UserId, bool Blocked);

public sealed record StreamModerators(string StreamId, IReadOnlyList<string> ModeratorIds);

public sealed record TimeoutStatus(string StreamId, string UserId, DateTimeOffset? Until);

/// <summary>
/// Keeping a stream safe: blocks, moderators and chat timeouts — who may do each (the owner, the moderators they appoint,
/// admins) and which events each change writes. The rules themselves are the stream's (<see cref="LiveStream"/>).
/// </summary>
public sealed class ModerationService(
    StreamAccess access, StreamChanges changes, IStreamChangeSignals signals, TimeProvider time, ILogger<ModerationService> logger)
{
    /// <summary>
    /// Blocks a user from the stream (no token, out of the LiveKit room and out of chat): the owner, a moderator or an
    /// admin may; nobody blocks the owner, and moderators do not block each other. A blocked moderator stops being one.
    /// </summary>
    public async Task<Result<BlockStatus>> BlockAsync(Caller caller, string id, string? userId, string? reason, CancellationToken cancellationToken)
    {
        if (InputRules.ValidUserId(userId) is not { } target)
        {
            return InputRules.InvalidUserId();
        }
        if (InputRules.CheckReason(reason) is { } invalidReason)
        {
            return invalidReason;
        }
        var found = await access.FindModeratedAsync(caller, id, moderatorsMay: true, cancellationToken);
        if (found.Value is not { } stream)
        {
            return found.Error!;
        }
        if (RefuseAsTarget(caller, stream, target,
            "The owner cannot be blocked from their own stream.", "Moderators cannot block other moderators; the owner or an admin can.") is { } refusal)
        {
            return refusal;
        }
        if (!stream.IsBlocked(target) && stream.BlockedUserIds.Count >= LiveStream.MaxBlocked)
        {
            return new StreamError.Invalid("userId", $"A stream has at most {LiveStream.MaxBlocked} blocked users; unblock someone first.");
        }

        var now = time.GetUtcNow();
        var wasModerator = false;
        var wasOnStage = false;
        var update = await changes.ChangeAsync(stream.Id, current =>
        {
            wasModerator = current.IsModerator(target);
            wasOnStage = current.Stage.Involves(target);
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
        ], cancellationToken, _ => new AuditedAction(caller, AuditActions.Block, target, InputRules.NormalizeReason(reason)));
        if (update is { Changed: true })
        {
            logger.LogModeration(caller, "blocked " + target, stream);
        }
        return new BlockStatus(stream.Id, target, Blocked: true);
    }

    public async Task<Result<BlockStatus>> UnblockAsync(Caller caller, string id, string userId, CancellationToken cancellationToken)
    {
        var found = await access.FindModeratedAsync(caller, id, moderatorsMay: true, cancellationToken);
        if (found.Value is not { } stream)
        {
            return found.Error!;
        }

        var now = time.GetUtcNow();
        var update = await changes.ChangeAsync(stream.Id, current => current.Unblock(userId, now.UtcDateTime), current =>
            [new UserUnblockedIntegrationEvent(Guid.NewGuid(), current.Id, current.RoomName, userId, caller.UserId, now, current.Version)],
            cancellationToken, _ => new AuditedAction(caller, AuditActions.Unblock, userId));
        if (update is { Changed: true })
        {
            logger.LogModeration(caller, "unblocked " + userId, stream);
        }
        return new BlockStatus(stream.Id, userId, Blocked: false);
    }

    /// <summary>The stream's moderators: the owner, its moderators and admins may read them.</summary>
    public async Task<Result<StreamModerators>> ListModeratorsAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        var found = await access.FindModeratedAsync(caller, id, moderatorsMay: true, cancellationToken);
        return found.Value is { } stream ? new StreamModerators(stream.Id, [.. stream.ModeratorIds]) : found.Error!;
    }

    /// <summary>
    /// The owner (or an admin) appoints a moderator: not the owner, not a blocked user, at most
    /// <see cref="LiveStream.MaxModerators"/>. Appointing a moderator again changes nothing.
    /// </summary>
    public async Task<Result<StreamModerators>> AppointModeratorAsync(Caller caller, string id, string? userId, CancellationToken cancellationToken)
    {
        if (InputRules.ValidUserId(userId) is not { } target)
        {
            return InputRules.InvalidUserId();
        }
        var found = await access.FindModeratedAsync(caller, id, moderatorsMay: false, cancellationToken);
        if (found.Value is not { } stream)
        {
            return found.Error!;
        }
        if (target == stream.OwnerId)
        {
            return new StreamError.Invalid("userId", "The owner moderates their own stream already.");
        }
        if (!stream.IsLive)
        {
            return new StreamError.Ended(stream.Id);
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
        var update = await changes.ChangeAsync(stream.Id, current => current.AppointModerator(target, now.UtcDateTime), current =>
            [new ModeratorAppointedIntegrationEvent(Guid.NewGuid(), current.Id, current.RoomName, target, caller.UserId, now, current.Version)],
            cancellationToken, _ => new AuditedAction(caller, AuditActions.AppointModerator, target));
        if (update is { Changed: true })
        {
            logger.LogModeration(caller, "appointed moderator " + target, stream);
        }
        return new StreamModerators(stream.Id, [.. (update?.Stream ?? stream).ModeratorIds]);
    }

    /// <summary>The owner (or an admin) removes a moderator; removing someone who is not one changes nothing.</summary>
    public async Task<Result<StreamModerators>> RemoveModeratorAsync(Caller caller, string id, string userId, CancellationToken cancellationToken)
    {
        var found = await access.FindModeratedAsync(caller, id, moderatorsMay: false, cancellationToken);
        if (found.Value is not { } stream)
        {
            return found.Error!;
        }

        var now = time.GetUtcNow();
        var update = await changes.ChangeAsync(stream.Id, current => current.RemoveModerator(userId, now.UtcDateTime), current =>
            [new ModeratorRemovedIntegrationEvent(Guid.NewGuid(), current.Id, current.RoomName, userId, caller.UserId, now, current.Version)],
            cancellationToken, _ => new AuditedAction(caller, AuditActions.RemoveModerator, userId));
        if (update is { Changed: true })
        {
            logger.LogModeration(caller, "removed moderator " + userId, stream);
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
        if (InputRules.CheckReason(reason) is { } invalidReason)
        {
            errors["reason"] = invalidReason.Errors["reason"];
        }
        var target = InputRules.ValidUserId(userId);
        if (target is null)
        {
            errors["userId"] = InputRules.InvalidUserId().Errors["userId"];
        }
        if (seconds is not { } duration || duration < MinTimeout.TotalSeconds || duration > MaxTimeout.TotalSeconds)
        {
            errors["seconds"] = [$"seconds must be {MinTimeout.TotalSeconds}-{MaxTimeout.TotalSeconds}."];
        }
        if (target is null || seconds is not { } timeoutSeconds || errors.Count > 0)
        {
            return new StreamError.Invalid(errors);
        }
        var found = await access.FindModeratedAsync(caller, id, moderatorsMay: true, cancellationToken);
        if (found.Value is not { } stream)
        {
            return found.Error!;
        }
        if (RefuseAsTarget(caller, stream, target,
            "The owner cannot be timed out of their own stream.", "Moderators cannot time out other moderators; the owner or an admin can.") is { } refusal)
        {
            return refusal;
        }
        if (!stream.IsLive)
        {
            return new StreamError.Ended(stream.Id); // A timeout of an ended stream would mean nothing.
        }

        var now = time.GetUtcNow();
        var until = now.AddSeconds(timeoutSeconds);
        var update = await changes.ChangeAsync(stream.Id, current => current.TimeOut(target, until.UtcDateTime, now.UtcDateTime), current =>
        [
            new UserTimedOutIntegrationEvent(Guid.NewGuid(), current.Id, current.RoomName, target, until, caller.UserId, now, current.Version),
        ], cancellationToken, _ => new AuditedAction(caller, AuditActions.TimeOut, target, InputRules.NormalizeReason(reason), $"{timeoutSeconds} s"));
        if (update is not { Changed: true })
        {
            // Unchanged: either this very timeout was already running, or MaxTimeouts others are.
            return (update?.Stream ?? stream).TimedOutUntil(target, now.UtcDateTime) is { } running
                ? new TimeoutStatus(stream.Id, target, new DateTimeOffset(running, TimeSpan.Zero))
                : new StreamError.Invalid("userId", $"A stream has at most {LiveStream.MaxTimeouts} running timeouts.");
        }
        signals.TimeoutSet(stream.Id, until.UtcDateTime);
        logger.LogModeration(caller, $"timed out {target} for {timeoutSeconds} s", stream);
        return new TimeoutStatus(stream.Id, target, until);
    }

    /// <summary>Lifts a running timeout early (the owner, a moderator or an admin); lifting none changes nothing.</summary>
    public async Task<Result<TimeoutStatus>> LiftTimeoutAsync(Caller caller, string id, string userId, CancellationToken cancellationToken)
    {
        var found = await access.FindModeratedAsync(caller, id, moderatorsMay: true, cancellationToken);
        if (found.Value is not { } stream)
        {
            return found.Error!;
        }
        if (!stream.IsLive)
        {
            return new StreamError.Ended(stream.Id);
        }

        var now = time.GetUtcNow();
        var update = await changes.ChangeAsync(stream.Id, current => current.LiftTimeout(userId, now.UtcDateTime), current =>
        [
            new UserTimeoutLiftedIntegrationEvent(Guid.NewGuid(), current.Id, current.RoomName, userId, caller.UserId, now, current.Version),
        ], cancellationToken, _ => new AuditedAction(caller, AuditActions.LiftTimeout, userId));
        if (update is { Changed: true })
        {
            logger.LogModeration(caller, "lifted the timeout of " + userId, stream);
        }
        return new TimeoutStatus(stream.Id, userId, null);
    }

    /// <summary>Who lifts a timeout that ran out (<see cref="UserTimeoutLiftedIntegrationEvent.LiftedBy"/>).</summary>
    public const string TimeoutExpiry = "expiry";

    /// <summary>
    /// Drops the stream's timeouts that have run out, telling Chat (a lift by <see cref="TimeoutExpiry"/>) and giving
    /// each user their LiveKit data permission back (the change reconciles LiveKit). Nothing changes when none has run out.
    /// </summary>
    public async Task ExpireTimeoutsAsync(string streamId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        IReadOnlyList<string> expired = [];
        var update = await changes.ChangeAsync(streamId, current => (expired = current.ExpireTimeouts(now.UtcDateTime)).Count > 0, current =>
        [
            .. expired.Select(userId =>
                new UserTimeoutLiftedIntegrationEvent(Guid.NewGuid(), current.Id, current.RoomName, userId, TimeoutExpiry, now, current.Version)),
        ], cancellationToken);
        if (update is { Changed: true })
        {
            logger.TimeoutsExpired(streamId, expired.Count);
        }
    }

    /// <summary>
    /// Who may be moderated (blocked, timed out): never the owner, and a moderator only by the owner or an admin. The
    /// refusal, with the action's own wording, or null when the caller may act on <paramref name="target"/>.
    /// </summary>
    private static StreamError? RefuseAsTarget(Caller caller, LiveStream stream, string target, string ownerRefusal, string moderatorRefusal) =>
        target == stream.OwnerId ? new StreamError.Invalid("userId", ownerRefusal)
        : stream.IsModerator(target) && !StreamAccess.IsOwnerOrAdmin(caller, stream) ? new StreamError.ModerationNotAllowed(moderatorRefusal)
        : null;
}
