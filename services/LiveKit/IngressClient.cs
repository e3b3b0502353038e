using System.Net;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;

namespace PawfectLive.LiveKit;

/// <summary>LiveKit's <c>CreateIngressRequest</c>: an endpoint an external encoder publishes to, as one participant of one room.</summary>
public sealed record CreateIngressRequest(
    [property: JsonPropertyName("input_type")] string InputType,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("room_name")] string RoomName,
    [property: JsonPropertyName("participant_identity")] string ParticipantIdentity,
    [property: JsonPropertyName("participant_name")] string ParticipantName);

/// <summary>What an encoder needs (LiveKit's <c>IngressInfo</c>): where to send and the key that authorises it.</summary>
public sealed record CreatedIngress(string IngressId, string Url, string StreamKey);

/// <summary>LiveKit's <c>IngressInput</c> names.</summary>
public static class IngressInputs
{
    public const string Rtmp = "RTMP_INPUT";
    public const string Whip = "WHIP_INPUT";
}

/// <summary>LiveKit's <c>IngressState.Status</c> names, in protobuf order.</summary>
public static class IngressStates
{
    public const string Inactive = "ENDPOINT_INACTIVE";
    public const string Buffering = "ENDPOINT_BUFFERING";
    public const string Publishing = "ENDPOINT_PUBLISHING";
    public const string Error = "ENDPOINT_ERROR";
    public const string Complete = "ENDPOINT_COMPLETE";

    internal static readonly string[] ByNumber = [Inactive, Buffering, Publishing, Error, Complete];
}

/// <summary>An ingress as <c>ListIngress</c> reports it.</summary>
public sealed record IngressSnapshot(string IngressId, string RoomName, string Status);

/// <summary>LiveKit's Ingress service over Twirp (grant <c>ingressAdmin</c>).</summary>
public sealed partial class IngressClient(HttpClient http, TwirpChannel twirp, ILogger<IngressClient> logger)
{
    public const string HttpClientName = "livekit-ingress";
    private static readonly VideoGrant IngressGrant = new() { IngressAdmin = true };

    public async Task<CreatedIngress> CreateIngressAsync(CreateIngressRequest request, CancellationToken cancellationToken)
    {
        using var response = await twirp.PostAsync(http, "Ingress", "CreateIngress", request, IngressGrant, cancellationToken);
        var info = await TwirpChannel.ReadAsync("CreateIngress", response, cancellationToken);
        if (TwirpChannel.ReadString(info, "ingress_id") is not { Length: > 0 } ingressId || TwirpChannel.ReadString(info, "url") is not { Length: > 0 } url)
        {
            throw new LiveKitRequestException("CreateIngress", response.StatusCode, "malformed", "LiveKit's answer has no ingress id or URL.");
        }
        LogCall(logger, "CreateIngress", request.RoomName, ingressId);
        return new CreatedIngress(ingressId, url, TwirpChannel.ReadString(info, "stream_key") ?? "");
    }

    /// <summary>The ingresses LiveKit holds for <paramref name="roomName"/> (every room's when empty), with their state.</summary>
    public async Task<IReadOnlyList<IngressSnapshot>> ListIngressAsync(string roomName, CancellationToken cancellationToken)
    {
        using var response = await twirp.PostAsync(http, "Ingress", "ListIngress", new { room_name = roomName }, IngressGrant, cancellationToken);
        var body = await TwirpChannel.ReadAsync("ListIngress", response, cancellationToken);
        return [.. TwirpChannel.ReadArray(body, "items").OfType<System.Text.Json.Nodes.JsonObject>()
            .Select(info => new IngressSnapshot(
                TwirpChannel.ReadString(info, "ingress_id") ?? "",
                TwirpChannel.ReadString(info, "room_name") ?? "",
                TwirpChannel.ReadEnum(TwirpChannel.ReadObject(info, "state"), "status", IngressStates.ByNumber) ?? IngressStates.Inactive))
            .Where(ingress => ingress.IngressId.Length > 0)];
    }

    /// <summary>Deletes an ingress; false when LiveKit had none by that id (deleted already).</summary>
    public async Task<bool> DeleteIngressAsync(string ingressId, CancellationToken cancellationToken)
    {
        using var response = await twirp.PostAsync(http, "Ingress", "DeleteIngress", new { ingress_id = ingressId }, IngressGrant, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            LogCall(logger, "DeleteIngress", null, ingressId + " (already gone)");
            return false;
        }
        await TwirpChannel.EnsureSuccessAsync("DeleteIngress", response, cancellationToken);
        LogCall(logger, "DeleteIngress", null, ingressId);
        return true;
    }

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "LiveKit {Method} room {Room}: ingress {IngressId}")]
    private static partial void LogCall(ILogger logger, string method, string? room, string ingressId);
}
