using Lib.Net.Http.WebPush;
using Lib.Net.Http.WebPush.Authentication;
using Microsoft.Extensions.Options;
using WebPushSubscription = Lib.Net.Http.WebPush.PushSubscription;

namespace PawfectLive.Notifications.Infrastructure.Push;

/// <summary>
/// Web Push through <c>Lib.Net.Http.WebPush</c>: the payload encrypted for the subscription (RFC 8291, aes128gcm), the
/// request signed with our VAPID key (RFC 8292). Its own 429 retry is off: retries wait in the durable push queue.
/// </summary>
public sealed class WebPushProvider : IPushProvider, IDisposable
{
    private readonly PushServiceClient? _client;
    private readonly VapidAuthentication? _vapid;
    private readonly TimeProvider _time;

    public WebPushProvider(HttpClient http, IOptions<WebPushOptions> options, TimeProvider time)
    {
        _time = time;
        var settings = options.Value;
        if (!settings.IsConfigured)
        {
            return;
        }
        _vapid = new VapidAuthentication(settings.PublicKey!.Trim(), settings.PrivateKey!.Trim()) { Subject = settings.Subject };
        _client = new PushServiceClient(http)
        {
            DefaultAuthentication = _vapid,
            AutoRetryAfter = false,
        };
    }

    public string Kind => PushKinds.WebPush;

    public bool IsEnabled => _client is not null;

    public async Task<PushResult> SendAsync(Model.PushSubscription subscription, PushContent content, CancellationToken cancellationToken)
    {
        if (_client is null)
        {
            return new PushResult(PushOutcome.Rejected, null, "Web Push is not configured (WebPush:PublicKey, WebPush:PrivateKey).");
        }
        var target = new WebPushSubscription
        {
            Endpoint = subscription.Endpoint,
            Keys = new Dictionary<string, string> { ["p256dh"] = subscription.P256dh!, ["auth"] = subscription.Auth! },
        };
        var message = new PushMessage(content.Payload)
        {
            TimeToLive = (int)content.TimeToLive.TotalSeconds,
            Topic = content.Topic,
            Urgency = PushMessageUrgency.High,
        };
        try
        {
            await _client.RequestPushMessageDeliveryAsync(target, message, cancellationToken);
            return PushResult.Delivered;
        }
        catch (PushServiceClientException ex)
        {
            return PushResult.FromStatus((int)ex.StatusCode, PushResult.RetryAfterOf(ex.Headers?.RetryAfter, _time.GetUtcNow()), ex.Message);
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

    public void Dispose() => _vapid?.Dispose();
}
