using System.Net;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;

namespace PawfectLive.LiveKit;

/// <summary>S3-compatible storage an egress uploads to (LiveKit's <c>S3Upload</c>).</summary>
public sealed record S3Upload(
    [property: JsonPropertyName("access_key")] string AccessKey,
    [property: JsonPropertyName("secret")] string Secret,
    [property: JsonPropertyName("region")] string Region,
    [property: JsonPropertyName("endpoint")] string Endpoint,
    [property: JsonPropertyName("bucket")] string Bucket,
    [property: JsonPropertyName("force_path_style")] bool ForcePathStyle);

/// <summary>One MP4 file of the whole recording (LiveKit's <c>EncodedFileOutput</c>).</summary>
public sealed record EncodedFileOutput(
    [property: JsonPropertyName("file_type")] string FileType,
    [property: JsonPropertyName("filepath")] string Filepath,
    [property: JsonPropertyName("s3")] S3Upload S3)
{
    public const string Mp4 = "MP4";
}

/// <summary>HLS segments with a full playlist and a live (sliding) one (LiveKit's <c>SegmentedFileOutput</c>).</summary>
public sealed record SegmentedFileOutput(
    [property: JsonPropertyName("protocol")] string Protocol,
    [property: JsonPropertyName("filename_prefix")] string FilenamePrefix,
    [property: JsonPropertyName("playlist_name")] string PlaylistName,
    [property: JsonPropertyName("live_playlist_name")] string LivePlaylistName,
    [property: JsonPropertyName("segment_duration")] int SegmentDurationSeconds,
    [property: JsonPropertyName("s3")] S3Upload S3)
{
    public const string Hls = "HLS_PROTOCOL";
}

/// <summary>LiveKit's <c>RoomCompositeEgressRequest</c>: the room as one composed picture, to files and segments.</summary>
public sealed record RoomCompositeEgressRequest(
    [property: JsonPropertyName("room_name")] string RoomName,
    [property: JsonPropertyName("layout")] string Layout,
    [property: JsonPropertyName("file_outputs")] IReadOnlyList<EncodedFileOutput> FileOutputs,
    [property: JsonPropertyName("segment_outputs")] IReadOnlyList<SegmentedFileOutput> SegmentOutputs);

/// <summary>What LiveKit answers about an egress it started or stopped: its id and <see cref="EgressStatuses">status</see>.</summary>
public sealed record StartedEgress(string EgressId, string? Status);

/// <summary>
/// LiveKit's Egress service over Twirp (grant <c>roomRecord</c>). Egress runs as its own deployment next to the LiveKit
/// server; where it is missing LiveKit answers an error (for example "no response from egress service"), which reaches
/// the caller as a <see cref="LiveKitRequestException"/>.
/// </summary>
public sealed partial class EgressClient(HttpClient http, TwirpChannel twirp, ILogger<EgressClient> logger)
{
    public const string HttpClientName = "livekit-egress";
    private static readonly VideoGrant RecordGrant = new() { RoomRecord = true };

    public async Task<StartedEgress> StartRoomCompositeEgressAsync(RoomCompositeEgressRequest request, CancellationToken cancellationToken)
    {
        using var response = await twirp.PostAsync(http, "Egress", "StartRoomCompositeEgress", request, RecordGrant, cancellationToken);
        var info = await TwirpChannel.ReadAsync("StartRoomCompositeEgress", response, cancellationToken);
        var egressId = TwirpChannel.ReadString(info, "egress_id")
            ?? throw new LiveKitRequestException("StartRoomCompositeEgress", response.StatusCode, "malformed", "LiveKit's answer has no egress id.");
        LogCall(logger, "StartRoomCompositeEgress", request.RoomName, egressId);
        return new StartedEgress(egressId, TwirpChannel.ReadString(info, "status"));
    }

    /// <summary>Stops an egress; false when LiveKit no longer has it running (unknown, or ended already): nothing left to stop.</summary>
    public async Task<bool> StopEgressAsync(string egressId, CancellationToken cancellationToken)
    {
        using var response = await twirp.PostAsync(http, "Egress", "StopEgress", new { egress_id = egressId }, RecordGrant, cancellationToken);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.PreconditionFailed)
        {
            LogCall(logger, "StopEgress", null, egressId + " (not running)");
            return false;
        }
        await TwirpChannel.EnsureSuccessAsync("StopEgress", response, cancellationToken);
        LogCall(logger, "StopEgress", null, egressId);
        return true;
    }

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "LiveKit {Method} room {Room}: egress {EgressId}")]
    private static partial void LogCall(ILogger logger, string method, string? room, string egressId);
}

/// <summary>LiveKit's <c>EgressStatus</c> names, in protobuf order.</summary>
public static class EgressStatuses
{
    public const string Starting = "EGRESS_STARTING";
    public const string Active = "EGRESS_ACTIVE";
    public const string Ending = "EGRESS_ENDING";
    public const string Complete = "EGRESS_COMPLETE";
    public const string Failed = "EGRESS_FAILED";
    public const string Aborted = "EGRESS_ABORTED";
    public const string LimitReached = "EGRESS_LIMIT_REACHED";

    internal static readonly string[] ByNumber = [Starting, Active, Ending, Complete, Failed, Aborted, LimitReached];
}
