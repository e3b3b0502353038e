using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PawfectLive.FunctionalTests.Webhooks;

/// <summary>Sends webhooks the way a LiveKit server does: protojson bodies with an SDK-made signature.</summary>
public sealed class WebhookSender(HttpClient client, string apiKey, string apiSecret)
{
    private int _next;

    public static string Participant(
        string eventName, string roomName, string sid, string identity, string? id = null, string? kind = null, bool hidden = false,
        DateTimeOffset? createdAt = null)
    {
        var participant = new JsonObject { ["sid"] = sid, ["identity"] = identity, ["state"] = "ACTIVE", ["joinedAt"] = "1700000000" };
        if (kind is not null)
        {
            participant["kind"] = kind;
        }
        if (hidden)
        {
            participant["permission"] = new JsonObject { ["canSubscribe"] = true, ["hidden"] = true };
        }
        return new JsonObject
        {
            ["event"] = eventName,
            ["id"] = id ?? $"EV_{Guid.NewGuid():N}",
            ["createdAt"] = (createdAt ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(),
            ["room"] = new JsonObject { ["sid"] = "RM_test", ["name"] = roomName, ["numParticipants"] = 99 },
            ["participant"] = participant,
        }.ToJsonString();
    }

    public static string RoomFinished(string roomName, string? id = null) =>
        new JsonObject
        {
            ["event"] = "room_finished",
            ["id"] = id ?? $"EV_{Guid.NewGuid():N}",
            ["createdAt"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(),
            ["room"] = new JsonObject { ["sid"] = "RM_test", ["name"] = roomName },
        }.ToJsonString();

    /// <summary>Posts the body signed by LiveKit's SDK. Spaces are added the way LiveKit's serializer may, and signed as sent.</summary>
    public async Task<HttpResponseMessage> SendAsync(string body, string? authorization = null)
    {
        var bytes = Encoding.UTF8.GetBytes(Interlocked.Increment(ref _next) % 2 == 0 ? body.Replace(",\"", ", \"") : body);
        authorization ??= await LiveKitSdk.SignWebhookAsync(apiKey, apiSecret, bytes);
        return await PostAsync(bytes, authorization);
    }

    public async Task<HttpResponseMessage> PostAsync(byte[] body, string? authorization)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/webhook+json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/livekit") { Content = content };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        return await client.SendAsync(request);
    }

    /// <summary>Retries like LiveKit does on 5xx until accepted; returns the final status.</summary>
    public async Task<HttpStatusCode> DeliverAsync(string body, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            using var response = await SendAsync(body);
            if ((int)response.StatusCode < 500 || DateTime.UtcNow > deadline)
            {
                return response.StatusCode;
            }
            await Task.Delay(500);
        }
    }

    /// <summary>A correctly signed token whose expiry is in the past.</summary>
    public string ExpiredSignature(byte[] body)
    {
        static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Encode(Encoding.UTF8.GetBytes("""{"alg":"HS256","typ":"JWT"}"""));
        var claims = Encode(JsonSerializer.SerializeToUtf8Bytes(new
        {
            iss = apiKey,
            nbf = now - 3600,
            iat = now - 3600,
            exp = now - 1800,
            sha256 = Convert.ToBase64String(SHA256.HashData(body)),
        }));
        var signature = Encode(HMACSHA256.HashData(Encoding.UTF8.GetBytes(apiSecret), Encoding.ASCII.GetBytes($"{header}.{claims}")));
        return $"{header}.{claims}.{signature}";
    }
}
