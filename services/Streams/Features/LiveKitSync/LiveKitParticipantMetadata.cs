using System.Text.Json;

namespace PawfectLive.Streams.Features.LiveKitSync;

/// <summary>What Streams writes into a viewer's LiveKit participant metadata: whether they are on the owner's stage.</summary>
public sealed record LiveKitParticipantMetadata(bool OnStage)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Of(LiveStream stream, string identity) => JsonSerializer.Serialize(new LiveKitParticipantMetadata(stream.IsOnStage(identity)), Json);
}
