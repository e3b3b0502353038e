using Microsoft.Extensions.Options;

namespace PawfectLive.Notifications.Application;

/// <summary>An owner's public follower figure, and for a signed-in caller whether they follow and mute the owner.</summary>
public sealed record OwnerView(string OwnerId, long Followers, bool? Following, bool? Muted);

public sealed record FollowerPage(IReadOnlyList<string> Items, string? NextCursor);

/// <summary>Follows, unfollows, an owner removing a follower, and mutes.</summary>
public sealed class FollowService(
    IFollowStore follows, IAudienceStore audience, IOptionsMonitor<NotificationsOptions> options, TimeProvider time, ILogger<FollowService> logger)
{
    /// <summary>True when the follow is new, false when the caller followed the owner already.</summary>
    public async Task<Result<bool>> FollowAsync(Caller caller, string ownerId, CancellationToken cancellationToken)
    {
        if (InputRules.ValidUserId(ownerId) is not { } owner)
        {
            return InputRules.InvalidUserId("ownerId");
        }
        if (owner == caller.UserId)
        {
            return new NotificationError.Invalid("ownerId", "You cannot follow yourself.");
        }
        var max = options.CurrentValue.MaxFollowsPerUser;
        switch (await follows.FollowAsync(Follow.Of(caller.UserId, owner, time.GetUtcNow().UtcDateTime), max, cancellationToken))
        {
            case FollowResult.LimitReached:
                return new NotificationError.FollowLimit(max);
            case FollowResult.AlreadyFollowing:
                return false;
            default:
                logger.FollowChanged(caller.UserId, "followed", owner);
                return true;
        }
    }

    public async Task<Result<bool>> UnfollowAsync(Caller caller, string ownerId, CancellationToken cancellationToken)
    {
        if (InputRules.ValidUserId(ownerId) is not { } owner)
        {
            return InputRules.InvalidUserId("ownerId");
        }
        var removed = await follows.UnfollowAsync(caller.UserId, owner, cancellationToken);
        if (removed)
        {
            logger.FollowChanged(caller.UserId, "unfollowed", owner);
        }
        return removed;
    }

    /// <summary>The owner (the caller) removes one of their followers.</summary>
    public async Task<Result<bool>> RemoveFollowerAsync(Caller caller, string followerId, CancellationToken cancellationToken)
    {
        if (InputRules.ValidUserId(followerId) is not { } follower)
        {
            return InputRules.InvalidUserId("userId");
        }
        var removed = await follows.UnfollowAsync(follower, caller.UserId, cancellationToken);
        if (removed)
        {
            logger.FollowChanged(follower, $"was removed by", caller.UserId);
        }
        return removed;
    }

    public async Task<Result<OwnerView>> GetOwnerAsync(Caller? caller, string ownerId, CancellationToken cancellationToken)
    {
        if (InputRules.ValidUserId(ownerId) is not { } owner)
        {
            return InputRules.InvalidUserId("ownerId");
        }
        var count = await follows.CountFollowersAsync(owner, cancellationToken);
        if (caller is null)
        {
            return new OwnerView(owner, count, null, null);
        }
        var following = await follows.IsFollowingAsync(caller.UserId, owner, cancellationToken);
        var preferences = await audience.GetPreferencesAsync(caller.UserId, cancellationToken);
        return new OwnerView(owner, count, following, preferences.MutedOwnerIds.Contains(owner));
    }

    public Task<IReadOnlyList<Follow>> ListFollowingAsync(Caller caller, CancellationToken cancellationToken) =>
        follows.ListFollowingAsync(caller.UserId, cancellationToken);

    /// <summary>The caller's followers, in id order; the cursor is the last id of the previous page.</summary>
    public async Task<Result<FollowerPage>> ListFollowersAsync(Caller caller, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        if (InputRules.CheckPageSize(limit) is { } invalid)
        {
            return invalid;
        }
        if (cursor is not null && InputRules.ValidUserId(cursor) is null)
        {
            return InputRules.InvalidCursor();
        }
        var size = limit ?? NotificationsOptions.DefaultPageSize;
        var page = await follows.ListFollowersAsync(caller.UserId, size, cursor, cancellationToken);
        return new FollowerPage(page, page.Count == size ? page[^1] : null);
    }

    /// <summary>Mutes or unmutes one owner's alerts (bounded like follows).</summary>
    public async Task<Result<UserPreferences>> SetOwnerMutedAsync(Caller caller, string ownerId, bool muted, CancellationToken cancellationToken)
    {
        if (InputRules.ValidUserId(ownerId) is not { } owner)
        {
            return InputRules.InvalidUserId("ownerId");
        }
        var max = options.CurrentValue.MaxFollowsPerUser;
        var full = false;
        var preferences = await audience.UpdatePreferencesAsync(caller.UserId, preferences =>
        {
            full = false;
            if (muted == preferences.MutedOwnerIds.Contains(owner))
            {
                return false;
            }
            if (muted && preferences.MutedOwnerIds.Count >= max)
            {
                full = true;
                return false;
            }
            if (muted)
            {
                preferences.MutedOwnerIds.Add(owner);
            }
            else
            {
                preferences.MutedOwnerIds.Remove(owner);
            }
            preferences.UpdatedAt = time.GetUtcNow().UtcDateTime;
            return true;
        }, cancellationToken);
        return full ? new NotificationError.FollowLimit(max) : preferences;
    }

    public Task<UserPreferences> SetMuteAllAsync(Caller caller, bool muteAll, CancellationToken cancellationToken) =>
        audience.UpdatePreferencesAsync(caller.UserId, preferences =>
        {
            if (preferences.MuteAll == muteAll)
            {
                return false;
            }
            preferences.MuteAll = muteAll;
            preferences.UpdatedAt = time.GetUtcNow().UtcDateTime;
            return true;
        }, cancellationToken);

    public Task<UserPreferences> GetPreferencesAsync(Caller caller, CancellationToken cancellationToken) =>
        audience.GetPreferencesAsync(caller.UserId, cancellationToken);
}
