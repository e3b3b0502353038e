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

    /// <summary>A <c>track_published</c> of a camera track (LiveKit's protojson).</summary>
    public static string TrackPublished(string roomName, string sid, string identity, string? kind = null, string source = "CAMERA") =>
        new JsonObject
        {
            ["event"] = "track_published",
            ["id"] = $"EV_{Guid.NewGuid():N}",
            ["createdAt"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(),
            ["room"] = new JsonObject { ["sid"] = "RM_test", ["name"] = roomName },
            ["participant"] = kind is null
                ? new JsonObject { ["sid"] = sid, ["identity"] = identity, ["state"] = "ACTIVE" }
                : new JsonObject { ["sid"] = sid, ["identity"] = identity, ["state"] = "ACTIVE", ["kind"] = kind },
            ["track"] = new JsonObject { ["sid"] = "TR_" + sid, ["type"] = source == "MICROPHONE" ? "AUDIO" : "VIDEO", ["source"] = source },
        }.ToJsonString();

    /// <summary>
    /// An egress webhook (<c>egress_started</c>, <c>egress_updated</c>, <c>egress_ended</c>) as LiveKit writes it: times in unix
    /// nanoseconds, results once ended (an HLS playlist of <paramref name="durationSeconds"/> and <paramref name="sizeBytes"/>, an MP4).
    /// </summary>
    public static string Egress(
        string eventName, string roomName, string egressId, string status, DateTimeOffset updatedAt, string? error = null,
        double? durationSeconds = null, long? sizeBytes = null, long? mp4SizeBytes = null)
    {
        static string Nanoseconds(DateTimeOffset at) => ((at - DateTimeOffset.UnixEpoch).Ticks * 100).ToString();
        var info = new JsonObject
        {
            ["egressId"] = egressId,
            ["roomId"] = "RM_test",
            ["roomName"] = roomName,
            ["status"] = status,
            ["startedAt"] = Nanoseconds(updatedAt.AddSeconds(-(durationSeconds ?? 0))),
            ["updatedAt"] = Nanoseconds(updatedAt),
        };
        if (error is not null)
        {
            info["error"] = error;
        }
        if (durationSeconds is { } duration)
        {
            var nanoseconds = ((long)(duration * 1e9)).ToString();
            info["endedAt"] = Nanoseconds(updatedAt);
            info["segmentResults"] = new JsonArray(new JsonObject
            {
                ["playlistName"] = "index.m3u8",
                ["livePlaylistName"] = "live.m3u8",
                ["duration"] = nanoseconds,
                ["size"] = (sizeBytes ?? 0).ToString(),
                ["segmentCount"] = "8",
                ["playlistLocation"] = "https://bucket.s3/index.m3u8",
            });
            info["fileResults"] = new JsonArray(new JsonObject
            {
                ["filename"] = "recording.mp4",
                ["duration"] = nanoseconds,
                ["size"] = (mp4SizeBytes ?? 0).ToString(),
                ["location"] = "https://bucket.s3/recording.mp4",
            });
        }
        return new JsonObject
        {
            ["event"] = eventName,
            ["id"] = $"EV_{Guid.NewGuid():N}",
            ["createdAt"] = updatedAt.ToUnixTimeSeconds().ToString(),
            ["egressInfo"] = info,
        }.ToJsonString();
    }

    /// <summary>An <c>ingress_started</c> or <c>ingress_ended</c> webhook.</summary>
    public static string Ingress(string eventName, string roomName, string ingressId, string identity, string status, string? error = null)
    {
        var state = new JsonObject { ["status"] = status };
        if (error is not null)
        {
            state["error"] = error;
        }
        return new JsonObject
        {
            ["event"] = eventName,
            ["id"] = $"EV_{Guid.NewGuid():N}",
            ["createdAt"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(),
            ["ingressInfo"] = new JsonObject
            {
                ["ingressId"] = ingressId,
                ["name"] = "encoder",
                ["streamKey"] = "key",
                ["url"] = "rtmp://127.0.0.1:1935/live",
                ["inputType"] = "RTMP_INPUT",
                ["roomName"] = roomName,
                ["participantIdentity"] = identity,
                ["state"] = state,
            },
        }.ToJsonString();
    }

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
