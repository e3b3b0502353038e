using PawfectLive.Streams.Features.Recording;

namespace PawfectLive.Streams.Features.Lifecycle;

/// <summary>
/// Go live; <c>record</c> asks for a recording (refused when this deployment has no recording storage);
/// <c>scheduledStreamId</c> goes live from one of the caller's scheduled streams (its title, tags and cover unless given).
/// </summary>
public sealed record StartStreamRequest(string? Title, IReadOnlyList<string>? Tags, string? CoverUrl, bool? Record = null, string? ScheduledStreamId = null);

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
    IReadOnlyList<string> Tags, string Source, bool IsRecording, bool HasReplay, PawfectLive.Contracts.StageState Stage,
    string? ScheduledStreamId = null)
{
    public static LiveStreamResponse From(LiveStream stream) => new(
        stream.Id, stream.OwnerId, stream.RoomName, stream.Title, stream.CoverUrl, stream.IsLive,
        Utc(stream.StartedAt), Utc(stream.EndedAt), stream.EndedReason, stream.Viewers, stream.PeakViewers, stream.Tags,
        stream.Source, stream.IsLive && stream.Recording?.Status == PawfectLive.Contracts.RecordingStates.Recording,
        stream.Recording is { Status: PawfectLive.Contracts.RecordingStates.Ready, DeletedAt: null }, stream.Stage.ToContract(),
        stream.ScheduledStreamId);

    internal static DateTimeOffset Utc(DateTime at) => DateTime.SpecifyKind(at, DateTimeKind.Utc);

    internal static DateTimeOffset? Utc(DateTime? at) => at is { } value ? Utc(value) : null;
}
