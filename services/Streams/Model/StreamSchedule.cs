using PawfectLive.Contracts;

namespace PawfectLive.Streams.Model;

/// <summary>
/// A stream an owner plans to start: title, start time, cover and tags. Its methods are the only way its state changes;
/// each returns whether it changed anything, raises <see cref="Version"/> and queues the event that says so, stored in the
/// same write (the schedule's own outbox, as a stream has one).
/// </summary>
public sealed class StreamSchedule
{
    public string Id { get; set; } = "";
    public string OwnerId { get; set; } = "";
    public string? OwnerName { get; set; }
    public string Title { get; set; } = "";
    public string? CoverUrl { get; set; }
    public List<string> Tags { get; set; } = [];
    public DateTime StartsAt { get; set; }

    /// <summary>One of <see cref="ScheduleStates"/>.</summary>
    public string Status { get; set; } = ScheduleStates.Scheduled;

    /// <summary>The stream started from it, once it is live.</summary>
    public string? StreamId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public long Version { get; set; }
    public List<OutboxMessage> PendingEvents { get; set; } = [];

    public bool IsOpen => Status == ScheduleStates.Scheduled;

    public static StreamSchedule Create(
        string id, string ownerId, string? ownerName, string title, string? coverUrl, IReadOnlyList<string> tags, DateTime startsAt, DateTimeOffset now)
    {
        var schedule = new StreamSchedule
        {
            Id = id,
            OwnerId = ownerId,
            OwnerName = ownerName,
            Title = title,
            CoverUrl = coverUrl,
            Tags = [.. tags],
            StartsAt = startsAt,
            CreatedAt = now.UtcDateTime,
            UpdatedAt = now.UtcDateTime,
            Version = 1,
        };
        schedule.PendingEvents.Add(OutboxMessage.For(new StreamScheduledIntegrationEvent(Guid.NewGuid(), schedule.ToState(), now)));
        return schedule;
    }

    /// <summary>Changes what is given (null leaves a field as it is); a new start time is a reschedule, told as such.</summary>
    public bool Edit(string? title, string? coverUrl, IReadOnlyList<string>? tags, DateTime? startsAt, DateTimeOffset now)
    {
        var previousStart = StartsAt;
        var details = false;
        if (title is not null && title != Title)
        {
            Title = title;
            details = true;
        }
        if (coverUrl is not null && coverUrl != CoverUrl)
        {
            CoverUrl = coverUrl;
            details = true;
        }
        if (tags is not null && !tags.SequenceEqual(Tags))
        {
            Tags = [.. tags];
            details = true;
        }
        var rescheduled = startsAt is { } newStart && newStart != StartsAt;
        if (rescheduled)
        {
            StartsAt = startsAt!.Value;
        }
        if (!details && !rescheduled)
        {
            return false;
        }
        Changed(now);
        IntegrationEvent change = rescheduled
            ? new StreamRescheduledIntegrationEvent(Guid.NewGuid(), ToState(), Utc(previousStart), now)
            : new StreamScheduledIntegrationEvent(Guid.NewGuid(), ToState(), now);
        PendingEvents.Add(OutboxMessage.For(change));
        return true;
    }

    public bool Cancel(DateTimeOffset now)
    {
        if (!IsOpen)
        {
            return false;
        }
        Status = ScheduleStates.Cancelled;
        Changed(now);
        PendingEvents.Add(OutboxMessage.For(new StreamScheduleCancelledIntegrationEvent(Guid.NewGuid(), ToState(), now)));
        return true;
    }

    /// <summary>Missed once its start passed by more than <paramref name="grace"/> while it was still open.</summary>
    public bool MarkMissed(TimeSpan grace, DateTimeOffset now)
    {
        if (!IsOpen || StartsAt + grace > now.UtcDateTime)
        {
            return false;
        }
        Status = ScheduleStates.Missed;
        Changed(now);
        PendingEvents.Add(OutboxMessage.For(new StreamScheduleMissedIntegrationEvent(Guid.NewGuid(), ToState(), now)));
        return true;
    }

    /// <summary>The owner went live from it with <paramref name="streamId"/>.</summary>
    public bool MarkStarted(string streamId, DateTimeOffset now)
    {
        if (!IsOpen)
        {
            return false;
        }
        Status = ScheduleStates.Live;
        StreamId = streamId;
        Changed(now);
        PendingEvents.Add(OutboxMessage.For(new StreamScheduleStartedIntegrationEvent(Guid.NewGuid(), ToState(), now)));
        return true;
    }

    public ScheduledStreamState ToState() =>
        new(Id, OwnerId, OwnerName, Title, CoverUrl, Tags, Utc(StartsAt), Status, StreamId, Version);

    private void Changed(DateTimeOffset now)
    {
        UpdatedAt = now.UtcDateTime;
        Version++;
    }

    private static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));
}
