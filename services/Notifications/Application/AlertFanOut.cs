using MassTransit;
using Microsoft.Extensions.Options;
using PawfectLive.Notifications.IntegrationEvents.Events;

namespace PawfectLive.Notifications.Application;

/// <summary>
/// Addresses an alert to its audience in batches through RabbitMQ (<see cref="AlertBatchIntegrationEvent"/>): an owner's
/// followers page by page (key order), then the users who asked to be reminded of the schedule. A user in both gets one
/// entry (entries are keyed by user and alert). Never one message per follower.
/// </summary>
public sealed class AlertFanOut(
    IFollowStore follows, IScheduleProjectionStore schedules, IOptionsMonitor<NotificationsOptions> options, NotificationsMetrics metrics,
    ILogger<AlertFanOut> logger)
{
    public async Task<int> ToFollowersAsync(AlertDraft alert, IPublishEndpoint publish, CancellationToken cancellationToken) =>
        await PublishPagesAsync(alert, (after, size) => follows.ListFollowersAsync(alert.OwnerId, size, after, cancellationToken), publish, cancellationToken);

    public async Task<int> ToRemindedAsync(AlertDraft alert, string scheduleId, IPublishEndpoint publish, CancellationToken cancellationToken) =>
        await PublishPagesAsync(alert, (after, size) => schedules.ListRemindedUsersAsync(scheduleId, size, after, cancellationToken), publish, cancellationToken);

    private async Task<int> PublishPagesAsync(
        AlertDraft alert, Func<string?, int, Task<IReadOnlyList<string>>> page, IPublishEndpoint publish, CancellationToken cancellationToken)
    {
        var size = options.CurrentValue.FanOutBatchSize;
        var users = 0;
        string? after = null;
        while (true)
        {
            var batch = await page(after, size);
            if (batch.Count == 0)
            {
                break;
            }
            await publish.Publish(new AlertBatchIntegrationEvent(Guid.NewGuid(), alert, batch, alert.At), cancellationToken);
            metrics.BatchPublished(alert.Kind);
            users += batch.Count;
            after = batch[^1];
            if (batch.Count < size)
            {
                break;
            }
        }
        logger.AlertFannedOut(alert.Kind, alert.Key, alert.OwnerId, users);
        return users;
    }
}
