using PawfectLive.Streams.Application;
using PawfectLive.Streams.Model;

namespace PawfectLive.Streams.Api;

public sealed record StartStreamRequest(string? Title, IReadOnlyList<string>? Tags, string? CoverUrl);

public sealed record StartStreamResponse(string StreamId, string RoomName, string Token, string Url, DateTimeOffset TokenExpiresAt);

public sealed record StopStreamRequest(string? StreamId);

public sealed record WatchStreamResponse(
    string StreamId, string RoomName, string Token, string Url, DateTimeOffset TokenExpiresAt,
    string? Title, string? CoverUrl, string OwnerId, int Viewers, IReadOnlyList<string> Tags);

public sealed record ActiveStreamsResponse(IReadOnlyList<LiveStreamResponse> Items, string? NextCursor);

/// <summary>Public metadata of a stream (never the blocklist).</summary>
public sealed record LiveStreamResponse(
    string Id, string OwnerId, string RoomName, string? Title, string? CoverUrl, bool IsLive,
    DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string? EndedReason, int Viewers, int PeakViewers,
    IReadOnlyList<string> Tags)
{
    public static LiveStreamResponse From(LiveStream stream) => new(
        stream.Id, stream.OwnerId, stream.RoomName, stream.Title, stream.CoverUrl, stream.IsLive,
        DateTime.SpecifyKind(stream.StartedAt, DateTimeKind.Utc),
        stream.EndedAt is { } ended ? DateTime.SpecifyKind(ended, DateTimeKind.Utc) : null,
        stream.EndedReason, stream.Viewers, stream.PeakViewers, stream.Tags);
}

/// <summary>One of the owner's streams with the headline figures of its stats.</summary>
public sealed record PastStreamResponse(LiveStreamResponse Stream, StreamSummary Summary)
{
    public static PastStreamResponse From(PastStream past) => new(LiveStreamResponse.From(past.Stream), new StreamSummary(
        past.Stats.DurationSeconds, past.Stats.PeakViewers, past.Stats.UniqueViewers, past.Stats.TotalWatchSeconds,
        past.Stats.AverageWatchSeconds, past.Stats.Chat.Messages, past.Stats.Chat.Reactions));
}

public sealed record StreamSummary(
    double DurationSeconds, int PeakViewers, int UniqueViewers, double TotalWatchSeconds, double AverageWatchSeconds, int Messages, int Reactions);

public sealed record PastStreamsResponse(IReadOnlyList<PastStreamResponse> Items, string? NextCursor);

public sealed record BlockUserRequest(string? UserId, string? Reason = null);

public sealed record EndStreamRequest(string? Reason);

public sealed record BlockStatusResponse(string StreamId, string UserId, bool Blocked);

public sealed record ModeratorRequest(string? UserId);

public sealed record TimeoutRequest(string? UserId, int? Seconds, string? Reason = null);

/// <summary>A user's timeout in the stream's chat: until when, or <c>null</c> when none is running.</summary>
public sealed record TimeoutResponse(string StreamId, string UserId, DateTimeOffset? Until);

/// <summary>The stream's moderators after the request (appointed or removed, or as they are).</summary>
public sealed record ModeratorsResponse(string StreamId, IReadOnlyList<string> ModeratorIds);

/// <summary>The chat rules to change; an omitted (null) one stays as it is.</summary>
public sealed record ChatSettingsRequest(int? SlowModeSeconds, bool? ChatEnabled, int? EstablishedMinutes);

/// <summary>A stream's chat rules and pinned message (never its blocked words).</summary>
public sealed record ChatSettingsResponse(string StreamId, int SlowModeSeconds, bool ChatEnabled, int EstablishedMinutes, PinnedMessageResponse? Pinned)
{
    public static ChatSettingsResponse From(StreamChatSettings chat) => new(
        chat.StreamId, chat.Settings.SlowModeSeconds, chat.Settings.ChatEnabled, chat.Settings.EstablishedMinutes,
        chat.Settings.Pinned is { } pinned ? new PinnedMessageResponse(pinned.Text, pinned.MessageId, pinned.PinnedBy, pinned.PinnedAt) : null);
}

public sealed record PinnedMessageResponse(string Text, string? MessageId, string PinnedBy, DateTimeOffset PinnedAt);

public sealed record PinMessageRequest(string? Text, string? MessageId);

public sealed record BlockedWordsRequest(IReadOnlyList<string?>? Words);

public sealed record BlockedWordsResponse(string StreamId, IReadOnlyList<string> Words);

public sealed record ReportStreamRequest(string? Reason);

public sealed record AbuseReportResponse(
    string Id, string StreamId, string ReporterId, string Reason, DateTimeOffset CreatedAt, string State, ReportResolutionResponse? Resolution)
{
    public static AbuseReportResponse From(AbuseReport report) =>
        new(report.Id, report.StreamId, report.ReporterId, report.Reason, DateTime.SpecifyKind(report.CreatedAt, DateTimeKind.Utc),
            report.IsOpen ? "open" : "resolved",
            report.Resolution is { } resolution
                ? new ReportResolutionResponse(resolution.Action, resolution.TargetUserId, resolution.ResolvedBy,
                    DateTime.SpecifyKind(resolution.ResolvedAt, DateTimeKind.Utc), resolution.Note)
                : null);
}

public sealed record ReportResolutionResponse(string Action, string? TargetUserId, string ResolvedBy, DateTimeOffset ResolvedAt, string? Note);

/// <summary>How an admin resolves a report: <c>action</c> is dismiss, end-stream, block-user (with userId) or time-out (with userId and seconds).</summary>
public sealed record ResolveReportRequest(string? Action, string? UserId, int? Seconds, string? Note);

public sealed record AuditEntryResponse(
    string Id, string? StreamId, string ActorId, string ActorRole, string Action, string? TargetUserId, string? Reason, string? Details, DateTimeOffset At)
{
    public static AuditEntryResponse From(AuditEntry entry) => new(entry.Id, entry.StreamId, entry.ActorId, entry.ActorRole, entry.Action,
        entry.TargetUserId, entry.Reason, entry.Details, DateTime.SpecifyKind(entry.At, DateTimeKind.Utc));
}

public sealed record AuditLogResponse(IReadOnlyList<AuditEntryResponse> Items, string? NextCursor);

public sealed record AbuseReportsResponse(IReadOnlyList<AbuseReportResponse> Items, string? NextCursor);
