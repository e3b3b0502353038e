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

/// <summary>Reads a protojson enum written as its name or its number.</summary>
internal sealed class ParticipantKindConverter : JsonConverter<string?>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number when reader.TryGetInt32(out var number) =>
            number >= 0 && number < ParticipantKinds.ByNumber.Length ? ParticipantKinds.ByNumber[number] : number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        JsonTokenType.Null => null,
        _ => throw new JsonException("A participant kind is a name or a number."),
    };

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

public sealed record WebhookParticipantPermission
{
    public bool CanPublish { get; init; }
    public bool CanSubscribe { get; init; }
    public bool Hidden { get; init; }
}
