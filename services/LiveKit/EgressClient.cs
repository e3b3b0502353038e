using System.Net;
using System.Text.Json.Nodes;
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
/// An egress as <c>ListEgress</c> reports it (LiveKit's <c>EgressInfo</c>): status, reason, times and, once ended, the
/// HLS duration and size and the MP4's size.
/// </summary>
public sealed record EgressSnapshot(
    string EgressId, string Status, string? Error, DateTimeOffset? UpdatedAt, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt,
    double? DurationSeconds, long? SizeBytes, long? FileSizeBytes)
{
    internal static EgressSnapshot From(JsonObject info)
    {
        var segments = First(info, "segment_results");
        var file = First(info, "file_results");
        var duration = Long(segments, "duration") is > 0 and var segmentDuration ? segmentDuration : Long(file, "duration");
        return new EgressSnapshot(
            TwirpChannel.ReadString(info, "egress_id") ?? "",
            StatusName(TwirpChannel.ReadString(info, "status")),
            TwirpChannel.ReadString(info, "error") is { Length: > 0 } error ? error : null,
            Time(Long(info, "updated_at")), Time(Long(info, "started_at")), Time(Long(info, "ended_at")),
            duration is > 0 ? duration / 1e9 : null,
            Long(segments, "size") is > 0 and var size ? size : null,
            Long(file, "size") is > 0 and var fileSize ? fileSize : null);
    }

    private static JsonObject? First(JsonObject info, string protoName) =>
        (info[protoName] ?? info[TwirpChannel.JsonName(protoName)]) is JsonArray { Count: > 0 } results ? results[0] as JsonObject : null;

    private static long? Long(JsonObject? message, string protoName) =>
        long.TryParse(TwirpChannel.ReadString(message, protoName), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value : null;

    private static DateTimeOffset? Time(long? unixNanoseconds) => unixNanoseconds is { } ns and > 0 ? DateTimeOffset.UnixEpoch.AddTicks(ns / 100) : null;

    /// <summary>An enum written as its name, or its number.</summary>
    private static string StatusName(string? status) =>
        int.TryParse(status, out var number) && number >= 0 && number < EgressStatuses.ByNumber.Length ? EgressStatuses.ByNumber[number]
        : status ?? EgressStatuses.Starting;
}

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

    /// <summary>The egresses LiveKit has for a room (running and recently ended).</summary>
    public async Task<IReadOnlyList<EgressSnapshot>> ListEgressAsync(string roomName, CancellationToken cancellationToken)
    {
        using var response = await twirp.PostAsync(http, "Egress", "ListEgress", new { room_name = roomName }, RecordGrant, cancellationToken);
        var list = await TwirpChannel.ReadAsync("ListEgress", response, cancellationToken);
        return list["items"] is JsonArray items ? [.. items.OfType<JsonObject>().Select(EgressSnapshot.From)] : [];
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
