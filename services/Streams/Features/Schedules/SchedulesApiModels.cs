namespace PawfectLive.Streams.Features.Schedules;

/// <summary>Schedule a stream: a title (required), a start time in the future, optionally a cover and tags.</summary>
public sealed record ScheduleStreamRequest(string? Title, DateTimeOffset? StartsAt, string? CoverUrl, IReadOnlyList<string>? Tags);

/// <summary>Edit a scheduled stream: only the fields given change; a new <c>startsAt</c> reschedules it.</summary>
public sealed record UpdateScheduleRequest(string? Title, DateTimeOffset? StartsAt, string? CoverUrl, IReadOnlyList<string>? Tags);

/// <summary>A scheduled stream (public). <c>status</c>: scheduled, live (<c>streamId</c> names the stream), cancelled or missed.</summary>
public sealed record ScheduledStreamResponse(
    string Id, string OwnerId, string? OwnerName, string Title, string? CoverUrl, IReadOnlyList<string> Tags, DateTimeOffset StartsAt,
    string Status, string? StreamId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static ScheduledStreamResponse From(StreamSchedule schedule) => new(
        schedule.Id, schedule.OwnerId, schedule.OwnerName, schedule.Title, schedule.CoverUrl, schedule.Tags, Utc(schedule.StartsAt),
        schedule.Status, schedule.StreamId, Utc(schedule.CreatedAt), Utc(schedule.UpdatedAt));

    private static DateTimeOffset Utc(DateTime at) => DateTime.SpecifyKind(at, DateTimeKind.Utc);
}

public sealed record ScheduledStreamsResponse(IReadOnlyList<ScheduledStreamResponse> Items, string? NextCursor);
