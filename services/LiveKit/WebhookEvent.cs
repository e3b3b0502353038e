using System.Text.Json;
using System.Text.Json.Serialization;

namespace PawfectLive.LiveKit;

/// <summary>LiveKit webhook event names.</summary>
public static class WebhookEventNames
{
    public const string RoomStarted = "room_started";
    public const string RoomFinished = "room_finished";
    public const string ParticipantJoined = "participant_joined";
    public const string ParticipantLeft = "participant_left";
    public const string ParticipantConnectionAborted = "participant_connection_aborted";
    public const string TrackPublished = "track_published";
    public const string EgressStarted = "egress_started";
    public const string EgressUpdated = "egress_updated";
    public const string EgressEnded = "egress_ended";
    public const string IngressStarted = "ingress_started";
    public const string IngressEnded = "ingress_ended";
}

/// <summary>The parts of LiveKit's <c>WebhookEvent</c> we use; unknown fields are ignored.</summary>
public sealed record WebhookEvent
{
    public string? Event { get; init; }
    public string? Id { get; init; }
    /// <summary>Unix seconds (protojson int64, sent as a string).</summary>
    public long CreatedAt { get; init; }
    public WebhookRoom? Room { get; init; }
    public WebhookParticipant? Participant { get; init; }
    public WebhookTrack? Track { get; init; }
    public WebhookEgressInfo? EgressInfo { get; init; }
    public WebhookIngressInfo? IngressInfo { get; init; }
}

/// <summary>LiveKit's <c>TrackInfo</c>: <see cref="Source"/> is CAMERA, MICROPHONE, SCREEN_SHARE, SCREEN_SHARE_AUDIO (or omitted: UNKNOWN).</summary>
public sealed record WebhookTrack
{
    public string? Sid { get; init; }
    [JsonConverter(typeof(TrackTypeConverter))] public string? Type { get; init; }
    [JsonConverter(typeof(TrackSourceConverter))] public string? Source { get; init; }
}

/// <summary>LiveKit's <c>EgressInfo</c> as egress webhooks carry it; times are unix nanoseconds, durations nanoseconds.</summary>
public sealed record WebhookEgressInfo
{
    public string? EgressId { get; init; }
    public string? RoomName { get; init; }
    [JsonConverter(typeof(EgressStatusConverter))] public string? Status { get; init; }
    public string? Error { get; init; }
    public long StartedAt { get; init; }
    public long EndedAt { get; init; }
    public long UpdatedAt { get; init; }
    public IReadOnlyList<WebhookSegmentsInfo>? SegmentResults { get; init; }
    public IReadOnlyList<WebhookFileInfo>? FileResults { get; init; }
}

public sealed record WebhookSegmentsInfo
{
    public string? PlaylistName { get; init; }
    public string? LivePlaylistName { get; init; }
    public long Duration { get; init; }
    public long Size { get; init; }
    public string? PlaylistLocation { get; init; }
    public long SegmentCount { get; init; }
}

public sealed record WebhookFileInfo
{
    public string? Filename { get; init; }
    public long Duration { get; init; }
    public long Size { get; init; }
    public string? Location { get; init; }
}

/// <summary>LiveKit's <c>IngressInfo</c> as ingress webhooks carry it.</summary>
public sealed record WebhookIngressInfo
{
    public string? IngressId { get; init; }
    public string? RoomName { get; init; }
    public string? ParticipantIdentity { get; init; }
    [JsonConverter(typeof(IngressInputConverter))] public string? InputType { get; init; }
    public WebhookIngressState? State { get; init; }
}

public sealed record WebhookIngressState
{
    [JsonConverter(typeof(IngressStatusConverter))] public string? Status { get; init; }
    public string? Error { get; init; }

    /// <summary>Unix nanoseconds (int64, often written as strings): when the ingress started, ended, and last changed.</summary>
    public long StartedAt { get; init; }
    public long EndedAt { get; init; }
    public long UpdatedAt { get; init; }
}

