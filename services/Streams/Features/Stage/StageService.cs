using Microsoft.Extensions.Options;
using PawfectLive.Contracts;

namespace PawfectLive.Streams.Features.Stage;

/// <summary>A stream's stage as the API answers it.</summary>
public sealed record StageView(string StreamId, StageState Stage, int MaxGuests);

/// <summary>
/// Co-hosts. The owner invites a viewer who is watching (or who raised a paw); a viewer raises a paw; when both hold the
/// viewer is a guest, and LiveKit is told to let them publish camera and microphone — the permission object is computed
/// for the guest from the stream (<see cref="LiveStream.IsOnStage"/>), never copied from whoever acted. The owner, an
/// admin or the guest ends it. Every change writes <c>StageChanged</c> (Chat pushes <c>stage:updated</c>), the guest's
/// permission sync and the room metadata in the same update.
/// </summary>
public sealed class StageService(
    StreamAccess access, StreamChanges changes, IViewerSessionStore sessions, StageRateLimit rateLimit, IOptionsMonitor<StageOptions> options,
    TimeProvider time)
{
    public async Task<Result<StageView>> GetAsync(string id, CancellationToken cancellationToken)
    {
        var found = await access.GetAsync(id, cancellationToken);
        return found.Value is { } stream ? View(stream) : found.Error!;
    }

    /// <summary>The owner invites <paramref name="userId"/>: not themselves, not a blocked or timed-out user, someone watching or asking.</summary>
    public async Task<Result<StageView>> InviteAsync(Caller caller, string id, string? userId, CancellationToken cancellationToken)
    {
        var found = await access.FindOwnedAsync(caller, id, cancellationToken);
        if (found.Value is not { } stream)
        {
            return found.Error!;
        }
        if (InputRules.ValidUserId(userId) is not { } target)
        {
            return InputRules.InvalidUserId();
        }
        if (target == stream.OwnerId)
        {
            return new StreamError.Invalid("userId", "You are on your own stage already; invite a viewer.");
        }
        if (!stream.IsLive)
        {
            return new StreamError.Ended(stream.Id);
        }
        var now = time.GetUtcNow();
        if (stream.IsBlocked(target) || stream.TimedOutUntil(target, now.UtcDateTime) is not null)
        {
            return new StreamError.StageNotAllowed(target, stream.IsBlocked(target) ? "is blocked from this stream" : "is timed out of this stream");
        }
        if (!stream.Stage.RequestIds.Contains(target) && !stream.IsOnStage(target) && !await IsWatchingAsync(stream.Id, target, cancellationToken))
        {
            return new StreamError.UserNotWatching(target);
        }
        return await ChangeAsync(caller, stream.Id, target, current => current.InviteToStage(target, options.CurrentValue.MaxGuests, now.UtcDateTime), now, cancellationToken);
    }

    /// <summary>The caller raises a paw (or accepts the owner's invitation): signed in, watching rights, not timed out, not the owner.</summary>
    public async Task<Result<StageView>> RequestAsync(Caller caller, string id, CancellationToken cancellationToken)
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
        if (caller.UserId == stream.OwnerId)
        {
            return new StreamError.Invalid("userId", "The owner is on their own stage already.");
        }
        if (!stream.IsLive)
        {
            return new StreamError.Ended(stream.Id);
        }
        var now = time.GetUtcNow();
        if (stream.TimedOutUntil(caller.UserId, now.UtcDateTime) is not null)
        {
            return new StreamError.StageNotAllowed(caller.UserId, "is timed out of this stream");
        }
        // Only someone watching raises a paw (an invited user was watching when invited).
        if (!stream.Stage.InvitedIds.Contains(caller.UserId) && !stream.Stage.RequestIds.Contains(caller.UserId)
            && !await IsWatchingAsync(stream.Id, caller.UserId, cancellationToken))
        {
            return new StreamError.StageNotAllowed(caller.UserId, "is not watching this stream (join its room first)");
        }
        if (rateLimit.RetryAfter(stream.Id, caller.UserId) is { } wait)
        {
            return new StreamError.RateLimited(wait, $"At most {options.CurrentValue.ActionsPerMinute} stage actions a minute; wait before raising your paw again.");
        }
        return await ChangeAsync(caller, stream.Id, caller.UserId, current => current.RequestStage(caller.UserId, options.CurrentValue.MaxGuests, now.UtcDateTime), now, cancellationToken);
    }

    /// <summary>Takes <paramref name="userId"/> off the stage (guest, invitation or raised paw): the owner, an admin, or the user themselves.</summary>
    public async Task<Result<StageView>> RemoveAsync(Caller caller, string id, string userId, CancellationToken cancellationToken)
    {
        var found = await access.GetAsync(id, cancellationToken);
        if (found.Value is not { } stream)
        {
            return found.Error!;
        }
        if (caller.UserId != userId && caller.UserId != stream.OwnerId && !caller.IsAdmin)
        {
            return new StreamError.NotOwner(AdminsMay: true);
        }
        if (!stream.IsLive)
        {
            return new StreamError.Ended(stream.Id);
        }
        if (caller.UserId == userId && rateLimit.RetryAfter(stream.Id, caller.UserId) is { } wait)
        {
            return new StreamError.RateLimited(wait, $"At most {options.CurrentValue.ActionsPerMinute} stage actions a minute; wait before lowering your paw again.");
        }
        var now = time.GetUtcNow();
        return await ChangeAsync(caller, stream.Id, userId, current => current.LeaveStage(userId, now.UtcDateTime), now, cancellationToken);
    }

    private async Task<Result<StageView>> ChangeAsync(
        Caller caller, string streamId, string target, Func<LiveStream, StageOutcome> change, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var outcome = StageOutcome.Unchanged;
        var update = await changes.ChangeAsync(streamId,
            current =>
            {
                return current.IsLive && (outcome = change(current)).ChangedTheStage();
            },
            current =>
            [
                new StageChangedIntegrationEvent(Guid.NewGuid(), current.Id, current.RoomName, current.Stage.ToContract(), caller.UserId, now, current.Version),
            ], cancellationToken);
        return update switch
        {
            null => new StreamError.NotFound(streamId),
            { Stream.IsLive: false } => new StreamError.Ended(streamId),
            _ when outcome == StageOutcome.Full => new StreamError.StageFull(options.CurrentValue.MaxGuests),
            { Stream: var stream } => View(stream),
        };
    }

    private async Task<bool> IsWatchingAsync(string streamId, string userId, CancellationToken cancellationToken) =>
        (await sessions.ListOpenViewerSessionsAsync(streamId, cancellationToken)).Any(session => session.Identity == userId);

    private StageView View(LiveStream stream) => new(stream.Id, stream.Stage.ToContract(), options.CurrentValue.MaxGuests);
}
