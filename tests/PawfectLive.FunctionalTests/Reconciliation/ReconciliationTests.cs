using System.Net.Http.Json;
using PawfectLive.Contracts;
using PawfectLive.FunctionalTests.Streams;
using Xunit.Abstractions;

namespace PawfectLive.FunctionalTests.Reconciliation;

/// <summary>Streams repairs from LiveKit's state what webhooks missed, and announces snapshots Chat converges on.</summary>
[Collection(StreamsCollection.Name)]
public sealed class ReconciliationTests(StreamsFixture fixture, ITestOutputHelper output)
{
    private async Task<StreamsApp> ReconcilingAppAsync(string? rabbitMq = null, string activeCacheDuration = "00:00:02")
    {
        var app = new StreamsApp(rabbitMq ?? await fixture.RabbitMq.NewVirtualHostConnectionStringAsync(), fixture.LiveKit, new Dictionary<string, string?>
        {
            ["Streams:Reconciliation:Enabled"] = "true",
            ["Streams:Reconciliation:Interval"] = "00:00:00.200",
            ["Streams:Reconciliation:RoomGracePeriod"] = "00:00:01",
            ["Streams:ActiveCacheDuration"] = activeCacheDuration,
            ["Recording:Bucket"] = "reconciled-replays",
            ["Recording:AccessKey"] = "key",
            ["Recording:Secret"] = "secret",
            ["Recording:PublicBaseUrl"] = "https://cdn.pawfect.test",
        });
        app.Logs.Attach(output);
        return app;
    }

    [Fact]
    public async Task A_live_stream_whose_room_LiveKit_does_not_have_ends_after_the_grace_period()
    {
        await using var app = await ReconcilingAppAsync();
        using var owner = app.ClientFor(TestUsers.Token($"gone-{Guid.NewGuid():N}"[..20]));
        var started = await owner.StartStreamAsync();

        await Eventually.HoldsAsync(async () => !(await owner.GetLiveStreamAsync(started.StreamId)).IsLive, "the stream ends", TimeSpan.FromSeconds(20));

        Assert.Equal(StreamEndReasons.RoomFinished, (await owner.GetLiveStreamAsync(started.StreamId)).EndedReason);
    }

    [Fact]
    public async Task A_recording_whose_track_published_webhook_was_lost_starts_when_LiveKit_shows_the_publisher_publishing()
    {
        await using var app = await ReconcilingAppAsync();
        var ownerId = $"lost-track-{Guid.NewGuid():N}"[..22];
        using var owner = app.ClientFor(TestUsers.Token(ownerId));
        var started = await owner.StartStreamAsync(new { title = "recorded", record = true });
        fixture.LiveKit.AddRoom(started.RoomName);
        fixture.LiveKit.AddParticipant(started.RoomName, ownerId);
        fixture.LiveKit.AddParticipant(started.RoomName, "a-viewer");
        await Eventually.HoldsAsync(() => Task.FromResult(fixture.LiveKit.Calls.Count(c => c.Method == "ListParticipants"
            && c.Body["room"]?.GetValue<string>() == started.RoomName) >= 2), "reconciliation looked at the room");
        Assert.DoesNotContain(fixture.LiveKit.Calls, c => c.Method == "Egress.StartRoomCompositeEgress" && c.Body["room_name"]?.GetValue<string>() == started.RoomName);

        fixture.LiveKit.PublishTrack(started.RoomName, ownerId);

        await Eventually.HoldsAsync(() => Task.FromResult(fixture.LiveKit.RunningEgresses.Values.Contains(started.RoomName)), "the egress starts");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Single(fixture.LiveKit.Calls, c => c.Method == "Egress.StartRoomCompositeEgress" && c.Body["room_name"]?.GetValue<string>() == started.RoomName);
    }

