using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using PawfectLive.Notifications.Infrastructure.Push;

namespace PawfectLive.Notifications.Application;

/// <summary>What a device registers: a browser's Web Push subscription (endpoint and keys) or a phone's FCM token.</summary>
public sealed record PushRegistration(string? Kind, string? Endpoint, string? P256dh, string? Auth, string? Token);

/// <summary>Registering and removing a user's push devices, with the checks that keep a malformed one out.</summary>
public sealed class PushSubscriptionService(
    IPushStore store, IEnumerable<IPushProvider> providers, IOptions<WebPushOptions> webPush, IOptionsMonitor<NotificationsOptions> options,
    TimeProvider time)
{
    public const int MaxEndpointLength = 2048;
    public const int MaxTokenLength = 4096;

    public async Task<Result<(PushSubscription Subscription, bool Added)>> RegisterAsync(
        Caller caller, PushRegistration registration, CancellationToken cancellationToken)
    {
        var kind = registration.Kind?.Trim().ToLowerInvariant() ?? (registration.Token is not null ? PushKinds.Fcm : PushKinds.WebPush);
        var errors = new Dictionary<string, string[]>();
        var subscription = kind switch
        {
            PushKinds.WebPush => WebPushSubscription(caller, registration, errors),
            PushKinds.Fcm => FcmSubscription(caller, registration, errors),
            _ => Invalid(errors, "kind", $"kind must be '{PushKinds.WebPush}' or '{PushKinds.Fcm}'."),
        };
        if (errors.Count > 0)
        {
            return new NotificationError.Invalid(errors);
        }
        if (!providers.Any(p => p.Kind == kind && p.IsEnabled))
        {
            return new NotificationError.ProviderDisabled(kind);
        }
        var max = options.CurrentValue.MaxPushSubscriptionsPerUser;
        return await store.AddSubscriptionAsync(subscription!, max, cancellationToken) switch
        {
            SubscriptionResult.LimitReached => new NotificationError.SubscriptionLimit(max),
            var result => (subscription!, result == SubscriptionResult.Added),
        };
    }

    public Task<IReadOnlyList<PushSubscription>> ListAsync(Caller caller, CancellationToken cancellationToken) =>
        store.ListSubscriptionsAsync(caller.UserId, cancellationToken);

    public async Task<Result<bool>> RemoveAsync(Caller caller, string id, CancellationToken cancellationToken) =>
        await store.RemoveSubscriptionAsync(id, caller.UserId, cancellationToken) ? true : new NotificationError.SubscriptionNotFound(id);

    /// <summary>The VAPID public key browsers subscribe with (null when Web Push is off).</summary>
    public string? VapidPublicKey => webPush.Value.IsConfigured ? webPush.Value.PublicKey!.Trim() : null;

    private PushSubscription? WebPushSubscription(Caller caller, PushRegistration registration, Dictionary<string, string[]> errors)
    {
        var endpoint = registration.Endpoint?.Trim();
        if (endpoint is null || endpoint.Length > MaxEndpointLength || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || !IsAllowedEndpoint(uri))
        {
            Invalid(errors, "endpoint", webPush.Value.AllowLoopbackEndpoints
                ? "endpoint must be an absolute https URL of a push service (http only on loopback)."
                : "endpoint must be an absolute https URL of a push service.");
        }
        if (Decode(registration.P256dh) is not { Length: 65 } key || key[0] != 0x04)
        {
            Invalid(errors, "keys.p256dh", "keys.p256dh must be the subscription's base64url P-256 public key (65 bytes).");
        }
        if (Decode(registration.Auth) is not { Length: 16 })
        {
            Invalid(errors, "keys.auth", "keys.auth must be the subscription's base64url authentication secret (16 bytes).");
        }
        return errors.Count > 0 ? null : new PushSubscription
        {
            Id = IdOf(PushKinds.WebPush, endpoint!),
            UserId = caller.UserId,
            Kind = PushKinds.WebPush,
            Endpoint = endpoint,
            P256dh = registration.P256dh!.Trim(),
            Auth = registration.Auth!.Trim(),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
    }

    private PushSubscription? FcmSubscription(Caller caller, PushRegistration registration, Dictionary<string, string[]> errors)
    {
        var token = registration.Token?.Trim();
        if (token is not { Length: > 0 and <= MaxTokenLength } || token.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            return Invalid(errors, "token", $"token must be an FCM registration token (1-{MaxTokenLength} characters, no spaces).");
        }
        return new PushSubscription
        {
            Id = IdOf(PushKinds.Fcm, token),
            UserId = caller.UserId,
            Kind = PushKinds.Fcm,
            Token = token,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
    }

    private bool IsAllowedEndpoint(Uri uri) =>
        uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback && webPush.Value.AllowLoopbackEndpoints);

    private static PushSubscription? Invalid(Dictionary<string, string[]> errors, string field, string message)
    {
        errors[field] = [message];
        return null;
    }

    private static string IdOf(string kind, string address) =>
        Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(kind + ":" + address)))[..22];

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
}
