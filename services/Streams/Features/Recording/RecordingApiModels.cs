using PawfectLive.Streams.Features.Lifecycle;

namespace PawfectLive.Streams.Features.Recording;

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
