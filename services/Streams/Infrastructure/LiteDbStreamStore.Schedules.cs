using System.Collections.Concurrent;
using LiteDB;
using PawfectLive.Contracts;

namespace PawfectLive.Streams.Infrastructure;

/// <summary>Scheduled streams in the embedded file: the same single-writer rules as the streams.</summary>
public sealed partial class LiteDbStreamStore : IScheduleStore
{
    private readonly ILiteCollection<StreamSchedule> _schedules;
    private readonly ConcurrentDictionary<string, byte> _schedulesWithPendingEvents = new();

    private ILiteCollection<StreamSchedule> OpenSchedules()
    {
        var schedules = _database.GetCollection<StreamSchedule>("schedules");
        schedules.EnsureIndex(schedule => schedule.OwnerId);
        schedules.EnsureIndex(schedule => schedule.Status);
        foreach (var schedule in schedules.Find("COUNT($.PendingEvents[*]) > 0"))
        {
            _schedulesWithPendingEvents.TryAdd(schedule.Id, 0);
        }
        return schedules;
    }

    public Task<bool> InsertScheduleAsync(StreamSchedule schedule, int maxOpenPerOwner, CancellationToken cancellationToken) =>
        WriteAsync(() =>
        {
            if (_schedules.Count(s => s.OwnerId == schedule.OwnerId && s.Status == ScheduleStates.Scheduled) >= maxOpenPerOwner)
            {
                return false;
            }
            _schedules.Insert(schedule);
            TrackPending(schedule);
            return true;
        }, cancellationToken);

    public Task<StreamSchedule?> GetScheduleAsync(string id, CancellationToken cancellationToken) =>
        Task.FromResult<StreamSchedule?>(_schedules.FindById(id));

    public Task<IReadOnlyList<StreamSchedule>> ListUpcomingAsync(string? ownerId, int limit, ScheduleCursor? after, CancellationToken cancellationToken)
    {
        var open = ownerId is null
            ? _schedules.Find(s => s.Status == ScheduleStates.Scheduled)
            : _schedules.Find(s => s.OwnerId == ownerId && s.Status == ScheduleStates.Scheduled);
        return Task.FromResult<IReadOnlyList<StreamSchedule>>(open
            .Where(s => after is null || after.Admits(s))
            .OrderBy(s => s.StartsAt).ThenBy(s => s.Id, StringComparer.Ordinal)
            .Take(limit)
            .ToList());
    }

    public Task<IReadOnlyList<StreamSchedule>> ListOverdueAsync(DateTime startedBefore, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StreamSchedule>>(_schedules.Find(s => s.Status == ScheduleStates.Scheduled && s.StartsAt < startedBefore)
            .OrderBy(s => s.StartsAt)
            .Take(limit)
            .ToList());

    public Task<StreamSchedule?> UpdateScheduleAsync(string id, Func<StreamSchedule, bool> change, CancellationToken cancellationToken) =>
        WriteAsync(() =>
        {
            var schedule = _schedules.FindById(id);
            if (schedule is null)
            {
                return null;
            }
            if (change(schedule))
            {
                _schedules.Update(schedule);
                TrackPending(schedule);
            }
            return schedule;
        }, cancellationToken);

    public Task<IReadOnlyList<StreamSchedule>> ListSchedulesWithPendingEventsAsync(int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StreamSchedule>>(_schedulesWithPendingEvents.Keys
            .Select(id => _schedules.FindById(id))
            .Where(s => s is { PendingEvents.Count: > 0 })
            .OrderBy(s => s.UpdatedAt)
            .Take(limit)
            .ToList());

    public Task AcknowledgeScheduleEventAsync(string scheduleId, string eventId, CancellationToken cancellationToken) =>
        WriteAsync(() =>
        {
            var schedule = _schedules.FindById(scheduleId);
            if (schedule is not null && schedule.PendingEvents.RemoveAll(e => e.Id == eventId) > 0)
            {
                _schedules.Update(schedule);
                TrackPending(schedule);
            }
            return true;
        }, cancellationToken);

    private void TrackPending(StreamSchedule schedule)
    {
        if (schedule.PendingEvents.Count > 0)
        {
            _schedulesWithPendingEvents.TryAdd(schedule.Id, 0);
        }
        else
        {
            _schedulesWithPendingEvents.TryRemove(schedule.Id, out _);
        }
    }
}
