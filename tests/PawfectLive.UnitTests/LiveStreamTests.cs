using PawfectLive.Contracts;
using PawfectLive.Streams.Model;

namespace PawfectLive.UnitTests;

/// <summary>The stream rules themselves, on the aggregate, without a store.</summary>
public sealed class LiveStreamTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTime At = T0.UtcDateTime.AddMinutes(1);

    private static LiveStream NewStream() => LiveStream.Start("0123456789abcdef01234567", "rex-owner", "Rex", ["dogs"], null, T0);

    [Fact]
    public void A_started_stream_is_live_in_its_own_room_at_version_1()
    {
        var stream = NewStream();

        Assert.True(stream.IsLive);
        Assert.Equal($"live_rex-owner_{T0.ToUnixTimeMilliseconds()}", stream.RoomName);
        Assert.Equal(1, stream.Version);
        Assert.Equal(T0.UtcDateTime, stream.StartedAt);
    }

    [Fact]
    public void Viewers_are_distinct_present_sids_whatever_the_order_and_duplication()
    {
        var stream = NewStream();

        Assert.True(stream.AddViewer("PA_a", "ann", At));
        Assert.False(stream.AddViewer("PA_a", "ann", At));          // duplicate join
        Assert.True(stream.AddViewer("PA_b", "bob", At));
        Assert.True(stream.RemoveViewer("PA_b", At));
        Assert.False(stream.RemoveViewer("PA_b", At));              // duplicate leave
        Assert.True(stream.RemoveViewer("PA_x", At));               // leave before its join...
        Assert.False(stream.AddViewer("PA_x", "xena", At));         // ...so the late join is ignored
        Assert.False(stream.AddViewer("PA_b", "bob", At));          // a departed sid never comes back
        Assert.False(stream.AddViewer("PA_owner", "rex-owner", At)); // the publisher is not a viewer

        Assert.Equal(1, stream.Viewers);
        Assert.Equal(2, stream.PeakViewers);
        Assert.Equal(["PA_a"], stream.PresentViewerSids);
    }

    [Fact]
    public void Ending_drops_viewers_to_zero_keeps_the_peak_and_happens_once()
    {
        var stream = NewStream();
        stream.AddViewer("PA_a", "ann", At);

        Assert.True(stream.End(StreamEndReasons.Owner, At));
        Assert.False(stream.End(StreamEndReasons.Admin, At.AddMinutes(1)));

        Assert.False(stream.IsLive);
        Assert.Equal((0, 1), (stream.Viewers, stream.PeakViewers));
        Assert.Equal((StreamEndReasons.Owner, At), (stream.EndedReason, stream.EndedAt));
        Assert.False(stream.AddViewer("PA_late", "late", At), "nobody joins an ended stream");
    }

    [Fact]
    public void Blocking_and_unblocking_change_only_what_is_not_already_so()
    {
        var stream = NewStream();

        Assert.True(stream.Block("troll", At));
        Assert.False(stream.Block("troll", At));
        Assert.True(stream.IsBlocked("troll"));
        Assert.True(stream.Unblock("troll", At));
        Assert.False(stream.Unblock("troll", At));
        Assert.False(stream.IsBlocked("troll"));
    }

    [Fact]
    public void Every_change_and_only_a_change_raises_the_version_and_the_update_time()
    {
        var stream = NewStream();

        stream.Block("troll", At);
        stream.Block("troll", At.AddMinutes(5));
        stream.AddViewer("PA_a", "ann", At.AddMinutes(2));

        Assert.Equal(3, stream.Version);
        Assert.Equal(At.AddMinutes(2), stream.UpdatedAt);
    }

    [Fact]
    public void Enqueued_events_wait_in_the_outbox_under_their_event_id()
    {
        var stream = NewStream();
        var started = new StreamStartedIntegrationEvent(Guid.NewGuid(), stream.Id, stream.OwnerId, stream.RoomName, stream.Title, stream.Tags, T0);

        stream.Enqueue(started);

        var entry = Assert.Single(stream.PendingEvents);
        Assert.Equal(started.EventId.ToString("N"), entry.Id);
        Assert.Equal(typeof(StreamStartedIntegrationEvent).FullName, entry.Type);
        Assert.Equal(T0.UtcDateTime, entry.CreatedAt);
    }
}
