using System.Text.Json.Nodes;

namespace PawfectLive.TestInfrastructure;

/// <summary>
/// LiveKit's official <c>livekit-server-sdk</c> (npm), run with Node, as an independent judge of our protocol library.
/// </summary>
public static class LiveKitSdk
{
    public static async Task<JsonObject> VerifyTokenAsync(string apiKey, string apiSecret, string token) =>
        JsonNode.Parse(await RunAsync("verify-token", apiKey, apiSecret, token))!.AsObject();

    /// <summary>The <c>Authorization</c> value LiveKit would send with exactly these body bytes.</summary>
    public static async Task<string> SignWebhookAsync(string apiKey, string apiSecret, byte[] body)
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(file, body);
            return (await RunAsync("sign-webhook", apiKey, apiSecret, file)).Trim();
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Signatures for many bodies in one run of Node.</summary>
    public static async Task<IReadOnlyList<string>> SignWebhooksAsync(string apiKey, string apiSecret, IReadOnlyList<byte[]> bodies)
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, System.Text.Json.JsonSerializer.Serialize(bodies.Select(Convert.ToBase64String)));
            return System.Text.Json.JsonSerializer.Deserialize<string[]>(await RunAsync("sign-webhooks", apiKey, apiSecret, file))!;
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The event re-serialised by LiveKit's own protobuf types, exactly as a LiveKit server would send it.</summary>
    public static async Task<string> SampleEventAsync(string protoJson)
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, protoJson);
            return (await RunAsync("sample-event", file)).Trim();
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// What LiveKit's own <c>RoomServiceClient.{sdkMethod}(args)</c> sends (path, grant, body) next to <paramref name="ours"/>,
    /// both bodies parsed strictly by LiveKit's request type for <paramref name="method"/> and re-serialised, so equal
    /// JSON means LiveKit reads the same request.
    /// </summary>
    /// <remarks><paramref name="service"/> RoomService, Egress or Ingress picks the SDK's client.</remarks>
    public static async Task<JsonObject> RoomRequestAsync(
        string apiKey, string apiSecret, string method, string sdkMethod, object?[] args, JsonObject ours, string service = "RoomService")
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, new JsonObject
            {
                ["service"] = service,
                ["method"] = method,
                ["sdkMethod"] = sdkMethod,
                ["args"] = System.Text.Json.JsonSerializer.SerializeToNode(args),
                ["ours"] = ours.DeepClone(),
            }.ToJsonString());
            return JsonNode.Parse(await RunAsync("room-request", apiKey, apiSecret, file))!.AsObject();
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static Task<string> RunAsync(params string[] arguments) => NodeScripts.RunAsync("livekit.mjs", arguments);
}

public sealed class LiveKitSdkRejectedException(string message) : Exception(message);
