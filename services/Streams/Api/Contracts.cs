using PawfectLive.Streams.Application;
using PawfectLive.Streams.Model;

namespace PawfectLive.Streams.Api;

/// <summary>Go live; <c>record</c> asks for a recording (refused when this deployment has no recording storage).</summary>
public sealed record StartStreamRequest(string? Title, IReadOnlyList<string>? Tags, string? CoverUrl, bool? Record = null);

public sealed record StartStreamResponse(
    string StreamId, string RoomName, string Token, string Url, DateTimeOffset TokenExpiresAt, RecordingResponse? Recording = null);

public sealed record StopStreamRequest(string? StreamId);

/// <summary>What a viewer needs to watch; <c>livePlaylistUrl</c> (while the stream is recorded) lets them rewind over HLS.</summary>
public sealed record WatchStreamResponse(
    string StreamId, string RoomName, string Token, string Url, DateTimeOffset TokenExpiresAt,
    string? Title, string? CoverUrl, string OwnerId, int Viewers, IReadOnlyList<string> Tags, string? LivePlaylistUrl = null);

public sealed record ActiveStreamsResponse(IReadOnlyList<LiveStreamResponse> Items, string? NextCursor);

/// <summary>
/// Public metadata of a stream (never the blocklist): also where its picture comes from (<c>source</c>: webrtc, rtmp or
/// whip), whether it is being recorded, whether it has a replay, and its stage (guests, invited, raised paws).
/// </summary>
public sealed record LiveStreamResponse(
    string Id, string OwnerId, string RoomName, string? Title, string? CoverUrl, bool IsLive,
    DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string? EndedReason, int Viewers, int PeakViewers,
    IReadOnlyList<string> Tags, string Source, bool IsRecording, bool HasReplay, PawfectLive.Contracts.StageState Stage)
{
    public static LiveStreamResponse From(LiveStream stream) => new(
        stream.Id, stream.OwnerId, stream.RoomName, stream.Title, stream.CoverUrl, stream.IsLive,
        Utc(stream.StartedAt), Utc(stream.EndedAt), stream.EndedReason, stream.Viewers, stream.PeakViewers, stream.Tags,
        stream.Source, stream.IsLive && stream.Recording?.Status == PawfectLive.Contracts.RecordingStates.Recording,
        stream.Recording is { Status: PawfectLive.Contracts.RecordingStates.Ready, DeletedAt: null }, stream.Stage.ToContract());

    internal static DateTimeOffset Utc(DateTime at) => DateTime.SpecifyKind(at, DateTimeKind.Utc);

    internal static DateTimeOffset? Utc(DateTime? at) => at is { } value ? Utc(value) : null;
}

/// <summary>
/// A stream's recording: status (starting, recording, processing, ready, failed), LiveKit's reason when it failed, the
/// live playlist while it records (viewers can rewind), the replay's playlist, MP4, duration and size once ready.
/// </summary>
public sealed record RecordingResponse(
    string StreamId, string Status, string? Error, DateTimeOffset RequestedAt, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt,
    string? LivePlaylistUrl, string? PlaylistUrl, string? Mp4Url, double? DurationSeconds, long? SizeBytes, string? EgressId)
{
    public static RecordingResponse From(RecordingView view)
    {
        var (recording, storage) = (view.Recording, view.Storage);
        var ready = recording.Status == PawfectLive.Contracts.RecordingStates.Ready && recording.DeletedAt is null;
        return new RecordingResponse(view.Stream.Id, recording.Status, recording.Error, LiveStreamResponse.Utc(recording.RequestedAt),
            LiveStreamResponse.Utc(recording.StartedAt), LiveStreamResponse.Utc(recording.EndedAt),
            recording.Status == PawfectLive.Contracts.RecordingStates.Recording ? storage.PublicUrl(recording.LivePlaylistKey) : null,
            ready ? storage.PublicUrl(recording.PlaylistKey) : null,
            ready ? storage.PublicUrl(recording.Mp4Key) : null,
            recording.DurationSeconds, recording.SizeBytes, recording.EgressId);
    }
}

/// <summary>An ended stream's replay: its HLS playlist (and MP4) under the public base URL, duration and size.</summary>
public sealed record ReplayResponse(
    string StreamId, string OwnerId, string? Title, string PlaylistUrl, string Mp4Url, double? DurationSeconds, long? SizeBytes,
    long? Mp4SizeBytes, DateTimeOffset RecordedAt, DateTimeOffset? EndedAt)
{
    public static ReplayResponse From(RecordingView view)
    {
        var (stream, recording, storage) = (view.Stream, view.Recording, view.Storage);
        return new ReplayResponse(stream.Id, stream.OwnerId, stream.Title, storage.PublicUrl(recording.PlaylistKey), storage.PublicUrl(recording.Mp4Key),
            recording.DurationSeconds, recording.SizeBytes, recording.Mp4SizeBytes, LiveStreamResponse.Utc(recording.StartedAt ?? stream.StartedAt),
            LiveStreamResponse.Utc(recording.EndedAt ?? stream.EndedAt));
    }
}

public sealed record ReplaysResponse(IReadOnlyList<ReplayResponse> Items, string? NextCursor);

/// <summary>Who the owner invites on stage.</summary>
public sealed record StageInvitationRequest(string? UserId);

/// <summary>A stream's stage: guests (publishing camera and microphone), invited users, raised paws, and the limit.</summary>
public sealed record StageResponse(string StreamId, IReadOnlyList<string> Guests, IReadOnlyList<string> Invited, IReadOnlyList<string> Requests, int MaxGuests)
{
    public static StageResponse From(StageView view) => new(view.StreamId, view.Stage.Guests, view.Stage.Invited, view.Stage.Requests, view.MaxGuests);
}

/// <summary>Ask for an external encoder endpoint: <c>type</c> is rtmp or whip.</summary>
public sealed record CreateIngressRequest(string? Type);

/// <summary>Where an encoder sends the stream and the key that authorises it (the owner's secret), and what LiveKit reports.</summary>
public sealed record IngressResponse(string StreamId, string IngressId, string Type, string Url, string StreamKey, string Status, string? Error)
{
    public static IngressResponse From(LiveStream stream, StreamIngress ingress) =>
        new(stream.Id, ingress.Id, ingress.Type, ingress.Url, ingress.StreamKey, ingress.Status, ingress.Error);
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
