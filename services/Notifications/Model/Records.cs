namespace PawfectLive.Notifications.Model;

/// <summary>
/// Composite keys of the stores: parts joined with a control character (user ids never contain one), so a key's prefix
/// names everything of its first part and keys sort by their parts.
/// </summary>
public static class Keys
{
    public const char Separator = '\u001f';

    public static string Of(params string[] parts) => string.Join(Separator, parts);

    /// <summary>The first key after every key that starts with <paramref name="prefix"/> and the separator.</summary>
    public static string PrefixEnd(string prefix) => prefix + (char)(Separator + 1);
}

/// <summary>A user follows an owner. <see cref="Id"/> is <c>{ownerId}␟{followerId}</c>: an owner's followers are one key range.</summary>
public sealed class Follow
{
    public string Id { get; set; } = "";
    public string OwnerId { get; set; } = "";
    public string FollowerId { get; set; } = "";
    public DateTime CreatedAt { get; set; }

    public static Follow Of(string followerId, string ownerId, DateTime at) =>
        new() { Id = Keys.Of(ownerId, followerId), OwnerId = ownerId, FollowerId = followerId, CreatedAt = at };
}

public enum FollowResult
{
    Added,
    AlreadyFollowing,
    LimitReached,
}

/// <summary>What kind of alert an inbox entry is (serialised as the constant's value).</summary>
public static class NotificationKinds
{
    /// <summary>An owner the user follows went live.</summary>
    public const string GoLive = "go_live";

    /// <summary>An owner went live from a scheduled stream the user follows or asked to be reminded of (replaces <see cref="GoLive"/>).</summary>
    public const string LiveNow = "live_now";

    /// <summary>A scheduled stream starts soon.</summary>
    public const string Reminder = "reminder";

    public const string Rescheduled = "rescheduled";
    public const string Cancelled = "cancelled";

    public static bool IsGoLive(string kind) => kind is GoLive or LiveNow;
}

/// <summary>One alert in a user's inbox. Its id is derived from what it is about, so the same alert is stored once.</summary>
public sealed class InboxNotification
{
    public string Id { get; set; } = "";
    public string UserId { get; set; } = "";
    public string Kind { get; set; } = "";
    public string OwnerId { get; set; } = "";
    public string? OwnerName { get; set; }
    public string? StreamId { get; set; }
    public string? ScheduleId { get; set; }
    public string? Title { get; set; }
    public string Text { get; set; } = "";
    public DateTime? StartsAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ReadAt { get; set; }
}

/// <summary>Where a newest-first inbox page continues: the last entry of the previous page.</summary>
public sealed record InboxCursor(DateTime CreatedAt, string Id)
{
    public bool Admits(InboxNotification item) =>
        item.CreatedAt < CreatedAt || (item.CreatedAt == CreatedAt && string.CompareOrdinal(item.Id, Id) < 0);
}

public static class PushKinds
{
    public const string WebPush = "webpush";
    public const string Fcm = "fcm";
}

/// <summary>A device that takes push messages: a browser's Web Push subscription or a phone's FCM registration token.</summary>
public sealed class PushSubscription
{
    /// <summary>Derived from the endpoint (or token): one device is one subscription, whoever registered it last.</summary>
    public string Id { get; set; } = "";
    public string UserId { get; set; } = "";
    public string Kind { get; set; } = PushKinds.WebPush;
    public string? Endpoint { get; set; }
    public string? P256dh { get; set; }
    public string? Auth { get; set; }
    public string? Token { get; set; }
    public DateTime CreatedAt { get; set; }
}

public enum SubscriptionResult
{
    Added,
    Existing,
    LimitReached,
}

/// <summary>A push message still to send to one subscription; deleted once the push service took it or gave up on it.</summary>
public sealed class PushDelivery
{
    public string Id { get; set; } = "";
    public string SubscriptionId { get; set; } = "";
    public string UserId { get; set; } = "";
    public string NotificationId { get; set; } = "";
    public string Kind { get; set; } = "";

    /// <summary>The live stream a go-live push is about: not sent once it ended.</summary>
    public string? StreamId { get; set; }
    public string Payload { get; set; } = "";
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>A user's alert settings: everything muted, or some owners.</summary>
public sealed class UserPreferences
{
    public string Id { get; set; } = "";
    public bool MuteAll { get; set; }
    public List<string> MutedOwnerIds { get; set; } = [];
    public DateTime UpdatedAt { get; set; }

    public bool Mutes(string ownerId) => MuteAll || MutedOwnerIds.Contains(ownerId);
}

/// <summary>
/// A block an owner's stream holds on a user (from Streams' block events, newest version kept). <see cref="Id"/> is
/// <c>{ownerId}␟{userId}␟{streamId}</c>: any current block of any of the owner's streams stops the owner's alerts to the user.
/// </summary>
public sealed class OwnerBlock
{
    public string Id { get; set; } = "";
    public string OwnerId { get; set; } = "";
    public string UserId { get; set; } = "";
    public string StreamId { get; set; } = "";
    public bool Blocked { get; set; }
    public long Version { get; set; }
}

/// <summary>Streams known to have ended: their go-live alerts are not delivered late.</summary>
public sealed class EndedStream
{
    public string Id { get; set; } = "";
    public DateTime EndedAt { get; set; }
}

/// <summary>
/// A scheduled stream as Streams last told it (newest version kept), and whether its reminder is still to send for its
/// current start time (<see cref="ReminderPending"/>, claimed by one instance at a time until <see cref="ReminderClaimedUntil"/>).
/// </summary>
public sealed class ScheduleProjection
{
    public string Id { get; set; } = "";
    public string OwnerId { get; set; } = "";
    public string? OwnerName { get; set; }
    public string Title { get; set; } = "";
    public DateTime StartsAt { get; set; }
    public string Status { get; set; } = "";
    public string? StreamId { get; set; }
    public long Version { get; set; }
    public bool ReminderPending { get; set; }
    public DateTime? ReminderClaimedUntil { get; set; }
}

/// <summary>A user asked to be reminded of a scheduled stream. <see cref="Id"/> is <c>{scheduleId}␟{userId}</c>.</summary>
public sealed class Reminder
{
    public string Id { get; set; } = "";
    public string ScheduleId { get; set; } = "";
    public string UserId { get; set; } = "";
    public DateTime CreatedAt { get; set; }

    public static Reminder Of(string scheduleId, string userId, DateTime at) =>
        new() { Id = Keys.Of(scheduleId, userId), ScheduleId = scheduleId, UserId = userId, CreatedAt = at };
}

public enum ReminderResult
{
    Added,
    Existing,
    LimitReached,
}

/// <summary>The last go-live alert a user got from an owner (<c>{userId}␟{ownerId}</c>): at most one per owner in the window.</summary>
public sealed class AlertClaim
{
    public string Id { get; set; } = "";
    public string StreamId { get; set; } = "";
    public DateTime At { get; set; }
}
