using System.Text.Json;
using System.Text.Json.Serialization;

namespace PawfectLive.Streams.Features.LiveKitSync;

/// <summary>
/// What Streams writes into a viewer's LiveKit participant metadata: whether they are on the owner's stage, and (only for
/// admins) that they are an admin — the one fact LiveKit cannot tell us, which reconciliation reads back so an admin keeps
/// data publishing while the chat is off. Participants cannot change their own metadata (their tokens do not allow it).
/// </summary>
public sealed record LiveKitParticipantMetadata(bool OnStage, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Admin = false)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A viewer's metadata as LiveKit holds it for a plain token (none written): not on stage, not an admin.</summary>
    public static LiveKitParticipantMetadata Default { get; } = new(OnStage: false);

    public static LiveKitParticipantMetadata For(LiveStream stream, string identity, bool isAdmin) => new(stream.IsOnStage(identity), isAdmin);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The metadata a participant holds now; unreadable or empty metadata reads as <see cref="Default"/>.</summary>
    public static LiveKitParticipantMetadata Parse(string? metadata)
    {
        if (string.IsNullOrWhiteSpace(metadata))
        {
            return Default;
        }
        try
        {
            return JsonSerializer.Deserialize<LiveKitParticipantMetadata>(metadata, Json) ?? Default;
        }
        catch (JsonException)
        {
            return Default;
        }
    }
}
