using System.Buffers.Text;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace PawfectLive.Notifications.Infrastructure.Push;

/// <summary>
/// FCM HTTP v1 (<c>projects.messages.send</c>) for phones: an OAuth access token from the service account's signed
/// assertion (RFC 7523, cached until shortly before it expires), then one request per registration token.
/// </summary>
public sealed class FcmProvider(HttpClient http, IOptions<FcmOptions> options, TimeProvider time) : IPushProvider, IDisposable
{
    private const string Scope = "https://www.googleapis.com/auth/firebase.messaging";
    private readonly SemaphoreSlim _tokenLock = new(1, 1);
    private (string Value, DateTimeOffset RefreshAt)? _accessToken;

    public string Kind => PushKinds.Fcm;

    public bool IsEnabled => options.Value.Enabled;

    public async Task<PushResult> SendAsync(PushSubscription subscription, PushContent content, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return new PushResult(PushOutcome.Rejected, null, "FCM is off (Fcm:Enabled).");
        }
        try
        {
            var token = await GetAccessTokenAsync(settings, cancellationToken);
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(settings.Endpoint, $"v1/projects/{Uri.EscapeDataString(settings.ProjectId!)}/messages:send"))
            {
                Content = JsonContent.Create(Message(subscription.Token!, content)),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return PushResult.Delivered;
            }
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode == System.Net.HttpStatusCode.Unauthorized)
            {
                _accessToken = null; // revoked or expired early: the next attempt signs in again
                return new PushResult(PushOutcome.Retry, null, body);
            }
            var status = (int)response.StatusCode;
            if (status == 400 && body.Contains("UNREGISTERED", StringComparison.Ordinal))
            {
                status = 404;
            }
            return PushResult.FromStatus(status, PushResult.RetryAfterOf(response.Headers.RetryAfter, time.GetUtcNow()), body);
        }
        catch (HttpRequestException ex)
        {
            return new PushResult(PushOutcome.Retry, null, ex.Message);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return new PushResult(PushOutcome.Retry, null, $"timed out: {ex.Message}");
        }
    }

    /// <summary>FCM's message: the notification shown by the phone, the same fields as data, and how long it is worth delivering.</summary>
    private static JsonObject Message(string registrationToken, PushContent content) => new()
    {
        ["message"] = new JsonObject
        {
            ["token"] = registrationToken,
            ["notification"] = new JsonObject { ["title"] = content.Title, ["body"] = content.Body },
            ["data"] = new JsonObject(content.Data.Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)JsonValue.Create(pair.Value)))),
            ["android"] = new JsonObject
            {
                ["ttl"] = $"{(long)content.TimeToLive.TotalSeconds}s",
                ["collapse_key"] = content.Topic,
                ["priority"] = "HIGH",
            },
            ["apns"] = new JsonObject
            {
                ["headers"] = new JsonObject { ["apns-collapse-id"] = content.Topic },
            },
        },
    };

    private async Task<string> GetAccessTokenAsync(FcmOptions settings, CancellationToken cancellationToken)
    {
        if (_accessToken is { } cached && cached.RefreshAt > time.GetUtcNow())
        {
            return cached.Value;
        }
        await _tokenLock.WaitAsync(cancellationToken);
        try
        {
            if (_accessToken is { } fresh && fresh.RefreshAt > time.GetUtcNow())
            {
                return fresh.Value;
            }
            var now = time.GetUtcNow();
            using var response = await http.PostAsync(settings.TokenUri, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "urn:ietf:params:oauth:grant-type:jwt-bearer",
                ["assertion"] = Assertion(settings, now),
            }), cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException(
                    $"FCM sign-in at {settings.TokenUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var token = json.RootElement.GetProperty("access_token").GetString()!;
            var lifetime = json.RootElement.TryGetProperty("expires_in", out var expires) ? TimeSpan.FromSeconds(expires.GetInt32()) : TimeSpan.FromMinutes(5);
            _accessToken = (token, now + lifetime - TimeSpan.FromMinutes(Math.Min(5, lifetime.TotalMinutes / 2)));
            return token;
        }
        finally
        {
            _tokenLock.Release();
        }
    }

    /// <summary>The service account's JWT (RS256): it asks for the FCM scope at the token endpoint, valid for an hour.</summary>
    private static string Assertion(FcmOptions settings, DateTimeOffset now)
    {
        var header = Encode(new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT" });
        var claims = Encode(new JsonObject
        {
            ["iss"] = settings.ClientEmail,
            ["scope"] = Scope,
            ["aud"] = settings.TokenUri.AbsoluteUri,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
        });
        using var rsa = RSA.Create();
        rsa.ImportFromPem(settings.PrivateKey!.Replace("\\n", "\n", StringComparison.Ordinal));
        var signature = rsa.SignData(Encoding.ASCII.GetBytes($"{header}.{claims}"), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{header}.{claims}.{Base64Url.EncodeToString(signature)}";
    }

    private static string Encode(JsonObject json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json.ToJsonString()));

    public void Dispose() => _tokenLock.Dispose();
}
