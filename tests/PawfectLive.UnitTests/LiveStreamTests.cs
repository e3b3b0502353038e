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
        var presence = StreamPresence.For("0123456789abcdef01234567");

        Assert.True(presence.Join("PA_a"));
        Assert.False(presence.Join("PA_a"));          // duplicate join
        Assert.True(presence.Join("PA_b"));
        Assert.True(presence.Leave("PA_b", At));
        Assert.False(presence.Leave("PA_b", At));     // duplicate leave
        Assert.True(presence.Leave("PA_x", At));      // leave before its join...
        Assert.False(presence.Join("PA_x"));          // ...so the late join is ignored
        Assert.False(presence.Join("PA_b"));          // a departed sid never comes back

        Assert.Equal((1, 2), (presence.Count, presence.Peak));
        Assert.Equal(["PA_a"], presence.PresentSids);
        Assert.Equal(4, presence.Version);
    }

    [Fact]
    public void The_publisher_is_not_a_viewer()
    {
        var stream = NewStream();

        Assert.False(stream.IsViewer("rex-owner"));
        Assert.True(stream.IsViewer("ann"));
    }

    [Fact]
    public void Departures_are_remembered_for_a_while_and_in_bounded_number()
    {
        var presence = StreamPresence.For("0123456789abcdef01234567");
        presence.Leave("PA_old", At);

        presence.Leave("PA_new", At + StreamPresence.DepartureMemory + TimeSpan.FromSeconds(1));

        Assert.Equal(["PA_new"], presence.Departures.Select(departure => departure.Sid));
        Assert.True(presence.Join("PA_old"), "a join this long after its leave is a new visit");

        for (var i = 0; i < StreamPresence.MaxDepartures + 50; i++)
        {
            presence.Leave($"PA_{i}", At.AddHours(1));
        }
        Assert.Equal(StreamPresence.MaxDepartures, presence.Departures.Count);
        Assert.Equal($"PA_{StreamPresence.MaxDepartures + 49}", presence.Departures[^1].Sid);
    }

    [Fact]
    public void Reconciling_presence_takes_who_is_in_the_room_but_never_brings_back_a_departed_sid()
    {
        var presence = StreamPresence.For("0123456789abcdef01234567");
        presence.Join("PA_a");
        presence.Join("PA_b");
        presence.Leave("PA_c", At);

        HashSet<string> before = ["PA_a", "PA_b"];
        Assert.True(presence.Reconcile(["PA_a", "PA_c", "PA_d"], before, At));   // b gone unreported, d joined unreported
        Assert.False(presence.Reconcile(["PA_a", "PA_c", "PA_d"], before, At));

        Assert.Equal(["PA_a", "PA_d"], presence.PresentSids.Order());
        Assert.Contains(presence.Departures, departure => departure.Sid == "PA_b");
    }

    [Fact]
    public void A_join_applied_while_LiveKit_was_asked_is_not_taken_for_gone()
    {
        var presence = StreamPresence.For("0123456789abcdef01234567");
        presence.Join("PA_a");
        var before = presence.PresentSids.ToHashSet();
        presence.Join("PA_late"); // its participant_joined was applied after ListParticipants answered without it

        Assert.False(presence.Reconcile(["PA_a"], before, At));

        Assert.Equal(["PA_a", "PA_late"], presence.PresentSids.Order());
        Assert.DoesNotContain(presence.Departures, departure => departure.Sid == "PA_late");
    }

    [Fact]
    public void The_stream_takes_only_newer_presence_and_keeps_its_peak()
    {
        var stream = NewStream();
        var older = StreamPresence.For(stream.Id);
        older.Join("PA_a");
        older.Join("PA_b");                            // version 2, count 2
        var newer = StreamPresence.For(stream.Id);
        newer.Join("PA_a");
        newer.Join("PA_b");
        newer.Leave("PA_b", At);                       // version 3, count 1, peak 2

        Assert.True(stream.ApplyPresence(newer, At));
        Assert.False(stream.ApplyPresence(older, At), "an older presence arriving late is not taken");
        Assert.False(stream.ApplyPresence(newer, At));

        Assert.Equal((1, 2, 3L), (stream.Viewers, stream.PeakViewers, stream.PresenceVersion));
    }

    [Fact]
    public void Ending_drops_viewers_to_zero_keeps_the_peak_and_happens_once()
    {
        var stream = NewStream();
        var presence = StreamPresence.For(stream.Id);
        presence.Join("PA_a");
        stream.ApplyPresence(presence, At);

        Assert.True(stream.End(StreamEndReasons.Owner, At));
        Assert.False(stream.End(StreamEndReasons.Admin, At.AddMinutes(1)));

        Assert.False(stream.IsLive);
        Assert.Equal((0, 1), (stream.Viewers, stream.PeakViewers));
        Assert.Equal((StreamEndReasons.Owner, At), (stream.EndedReason, stream.EndedAt));
        presence.Join("PA_late");
        Assert.False(stream.ApplyPresence(presence, At), "nobody joins an ended stream");
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
    public void Moderators_are_appointed_and_removed_once_and_a_blocked_moderator_is_one_no_more()
    {
        var stream = NewStream();

        Assert.True(stream.AppointModerator("helper", At));
        Assert.False(stream.AppointModerator("helper", At));
        Assert.True(stream.IsModerator("helper"));
        Assert.True(stream.RemoveModerator("helper", At));
        Assert.False(stream.RemoveModerator("helper", At));
        stream.AppointModerator("helper", At);
        var version = stream.Version;

        Assert.True(stream.Block("helper", At));

        Assert.False(stream.IsModerator("helper"));
        Assert.Equal(version + 1, stream.Version);
        Assert.False(stream.AppointModerator("helper", At), "a blocked user is not appointed");
    }

    [Fact]
    public void A_timeout_runs_until_its_end_is_replaced_by_a_new_one_and_can_be_lifted_early()
    {
        var stream = NewStream();

        Assert.True(stream.TimeOut("loud", At.AddMinutes(5), At));
        Assert.False(stream.TimeOut("loud", At.AddMinutes(5), At), "the same timeout again changes nothing");
        Assert.Equal(At.AddMinutes(5), stream.TimedOutUntil("loud", At.AddMinutes(4)));
        Assert.Null(stream.TimedOutUntil("loud", At.AddMinutes(5)));
        Assert.True(stream.TimeOut("loud", At.AddMinutes(1), At), "a new timeout replaces the old one");
        Assert.Single(stream.Timeouts);
        Assert.True(stream.LiftTimeout("loud", At));
        Assert.False(stream.LiftTimeout("loud", At));
        Assert.Null(stream.TimedOutUntil("loud", At));

        stream.TimeOut("brief", At.AddSeconds(10), At);
        Assert.False(stream.LiftTimeout("brief", At.AddSeconds(11)), "an expired timeout is not running");
    }

    [Fact]
    public void Run_out_timeouts_expire_once_each_and_only_on_a_live_stream()
    {
        var stream = NewStream();
        stream.TimeOut("brief", At.AddSeconds(10), At);
        stream.TimeOut("long", At.AddMinutes(10), At);
        stream.TimeOut("other", At.AddMinutes(1), At.AddSeconds(20));
        var version = stream.Version;

        Assert.Empty(stream.ExpireTimeouts(At.AddSeconds(9)));
        Assert.Equal(version, stream.Version);
        Assert.Equal(["brief"], stream.ExpireTimeouts(At.AddSeconds(10)));
        Assert.Equal(version + 1, stream.Version);
        Assert.Empty(stream.ExpireTimeouts(At.AddSeconds(11)));
        Assert.Equal(["long", "other"], stream.Timeouts.Select(timeout => timeout.UserId).Order());

        stream.End(StreamEndReasons.Owner, At.AddMinutes(1));
        Assert.Empty(stream.ExpireTimeouts(At.AddHours(1)));
    }

    [Fact]
    public void At_most_1000_timeouts_run_at_once()
    {
        var stream = NewStream();
        for (var i = 0; i < LiveStream.MaxTimeouts; i++)
        {
            Assert.True(stream.TimeOut($"user-{i}", At.AddMinutes(10), At));
        }

        Assert.False(stream.TimeOut("one-more", At.AddMinutes(10), At));
        Assert.True(stream.TimeOut("user-3", At.AddMinutes(20), At), "a running one can still be changed");
        Assert.True(stream.TimeOut("one-more", At.AddMinutes(30), At.AddMinutes(10)), "expired ones make room");
    }

    [Fact]
    public void Every_change_and_only_a_change_raises_the_version_and_the_update_time()
    {
        var stream = NewStream();

        stream.Block("troll", At);
        stream.Block("troll", At.AddMinutes(5));
        var presence = StreamPresence.For(stream.Id);
        presence.Join("PA_a");
        stream.ApplyPresence(presence, At.AddMinutes(2));

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

    private static EgressReport Report(string status, int second, string? error = null) =>
        new("EG_1", status, error, At.AddSeconds(second), null, null, null, null, null);

    [Fact]
    public void A_recording_waits_for_the_publishers_track_and_its_egress_is_taken_once()
    {
        var stream = NewStream();
        Assert.True(stream.RequestRecording(StreamRecording.For(stream.Id, "replays", At), At));

        Assert.False(stream.TakeEgressStart(At));
        Assert.True(stream.MarkPublisherPublished(At));
        Assert.False(stream.MarkPublisherPublished(At));
        Assert.True(stream.TakeEgressStart(At));
        Assert.False(stream.TakeEgressStart(At));
        Assert.False(stream.RequestRecording(StreamRecording.For(stream.Id, "replays", At), At));
        Assert.Matches("^replays/0123456789abcdef01234567/[0-9a-f]{24}/index.m3u8$", stream.Recording!.PlaylistKey);
    }

    [Fact]
    public void Egress_reports_never_take_a_recording_back_and_older_reports_change_nothing()
    {
        var stream = NewStream();
        stream.RequestRecording(StreamRecording.For(stream.Id, "replays", At), At);
        stream.MarkPublisherPublished(At);
        stream.TakeEgressStart(At);

        Assert.True(stream.ApplyEgressReport(Report(RecordingStates.Recording, 5), At));
        Assert.Equal("EG_1", stream.Recording!.EgressId);
        Assert.False(stream.ApplyEgressReport(Report(RecordingStates.Starting, 1), At));
        Assert.False(stream.ApplyEgressReport(Report(RecordingStates.Recording, 4), At));
        Assert.False(stream.ApplyEgressReport(Report(RecordingStates.Recording, 5) with { EgressId = "EG_other" }, At));
        Assert.True(stream.End("owner", At));
        Assert.Equal(RecordingStates.Processing, stream.Recording.Status);
        Assert.Equal("EG_1", stream.EgressToStop());
        Assert.True(stream.ApplyEgressReport(Report(RecordingStates.Ready, 9), At));
        Assert.Null(stream.EgressToStop());
        Assert.False(stream.ApplyEgressReport(Report(RecordingStates.Failed, 10, "late"), At));
        Assert.Equal(RecordingStates.Ready, stream.Recording.Status);
        Assert.True(stream.DeleteReplay("rex-owner", At));
        Assert.False(stream.DeleteReplay("rex-owner", At));
    }

    [Fact]
    public void A_stream_that_ends_before_its_video_fails_its_recording_and_a_failed_one_may_be_asked_for_again()
    {
        var ended = NewStream();
        ended.RequestRecording(StreamRecording.For(ended.Id, "replays", At), At);
        ended.End("owner", At);
        Assert.Equal((RecordingStates.Failed, (string?)null), (ended.Recording!.Status, ended.EgressToStop()));
        Assert.Contains("nothing to record", ended.Recording.Error);

        var live = NewStream();
        var first = StreamRecording.For(live.Id, "replays", At);
        live.RequestRecording(first, At);
        Assert.True(live.FailRecording(first.Id, "no response from egress service", At));
        var second = StreamRecording.For(live.Id, "replays", At);
        Assert.True(live.RequestRecording(second, At));
        Assert.NotEqual(first.PlaylistKey, live.Recording!.PlaylistKey);
        Assert.False(live.FailRecording(first.Id, "stale", At));
    }

    [Fact]
    public void Ingress_reports_set_the_source_while_an_encoder_publishes()
    {
        var stream = NewStream();
        Assert.True(stream.AttachIngress(new StreamIngress { Id = "IN_1", Type = StreamSources.Whip }, At));
        Assert.False(stream.AttachIngress(new StreamIngress { Id = "IN_2", Type = StreamSources.Rtmp }, At));

        Assert.False(stream.ApplyIngressReport("IN_other", publishing: true, null, At, At));
        Assert.True(stream.ApplyIngressReport("IN_1", publishing: true, null, At, At));
        Assert.Equal((StreamSources.Whip, IngressStatuses.Publishing), (stream.Source, stream.Ingress!.Status));
        Assert.False(stream.ApplyIngressReport("IN_1", publishing: true, null, At, At));
        Assert.True(stream.ApplyIngressReport("IN_1", publishing: false, "encoder went away", At.AddSeconds(5), At));
        Assert.Equal((StreamSources.WebRtc, IngressStatuses.Ended, "encoder went away"), (stream.Source, stream.Ingress.Status, stream.Ingress.Error));
    }

    [Fact]
    public void An_encoder_reconnect_reported_in_reverse_order_leaves_the_encoder_publishing()
    {
        var stream = NewStream();
        stream.AttachIngress(new StreamIngress { Id = "IN_1", Type = StreamSources.Rtmp }, At);
        stream.ApplyIngressReport("IN_1", publishing: true, null, At, At);

        // OBS reconnects: LiveKit ends the ingress at t+10 s and starts it again at t+11 s; the start arrives first.
        Assert.True(stream.ApplyIngressReport("IN_1", publishing: true, null, At.AddSeconds(11), At));
        Assert.False(stream.ApplyIngressReport("IN_1", publishing: false, null, At.AddSeconds(10), At));
        Assert.Equal((StreamSources.Rtmp, IngressStatuses.Publishing), (stream.Source, stream.Ingress!.Status));

        // LiveKit's nanosecond times tell apart what happened within one second.
        Assert.True(stream.ApplyIngressReport("IN_1", publishing: true, null, At.AddSeconds(20).AddTicks(5), At));
        Assert.False(stream.ApplyIngressReport("IN_1", publishing: false, null, At.AddSeconds(20).AddTicks(1), At));
        Assert.Equal(StreamSources.Rtmp, stream.Source);
    }

    [Fact]
    public void A_blocklist_holds_at_most_MaxBlocked_users()
    {
        var stream = NewStream();
        for (var i = 0; i < LiveStream.MaxBlocked; i++)
        {
            stream.BlockedUserIds.Add($"user-{i}");
        }

        Assert.False(stream.Block("one-too-many", At));
        Assert.False(stream.IsBlocked("one-too-many"));
        Assert.True(stream.Unblock("user-0", At));
        Assert.True(stream.Block("one-too-many", At));
    }

    [Fact]
    public void The_timeout_schedule_keeps_one_entry_per_stream_however_often_its_timeouts_are_replaced()
    {
        var schedule = new PawfectLive.Streams.Features.Moderation.TimeoutExpirySchedule();
        for (var i = 0; i < 10_000; i++)
        {
            schedule.Add("stream-a", At.AddSeconds(10_000 - i)); // each replacement ends sooner
            schedule.Add("stream-b", At.AddSeconds(60 + i));     // later ends than the one queued change nothing
        }

        Assert.True(schedule.Count <= 2 * 2 + 64, $"{schedule.Count} entries");
        Assert.Equal(At.AddSeconds(1), schedule.NextDue);
        Assert.Equal(["stream-a"], schedule.TakeDue(At.AddSeconds(1)));
        Assert.Empty(schedule.TakeDue(At.AddSeconds(59)));
        Assert.Equal(["stream-b"], schedule.TakeDue(At.AddSeconds(60)));
        Assert.Null(schedule.NextDue);
    }
}
