using MassTransit;
using PawfectLive.Notifications.Application;
using PawfectLive.Notifications.IntegrationEvents.Events;

namespace PawfectLive.Notifications.IntegrationEvents.EventHandling;

/// <summary>
/// An owner went live: one go-live alert per follower, fanned out in batches; from a scheduled stream, its "live now"
/// alert instead, to the followers and the users who asked to be reminded.
/// </summary>
public sealed class StreamStartedConsumer(AlertFanOut fanOut) : IConsumer<StreamStartedIntegrationEvent>
{
    public async Task Consume(ConsumeContext<StreamStartedIntegrationEvent> context)
    {
        var started = context.Message;
        var scheduleId = started.ScheduledStreamId;
        var alert = new AlertDraft(scheduleId is null ? NotificationKinds.GoLive : NotificationKinds.LiveNow, started.StreamId, started.OwnerId,
            started.OwnerName, started.StreamId, scheduleId, started.Title, null, started.StartedAt);
        await fanOut.ToFollowersAsync(alert, context, context.CancellationToken);
        if (scheduleId is not null)
        {
            await fanOut.ToRemindedAsync(alert, scheduleId, context, context.CancellationToken);
        }
    }
}

/// <summary>Remembers that a stream ended: its go-live alerts and pushes still waiting are not delivered late.</summary>
public sealed class StreamEndedConsumer(IAudienceStore audience) : IConsumer<StreamEndedIntegrationEvent>
{
    public Task Consume(ConsumeContext<StreamEndedIntegrationEvent> context) =>
        audience.MarkStreamEndedAsync(context.Message.StreamId, context.Message.EndedAt.UtcDateTime, context.CancellationToken);
}

/// <summary>A stream of the owner blocked or unblocked a user: while any stream of the owner blocks them, the owner's alerts skip them.</summary>
public sealed class UserBlockConsumer(IAudienceStore audience) : IConsumer<UserBlockedIntegrationEvent>, IConsumer<UserUnblockedIntegrationEvent>
{
    public Task Consume(ConsumeContext<UserBlockedIntegrationEvent> context) =>
        ApplyAsync(context.Message.StreamId, context.Message.RoomName, context.Message.UserId, true, context.Message.StreamVersion, context.CancellationToken);

    public Task Consume(ConsumeContext<UserUnblockedIntegrationEvent> context) =>
        ApplyAsync(context.Message.StreamId, context.Message.RoomName, context.Message.UserId, false, context.Message.StreamVersion, context.CancellationToken);

    private Task ApplyAsync(string streamId, string roomName, string userId, bool blocked, long version, CancellationToken cancellationToken)
    {
        var ownerId = OwnerOfRoom(roomName);
        return ownerId is null
            ? Task.CompletedTask
            : audience.ApplyBlockAsync(new OwnerBlock
            {
                Id = Keys.Of(ownerId, userId, streamId),
                OwnerId = ownerId,
                UserId = userId,
                StreamId = streamId,
                Blocked = blocked,
                Version = version,
            }, cancellationToken);
    }

    /// <summary>A room is <c>live_{ownerId}_{unixMillis}</c> (SPEC.md): the owner is what lies between.</summary>
    public static string? OwnerOfRoom(string roomName)
    {
        var last = roomName.LastIndexOf('_');
        return roomName.StartsWith("live_", StringComparison.Ordinal) && last > 5 ? roomName[5..last] : null;
    }
}

/// <summary>
/// Keeps each scheduled stream as Streams last told it (newest version wins), which arms its reminder; a new time or a
/// cancellation is told to the users who asked to be reminded (once per version).
/// </summary>
public sealed class ScheduleEventsConsumer(IScheduleProjectionStore schedules, AlertFanOut fanOut)
    : IConsumer<StreamScheduledIntegrationEvent>,
      IConsumer<StreamRescheduledIntegrationEvent>,
      IConsumer<StreamScheduleCancelledIntegrationEvent>,
      IConsumer<StreamScheduleMissedIntegrationEvent>,
      IConsumer<StreamScheduleStartedIntegrationEvent>
{
    public Task Consume(ConsumeContext<StreamScheduledIntegrationEvent> context) => ApplyAsync(context.Message.Schedule, context.CancellationToken);

    public async Task Consume(ConsumeContext<StreamRescheduledIntegrationEvent> context)
    {
        var schedule = context.Message.Schedule;
        if (await ApplyAsync(schedule, context.CancellationToken))
        {
            await TellRemindedAsync(NotificationKinds.Rescheduled, $"{schedule.Id}#{schedule.Version}", schedule, context.Message.OccurredAt, context);
        }
    }

    public async Task Consume(ConsumeContext<StreamScheduleCancelledIntegrationEvent> context)
    {
        var schedule = context.Message.Schedule;
        if (await ApplyAsync(schedule, context.CancellationToken))
        {
            await TellRemindedAsync(NotificationKinds.Cancelled, schedule.Id, schedule, context.Message.OccurredAt, context);
        }
    }

    public Task Consume(ConsumeContext<StreamScheduleMissedIntegrationEvent> context) => ApplyAsync(context.Message.Schedule, context.CancellationToken);

    public Task Consume(ConsumeContext<StreamScheduleStartedIntegrationEvent> context) => ApplyAsync(context.Message.Schedule, context.CancellationToken);

    private Task<bool> ApplyAsync(ScheduledStreamState schedule, CancellationToken cancellationToken) =>
        schedules.ApplyScheduleAsync(new ScheduleProjection
        {
            Id = schedule.Id,
            OwnerId = schedule.OwnerId,
            OwnerName = schedule.OwnerName,
            Title = schedule.Title,
            StartsAt = schedule.StartsAt.UtcDateTime,
            Status = schedule.Status,
            StreamId = schedule.StreamId,
            Version = schedule.Version,
        }, cancellationToken);

    private Task<int> TellRemindedAsync(string kind, string key, ScheduledStreamState schedule, DateTimeOffset at, ConsumeContext context) =>
        fanOut.ToRemindedAsync(
            new AlertDraft(kind, key, schedule.OwnerId, schedule.OwnerName, null, schedule.Id, schedule.Title, schedule.StartsAt, at),
            schedule.Id, context, context.CancellationToken);
}

/// <summary>Delivers one batch of an alert (<see cref="AlertDelivery"/>).</summary>
public sealed class AlertBatchConsumer(AlertDelivery delivery) : IConsumer<AlertBatchIntegrationEvent>
{
    public Task Consume(ConsumeContext<AlertBatchIntegrationEvent> context) =>
        delivery.DeliverAsync(context.Message.Alert, context.Message.UserIds, context.CancellationToken);
}
