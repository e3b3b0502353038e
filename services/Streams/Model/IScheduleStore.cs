namespace PawfectLive.Streams.Model;

/// <summary>Where a soonest-first page of upcoming schedules (by start, then id) continues: the last one of the previous page.</summary>
public sealed record ScheduleCursor(DateTime StartsAt, string Id)
{
    /// <summary>Whether <paramref name="schedule"/> comes after the cursor in soonest-first order (the stores' one keyset rule).</summary>
    public bool Admits(StreamSchedule schedule) =>
        schedule.StartsAt > StartsAt || (schedule.StartsAt == StartsAt && string.CompareOrdinal(schedule.Id, Id) > 0);
}

/// <summary>
/// Persistence of scheduled streams and their outbox (part of each schedule's document, as with streams). Same backend as
/// <see cref="IStreamStore"/>; both implementations pass the same contract tests. A schedule changes only through
/// <see cref="UpdateScheduleAsync"/>, atomically with the events the change queued.
/// </summary>
public interface IScheduleStore
{
    /// <summary>Stores a new schedule if its owner has fewer than <paramref name="maxOpenPerOwner"/> open ones; false otherwise.</summary>
    Task<bool> InsertScheduleAsync(StreamSchedule schedule, int maxOpenPerOwner, CancellationToken cancellationToken);

    Task<StreamSchedule?> GetScheduleAsync(string id, CancellationToken cancellationToken);

    /// <summary>Open (scheduled) schedules, soonest first, of one owner or of everyone; <paramref name="after"/> continues a previous page.</summary>
    Task<IReadOnlyList<StreamSchedule>> ListUpcomingAsync(string? ownerId, int limit, ScheduleCursor? after, CancellationToken cancellationToken);

    /// <summary>Open schedules whose start is before <paramref name="startedBefore"/>, longest overdue first.</summary>
    Task<IReadOnlyList<StreamSchedule>> ListOverdueAsync(DateTime startedBefore, int limit, CancellationToken cancellationToken);

    /// <summary>Applies <paramref name="change"/> to the schedule's current state and stores it when it returns true (may run more than once). Null when unknown.</summary>
    Task<StreamSchedule?> UpdateScheduleAsync(string id, Func<StreamSchedule, bool> change, CancellationToken cancellationToken);

    /// <summary>Schedules with events still to publish, oldest change first.</summary>
    Task<IReadOnlyList<StreamSchedule>> ListSchedulesWithPendingEventsAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Drops a published event from its schedule's outbox.</summary>
    Task AcknowledgeScheduleEventAsync(string scheduleId, string eventId, CancellationToken cancellationToken);
}
