using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace PawfectLive.LiveKit;

public enum WebhookRejection
{
    None,
    MissingAuthorization,
    BadSignature,
    WrongIssuer,
    Expired,
    NotYetValid,
    BodyHashMismatch,
}

/// <summary>
/// Verifies LiveKit webhooks: the <c>Authorization</c> header is a JWT signed with the API secret, issued by
/// the API key, unexpired, whose <c>sha256</c> claim is the base64 SHA-256 of the raw body bytes.
/// </summary>
public sealed class WebhookReceiver(IOptions<LiveKitOptions> options, TimeProvider timeProvider)
{
    public WebhookRejection Verify(ReadOnlySpan<byte> rawBody, string? authorization)
    {
        if (string.IsNullOrWhiteSpace(authorization))
        {
            return WebhookRejection.MissingAuthorization;
        }

        var token = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? authorization["Bearer ".Length..].Trim()
            : authorization.Trim();
        var liveKit = options.Value;
        var claims = HmacJwt.Verify(token, liveKit.ApiSecret);
        if (claims is null)
        {
            return WebhookRejection.BadSignature;
        }
        if (!string.Equals(ReadString(claims, "iss"), liveKit.ApiKey, StringComparison.Ordinal))
        {
            return WebhookRejection.WrongIssuer;
        }

        var now = timeProvider.GetUtcNow().ToUnixTimeSeconds();
        var skew = (long)liveKit.WebhookClockSkew.TotalSeconds;
        if (ReadSeconds(claims, "exp") is not { } exp || now > exp + skew)
        {
            return WebhookRejection.Expired;
        }
        if (ReadSeconds(claims, "nbf") is { } nbf && now + skew < nbf)
        {
            return WebhookRejection.NotYetValid;
        }

        var expectedHash = Convert.ToBase64String(SHA256.HashData(rawBody));
        var claimedHash = ReadString(claims, "sha256");
        // Accept the hash with or without base64 padding; compare in constant time.
        if (claimedHash is null
            || !CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.ASCII.GetBytes(expectedHash.TrimEnd('=')),
                System.Text.Encoding.ASCII.GetBytes(claimedHash.TrimEnd('='))))
        {
            return WebhookRejection.BodyHashMismatch;
        }

        return WebhookRejection.None;
    }

    /// <summary>Parses LiveKit's protojson body tolerantly; throws <see cref="JsonException"/> on malformed JSON.</summary>
    public static WebhookEvent Parse(ReadOnlySpan<byte> rawBody) =>
        JsonSerializer.Deserialize<WebhookEvent>(rawBody, LiveKitJson.Options)
        ?? throw new JsonException("The webhook body is JSON null.");

    private static string? ReadString(System.Text.Json.Nodes.JsonObject claims, string name) =>
        claims[name] is System.Text.Json.Nodes.JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static long? ReadSeconds(System.Text.Json.Nodes.JsonObject claims, string name)
    {
        if (claims[name] is not System.Text.Json.Nodes.JsonValue value)
        {
            return null;
        }
        if (value.TryGetValue<long>(out var seconds))
        {
            return seconds;
        }
        if (value.TryGetValue<double>(out var fractional))
        {
            return (long)fractional;
        }
        return null;
    }
}
