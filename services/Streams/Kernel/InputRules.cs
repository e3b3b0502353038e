namespace PawfectLive.Streams.Kernel;

/// <summary>The input rules every feature shares: user ids, moderation reasons, page sizes and cursors.</summary>
public static class InputRules
{
    public const int MaxUserIdLength = 128;

    public const int MaxModerationReasonLength = 500;

    /// <summary>A user id as given, trimmed: 1–<see cref="MaxUserIdLength"/> characters, no control characters; else null.</summary>
    public static string? ValidUserId(string? userId) =>
        userId?.Trim() is { Length: > 0 and <= MaxUserIdLength } trimmed && !trimmed.Any(char.IsControl) ? trimmed : null;

    public static StreamError.Invalid InvalidUserId(string field = "userId") =>
        new(field, $"{field} must be 1-{MaxUserIdLength} characters.");

    /// <summary>The optional reason of a moderation action: at most <see cref="MaxModerationReasonLength"/> characters.</summary>
    public static StreamError.Invalid? CheckReason(string? reason) =>
        reason?.Trim() is { Length: > MaxModerationReasonLength }
            ? new StreamError.Invalid("reason", $"reason must be at most {MaxModerationReasonLength} characters.")
            : null;

    public static string? NormalizeReason(string? reason) => string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();

    public static StreamError.Invalid? CheckPageSize(int? limit) =>
        limit is < 1 or > StreamsOptions.MaxPageSize
            ? new StreamError.Invalid("limit", $"limit must be between 1 and {StreamsOptions.MaxPageSize}.")
            : null;

    public static StreamError.Invalid InvalidCursor() => new("cursor", "cursor is not a value returned by a previous page.");
}