    [Fact]
    public async Task Lost_egress_webhooks_are_repaired_from_ListEgress_and_an_egress_that_is_not_the_recordings_is_stopped()
    {
        await using var app = await ReconcilingAppAsync();
        var ownerId = $"lost-egress-{Guid.NewGuid():N}"[..22];
        using var owner = app.ClientFor(TestUsers.Token(ownerId));
        var started = await owner.StartStreamAsync(new { title = "recorded", record = true });
        fixture.LiveKit.AddRoom(started.RoomName);
        fixture.LiveKit.AddParticipant(started.RoomName, ownerId);
        fixture.LiveKit.PublishTrack(started.RoomName, ownerId);
        var ours = await Eventually.ValueAsync(() => fixture.LiveKit.RunningEgresses.FirstOrDefault(e => e.Value == started.RoomName).Key, "the egress starts");

        // No egress webhook ever arrives: LiveKit's list says it is active, so the recording is.
        await Eventually.HoldsAsync(async () => await StatusAsync() == "recording", "the recording is seen active");
        var stray = fixture.LiveKit.AddEgress(started.RoomName);
        await Eventually.HoldsAsync(() => Task.FromResult(!fixture.LiveKit.RunningEgresses.ContainsKey(stray)), "the stray egress is stopped");
        Assert.True(fixture.LiveKit.RunningEgresses.ContainsKey(ours));

        await owner.StopStreamAsync(started.StreamId);
        await Eventually.HoldsAsync(() => Task.FromResult(!fixture.LiveKit.RunningEgresses.ContainsKey(ours)), "the end stops the egress");
        fixture.LiveKit.CompleteEgress(ours, durationSeconds: 31.5, sizeBytes: 654_321);

        await Eventually.HoldsAsync(async () => await StatusAsync() == "ready", "the lost egress_ended is repaired");
        var replay = await owner.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/live/{started.StreamId}/replay");
        Assert.Equal(31.5, replay.GetProperty("durationSeconds").GetDouble());
        Assert.Equal(654_321, replay.GetProperty("sizeBytes").GetInt64());

        async Task<string?> StatusAsync() =>
            (await owner.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/live/{started.StreamId}/recording")).GetProperty("status").GetString();
    }

    [Fact]
    public async Task Operators_see_the_streams_live_and_their_viewers_in_two_gauges_without_a_per_stream_tag()
    {
        var observed = new System.Collections.Concurrent.ConcurrentQueue<(string Instrument, long Value, int Tags)>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, meterListener) =>
        {
            if (instrument.Meter.Name == PawfectLive.Streams.StreamsMetrics.MeterName)
            {
                meterListener.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => observed.Enqueue((instrument.Name, value, tags.Length)));
        listener.Start();
        await using var app = await ReconcilingAppAsync();
        foreach (var viewers in new[] { 1, 2 })
        {
            using var owner = app.ClientFor(TestUsers.Token($"gauge-{Guid.NewGuid():N}"[..20]));
            var started = await owner.StartStreamAsync();
            fixture.LiveKit.AddRoom(started.RoomName);
            for (var i = 0; i < viewers; i++)
            {
                fixture.LiveKit.AddParticipant(started.RoomName, $"watcher-{i}");
            }
        }

        await Eventually.HoldsAsync(() =>
        {
            listener.RecordObservableInstruments();
            var latest = observed.ToArray();
            return Task.FromResult(latest.Any(m => m is ("pawfectlive.streams.live", 2, 0)) && latest.Any(m => m is ("pawfectlive.streams.viewers", 3, 0)));
        }, "the gauges show 2 live streams with 3 viewers");
    }

    [Fact]
    public async Task While_LiveKit_cannot_answer_no_stream_is_ended()
    {
        await using var app = await ReconcilingAppAsync();
        using var owner = app.ClientFor(TestUsers.Token($"lkdown-{Guid.NewGuid():N}"[..20]));
        fixture.LiveKit.ListingsFail = true;
        try
        {
            var started = await owner.StartStreamAsync();
            await Eventually.HoldsAsync(() => Task.FromResult(fixture.LiveKit.Calls.Count(c => c.Method == "ListRooms" && c.Answer != System.Net.HttpStatusCode.OK) >= 10),
                "reconciliation tried several passes");

            Assert.True((await owner.GetLiveStreamAsync(started.StreamId)).IsLive, "an unanswered ListRooms is no proof the room is gone");
        }
        finally
        {
            fixture.LiveKit.ListingsFail = false;
        }
    }

    [Fact]
    public async Task Presence_follows_who_is_really_in_the_room_and_blocked_users_found_there_are_removed()
    {
        await using var app = await ReconcilingAppAsync();
        var ownerId = $"present-{Guid.NewGuid():N}"[..20];
        using var owner = app.ClientFor(TestUsers.Token(ownerId));
        var started = await owner.StartStreamAsync();
        await owner.BlockAsync(started.StreamId, "sneaky");
        fixture.LiveKit.AddParticipant(started.RoomName, ownerId);
        fixture.LiveKit.AddParticipant(started.RoomName, "alice");
        fixture.LiveKit.AddParticipant(started.RoomName, "bob");
        fixture.LiveKit.AddParticipant(started.RoomName, "sneaky");

        await Eventually.HoldsAsync(async () => (await owner.GetLiveStreamAsync(started.StreamId)).Viewers == 2,
            "alice and bob count without any webhook; the owner and the blocked user do not", TimeSpan.FromSeconds(20));
        await Eventually.HoldsAsync(() => Task.FromResult(!fixture.LiveKit.HasParticipant(started.RoomName, "sneaky")),
            "the blocked user is removed from the room");

        fixture.LiveKit.DropParticipant(started.RoomName, "bob"); // LiveKit lost bob without a participant_left

        await Eventually.HoldsAsync(async () => (await owner.GetLiveStreamAsync(started.StreamId)).Viewers == 1, "bob is gone", TimeSpan.FromSeconds(20));
        Assert.Equal(2, (await owner.GetLiveStreamAsync(started.StreamId)).PeakViewers);
    }

    [Fact]
    public async Task Every_pass_announces_a_snapshot_of_each_live_and_recently_ended_stream()
    {
        var rabbitMq = await fixture.RabbitMq.NewVirtualHostConnectionStringAsync();
        await using var probe = await EventProbe.StartAsync(rabbitMq, typeof(StreamSnapshotIntegrationEvent));
        await using var app = await ReconcilingAppAsync(rabbitMq);
        using var owner = app.ClientFor(TestUsers.Token($"snap-{Guid.NewGuid():N}"[..20]));
        var live = await owner.StartStreamAsync();
        fixture.LiveKit.AddRoom(live.RoomName);
        await owner.BlockAsync(live.StreamId, "troll");

        var snapshot = await probe.WaitForAsync<StreamSnapshotIntegrationEvent>(e => e.StreamId == live.StreamId && e.StreamVersion == 2, TimeSpan.FromSeconds(20));
        await owner.StopStreamAsync(live.StreamId);
        var ended = await probe.WaitForAsync<StreamSnapshotIntegrationEvent>(e => e.StreamId == live.StreamId && !e.IsLive, TimeSpan.FromSeconds(20));

        Assert.True(snapshot.IsLive);
        Assert.Equal(["troll"], snapshot.BlockedUserIds);
        Assert.Equal(2, snapshot.StreamVersion);
        Assert.True(ended.StreamVersion > snapshot.StreamVersion);
    }

    [Fact]
    public async Task Viewer_changes_leave_the_cached_active_listing_alone_while_a_start_evicts_it()
    {
        // A cache duration longer than the test: what /active shows then depends only on what evicts it.
        await using var app = await ReconcilingAppAsync(activeCacheDuration: "00:01:00");
        using var owner = app.ClientFor(TestUsers.Token($"churn-{Guid.NewGuid():N}"[..20]));
        var watched = await owner.StartStreamAsync();
        fixture.LiveKit.AddRoom(watched.RoomName);
        Assert.Equal(0, (await owner.ActiveStreamsAsync()).Items.Single(s => s.Id == watched.StreamId).Viewers);
        fixture.LiveKit.AddParticipant(watched.RoomName, "viewer-1");

        await Eventually.HoldsAsync(async () => (await owner.GetLiveStreamAsync(watched.StreamId)).Viewers == 1, "the viewer counts");
        Assert.Equal(0, (await owner.ActiveStreamsAsync()).Items.Single(s => s.Id == watched.StreamId).Viewers);

        using var other = app.ClientFor(TestUsers.Token($"churn2-{Guid.NewGuid():N}"[..20]));
        var started = await other.StartStreamAsync();
        fixture.LiveKit.AddRoom(started.RoomName);
        var page = await owner.ActiveStreamsAsync();
        Assert.Contains(page.Items, s => s.Id == started.StreamId);
        Assert.Equal(1, page.Items.Single(s => s.Id == watched.StreamId).Viewers);
    }
}
