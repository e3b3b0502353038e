namespace PawfectLive.Streams.Features.Ingress;

/// <summary>Ask for an external encoder endpoint: <c>type</c> is rtmp or whip.</summary>
public sealed record CreateIngressRequest(string? Type);

/// <summary>Where an encoder sends the stream and the key that authorises it (the owner's secret), and what LiveKit reports.</summary>
public sealed record IngressResponse(string StreamId, string IngressId, string Type, string Url, string StreamKey, string Status, string? Error)
{
    public static IngressResponse From(LiveStream stream, StreamIngress ingress) =>
        new(stream.Id, ingress.Id, ingress.Type, ingress.Url, ingress.StreamKey, ingress.Status, ingress.Error);
}
