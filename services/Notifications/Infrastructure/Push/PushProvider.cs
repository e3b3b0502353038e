namespace PawfectLive.Notifications.Infrastructure.Push;

public enum PushOutcome
{
    /// <summary>The push service took the message.</summary>
    Delivered,

    /// <summary>The subscription is gone (404/410, FCM's UNREGISTERED): drop it.</summary>
    Gone,

    /// <summary>Try again later (429, 5xx, network): after <see cref="PushResult.RetryAfter"/> when the service said.</summary>
    Retry,

    /// <summary>The service refused this message for good (another 4xx): drop the message, keep the subscription.</summary>
    Rejected,
}

public sealed record PushResult(PushOutcome Outcome, TimeSpan? RetryAfter = null, string? Detail = null)
{
    public static PushResult Delivered { get; } = new(PushOutcome.Delivered);

    /// <summary>The outcome of an HTTP status a push service answered (RFC 8030 for Web Push; FCM HTTP v1 maps the same way).</summary>
    public static PushResult FromStatus(int status, TimeSpan? retryAfter, string? detail) => status switch
    {
        >= 200 and < 300 => Delivered,
        404 or 410 => new(PushOutcome.Gone, null, detail),
        429 or >= 500 => new(PushOutcome.Retry, retryAfter, detail),
        _ => new(PushOutcome.Rejected, null, detail),
    };

    /// <summary>How long a response's <c>Retry-After</c> asks to wait (seconds or an HTTP date), if it says.</summary>
    public static TimeSpan? RetryAfterOf(System.Net.Http.Headers.RetryConditionHeaderValue? header, DateTimeOffset now) =>
        header?.Delta ?? (header?.Date is { } date ? (date - now is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero) : null);
}

/// <summary>What a push message says (a JSON object, the same for every provider) and how long it is worth delivering.</summary>
public sealed record PushContent(string Payload, TimeSpan TimeToLive, string Topic, string Title, string Body, IReadOnlyDictionary<string, string> Data);

/// <summary>Sends push messages to one kind of device (<see cref="Model.PushKinds"/>).</summary>
public interface IPushProvider
{
    string Kind { get; }

    /// <summary>False when this deployment has no credentials for it: registrations of its kind are refused.</summary>
    bool IsEnabled { get; }

    Task<PushResult> SendAsync(PushSubscription subscription, PushContent content, CancellationToken cancellationToken);
}
