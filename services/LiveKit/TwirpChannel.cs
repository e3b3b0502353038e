using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace PawfectLive.LiveKit;

/// <summary>A LiveKit server API call LiveKit answered with an error other than the ones its caller treats as done.</summary>
public sealed class LiveKitRequestException(string method, HttpStatusCode status, string? code, string? message)
    : Exception($"LiveKit {method} failed with {(int)status} {code}: {message}")
{
    public HttpStatusCode Status { get; } = status;
    public string? Code { get; } = code;

    /// <summary>LiveKit's own words (<c>msg</c>), e.g. "no response from egress service".</summary>
    public string? LiveKitMessage { get; } = message;
}

/// <summary>
/// How our LiveKit clients speak Twirp: <c>POST /twirp/livekit.{Service}/{Method}</c> with a JSON body and a short-lived
/// server token carrying just the grant the method needs; errors come back as <c>{code, msg}</c> with an HTTP status.
/// </summary>
public sealed class TwirpChannel(IOptions<LiveKitOptions> options, AccessTokenIssuer tokens)
{
    private static readonly TimeSpan ServerTokenTtl = TimeSpan.FromMinutes(10);

    public async Task<HttpResponseMessage> PostAsync(
        HttpClient http, string service, string method, object body, VideoGrant grant, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(options.Value.GetApiBaseAddress(), $"twirp/livekit.{service}/{method}"))
        {
            Content = JsonContent.Create(body, options: LiveKitJson.Options),
        };
        var token = tokens.Issue("pawfectlive-streams", grant, ttl: ServerTokenTtl);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        return await http.SendAsync(request, cancellationToken);
    }

    /// <summary>Throws <see cref="LiveKitRequestException"/> with LiveKit's code and message unless the call succeeded.</summary>
    public static async Task EnsureSuccessAsync(string method, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        JsonObject? error = null;
        try
        {
            error = await response.Content.ReadFromJsonAsync<JsonObject>(LiveKitJson.Options, cancellationToken);
        }
        catch (System.Text.Json.JsonException)
        {
        }
        throw new LiveKitRequestException(method, response.StatusCode, ReadString(error, "code"), ReadString(error, "msg"));
    }

    /// <summary>The body of a successful answer (LiveKit's Twirp JSON names fields either way: snake_case or lowerCamelCase).</summary>
    public static async Task<JsonObject> ReadAsync(string method, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await EnsureSuccessAsync(method, response, cancellationToken);
        return await response.Content.ReadFromJsonAsync<JsonObject>(LiveKitJson.Options, cancellationToken) ?? [];
    }

    /// <summary>A string field under its proto name or its JSON (lowerCamelCase) name.</summary>
    public static string? ReadString(JsonObject? message, string protoName)
    {
        if (message is null)
        {
            return null;
        }
        var node = message[protoName] ?? message[JsonName(protoName)];
        return node is JsonValue value && value.TryGetValue<string>(out var text) ? text : node?.ToString();
    }

    public static bool ReadBool(JsonObject? message, string protoName) =>
        (message?[protoName] ?? message?[JsonName(protoName)]) is JsonValue value
        && (value.TryGetValue<bool>(out var flag) ? flag : bool.TryParse(value.ToString(), out var parsed) && parsed);

    public static JsonObject? ReadObject(JsonObject? message, string protoName) =>
        (message?[protoName] ?? message?[JsonName(protoName)]) as JsonObject;

    /// <summary>A repeated field (empty when omitted, as protojson omits empty lists).</summary>
    public static IEnumerable<JsonNode?> ReadArray(JsonObject? message, string protoName) =>
        (message?[protoName] ?? message?[JsonName(protoName)]) as JsonArray ?? [];

    /// <summary>An enum field written as its name or its number (<paramref name="names"/> in protobuf order).</summary>
    public static string? ReadEnum(JsonObject? message, string protoName, string[] names) =>
        EnumName(message?[protoName] ?? message?[JsonName(protoName)], names);

    public static string? EnumName(JsonNode? node, string[] names) => node switch
    {
        JsonValue value when value.TryGetValue<int>(out var number) => number >= 0 && number < names.Length ? names[number] : null,
        JsonValue value when value.TryGetValue<string>(out var name) =>
            int.TryParse(name, out var numbered) && numbered >= 0 && numbered < names.Length ? names[numbered] : name,
        _ => null,
    };

    internal static string JsonName(string protoName)
    {
        var parts = protoName.Split('_');
        return parts[0] + string.Concat(parts[1..].Select(part => part.Length == 0 ? "" : char.ToUpperInvariant(part[0]) + part[1..]));
    }
}
