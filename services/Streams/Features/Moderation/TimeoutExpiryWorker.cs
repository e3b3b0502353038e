namespace PawfectLive.Streams.Features.Moderation;

/// <summary>
/// Expires timeouts when they run out (<see cref="ModerationService.ExpireTimeoutsAsync"/>: Chat hears of it and the
/// user's LiveKit data permission comes back). A failed expiry is tried again a few seconds later.
/// </summary>
public sealed partial class TimeoutExpiryWorker(
    TimeoutExpirySchedule schedule,
    ModerationService moderation,
    IStreamStore store,
    TimeProvider time,
    ILogger<TimeoutExpiryWorker> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    // Waits at most this long even when nothing is due, as a safety net against a missed signal.
    private static readonly TimeSpan LongestWait = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            foreach (var stream in await store.ListAllLiveAsync(stoppingToken))
            {
                schedule.AddAll(stream);
            }
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            LogExpiryFailed(logger, "(start-up scan)", ex); // the first reconciliation pass schedules them instead
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var added = schedule.Added;
            var now = time.GetUtcNow().UtcDateTime;
            foreach (var streamId in schedule.TakeDue(now))
            {
                try
                {
                    await moderation.ExpireTimeoutsAsync(streamId, stoppingToken);
                    if (await store.GetAsync(streamId, stoppingToken) is { IsLive: true } stream)
                    {
                        schedule.AddAll(stream); // the stream's next end, now that this one is done
                    }
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogExpiryFailed(logger, streamId, ex);
                    schedule.Add(streamId, now + RetryDelay);
                }
            }

            var wait = schedule.NextDue is { } next ? next - time.GetUtcNow().UtcDateTime : LongestWait;
            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            await Task.WhenAny(Task.Delay(wait < TimeSpan.Zero ? TimeSpan.Zero : wait > LongestWait ? LongestWait : wait, time, waiting.Token), added);
            await waiting.CancelAsync();
        }
    }

    [LoggerMessage(EventId = 2405, Level = LogLevel.Warning, Message = "Expiring the timeouts of stream {StreamId} failed; trying again shortly")]
    private static partial void LogExpiryFailed(ILogger logger, string streamId, Exception exception);
}
