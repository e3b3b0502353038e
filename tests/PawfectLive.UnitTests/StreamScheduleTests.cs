using PawfectLive.Contracts;
using PawfectLive.Streams.Model;

namespace PawfectLive.UnitTests;

/// <summary>A scheduled stream's rules on the aggregate: each change raises the version and queues the event that says so.</summary>
public sealed class StreamScheduleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    private static StreamSchedule NewSchedule() =>
        StreamSchedule.Create("0123456789abcdef01234567", "rex-owner", "Rex", "Walkies", null, ["dogs"], T0.UtcDateTime.AddHours(2), T0);

    private static string LastEvent(StreamSchedule schedule) => schedule.PendingEvents[^1].Type.Split('.')[^1];

    [Fact]
    public void Scheduling_edits_and_a_new_time_each_raise_the_version_and_say_what_changed()
    {
        var schedule = NewSchedule();
        Assert.Equal(1, schedule.Version);
        Assert.Equal(nameof(StreamScheduledIntegrationEvent), LastEvent(schedule));

        Assert.False(schedule.Edit("Walkies", null, ["dogs"], schedule.StartsAt, T0.AddMinutes(1)));
        Assert.Single(schedule.PendingEvents);

        Assert.True(schedule.Edit("Walkies II", null, null, null, T0.AddMinutes(1)));
        Assert.Equal(2, schedule.Version);
        Assert.Equal(nameof(StreamScheduledIntegrationEvent), LastEvent(schedule));

        Assert.True(schedule.Edit(null, null, null, T0.UtcDateTime.AddHours(3), T0.AddMinutes(2)));
        Assert.Equal(3, schedule.Version);
        Assert.Equal(nameof(StreamRescheduledIntegrationEvent), LastEvent(schedule));
        Assert.Equal(3, schedule.ToState().Version);
    }

    [Fact]
    public void Only_a_scheduled_one_is_cancelled_started_or_missed_and_missed_waits_for_the_grace_period()
    {
        var cancelled = NewSchedule();
        Assert.True(cancelled.Cancel(T0));
        Assert.Equal(ScheduleStates.Cancelled, cancelled.Status);
        Assert.False(cancelled.Cancel(T0));
        Assert.False(cancelled.MarkStarted("s1", T0));

        var started = NewSchedule();
        Assert.True(started.MarkStarted("s1", T0));
        Assert.Equal((ScheduleStates.Live, "s1"), (started.Status, started.StreamId));
        Assert.Equal(nameof(StreamScheduleStartedIntegrationEvent), LastEvent(started));
        Assert.False(started.MarkMissed(TimeSpan.Zero, T0.AddDays(1)));

        var missed = NewSchedule();
        var grace = TimeSpan.FromMinutes(30);
        Assert.False(missed.MarkMissed(grace, T0.AddHours(2).AddMinutes(29)));
        Assert.True(missed.MarkMissed(grace, T0.AddHours(2).AddMinutes(30)));
        Assert.Equal(ScheduleStates.Missed, missed.Status);
        Assert.Equal(nameof(StreamScheduleMissedIntegrationEvent), LastEvent(missed));
    }
}
