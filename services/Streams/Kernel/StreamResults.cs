namespace PawfectLive.Streams.Kernel;

/// <summary>Who is asking: the authenticated user's id (<c>sub</c>), whether they are an admin, their display name.</summary>
public sealed record Caller(string UserId, bool IsAdmin, string? Name = null);

/// <summary>Why the application refused a request. The API maps each to its problem response.</summary>
public abstract record StreamError
{
    private StreamError()
    {
    }

    /// <summary>Input that breaks a rule, per field.</summary>
    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : StreamError
    {
        public Invalid(string field, string message) : this(new Dictionary<string, string[]> { [field] = [message] })
        {
        }
    }

    public sealed record NotFound(string StreamId) : StreamError;

    /// <summary>
    /// The caller is neither the stream's owner nor, where they may act too, an admin (<paramref name="AdminsMay"/>) or
    /// one of its moderators (<paramref name="ModeratorsMay"/>).
    /// </summary>
    public sealed record NotOwner(bool AdminsMay, bool ModeratorsMay = false) : StreamError;

    /// <summary>A moderator acting on someone only the owner or an admin may act on (another moderator).</summary>
    public sealed record ModerationNotAllowed(string Detail) : StreamError;

    public sealed record Blocked : StreamError;

    public sealed record Ended(string StreamId) : StreamError;

    public sealed record AlreadyLive(string LiveStreamId) : StreamError;

    public sealed record RateLimited(TimeSpan RetryAfter, string Detail) : StreamError;

    public sealed record GoLiveDisabled : StreamError;

    public sealed record ReportNotFound(string ReportId) : StreamError;

    /// <summary>The report was resolved already (by this admin or another).</summary>
    public sealed record ReportResolved(string ReportId) : StreamError;

    /// <summary>Recording was asked for, but no storage is configured (<c>Recording:Bucket</c>).</summary>
    public sealed record RecordingNotConfigured : StreamError;

    public sealed record RecordingNotFound(string StreamId) : StreamError;

    /// <summary>No replay: never recorded, the recording failed, or it was deleted (<paramref name="Detail"/> says which).</summary>
    public sealed record ReplayNotFound(string StreamId, string Detail) : StreamError;

    /// <summary>The recording exists but is not a replay yet (<paramref name="Status"/>: starting, recording or processing).</summary>
    public sealed record ReplayNotReady(string StreamId, string Status) : StreamError;

    public sealed record IngressNotFound(string StreamId) : StreamError;

    /// <summary>The stream has an ingress of another type already (one per stream).</summary>
    public sealed record IngressExists(string Type) : StreamError;

    /// <summary>LiveKit's Ingress could not create the endpoint (<paramref name="Detail"/>: LiveKit's reason); nothing was stored.</summary>
    public sealed record IngressUnavailable(string Detail) : StreamError;

    /// <summary>The stage holds <paramref name="MaxGuests"/> guests already.</summary>
    public sealed record StageFull(int MaxGuests) : StreamError;

    /// <summary>A blocked or timed-out user cannot be brought on stage (<paramref name="Reason"/> says which).</summary>
    public sealed record StageNotAllowed(string UserId, string Reason) : StreamError;

    public sealed record ScheduleNotFound(string ScheduleId) : StreamError;

    /// <summary>The scheduled stream is no longer open (<paramref name="Status"/>: live, cancelled or missed).</summary>
    public sealed record ScheduleClosed(string ScheduleId, string Status) : StreamError;

    /// <summary>The owner has <paramref name="Max"/> open scheduled streams already.</summary>
    public sealed record TooManySchedules(int Max) : StreamError;

    /// <summary>The user to invite is neither watching the stream nor asking to join the stage.</summary>
    public sealed record UserNotWatching(string UserId) : StreamError;
}

/// <summary>A value, or the <see cref="StreamError"/> that prevented it.</summary>
public readonly record struct Result<T>(T? Value, StreamError? Error)
{
    public static implicit operator Result<T>(T value) => new(value, null);

    public static implicit operator Result<T>(StreamError error) => new(default, error);
}
