namespace PawfectLive.Streams.Features.Moderation;

public sealed record EndStreamRequest(string? Reason);

public sealed record BlockUserRequest(string? UserId, string? Reason = null);

public sealed record BlockStatusResponse(string StreamId, string UserId, bool Blocked);

public sealed record ModeratorRequest(string? UserId);

public sealed record TimeoutRequest(string? UserId, int? Seconds, string? Reason = null);

/// <summary>A user's timeout in the stream's chat: until when, or <c>null</c> when none is running.</summary>
public sealed record TimeoutResponse(string StreamId, string UserId, DateTimeOffset? Until);

/// <summary>The stream's moderators after the request (appointed or removed, or as they are).</summary>
public sealed record ModeratorsResponse(string StreamId, IReadOnlyList<string> ModeratorIds);
