using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using PawfectLive.Notifications.Infrastructure.Push;
using PawfectLive.Notifications.Model;

namespace PawfectLive.FunctionalTests.Notifications;

/// <summary>
/// The FCM HTTP v1 sender against a double of Google's documented API: the OAuth token endpoint checks the service
/// account's RS256 assertion (RFC 7523) with the account's public key, <c>messages:send</c> checks the bearer token and
/// the message, and answers as FCM does (200, 404 UNREGISTERED, 429 with Retry-After).
/// </summary>
public sealed class FcmProviderTests : IAsyncLifetime
{
    private readonly RSA _serviceAccountKey = RSA.Create(2048);
    private readonly List<JsonElement> _sent = [];
    private WebApplication _double = null!;
    private int _tokenRequests;
    private string _baseUrl = "";

    public async Task InitializeAsync()
    {
        var port = FreePorts.Find();
        _baseUrl = $"http://127.0.0.1:{port}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(_baseUrl);
        _double = builder.Build();
        _double.MapPost("/token", async (HttpContext http) =>
        {
            var form = await http.Request.ReadFormAsync();
            if (form["grant_type"] != "urn:ietf:params:oauth:grant-type:jwt-bearer" || !ValidAssertion(form["assertion"].ToString()))
            {
                return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
            }
            Interlocked.Increment(ref _tokenRequests);
            return Results.Json(new { access_token = "ya29.test-token", expires_in = 3599, token_type = "Bearer" });
        });
        _double.MapPost("/v1/projects/{project}/messages:send", async (string project, HttpContext http) =>
        {
            if (project != "pawfect-test" || http.Request.Headers.Authorization != "Bearer ya29.test-token")
            {
                return Results.Json(new { error = new { code = 401, status = "UNAUTHENTICATED" } }, statusCode: 401);
            }
            var body = await JsonDocument.ParseAsync(http.Request.Body);
            var message = body.RootElement.GetProperty("message");
            lock (_sent)
            {
                _sent.Add(message.Clone());
            }
            return message.GetProperty("token").GetString() switch
            {
                "gone-token" => Results.Json(new
                {
                    error = new { code = 404, status = "NOT_FOUND", details = new[] { new { errorCode = "UNREGISTERED" } } },
                }, statusCode: 404),
                "busy-token" => RetryLater(http),
                _ => Results.Json(new { name = $"projects/{project}/messages/1" }),
            };
        });
        await _double.StartAsync();
    }

    private static IResult RetryLater(HttpContext http)
    {
        http.Response.Headers.RetryAfter = "7";
        return Results.Json(new { error = new { code = 429, status = "RESOURCE_EXHAUSTED" } }, statusCode: 429);
    }

    private bool ValidAssertion(string assertion)
    {
        var parts = assertion.Split('.');
        if (parts.Length != 3 || !_serviceAccountKey.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64Url.DecodeFromChars(parts[2]),
                HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            return false;
        }
        var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0])).RootElement;
        var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1])).RootElement;
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return header.GetProperty("alg").GetString() == "RS256"
            && claims.GetProperty("iss").GetString() == "sender@pawfect-test.iam.gserviceaccount.com"
            && claims.GetProperty("scope").GetString() == "https://www.googleapis.com/auth/firebase.messaging"
            && claims.GetProperty("aud").GetString() == $"{_baseUrl}/token"
            && claims.GetProperty("iat").GetInt64() <= now + 5
            && claims.GetProperty("exp").GetInt64() > now;
    }

    public async Task DisposeAsync()
    {
        await _double.DisposeAsync();
        _serviceAccountKey.Dispose();
    }

    private FcmProvider Provider(HttpClient http) => new(http, Options.Create(new FcmOptions
    {
        Enabled = true,
        ProjectId = "pawfect-test",
        ClientEmail = "sender@pawfect-test.iam.gserviceaccount.com",
        PrivateKey = _serviceAccountKey.ExportPkcs8PrivateKeyPem(),
        TokenUri = new Uri($"{_baseUrl}/token"),
        Endpoint = new Uri(_baseUrl),
    }), TimeProvider.System);

    private static PushContent Content() => new("{}", TimeSpan.FromHours(1), "topic-1", "Rex is live: Walkies", "Walkies",
        new Dictionary<string, string> { ["streamId"] = "s1", ["kind"] = "go_live" });

    private static PushSubscription Phone(string token) => new() { Id = token, UserId = "fan", Kind = PushKinds.Fcm, Token = token };

    [Fact]
    public async Task Signs_in_once_sends_the_message_and_maps_unregistered_and_rate_limited_answers()
    {
        using var http = new HttpClient();
        using var provider = Provider(http);

        Assert.Equal(PushOutcome.Delivered, (await provider.SendAsync(Phone("device-1"), Content(), default)).Outcome);
        Assert.Equal(PushOutcome.Delivered, (await provider.SendAsync(Phone("device-2"), Content(), default)).Outcome);
        var gone = await provider.SendAsync(Phone("gone-token"), Content(), default);
        Assert.Equal(PushOutcome.Gone, gone.Outcome);
        var busy = await provider.SendAsync(Phone("busy-token"), Content(), default);
        Assert.Equal(PushOutcome.Retry, busy.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(7), busy.RetryAfter);

        Assert.Equal(1, _tokenRequests);
        var first = _sent[0];
        Assert.Equal("device-1", first.GetProperty("token").GetString());
        Assert.Equal("Rex is live: Walkies", first.GetProperty("notification").GetProperty("title").GetString());
        Assert.Equal("s1", first.GetProperty("data").GetProperty("streamId").GetString());
        Assert.Equal("3600s", first.GetProperty("android").GetProperty("ttl").GetString());
    }

    [Fact]
    public async Task A_wrong_service_account_key_is_refused_by_the_token_endpoint_and_the_push_is_retried_later()
    {
        using var http = new HttpClient();
        using var otherKey = RSA.Create(2048);
        using var provider = new FcmProvider(http, Options.Create(new FcmOptions
        {
            Enabled = true,
            ProjectId = "pawfect-test",
            ClientEmail = "sender@pawfect-test.iam.gserviceaccount.com",
            PrivateKey = otherKey.ExportPkcs8PrivateKeyPem(),
            TokenUri = new Uri($"{_baseUrl}/token"),
            Endpoint = new Uri(_baseUrl),
        }), TimeProvider.System);

        Assert.Equal(PushOutcome.Retry, (await provider.SendAsync(Phone("device-1"), Content(), default)).Outcome);
        Assert.Empty(_sent);
    }
}
