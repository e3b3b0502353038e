using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace PawfectLive.Notifications.Infrastructure.Push;

/// <summary>
/// Web Push (RFC 8030) with VAPID (RFC 8292): the application server's P-256 key pair, base64url as browsers and the
/// <c>web-push</c> tools write them (public: the 65-byte uncompressed point; private: the 32-byte scalar), and the
/// contact (<c>mailto:</c> or <c>https:</c>) push services may use. Without keys, Web Push is off.
/// </summary>
public sealed class WebPushOptions
{
    public const string SectionName = "WebPush";

    /// <summary>The keys published in this repository for local runs; refused outside Development.</summary>
    public const string DevelopmentPublicKey = "BEZjIc-EH0L4W2iWsj0Buk3smacPEbOrkJXi6dzFhkwqUizhrXIIiAtcoZHVpTE0Jitl-nLLY7U8rKgDcmX-oyA";

    public string? PublicKey { get; set; }
    public string? PrivateKey { get; set; }
    public string Subject { get; set; } = "mailto:ops@pawfectlive.dev";

    /// <summary>Accept <c>http://</c> subscription endpoints on loopback (a local push-service double); real push services use https.</summary>
    public bool AllowLoopbackEndpoints { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(PublicKey) && !string.IsNullOrWhiteSpace(PrivateKey);
}

/// <summary>Checks the VAPID keys at start: both or neither, the right sizes, one pair, a usable subject, no development keys in production.</summary>
public sealed class WebPushOptionsValidator(IHostEnvironment environment) : IValidateOptions<WebPushOptions>
{
    public ValidateOptionsResult Validate(string? name, WebPushOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.PublicKey) && string.IsNullOrWhiteSpace(options.PrivateKey))
        {
            return ValidateOptionsResult.Success;
        }
        var failures = new List<string>();
        var publicKey = Decode(options.PublicKey);
        var privateKey = Decode(options.PrivateKey);
        if (publicKey is not { Length: 65 } || publicKey[0] != 0x04)
        {
            failures.Add("WebPush:PublicKey must be a base64url P-256 public key (65 bytes, uncompressed point).");
        }
        if (privateKey is not { Length: 32 })
        {
            failures.Add("WebPush:PrivateKey must be a base64url P-256 private key (32 bytes).");
        }
        if (failures.Count == 0 && !IsPair(publicKey!, privateKey!))
        {
            failures.Add("WebPush:PrivateKey does not belong to WebPush:PublicKey.");
        }
        if (!Uri.TryCreate(options.Subject, UriKind.Absolute, out var subject) || subject.Scheme is not ("mailto" or "https"))
        {
            failures.Add("WebPush:Subject must be a mailto: or https: URI (RFC 8292).");
        }
        if (!environment.IsDevelopment() && options.PublicKey == WebPushOptions.DevelopmentPublicKey)
        {
            failures.Add($"WebPush keys are the development keys published in this repository; outside Development ({environment.EnvironmentName}) configure your own.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static byte[]? Decode(string? value)
    {
        try
        {
            return value is null ? null : Base64Url.DecodeFromChars(value.Trim());
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static bool IsPair(byte[] publicKey, byte[] privateKey)
    {
        try
        {
            using var key = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = privateKey });
            var point = key.ExportParameters(includePrivateParameters: false).Q;
            return point.X!.AsSpan().SequenceEqual(publicKey.AsSpan(1, 32)) && point.Y!.AsSpan().SequenceEqual(publicKey.AsSpan(33, 32));
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
