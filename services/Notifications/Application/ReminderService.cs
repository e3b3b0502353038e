using Microsoft.Extensions.Options;

namespace PawfectLive.Notifications.Application;

/// <summary>"Remind me" on a scheduled stream.</summary>
public sealed class ReminderService(
    IScheduleProjectionStore schedules, IOptionsMonitor<NotificationsOptions> options, TimeProvider time)
{
    /// <summary>True when the reminder is new; the schedule must be known and still scheduled.</summary>
    public async Task<Result<bool>> AddAsync(Caller caller, string scheduleId, CancellationToken cancellationToken)
    {
        var found = await FindAsync(scheduleId, cancellationToken);
        if (found.Error is { } error)
        {
            return error;
        }
        var schedule = found.Value!;
        if (schedule.Status != PawfectLive.Contracts.ScheduleStates.Scheduled)
        {
            return new NotificationError.ScheduleClosed(schedule.Id, schedule.Status);
        }
        var max = options.CurrentValue.MaxRemindersPerUser;
        return await schedules.AddReminderAsync(Reminder.Of(schedule.Id, caller.UserId, time.GetUtcNow().UtcDateTime), max, cancellationToken) switch
        {
            ReminderResult.LimitReached => new NotificationError.ReminderLimit(max),
            var result => result == ReminderResult.Added,
        };
    }

    public async Task<Result<bool>> RemoveAsync(Caller caller, string scheduleId, CancellationToken cancellationToken) =>
        InputRules.ValidObjectId(scheduleId) is { } id
            ? await schedules.RemoveReminderAsync(id, caller.UserId, cancellationToken)
            : new NotificationError.ScheduleNotFound(scheduleId);

    public async Task<Result<bool>> IsRemindedAsync(Caller caller, string scheduleId, CancellationToken cancellationToken)
    {
        var found = await FindAsync(scheduleId, cancellationToken);
        return found.Error is { } error ? error : await schedules.HasReminderAsync(found.Value!.Id, caller.UserId, cancellationToken);
    }

    /// <summary>
    /// The schedule as Streams told it. A schedule created a moment ago may not have arrived yet (its event follows the
    /// owner's response), so an unknown one is waited for a little before it counts as not found.
    /// </summary>
    private async Task<Result<ScheduleProjection>> FindAsync(string scheduleId, CancellationToken cancellationToken)
    {
        if (InputRules.ValidObjectId(scheduleId) is not { } id)
        {
            return new NotificationError.ScheduleNotFound(scheduleId);
        }
        var deadline = time.GetUtcNow() + options.CurrentValue.ScheduleArrivalWait;
        while (true)
        {
            if (await schedules.GetScheduleAsync(id, cancellationToken) is { } schedule)
            {
                return schedule;
            }
            if (time.GetUtcNow() >= deadline)
            {
                return new NotificationError.ScheduleNotFound(id);
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
        }
    }
}
