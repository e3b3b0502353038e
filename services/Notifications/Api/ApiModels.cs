using PawfectLive.Notifications.Application;

namespace PawfectLive.Notifications.Api;

/// <summary>An owner's follower count (public); <c>following</c> and <c>muted</c> only for a signed-in caller.</summary>
public sealed record OwnerResponse(string OwnerId, long Followers, bool? Following, bool? Muted)
{
    public static OwnerResponse From(OwnerView view) => new(view.OwnerId, view.Followers, view.Following, view.Muted);
}

/// <summary>The caller follows <c>ownerId</c> (since <c>followedAt</c>).</summary>
public sealed record FollowResponse(string OwnerId, DateTimeOffset FollowedAt)
{
    public static FollowResponse From(Follow follow) => new(follow.OwnerId, DateTime.SpecifyKind(follow.CreatedAt, DateTimeKind.Utc));
}

public sealed record FollowingResponse(IReadOnlyList<FollowResponse> Items);

public sealed record FollowersResponse(IReadOnlyList<string> Items, string? NextCursor);

/// <summary>The caller's alert settings: everything muted, or these owners.</summary>
public sealed record NotificationSettingsResponse(bool MuteAll, IReadOnlyList<string> MutedOwnerIds)
{
    public static NotificationSettingsResponse From(UserPreferences preferences) => new(preferences.MuteAll, preferences.MutedOwnerIds);
}

public sealed record UpdateNotificationSettingsRequest(bool? MuteAll);

/// <summary>
/// One inbox entry. <c>kind</c>: go_live, live_now (went live from a scheduled stream), reminder, rescheduled, cancelled;
/// <c>text</c> is what to show ("Rex is live: Walkies"); <c>read</c> once marked read.
/// </summary>
public sealed record NotificationResponse(
    string Id, string Kind, string Text, string OwnerId, string? OwnerName, string? StreamId, string? ScheduleId, string? Title,
    DateTimeOffset? StartsAt, DateTimeOffset CreatedAt, bool Read)
{
    public static NotificationResponse From(InboxNotification n) => new(
        n.Id, n.Kind, n.Text, n.OwnerId, n.OwnerName, n.StreamId, n.ScheduleId, n.Title,
        n.StartsAt is { } startsAt ? DateTime.SpecifyKind(startsAt, DateTimeKind.Utc) : null,
        DateTime.SpecifyKind(n.CreatedAt, DateTimeKind.Utc), n.ReadAt is not null);
}

public sealed record InboxResponse(IReadOnlyList<NotificationResponse> Items, string? NextCursor, long Unread);

public sealed record UnreadCountResponse(long Unread);

public sealed record MarkedReadResponse(long Marked);

/// <summary>A browser's <c>PushSubscription.toJSON()</c> (<c>endpoint</c>, <c>keys.p256dh</c>, <c>keys.auth</c>), or <c>{kind: "fcm", token}</c> for a phone.</summary>
public sealed record RegisterPushSubscriptionRequest(string? Kind, string? Endpoint, PushSubscriptionKeys? Keys, string? Token, long? ExpirationTime = null);

public sealed record PushSubscriptionKeys(string? P256dh, string? Auth);

public sealed record PushSubscriptionResponse(string Id, string Kind, string? Endpoint, DateTimeOffset CreatedAt)
{
    public static PushSubscriptionResponse From(PushSubscription s) => new(s.Id, s.Kind, s.Endpoint, DateTime.SpecifyKind(s.CreatedAt, DateTimeKind.Utc));
}

public sealed record PushSubscriptionsResponse(IReadOnlyList<PushSubscriptionResponse> Items);

/// <summary>The VAPID public key browsers subscribe with (<c>applicationServerKey</c>); null when Web Push is off. <c>fcm</c>: whether phones can register.</summary>
public sealed record PushConfigurationResponse(string? VapidPublicKey, bool WebPush, bool Fcm);

public sealed record ReminderResponse(string ScheduleId, bool Reminded);