public sealed record WebhookRoom
{
    public string? Sid { get; init; }
    public string? Name { get; init; }
}

public sealed record WebhookParticipant
{
    public string? Sid { get; init; }
    public string? Identity { get; init; }
    public string? Name { get; init; }
    public string? State { get; init; }

    /// <summary>LiveKit's <c>ParticipantInfo.Kind</c>: omitted for STANDARD, else INGRESS, EGRESS, SIP or AGENT (a name, or its number).</summary>
    [JsonConverter(typeof(ParticipantKindConverter))]
    public string? Kind { get; init; }

    public WebhookParticipantPermission? Permission { get; init; }

    public string? Metadata { get; init; }
}

/// <summary>The participant kinds of LiveKit's protocol (<c>ParticipantInfo.Kind</c>).</summary>
public static class ParticipantKinds
{
    public const string Standard = "STANDARD";
    public const string Ingress = "INGRESS";
    public const string Egress = "EGRESS";
    public const string Sip = "SIP";
    public const string Agent = "AGENT";

    /// <summary>The kind as our events carry it: null for a standard participant (LiveKit omits it or says STANDARD).</summary>
    public static string? NonStandard(string? kind) => kind is null or Standard ? null : kind;

    /// <summary>Enum numbers as protobuf defines them, for encoders that write numbers instead of names.</summary>
    internal static readonly string[] ByNumber = [Standard, Ingress, Egress, Sip, Agent];
}

/// <summary>Reads a protojson enum written as its name or its number (<see cref="Names"/> in protobuf order).</summary>
public abstract class ProtoEnumConverter(string[] names) : JsonConverter<string?>
{
    protected string[] Names { get; } = names;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number when reader.TryGetInt32(out var number) =>
            number >= 0 && number < Names.Length ? Names[number] : number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        JsonTokenType.Null => null,
        _ => throw new JsonException("A protobuf enum is a name or a number."),
    };

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

internal sealed class ParticipantKindConverter() : ProtoEnumConverter(ParticipantKinds.ByNumber);

internal sealed class EgressStatusConverter() : ProtoEnumConverter(EgressStatuses.ByNumber);

internal sealed class IngressStatusConverter() : ProtoEnumConverter(IngressStates.ByNumber);

internal sealed class IngressInputConverter() : ProtoEnumConverter([IngressInputs.Rtmp, IngressInputs.Whip, "URL_INPUT"]);

internal sealed class TrackTypeConverter() : ProtoEnumConverter(["AUDIO", "VIDEO", "DATA"]);

internal sealed class TrackSourceConverter() : ProtoEnumConverter(TrackSources.ByNumber);

/// <summary>LiveKit's <c>TrackSource</c> names, in protobuf order.</summary>
public static class TrackSources
{
    public const string Unknown = "UNKNOWN";
    public const string Camera = "CAMERA";
    public const string Microphone = "MICROPHONE";

    internal static readonly string[] ByNumber = [Unknown, Camera, Microphone, "SCREEN_SHARE", "SCREEN_SHARE_AUDIO"];
}

public sealed record WebhookParticipantPermission
{
    public bool CanPublish { get; init; }
    public bool CanSubscribe { get; init; }
    public bool CanPublishData { get; init; }

    /// <summary><see cref="TrackSources"/> names (empty: any source, when <see cref="CanPublish"/>).</summary>
    [JsonConverter(typeof(TrackSourceListConverter))]
    public IReadOnlyList<string> CanPublishSources { get; init; } = [];

    public bool Hidden { get; init; }
    public bool Recorder { get; init; }
}

/// <summary>A repeated <c>TrackSource</c>, each a name or a number.</summary>
internal sealed class TrackSourceListConverter : JsonConverter<IReadOnlyList<string>>
{
    private static readonly TrackSourceConverter Source = new();

    public override IReadOnlyList<string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return [];
        }
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("A repeated enum is an array.");
        }
        var sources = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (Source.Read(ref reader, typeof(string), options) is { } source)
            {
                sources.Add(source);
            }
        }
        return sources;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, options);
}
