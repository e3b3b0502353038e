namespace PawfectLive.Notifications.Application;

/// <summary>Who is asking: the authenticated user's id (<c>sub</c>) and display name.</summary>
public sealed record Caller(string UserId, string? Name = null);

/// <summary>Why the application refused a request. The API maps each to its problem response.</summary>
public abstract record NotificationError
{
    private NotificationError()
    {
    }

    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : NotificationError
    {
        public Invalid(string field, string message) : this(new Dictionary<string, string[]> { [field] = [message] })
        {
        }
    }

    public sealed record FollowLimit(int Max) : NotificationError;

    public sealed record ReminderLimit(int Max) : NotificationError;

    public sealed record SubscriptionLimit(int Max) : NotificationError;

    public sealed record NotificationNotFound(string Id) : NotificationError;

    public sealed record SubscriptionNotFound(string Id) : NotificationError;

    public sealed record ScheduleNotFound(string Id) : NotificationError;

    /// <summary>The scheduled stream is live, cancelled or missed: nothing to be reminded of.</summary>
    public sealed record ScheduleClosed(string Id, string Status) : NotificationError;

    /// <summary>This deployment sends no push messages of that kind (no VAPID keys, FCM off).</summary>
    public sealed record ProviderDisabled(string Kind) : NotificationError;
}

/// <summary>A value, or the <see cref="NotificationError"/> that prevented it.</summary>
public readonly record struct Result<T>(T? Value, NotificationError? Error)
{
    public static implicit operator Result<T>(T value) => new(value, null);

    public static implicit operator Result<T>(NotificationError error) => new(default, error);
}

/// <summary>The input rules every feature shares: user ids, page sizes and cursors.</summary>
public static class InputRules
{
    public const int MaxUserIdLength = 128;

    /// <summary>A user id as given, trimmed: 1–128 characters, no control characters; else null.</summary>
    public static string? ValidUserId(string? userId) =>
        userId?.Trim() is { Length: > 0 and <= MaxUserIdLength } trimmed && !trimmed.Any(char.IsControl) ? trimmed : null;

    public static NotificationError.Invalid InvalidUserId(string field) => new(field, $"{field} must be 1-{MaxUserIdLength} characters, without control characters.");

    public static NotificationError.Invalid? CheckPageSize(int? limit) =>
        limit is < 1 or > NotificationsOptions.MaxPageSize
            ? new NotificationError.Invalid("limit", $"limit must be between 1 and {NotificationsOptions.MaxPageSize}.")
            : null;

    public static NotificationError.Invalid InvalidCursor() => new("cursor", "cursor is not a value returned by a previous page.");

    /// <summary>Stream and schedule ids: 24 lower-case hex digits (as Streams makes them).</summary>
    public static string? ValidObjectId(string? id) =>
        id?.Trim().ToLowerInvariant() is { Length: 24 } normalized && normalized.All(char.IsAsciiHexDigit) ? normalized : null;
}
