using System.ComponentModel.DataAnnotations;

namespace PawfectLive.Streams.Features.Schedules;

public sealed class ScheduleOptions
{
    public const string SectionName = "Schedules";

    /// <summary>Open (scheduled) streams one owner may have ahead at once.</summary>
    [Range(1, 1000)]
    public int MaxOpenPerOwner { get; set; } = 20;

    /// <summary>How far ahead a stream may be scheduled.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "366.00:00:00")]
    public TimeSpan MaxLeadTime { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How long after its start time a scheduled stream may still be started; then it is missed.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MissedAfter { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often overdue schedules are looked for (one instance at a time).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan MissedCheckInterval { get; set; } = TimeSpan.FromSeconds(30);
}
