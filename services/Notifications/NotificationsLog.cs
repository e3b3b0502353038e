namespace PawfectLive.Notifications;

/// <summary>What an operator needs to follow alerts (event ids 6xxx; docs/operations.md lists them).</summary>
internal static partial class NotificationsLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Alert {Kind} {Key} of owner {OwnerId} fanned out to {Users} users")]
    public static partial void AlertFannedOut(this ILogger logger, string kind, string key, string ownerId, int users);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Alert {Kind} of stream {StreamId} dropped for {Users} users: the stream has ended")]
    public static partial void AlertDroppedStreamEnded(this ILogger logger, string kind, string streamId, int users);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "User {UserId} {Change} owner {OwnerId}")]
    public static partial void FollowChanged(this ILogger logger, string userId, string change, string ownerId);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Information, Message = "Reminder of scheduled stream {ScheduleId} (starts {StartsAt:o}) sent")]
    public static partial void ReminderSent(this ILogger logger, string scheduleId, DateTime startsAt);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Information, Message = "Push subscription {SubscriptionId} ({Kind}) of {UserId} dropped: {Reason}")]
    public static partial void SubscriptionDropped(this ILogger logger, string subscriptionId, string kind, string userId, string reason);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Warning, Message = "Push {DeliveryId} to {SubscriptionId} ({Kind}) given up after {Attempts} attempts: {Reason}")]
    public static partial void PushGivenUp(this ILogger logger, string deliveryId, string subscriptionId, string kind, int attempts, string? reason);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Information, Message = "Push {DeliveryId} to {SubscriptionId} ({Kind}) retried in {Delay} (attempt {Attempts}): {Reason}")]
    public static partial void PushRetried(this ILogger logger, string deliveryId, string subscriptionId, string kind, TimeSpan delay, int attempts, string? reason);

    [LoggerMessage(EventId = 6008, Level = LogLevel.Warning, Message = "Push {DeliveryId} to {SubscriptionId} ({Kind}) refused by the push service: {Reason}")]
    public static partial void PushRejected(this ILogger logger, string deliveryId, string subscriptionId, string kind, string? reason);

    [LoggerMessage(EventId = 6009, Level = LogLevel.Warning, Message = "A background pass of {Worker} failed; retrying")]
    public static partial void WorkerPassFailed(this ILogger logger, string worker, Exception exception);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Debug, Message = "Real-time alert to {UserId} failed")]
    public static partial void LiveAlertFailed(this ILogger logger, string userId, Exception exception);
}
