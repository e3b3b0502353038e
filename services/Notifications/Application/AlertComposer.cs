using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PawfectLive.Notifications.Infrastructure.Push;
using PawfectLive.Notifications.IntegrationEvents.Events;

namespace PawfectLive.Notifications.Application;

/// <summary>What an alert says to one user: its inbox entry (with the id that makes it one entry) and its push message.</summary>
public static class AlertComposer
{
    public static InboxNotification ForUser(AlertDraft alert, string userId) => new()
    {
        Id = NotificationId(userId, alert.Kind, alert.Key),
        UserId = userId,
        Kind = alert.Kind,
        OwnerId = alert.OwnerId,
        OwnerName = alert.OwnerName,
        StreamId = alert.StreamId,
        ScheduleId = alert.ScheduleId,
        Title = alert.Title,
        Text = Text(alert),
        StartsAt = alert.StartsAt?.UtcDateTime,
        CreatedAt = alert.At.UtcDateTime,
    };

    /// <summary>22 base64url characters of SHA-256 over user, kind and key: the same alert for the same user is the same entry.</summary>
    public static string NotificationId(string userId, string kind, string key) =>
        Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(Keys.Of(userId, kind, key))))[..22];

    /// <summary>One queued push per device: the same entry for the same device is queued once.</summary>
    public static string DeliveryId(string notificationId, string subscriptionId) =>
        Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(Keys.Of(notificationId, subscriptionId))))[..22];

    public static string Text(AlertDraft alert)
    {
        var name = string.IsNullOrWhiteSpace(alert.OwnerName) ? alert.OwnerId : alert.OwnerName;
        var title = alert.Title;
        var startsAt = alert.StartsAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        return alert.Kind switch
        {
            NotificationKinds.GoLive => title is null ? $"{name} is live" : $"{name} is live: {title}",
            NotificationKinds.LiveNow => title is null ? $"{name} is live now" : $"{name} is live now: {title}",
            NotificationKinds.Reminder => $"{name} goes live at {startsAt}: {title}",
            NotificationKinds.Rescheduled => $"{name} moved \"{title}\" to {startsAt}",
            NotificationKinds.Cancelled => $"{name} cancelled \"{title}\"",
            _ => throw new ArgumentOutOfRangeException(nameof(alert), alert.Kind, "Unknown alert kind."),
        };
    }

    /// <summary>
    /// The push message of an entry, as queued: JSON the service worker (or the app) shows — <c>title</c> (the alert's
    /// text), <c>body</c> (the stream's title), <c>createdAt</c> and <c>data</c> (id, kind, ownerId, streamId, scheduleId, url).
    /// </summary>
    public static string PushPayload(InboxNotification notification)
    {
        var data = new Dictionary<string, string>
        {
            ["id"] = notification.Id,
            ["kind"] = notification.Kind,
            ["ownerId"] = notification.OwnerId,
            ["url"] = notification.StreamId is { } streamId && NotificationKinds.IsGoLive(notification.Kind) ? $"/#/watch/{streamId}" : "/#/upcoming",
        };
        if (notification.StreamId is { } stream)
        {
            data["streamId"] = stream;
        }
        if (notification.ScheduleId is { } schedule)
        {
            data["scheduleId"] = schedule;
        }
        return JsonSerializer.Serialize(new PushPayloadJson(notification.Text, notification.Title ?? "", DateTime.SpecifyKind(notification.CreatedAt, DateTimeKind.Utc), data));
    }

    /// <summary>
    /// What a queued push sends: its payload; a go-live is worth delivering for an hour, the rest for a day; alerts about one
    /// stream or schedule share a topic, so a newer one replaces an undelivered older one at the push service.
    /// </summary>
    public static PushContent PushContentOf(PushDelivery delivery)
    {
        var payload = JsonSerializer.Deserialize<PushPayloadJson>(delivery.Payload)!;
        var subject = payload.Data.GetValueOrDefault("streamId") ?? payload.Data.GetValueOrDefault("scheduleId") ?? delivery.NotificationId;
        var topic = Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(subject)))[..32];
        var ttl = NotificationKinds.IsGoLive(delivery.Kind) ? TimeSpan.FromHours(1) : TimeSpan.FromDays(1);
        return new PushContent(delivery.Payload, ttl, topic, payload.Title, payload.Body, payload.Data);
    }

    private sealed record PushPayloadJson(
        [property: System.Text.Json.Serialization.JsonPropertyName("title")] string Title,
        [property: System.Text.Json.Serialization.JsonPropertyName("body")] string Body,
        [property: System.Text.Json.Serialization.JsonPropertyName("createdAt")] DateTime CreatedAt,
        [property: System.Text.Json.Serialization.JsonPropertyName("data")] Dictionary<string, string> Data);
}
