using Microsoft.Extensions.Options;
using PawfectLive.Notifications.Infrastructure.Push;

namespace PawfectLive.Notifications.Application;

/// <summary>Wakes the push dispatcher as soon as pushes were queued, instead of waiting for its next poll.</summary>
public sealed class PushSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _signal.Dispose();
}

/// <summary>
/// Sends the queued pushes (<see cref="IPushStore"/>): takes the due ones (hidden from other instances while it sends),
/// sends them a few at a time, and per outcome deletes the message (delivered, refused), drops the subscription (404/410)
/// or puts the message back for later (429/5xx/network: after the service's <c>Retry-After</c>, else a doubling delay,
/// until <see cref="NotificationsOptions.PushMaxAttempts"/>). A go-live push of a stream that ended meanwhile is not sent.
/// The queue is in the store, so a restart loses nothing.
/// </summary>
public sealed class PushDispatcher(
    IPushStore store,
    IAudienceStore audience,
    IEnumerable<IPushProvider> providers,
    PushSignal signal,
    IOptionsMonitor<NotificationsOptions> options,
    NotificationsMetrics metrics,
    TimeProvider time,
    ILogger<PushDispatcher> logger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ClaimDuration = TimeSpan.FromMinutes(2);
    private readonly Dictionary<string, IPushProvider> _providers = providers.ToDictionary(p => p.Kind);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await SendDueAsync(stoppingToken) == 0)
                {
                    await signal.WaitAsync(PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.WorkerPassFailed(nameof(PushDispatcher), ex);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
            }
        }
    }

    /// <summary>One pass: how many due pushes it handled.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var due = await store.ClaimDueDeliveriesAsync(time.GetUtcNow().UtcDateTime, ClaimDuration, settings.PushConcurrency * 8, cancellationToken);
        var ended = new Dictionary<string, bool>();
        foreach (var streamId in due.Select(d => d.StreamId).OfType<string>().Distinct())
        {
            ended[streamId] = await audience.HasStreamEndedAsync(streamId, cancellationToken);
        }
        // Finished messages are deleted together at the end of the pass: one store write, not one per push.
        var finished = new System.Collections.Concurrent.ConcurrentBag<string>();
        try
        {
            await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = settings.PushConcurrency, CancellationToken = cancellationToken },
                async (delivery, token) =>
                {
                    if (delivery.StreamId is { } streamId && ended[streamId])
                    {
                        metrics.PushAttempted(delivery.Kind, "stream_ended");
                        finished.Add(delivery.Id);
                        return;
                    }
                    if (await SendAsync(delivery, settings, token))
                    {
                        finished.Add(delivery.Id);
                    }
                });
        }
        finally
        {
            await store.CompleteDeliveriesAsync([.. finished], CancellationToken.None);
        }
        return due.Count;
    }

    /// <summary>Sends one message; true when it is finished with (to delete), false when it was retried or its subscription dropped.</summary>
    private async Task<bool> SendAsync(PushDelivery delivery, NotificationsOptions settings, CancellationToken cancellationToken)
    {
        var subscription = await store.GetSubscriptionAsync(delivery.SubscriptionId, cancellationToken);
        if (subscription is null || !_providers.TryGetValue(subscription.Kind, out var provider) || !provider.IsEnabled)
        {
            return true;
        }
        var result = await provider.SendAsync(subscription, AlertComposer.PushContentOf(delivery), cancellationToken);
        metrics.PushAttempted(provider.Kind, result.Outcome.ToString().ToLowerInvariant());
        switch (result.Outcome)
        {
            case PushOutcome.Delivered:
                return true;
            case PushOutcome.Gone:
                await store.RemoveSubscriptionAsync(subscription.Id, null, cancellationToken);
                logger.SubscriptionDropped(subscription.Id, subscription.Kind, subscription.UserId, result.Detail ?? "gone");
                return false;
            case PushOutcome.Rejected:
                logger.PushRejected(delivery.Id, subscription.Id, subscription.Kind, result.Detail);
                return true;
            default:
                var attempts = delivery.Attempts + 1;
                if (attempts >= settings.PushMaxAttempts)
                {
                    logger.PushGivenUp(delivery.Id, subscription.Id, subscription.Kind, attempts, result.Detail);
                    return true;
                }
                var backoff = settings.PushRetryDelay * Math.Pow(2, attempts - 1);
                var delay = result.RetryAfter is { } asked ? (asked > settings.PushMaxRetryAfter ? settings.PushMaxRetryAfter : asked) : backoff;
                await store.RetryDeliveryAsync(delivery.Id, attempts, time.GetUtcNow().UtcDateTime + delay, cancellationToken);
                logger.PushRetried(delivery.Id, subscription.Id, subscription.Kind, delay, attempts, result.Detail);
                return false;
        }
    }
}
