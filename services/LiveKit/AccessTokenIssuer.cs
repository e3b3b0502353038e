using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace PawfectLive.LiveKit;

public sealed record LiveKitToken(string Token, DateTimeOffset ExpiresAt);

/// <summary>Mints LiveKit access tokens: <c>iss</c> = API key, <c>sub</c> = identity, a <c>video</c> grant.</summary>
public sealed class AccessTokenIssuer(IOptions<LiveKitOptions> options, TimeProvider timeProvider)
{
    public LiveKitToken Issue(string identity, VideoGrant grant, string? name = null, string? metadata = null, TimeSpan? ttl = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(identity);
        var liveKit = options.Value;
        var now = timeProvider.GetUtcNow();
        var expiresAt = now + (ttl ?? liveKit.TokenTtl);

        var claims = new JsonObject
        {
            ["iss"] = liveKit.ApiKey,
            ["sub"] = identity,
            ["jti"] = identity,
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = expiresAt.ToUnixTimeSeconds(),
            ["video"] = JsonSerializer.SerializeToNode(grant, LiveKitJson.Options),
        };
        if (!string.IsNullOrEmpty(name))
        {
            claims["name"] = name;
        }
        if (!string.IsNullOrEmpty(metadata))
        {
            claims["metadata"] = metadata;
        }

        return new LiveKitToken(HmacJwt.Sign(claims, liveKit.ApiSecret), expiresAt);
    }
}
