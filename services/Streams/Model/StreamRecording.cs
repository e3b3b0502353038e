using PawfectLive.Contracts;

namespace PawfectLive.Streams.Model;

/// <summary>
/// One recording attempt: a RoomComposite egress writing HLS (a full and a live playlist) and an MP4 under keys named by
/// the attempt's <see cref="Id"/>, and what LiveKit reported about it.
/// </summary>
public sealed class StreamRecording
{
    public string Id { get; set; } = "";
    public string Status { get; set; } = RecordingStates.Starting;
    public DateTime RequestedAt { get; set; }

    /// <summary>Set once the egress was asked for (so it is asked for once); <see cref="EgressId"/> once LiveKit answered.</summary>
    public bool EgressRequested { get; set; }
    public string? EgressId { get; set; }
    public string? Error { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? EndedAt { get; set; }

    /// <summary>LiveKit's <c>updatedAt</c> of the last report applied.</summary>
    public DateTime LastReportAt { get; set; }

    /// <summary>Storage keys (relative to the bucket and to the public base URL).</summary>
    public string PlaylistKey { get; set; } = "";
    public string LivePlaylistKey { get; set; } = "";
    public string SegmentPrefix { get; set; } = "";
    public string Mp4Key { get; set; } = "";

    public double? DurationSeconds { get; set; }
    public long? SizeBytes { get; set; }
    public long? Mp4SizeBytes { get; set; }
    public DateTime? DeletedAt { get; set; }
    public string? DeletedBy { get; set; }

    public bool IsFinished => Status is RecordingStates.Ready or RecordingStates.Failed;

    /// <summary>Whether a report of the same status says anything new (so a periodic listing does not rewrite the stream).</summary>
    internal bool WouldChange(EgressReport report) =>
        EgressId != report.EgressId
        || (report.Error is not null && report.Error != Error)
        || (report.StartedAt is not null && report.StartedAt != StartedAt)
        || (report.EndedAt is not null && report.EndedAt != EndedAt)
        || (report.DurationSeconds is not null && report.DurationSeconds != DurationSeconds)
        || (report.SizeBytes is not null && report.SizeBytes != SizeBytes)
        || (report.Mp4SizeBytes is not null && report.Mp4SizeBytes != Mp4SizeBytes);

    /// <summary>A new attempt, its files under <c>{pathPrefix}/{streamId}/{attempt id}/</c>.</summary>
    public static StreamRecording For(string streamId, string pathPrefix, DateTime at)
    {
        var recordingId = StreamIds.NewId();
        var folder = string.Join('/', new[] { pathPrefix.Trim('/'), streamId, recordingId }.Where(part => part.Length > 0));
        return new StreamRecording
        {
            Id = recordingId,
            RequestedAt = at,
            PlaylistKey = $"{folder}/index.m3u8",
            LivePlaylistKey = $"{folder}/live.m3u8",
            SegmentPrefix = $"{folder}/segment",
            Mp4Key = $"{folder}/recording.mp4",
        };
    }

    /// <summary>Statuses in the order a recording goes through them; ready and failed are both final.</summary>
    public static int Rank(string status) => status switch
    {
        RecordingStates.Starting => 0,
        RecordingStates.Recording => 1,
        RecordingStates.Processing => 2,
        _ => 3,
    };

    /// <summary>LiveKit's egress status in our terms: ending is processing, complete and limit-reached are ready, failed and aborted failed.</summary>
    public static string FromEgressStatus(string liveKitStatus) => liveKitStatus switch
    {
        PawfectLive.LiveKit.EgressStatuses.Active => RecordingStates.Recording,
        PawfectLive.LiveKit.EgressStatuses.Ending => RecordingStates.Processing,
        PawfectLive.LiveKit.EgressStatuses.Complete or PawfectLive.LiveKit.EgressStatuses.LimitReached => RecordingStates.Ready,
        PawfectLive.LiveKit.EgressStatuses.Failed or PawfectLive.LiveKit.EgressStatuses.Aborted => RecordingStates.Failed,
        _ => RecordingStates.Starting,
    };
}

/// <summary>LiveKit's report on an egress, in our terms (<see cref="RecordingStates"/>).</summary>
public sealed record EgressReport(
    string EgressId, string Status, string? Error, DateTime UpdatedAt, DateTime? StartedAt, DateTime? EndedAt,
    double? DurationSeconds, long? SizeBytes, long? Mp4SizeBytes);
