using MassTransit;
using Microsoft.Extensions.Options;
using PawfectLive.Notifications.IntegrationEvents.Events;

namespace PawfectLive.Notifications.Application;

/// <summary>
/// Sends each scheduled stream's reminder once its start is within the lead time: claims the due schedules in the store
/// (one instance wins each claim; a claim runs out if its instance dies), fans the reminder out to the owner's followers
/// and the reminded users, then marks it sent for that start time (a reschedule makes it due again). Polls the store,
/// so nothing depends on an in-memory timer: reminders survive restarts.
/// </summary>
public sealed class ReminderWorker(
    IScheduleProjectionStore schedules,
    AlertFanOut fanOut,
    IBus bus,
    IOptionsMonitor<NotificationsOptions> options,
    TimeProvider time,
    ILogger<ReminderWorker> logger) : BackgroundService
{
    private static readonly TimeSpan ClaimDuration = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SendDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.WorkerPassFailed(nameof(ReminderWorker), ex);
            }
            try
            {
                await Task.Delay(options.CurrentValue.ReminderCheckInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async Task SendDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = await schedules.ClaimDueRemindersAsync(now.UtcDateTime, options.CurrentValue.ReminderLeadTime, ClaimDuration, 50, cancellationToken);
        foreach (var schedule in due)
        {
            var startsAt = DateTime.SpecifyKind(schedule.StartsAt, DateTimeKind.Utc);
            var alert = new AlertDraft(NotificationKinds.Reminder, $"{schedule.Id}@{startsAt.Ticks}", schedule.OwnerId, schedule.OwnerName,
                null, schedule.Id, schedule.Title, startsAt, now);
            await fanOut.ToFollowersAsync(alert, bus, cancellationToken);
            await fanOut.ToRemindedAsync(alert, schedule.Id, bus, cancellationToken);
            await schedules.MarkReminderSentAsync(schedule.Id, schedule.StartsAt, cancellationToken);
            logger.ReminderSent(schedule.Id, startsAt);
        }
    }
}

/// <summary>Forgets inbox entries and alert state older than the retention (an hourly pass; every instance may run it).</summary>
public sealed class RetentionWorker(
    IInboxStore inbox, IAudienceStore audience, IOptionsMonitor<NotificationsOptions> options, TimeProvider time, ILogger<RetentionWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var cutoff = (time.GetUtcNow() - options.CurrentValue.InboxRetention).UtcDateTime;
                await inbox.DeleteNotificationsBeforeAsync(cutoff, stoppingToken);
                await audience.DeleteAudienceStateBeforeAsync(cutoff, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.WorkerPassFailed(nameof(RetentionWorker), ex);
            }
            try
            {
                await Task.Delay(TimeSpan.FromHours(1), time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
