using Microsoft.Extensions.Options;
using PawfectLive.Notifications.Hubs;
using PawfectLive.Notifications.IntegrationEvents.Events;

namespace PawfectLive.Notifications.Application;

/// <summary>
/// Delivers one batch of an alert: leaves out users who muted the owner (or everything) and users a stream of the owner
/// blocks; for a go-live, drops the whole batch once the stream ended and leaves out users who had a go-live alert from
/// the owner within the window; then stores the inbox entries, tells each user's open connections, and queues a push per
/// registered device. Idempotent: a redelivered batch adds no second entry and queues no second push per device.
/// </summary>
public sealed class AlertDelivery(
    IInboxStore inbox,
    IAudienceStore audience,
    IPushStore push,
    LiveAlerts live,
    PushSignal pushSignal,
    IOptionsMonitor<NotificationsOptions> options,
    NotificationsMetrics metrics,
    TimeProvider time,
    ILogger<AlertDelivery> logger)
{
    public async Task DeliverAsync(AlertDraft alert, IReadOnlyList<string> userIds, CancellationToken cancellationToken)
    {
        var goLive = NotificationKinds.IsGoLive(alert.Kind);
        if (goLive && alert.StreamId is { } streamId && await audience.HasStreamEndedAsync(streamId, cancellationToken))
        {
            logger.AlertDroppedStreamEnded(alert.Kind, streamId, userIds.Count);
            metrics.AlertsSkipped(alert.Kind, "stream_ended", userIds.Count);
            return;
        }

        var muted = (await audience.ListPreferencesAsync(userIds, cancellationToken)).Where(p => p.Mutes(alert.OwnerId)).Select(p => p.Id).ToHashSet();
        var blocked = await audience.FindBlockedAsync(alert.OwnerId, userIds, cancellationToken);
        var recipients = userIds.Distinct().Where(user => !muted.Contains(user) && !blocked.Contains(user) && user != alert.OwnerId).ToList();
        metrics.AlertsSkipped(alert.Kind, "muted", muted.Count);
        metrics.AlertsSkipped(alert.Kind, "blocked", blocked.Count);
        if (goLive && recipients.Count > 0)
        {
            var now = time.GetUtcNow().UtcDateTime;
            var granted = await audience.ClaimGoLiveAlertsAsync(
                alert.OwnerId, alert.StreamId!, recipients, now, options.CurrentValue.GoLiveAlertWindow, cancellationToken);
            metrics.AlertsSkipped(alert.Kind, "window", recipients.Count - granted.Count);
            recipients = [.. recipients.Where(granted.Contains)];
        }
        if (recipients.Count == 0)
        {
            return;
        }

        var notifications = recipients.Select(user => AlertComposer.ForUser(alert, user)).ToList();
        var added = (await inbox.AddNotificationsAsync(notifications, cancellationToken)).ToHashSet(StringComparer.Ordinal);
        metrics.AlertsStored(alert.Kind, added.Count);
        await live.SendAsync(notifications.Where(n => added.Contains(n.Id)).ToList(), cancellationToken);

        // Every entry of the batch (not only the new ones): a batch redelivered after a crash between the inbox and the
        // queue still queues its pushes; the ids keep each push once per device.
        var byUser = notifications.ToDictionary(n => n.UserId);
        var devices = await push.ListSubscriptionsOfUsersAsync(recipients, cancellationToken);
        var queuedAt = time.GetUtcNow().UtcDateTime;
        var deliveries = devices.Select(device =>
        {
            var notification = byUser[device.UserId];
            return new PushDelivery
            {
                Id = AlertComposer.DeliveryId(notification.Id, device.Id),
                SubscriptionId = device.Id,
                UserId = device.UserId,
                NotificationId = notification.Id,
                Kind = notification.Kind,
                StreamId = goLive ? notification.StreamId : null,
                Payload = AlertComposer.PushPayload(notification),
                NextAttemptAt = queuedAt,
                CreatedAt = queuedAt,
            };
        }).ToList();
        if (deliveries.Count > 0)
        {
            await push.AddDeliveriesAsync(deliveries, cancellationToken);
            pushSignal.Notify();
        }
    }
}
