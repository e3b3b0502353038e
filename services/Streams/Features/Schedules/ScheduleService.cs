using Microsoft.Extensions.Options;
using PawfectLive.Contracts;
using PawfectLive.Streams.Features.Lifecycle;

namespace PawfectLive.Streams.Features.Schedules;

public sealed record SchedulePage(IReadOnlyList<StreamSchedule> Items, string? NextCursor);

/// <summary>
/// Scheduled streams: who may plan, change, cancel and start them, and the events each change writes into the schedule's
/// outbox (Notifications reminds and tells users from those).
/// </summary>
public sealed class ScheduleService(
    IScheduleStore store,
    IOptionsMonitor<ScheduleOptions> options,
    IOptionsMonitor<StreamsOptions> streamsOptions,
    IStreamChangeSignals signals,
    TimeProvider time,
    ILogger<ScheduleService> logger)
{
    public async Task<Result<StreamSchedule>> CreateAsync(Caller caller, ScheduleStreamRequest request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var errors = new Dictionary<string, string[]>();
        var input = StreamInput.Normalize(request.Title, request.Tags, request.CoverUrl, errors);
        if (input.Title is null && !errors.ContainsKey("title"))
        {
            errors["title"] = ["title is required for a scheduled stream."];
        }
        var startsAt = CheckStart(request.StartsAt, required: true, now, errors);
        if (errors.Count > 0)
        {
            return new StreamError.Invalid(errors);
        }

        var settings = options.CurrentValue;
        var schedule = StreamSchedule.Create(StreamIds.NewId(), caller.UserId, caller.Name, input.Title!, input.CoverUrl, input.Tags, startsAt!.Value, now);
        if (!await store.InsertScheduleAsync(schedule, settings.MaxOpenPerOwner, cancellationToken))
        {
            return new StreamError.TooManySchedules(settings.MaxOpenPerOwner);
        }
        signals.EventsWritten();
        logger.ScheduleChanged(schedule.Id, caller.UserId, "scheduled", schedule.StartsAt);
        return schedule;
    }

    public async Task<Result<StreamSchedule>> GetAsync(string id, CancellationToken cancellationToken) =>
        await FindAsync(id, cancellationToken) is { } schedule ? schedule : new StreamError.ScheduleNotFound(id);

    public async Task<Result<SchedulePage>> ListUpcomingAsync(string? ownerId, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        if (InputRules.CheckPageSize(limit) is { } invalidLimit)
        {
            return invalidLimit;
        }
        ScheduleCursor? after = null;
        if (cursor is not null && (after = StreamIds.DecodeScheduleCursor(cursor)) is null)
        {
            return InputRules.InvalidCursor();
        }
        string? owner = null;
        if (ownerId is not null && (owner = InputRules.ValidUserId(ownerId)) is null)
        {
            return InputRules.InvalidUserId("ownerId");
        }
        var pageSize = limit ?? streamsOptions.CurrentValue.DefaultPageSize;
        var page = await store.ListUpcomingAsync(owner, pageSize, after, cancellationToken);
        return new SchedulePage(page, page.Count == pageSize ? StreamIds.EncodeCursor(page[^1]) : null);
    }

    /// <summary>The owner edits what they give; a new start time reschedules (and tells the reminded users).</summary>
    public async Task<Result<StreamSchedule>> UpdateAsync(Caller caller, string id, UpdateScheduleRequest request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var errors = new Dictionary<string, string[]>();
        var input = StreamInput.Normalize(request.Title, request.Tags, request.CoverUrl, errors);
        if (request.Title is not null && input.Title is null && !errors.ContainsKey("title"))
        {
            errors["title"] = ["title cannot be emptied; a scheduled stream has one."];
        }
        var startsAt = CheckStart(request.StartsAt, required: false, now, errors);
        if (errors.Count > 0)
        {
            return new StreamError.Invalid(errors);
        }
        if (await FindAsync(id, cancellationToken) is not { } found)
        {
            return new StreamError.ScheduleNotFound(id);
        }
        if (found.OwnerId != caller.UserId)
        {
            return new StreamError.NotOwner(AdminsMay: false);
        }

        StreamError? refused = null;
        var updated = await store.UpdateScheduleAsync(found.Id, schedule =>
        {
            refused = schedule.IsOpen ? null : new StreamError.ScheduleClosed(schedule.Id, schedule.Status);
            return refused is null && schedule.Edit(input.Title, input.CoverUrl, request.Tags is null ? null : input.Tags, startsAt, now);
        }, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }
        signals.EventsWritten();
        logger.ScheduleChanged(found.Id, caller.UserId, startsAt is null ? "edited" : "rescheduled", updated!.StartsAt);
        return updated;
    }

    /// <summary>Owner or admin; cancelling a cancelled schedule answers it as it is.</summary>
    public async Task<Result<StreamSchedule>> CancelAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, cancellationToken) is not { } found)
        {
            return new StreamError.ScheduleNotFound(id);
        }
        if (found.OwnerId != caller.UserId && !caller.IsAdmin)
        {
            return new StreamError.NotOwner(AdminsMay: true);
        }
        StreamError? refused = null;
        var cancelled = await store.UpdateScheduleAsync(found.Id, schedule =>
        {
            refused = schedule.Status is ScheduleStates.Scheduled or ScheduleStates.Cancelled ? null : new StreamError.ScheduleClosed(schedule.Id, schedule.Status);
            return refused is null && schedule.Cancel(time.GetUtcNow());
        }, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }
        signals.EventsWritten();
        logger.ScheduleChanged(found.Id, caller.UserId, "cancelled", cancelled!.StartsAt);
        return cancelled;
    }

    /// <summary>Whether <paramref name="caller"/> may go live from the schedule now: theirs, and still scheduled.</summary>
    public async Task<Result<StreamSchedule>> CheckStartAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, cancellationToken) is not { } schedule)
        {
            return new StreamError.ScheduleNotFound(id);
        }
        if (schedule.OwnerId != caller.UserId)
        {
            return new StreamError.NotOwner(AdminsMay: false);
        }
        return schedule.IsOpen ? schedule : new StreamError.ScheduleClosed(schedule.Id, schedule.Status);
    }

    /// <summary>Records that the stream went live from the schedule (after the stream was stored).</summary>
    public async Task MarkStartedAsync(string scheduleId, string streamId, CancellationToken cancellationToken)
    {
        await store.UpdateScheduleAsync(scheduleId, schedule => schedule.MarkStarted(streamId, time.GetUtcNow()), cancellationToken);
        signals.EventsWritten();
    }

    /// <summary>Closes the open schedules whose start passed by more than the grace period; how many it closed.</summary>
    public async Task<int> CloseMissedAsync(CancellationToken cancellationToken)
    {
        var grace = options.CurrentValue.MissedAfter;
        var now = time.GetUtcNow();
        var closed = 0;
        foreach (var overdue in await store.ListOverdueAsync((now - grace).UtcDateTime, 100, cancellationToken))
        {
            var missed = false;
            await store.UpdateScheduleAsync(overdue.Id, schedule => missed = schedule.MarkMissed(grace, now), cancellationToken);
            if (missed)
            {
                closed++;
                logger.ScheduleChanged(overdue.Id, "system", "missed", overdue.StartsAt);
            }
        }
        if (closed > 0)
        {
            signals.EventsWritten();
        }
        return closed;
    }

    private async Task<StreamSchedule?> FindAsync(string id, CancellationToken cancellationToken) =>
        StreamIds.Normalize(id) is { } normalized && StreamIds.IsValid(normalized)
            ? await store.GetScheduleAsync(normalized, cancellationToken)
            : null;

    private DateTime? CheckStart(DateTimeOffset? startsAt, bool required, DateTimeOffset now, Dictionary<string, string[]> errors)
    {
        if (startsAt is null)
        {
            if (required)
            {
                errors["startsAt"] = ["startsAt is required (an ISO 8601 time with an offset)."];
            }
            return null;
        }
        var maxLead = options.CurrentValue.MaxLeadTime;
        if (startsAt <= now)
        {
            errors["startsAt"] = ["startsAt must be in the future."];
            return null;
        }
        if (startsAt > now + maxLead)
        {
            errors["startsAt"] = [$"startsAt must be at most {maxLead.TotalDays:0.#} days ahead."];
            return null;
        }
        return startsAt.Value.UtcDateTime;
    }
}
