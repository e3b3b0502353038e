using MongoDB.Bson;
using MongoDB.Driver;
using PawfectLive.Contracts;

namespace PawfectLive.Streams.Infrastructure;

/// <summary>Scheduled streams on MongoDB: each change one update guarded by the version it was computed from.</summary>
public sealed partial class MongoStreamStore : IScheduleStore
{
    private readonly IMongoCollection<StreamSchedule> _schedules;

    private static FilterDefinitionBuilder<StreamSchedule> ScheduleFilter => Builders<StreamSchedule>.Filter;

    private async Task EnsureScheduleIndexesAsync(CancellationToken cancellationToken)
    {
        var keys = Builders<StreamSchedule>.IndexKeys;
        await _schedules.Indexes.CreateManyAsync(
        [
            new CreateIndexModel<StreamSchedule>(keys.Ascending(s => s.Status).Ascending(s => s.StartsAt).Ascending(s => s.Id)),
            new CreateIndexModel<StreamSchedule>(keys.Ascending(s => s.OwnerId).Ascending(s => s.Status).Ascending(s => s.StartsAt)),
            new CreateIndexModel<StreamSchedule>(keys.Ascending("pendingEvents.id"), new CreateIndexOptions { Sparse = true }),
        ], cancellationToken);
    }

    /// <summary>
    /// The owner's open count is checked, then the schedule inserted: two creations racing at the limit may both pass (the
    /// limit bounds state, it is not a quota), which the next creation sees.
    /// </summary>
    public async Task<bool> InsertScheduleAsync(StreamSchedule schedule, int maxOpenPerOwner, CancellationToken cancellationToken)
    {
        var open = await _schedules.CountDocumentsAsync(
            ScheduleFilter.Eq(s => s.OwnerId, schedule.OwnerId) & ScheduleFilter.Eq(s => s.Status, ScheduleStates.Scheduled),
            new CountOptions { Limit = maxOpenPerOwner }, cancellationToken);
        if (open >= maxOpenPerOwner)
        {
            return false;
        }
        await _schedules.InsertOneAsync(schedule, cancellationToken: cancellationToken);
        return true;
    }

    public async Task<StreamSchedule?> GetScheduleAsync(string id, CancellationToken cancellationToken) =>
        ObjectId.TryParse(id, out _)
            ? await _schedules.Find(ScheduleFilter.Eq(s => s.Id, id)).FirstOrDefaultAsync(cancellationToken)
            : null;

    public async Task<IReadOnlyList<StreamSchedule>> ListUpcomingAsync(string? ownerId, int limit, ScheduleCursor? after, CancellationToken cancellationToken)
    {
        var filter = ScheduleFilter.Eq(s => s.Status, ScheduleStates.Scheduled);
        if (ownerId is not null)
        {
            filter &= ScheduleFilter.Eq(s => s.OwnerId, ownerId);
        }
        if (after is not null)
        {
            filter &= ScheduleFilter.Gt(s => s.StartsAt, after.StartsAt)
                | (ScheduleFilter.Eq(s => s.StartsAt, after.StartsAt) & ScheduleFilter.Gt(s => s.Id, after.Id));
        }
        return await _schedules.Find(filter)
            .Sort(Builders<StreamSchedule>.Sort.Ascending(s => s.StartsAt).Ascending(s => s.Id))
            .Limit(limit)
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<StreamSchedule>> ListOverdueAsync(DateTime startedBefore, int limit, CancellationToken cancellationToken) =>
        await _schedules.Find(ScheduleFilter.Eq(s => s.Status, ScheduleStates.Scheduled) & ScheduleFilter.Lt(s => s.StartsAt, startedBefore))
            .Sort(Builders<StreamSchedule>.Sort.Ascending(s => s.StartsAt))
            .Limit(limit)
            .ToListAsync(cancellationToken);

    public async Task<StreamSchedule?> UpdateScheduleAsync(string id, Func<StreamSchedule, bool> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var schedule = await GetScheduleAsync(id, cancellationToken);
            if (schedule is null)
            {
                return null;
            }
            var readVersion = schedule.Version;
            var eventsBefore = schedule.PendingEvents.Count;
            if (!change(schedule))
            {
                return schedule;
            }
            // As with streams: the state is set, the outbox appended to (an event acknowledged meanwhile stays gone).
            var state = schedule.ToBsonDocument();
            state.Remove("_id");
            state.Remove("pendingEvents");
            var update = new BsonDocument("$set", state);
            var newEvents = schedule.PendingEvents.Skip(eventsBefore).Select(e => e.ToBsonDocument()).ToList();
            if (newEvents.Count > 0)
            {
                update.Add("$push", new BsonDocument("pendingEvents", new BsonDocument("$each", new BsonArray(newEvents))));
            }
            var result = await _schedules.UpdateOneAsync(
                ScheduleFilter.Eq(s => s.Id, id) & ScheduleFilter.Eq(s => s.Version, readVersion), update, cancellationToken: cancellationToken);
            if (result.ModifiedCount == 1)
            {
                return schedule;
            }
            if (attempt >= MaxUpdateAttempts)
            {
                throw new InvalidOperationException($"Schedule {id} kept changing under {MaxUpdateAttempts} attempts to update it.");
            }
        }
    }

    public async Task<IReadOnlyList<StreamSchedule>> ListSchedulesWithPendingEventsAsync(int limit, CancellationToken cancellationToken) =>
        await _schedules.Find(ScheduleFilter.Exists("pendingEvents.id"))
            .Sort(Builders<StreamSchedule>.Sort.Ascending(s => s.UpdatedAt))
            .Limit(limit)
            .ToListAsync(cancellationToken);

    public Task AcknowledgeScheduleEventAsync(string scheduleId, string eventId, CancellationToken cancellationToken) =>
        _schedules.UpdateOneAsync(
            ScheduleFilter.Eq(s => s.Id, scheduleId),
            Builders<StreamSchedule>.Update.PullFilter(s => s.PendingEvents, Builders<OutboxMessage>.Filter.Eq(e => e.Id, eventId)),
            cancellationToken: cancellationToken);
}
