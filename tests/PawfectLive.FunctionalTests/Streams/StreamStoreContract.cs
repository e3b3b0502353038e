using MongoDB.Bson;
using MongoDB.Driver;
using PawfectLive.Streams.Infrastructure;
using PawfectLive.Streams.Model;

namespace PawfectLive.FunctionalTests.Streams;

/// <summary>
/// The one contract both stores keep. Each implementation runs every case; the MongoDB run needs a server
/// (<c>PAWFECT_TEST_MONGODB</c>) and is reported as skipped without one.
/// </summary>
public abstract class StreamStoreContract
{
    private static readonly DateTime T0 = new(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>A fresh, empty store.</summary>
    protected abstract Task<IStreamsDatabase> CreateStoreAsync();

    private static LiveStream NewStream(string ownerId, DateTime startedAt, params string[] tags) => new()
    {
        Id = ObjectId.GenerateNewId().ToString(),
        OwnerId = ownerId,
        RoomName = $"live_{ownerId}_{new DateTimeOffset(startedAt).ToUnixTimeMilliseconds()}",
        Title = "title",
        IsLive = true,
        StartedAt = startedAt,
        CreatedAt = startedAt,
        UpdatedAt = startedAt,
        Tags = [.. tags],
    };

    private static OutboxMessage Event(string name) => new() { Id = Guid.NewGuid().ToString("N"), Type = name, Payload = "{}", CreatedAt = T0 };

    // The stream operations the application performs, each a domain rule applied through the store's one update.
    private static async Task<LiveStream?> EndAsync(IStreamsDatabase store, string id, string reason, DateTime at, IReadOnlyList<OutboxMessage> events, CancellationToken cancellationToken) =>
        await ChangedAsync(store, id, stream => stream.End(reason, at), events, cancellationToken);

    private static async Task<bool> BlockAsync(IStreamsDatabase store, string id, string userId, DateTime at, IReadOnlyList<OutboxMessage> events, CancellationToken cancellationToken) =>
        await ChangedAsync(store, id, stream => stream.Block(userId, at), events, cancellationToken) is not null;

    private static async Task<bool> UnblockAsync(IStreamsDatabase store, string id, string userId, DateTime at, IReadOnlyList<OutboxMessage> events, CancellationToken cancellationToken) =>
        await ChangedAsync(store, id, stream => stream.Unblock(userId, at), events, cancellationToken) is not null;

    // What the application does for a join or a leave: change the stream's presence, then take its count into the stream.
    private static async Task<LiveStream?> AddViewerAsync(IStreamsDatabase store, string roomName, string sid, string identity, DateTime at, CancellationToken cancellationToken)
    {
        if (await LiveStreamOfAsync(store, roomName, cancellationToken) is not { } stream)
        {
            return null;
        }
        return stream.IsViewer(identity)
            ? await TakePresenceAsync(store, stream.Id, await store.UpdatePresenceAsync(stream.Id, presence => presence.Join(sid), cancellationToken), at, cancellationToken)
            : stream;
    }

    private static async Task<LiveStream?> RemoveViewerAsync(IStreamsDatabase store, string roomName, string sid, DateTime at, CancellationToken cancellationToken) =>
        await LiveStreamOfAsync(store, roomName, cancellationToken) is { } stream
            ? await TakePresenceAsync(store, stream.Id, await store.UpdatePresenceAsync(stream.Id, presence => presence.Leave(sid, at), cancellationToken), at, cancellationToken)
            : null;

    private static async Task<LiveStream?> LiveStreamOfAsync(IStreamsDatabase store, string roomName, CancellationToken cancellationToken) =>
        await store.FindIdByRoomNameAsync(roomName, cancellationToken) is { } id && await store.GetAsync(id, cancellationToken) is { IsLive: true } stream
            ? stream
            : null;

    private static async Task<LiveStream?> TakePresenceAsync(IStreamsDatabase store, string id, StreamPresence presence, DateTime at, CancellationToken cancellationToken) =>
        (await store.UpdateAsync(id, stream => stream.ApplyPresence(presence, at), cancellationToken))?.Stream;

    /// <summary>The stream after a change that took <paramref name="events"/> along; null when nothing changed.</summary>
    private static async Task<LiveStream?> ChangedAsync(
        IStreamsDatabase store, string id, Func<LiveStream, bool> change, IReadOnlyList<OutboxMessage> events, CancellationToken cancellationToken)
    {
        var update = await store.UpdateAsync(id, stream =>
        {
            if (!change(stream))
            {
                return false;
            }
            stream.PendingEvents.AddRange(events);
            return true;
        }, cancellationToken);
        return update is { Changed: true } ? update.Stream : null;
    }

    [SkippableFact]
    public async Task Inserts_and_reads_a_stream_back_by_id_and_room()
    {
        var store = await CreateStoreAsync();
        var stream = NewStream("alice", T0, "dogs");

        await store.InsertLiveAsync(stream, default);

        var byId = await store.GetAsync(stream.Id, default);
        var byRoom = await store.GetByRoomNameAsync(stream.RoomName, default);
        Assert.NotNull(byId);
        Assert.Equal(stream.RoomName, byId.RoomName);
        Assert.Equal(T0, byId.StartedAt.ToUniversalTime());
        Assert.Equal(["dogs"], byId.Tags);
        Assert.Equal(stream.Id, byRoom?.Id);
        Assert.Null(await store.GetAsync(ObjectId.GenerateNewId().ToString(), default));
    }

    [SkippableFact]
    public async Task Refuses_a_second_live_stream_for_the_same_owner_but_allows_one_after_it_ended()
    {
        var store = await CreateStoreAsync();
        var first = NewStream("bob", T0);
        await store.InsertLiveAsync(first, default);

        var refused = await Assert.ThrowsAsync<OwnerAlreadyLiveException>(() => store.InsertLiveAsync(NewStream("bob", T0.AddSeconds(1)), default));
        Assert.Equal(first.Id, refused.LiveStreamId);

        await EndAsync(store, first.Id, "owner", T0.AddMinutes(1), [], default);
        await store.InsertLiveAsync(NewStream("bob", T0.AddMinutes(2)), default);
        Assert.Equal(2, (await store.StartTimesSinceAsync("bob", T0, default)).Count);
        Assert.Single(await store.StartTimesSinceAsync("bob", T0.AddMinutes(1), default));
    }

    [SkippableFact]
    public async Task Concurrent_starts_of_one_owner_leave_exactly_one_live_stream()
    {
        var store = await CreateStoreAsync();

        var attempts = Enumerable.Range(0, 8).Select(async i =>
        {
            try
            {
                await store.InsertLiveAsync(NewStream("carol", T0.AddMilliseconds(i)), default);
                return true;
            }
            catch (OwnerAlreadyLiveException)
            {
                return false;
            }
        });

        Assert.Single(await Task.WhenAll(attempts), inserted => inserted);
    }

    [SkippableFact]
    public async Task Ends_a_stream_exactly_once_with_its_events_and_zero_viewers()
    {
        var store = await CreateStoreAsync();
        var stream = NewStream("dave", T0);
        await store.InsertLiveAsync(stream, default);
        await AddViewerAsync(store, stream.RoomName, "PA_1", "viewer", T0, default);

        var ended = await EndAsync(store, stream.Id, "admin", T0.AddMinutes(5), [Event("ended")], default);
        var again = await EndAsync(store, stream.Id, "owner", T0.AddMinutes(6), [Event("ended-again")], default);

        Assert.NotNull(ended);
        Assert.Null(again);
        var stored = (await store.GetAsync(stream.Id, default))!;
        Assert.False(stored.IsLive);
        Assert.Equal("admin", stored.EndedReason);
        Assert.Equal(T0.AddMinutes(5), stored.EndedAt!.Value.ToUniversalTime());
        Assert.Equal(0, stored.Viewers);
        Assert.Equal(1, stored.PeakViewers);
        Assert.Equal(["ended"], stored.PendingEvents.Select(e => e.Type));
        Assert.Null(await store.FindLiveByOwnerAsync("dave", default));
    }

    [SkippableFact]
    public async Task Lists_live_streams_newest_first_with_a_stable_cursor_and_tag_filter()
    {
        var store = await CreateStoreAsync();
        var streams = Enumerable.Range(0, 5).Select(i => NewStream($"owner{i}", T0.AddSeconds(i % 3), i % 2 == 0 ? "even" : "odd")).ToList();
        foreach (var stream in streams)
        {
            await store.InsertLiveAsync(stream, default);
        }
        await EndAsync(store, streams[4].Id, "owner", T0.AddMinutes(1), [], default);

        var expected = streams.Take(4).OrderByDescending(s => s.StartedAt).ThenByDescending(s => s.Id, StringComparer.Ordinal).Select(s => s.Id).ToList();
        var first = await store.ListLiveAsync(new LiveStreamQuery(3), default);
        var last = first[^1];
        var second = await store.ListLiveAsync(new LiveStreamQuery(3, new StreamCursor(last.StartedAt, last.Id)), default);
        var even = await store.ListLiveAsync(new LiveStreamQuery(10, Tag: "even"), default);

        Assert.Equal(expected, first.Concat(second).Select(s => s.Id));
        Assert.Equal([streams[2].Id, streams[0].Id], even.Select(s => s.Id));
    }

    [SkippableFact]
    public async Task A_whole_listing_carries_the_blocklist_moderators_timeouts_and_chat_settings_and_a_public_one_leaves_them_out()
    {
        var store = await CreateStoreAsync();
        var stream = NewStream("wanda", T0);
        await store.InsertLiveAsync(stream, default);
        await ChangedAsync(store, stream.Id, current => current.Block("troll", T0), [Event("blocked")], default);
        await ChangedAsync(store, stream.Id, current => current.AppointModerator("helper", T0), [Event("appointed")], default);
        await ChangedAsync(store, stream.Id, current => current.TimeOut("loud", T0.AddMinutes(5), T0), [Event("timed out")], default);
        await ChangedAsync(store, stream.Id, current => current.ChangeChatRules(30, false, 10, T0), [Event("rules")], default);
        await ChangedAsync(store, stream.Id, current => current.SetBlockedWords(["kibble", "squirrel"], T0), [Event("words")], default);
        await ChangedAsync(store, stream.Id, current => current.Pin(new PinnedMessage { Text = "Be kind 🐾", MessageId = "m1", PinnedBy = "wanda", PinnedAt = T0 }, T0), [Event("pinned")], default);

        var listed = Assert.Single(await store.ListLiveAsync(new LiveStreamQuery(10, Whole: true), default), s => s.Id == stream.Id);

        Assert.Equal(["troll"], listed.BlockedUserIds);
        Assert.Equal(["helper"], listed.ModeratorIds);
        Assert.Equal(("loud", T0.AddMinutes(5)), (Assert.Single(listed.Timeouts).UserId, listed.Timeouts[0].Until));
        Assert.Equal((30, false, 10), (listed.Chat.SlowModeSeconds, listed.Chat.ChatEnabled, listed.Chat.EstablishedMinutes));
        Assert.Equal(["kibble", "squirrel"], listed.Chat.BlockedWords);
        Assert.Equal(("Be kind 🐾", "m1", "wanda", T0), (listed.Chat.Pinned!.Text, listed.Chat.Pinned.MessageId, listed.Chat.Pinned.PinnedBy, listed.Chat.Pinned.PinnedAt));
        Assert.Equal(listed.Chat.SlowModeSeconds, (await store.GetAsync(stream.Id, default))!.Chat.SlowModeSeconds);

        var shown = Assert.Single(await store.ListLiveAsync(new LiveStreamQuery(10), default), s => s.Id == stream.Id);
        Assert.Equal((stream.Title, stream.RoomName, listed.Version), (shown.Title, shown.RoomName, shown.Version));
        Assert.Empty(shown.BlockedUserIds);
        Assert.Empty(shown.ModeratorIds);
        Assert.Empty(shown.Timeouts);
        Assert.True(shown.Chat.IsDefault);
    }

    [SkippableFact]
    public async Task Lists_an_owners_streams_live_and_ended_newest_first_with_a_stable_cursor()
    {
        var store = await CreateStoreAsync();
        var mine = new List<LiveStream>();
        for (var i = 0; i < 3; i++)
        {
            var stream = NewStream("olive", T0.AddMinutes(i));
            await store.InsertLiveAsync(stream, default);
            if (i < 2)
            {
                await EndAsync(store, stream.Id, "owner", T0.AddMinutes(i).AddSeconds(30), [], default);
            }
            mine.Add(stream);
        }
        await store.InsertLiveAsync(NewStream("someone-else", T0), default);

        var first = await store.ListByOwnerAsync("olive", 2, null, default);
        var second = await store.ListByOwnerAsync("olive", 2, new StreamCursor(first[^1].StartedAt, first[^1].Id), default);

        Assert.Equal(mine.Select(s => s.Id).Reverse(), first.Concat(second).Select(s => s.Id));
        Assert.Equal([true, false, false], first.Concat(second).Select(s => s.IsLive));
    }

    [SkippableFact]
    public async Task A_recording_and_an_ingress_round_trip_and_only_ready_undeleted_recordings_list_as_replays()
    {
        var store = await CreateStoreAsync();
        var streams = new List<LiveStream>();
        var ingress = new StreamIngress { Id = "IN_1", Type = "rtmp", Url = "rtmp://x/live", StreamKey = "secret", CreatedAt = T0 };
        for (var index = 0; index < 4; index++)
        {
            var at = T0.AddMinutes(index);
            var stream = NewStream("rita", at);
            stream.Recording = StreamRecording.For(stream.Id, "replays", at);
            await store.InsertLiveAsync(stream, default);
            streams.Add(stream);
            if (index == 3)
            {
                await ChangedAsync(store, stream.Id, current => current.AttachIngress(ingress, at), [], default);
            }
            await ChangedAsync(store, stream.Id, current => current.MarkPublisherPublished(at) | current.TakeEgressStart(at), [], default);
            await ChangedAsync(store, stream.Id, current => current.AttachEgress(current.Recording!.Id, $"EG_{index}", at), [], default);
            await EndAsync(store, stream.Id, "owner", at.AddSeconds(10), [], default);
            if (index != 1)
            {
                await ChangedAsync(store, stream.Id, current => current.ApplyEgressReport(new EgressReport($"EG_{index}", "ready", null, at.AddSeconds(20),
                    at, at.AddSeconds(15), 12.5, 4096, 2048), at.AddSeconds(20)), [], default);
            }
        }
        await ChangedAsync(store, streams[2].Id, current => current.DeleteReplay("rita", T0.AddHours(1)), [], default);

        var first = await store.ListReplaysByOwnerAsync("rita", 1, null, default);
        var second = await store.ListReplaysByOwnerAsync("rita", 5, new StreamCursor(first[^1].StartedAt, first[^1].Id), default);

        Assert.Equal([streams[3].Id, streams[0].Id], first.Concat(second).Select(s => s.Id));
        Assert.Empty(await store.ListReplaysByOwnerAsync("someone-else", 5, null, default));
        var read = (await store.GetAsync(streams[3].Id, default))!;
        Assert.Equal(("ready", "EG_3", 12.5, 4096L, 2048L), (read.Recording!.Status, read.Recording.EgressId, read.Recording.DurationSeconds, read.Recording.SizeBytes, read.Recording.Mp4SizeBytes));
        Assert.Equal(streams[3].Recording!.PlaylistKey, read.Recording.PlaylistKey);
        Assert.True(read.PublisherPublished);
        Assert.Equal(("IN_1", "rtmp", "secret"), (read.Ingress!.Id, read.Ingress.Type, read.Ingress.StreamKey));
        // Never reported active: still starting when the stream ended, and its egress is still to stop.
        var unreported = (await store.GetAsync(streams[1].Id, default))!;
        Assert.Equal(("starting", "EG_1"), (unreported.Recording!.Status, unreported.EgressToStop()));
    }

    [SkippableFact]
    public async Task Moderators_are_stored_with_the_stream_and_a_new_stream_has_none()
    {
        var store = await CreateStoreAsync();
        var stream = NewStream("mona", T0);
        await store.InsertLiveAsync(stream, default);

        Assert.Empty((await store.GetAsync(stream.Id, default))!.ModeratorIds);
        await ChangedAsync(store, stream.Id, current => current.AppointModerator("helper", T0), [Event("appointed")], default);
        await ChangedAsync(store, stream.Id, current => current.AppointModerator("second", T0), [Event("appointed")], default);
        await ChangedAsync(store, stream.Id, current => current.RemoveModerator("helper", T0), [Event("removed")], default);

        Assert.Equal(["second"], (await store.GetAsync(stream.Id, default))!.ModeratorIds);
    }

    [SkippableFact]
    public async Task Blocks_and_unblocks_idempotently_with_events_only_on_change()
    {
        var store = await CreateStoreAsync();
        var stream = NewStream("erin", T0);
        await store.InsertLiveAsync(stream, default);

        Assert.True(await BlockAsync(store, stream.Id, "troll", T0, [Event("blocked")], default));
        Assert.False(await BlockAsync(store, stream.Id, "troll", T0, [Event("blocked-again")], default));
        Assert.True(await UnblockAsync(store, stream.Id, "troll", T0, [Event("unblocked")], default));
        Assert.False(await UnblockAsync(store, stream.Id, "troll", T0, [Event("unblocked-again")], default));
        Assert.False(await BlockAsync(store, ObjectId.GenerateNewId().ToString(), "troll", T0, [], default));

        var stored = (await store.GetAsync(stream.Id, default))!;
        Assert.Empty(stored.BlockedUserIds);
        Assert.Equal(["blocked", "unblocked"], stored.PendingEvents.Select(e => e.Type));
    }

    [SkippableFact]
    public async Task Counts_distinct_present_sids_whatever_the_order_and_duplication_of_joins_and_leaves()
    {
        var store = await CreateStoreAsync();
        var stream = NewStream("frank", T0);
        await store.InsertLiveAsync(stream, default);
        var room = stream.RoomName;

        await AddViewerAsync(store, room, "PA_a", "viewer", T0, default);
        await AddViewerAsync(store, room, "PA_a", "viewer", T0, default);       // duplicate join
        await AddViewerAsync(store, room, "PA_b", "viewer", T0, default);
        await AddViewerAsync(store, room, "PA_c", "viewer", T0, default);       // peak 3
        await RemoveViewerAsync(store, room, "PA_b", T0, default);
        await RemoveViewerAsync(store, room, "PA_b", T0, default);    // duplicate leave
        await RemoveViewerAsync(store, room, "PA_x", T0, default);    // leave without join
        await AddViewerAsync(store, room, "PA_x", "viewer", T0, default);       // its join arrives late: ignored
        await AddViewerAsync(store, room, "PA_b", "viewer", T0, default);       // rejoin of a departed sid: ignored
        await AddViewerAsync(store, room, "PA_owner", "frank", T0, default);    // the publisher: not a viewer

        var stored = (await store.GetAsync(stream.Id, default))!;
        Assert.Equal(2, stored.Viewers);
        Assert.Equal(3, stored.PeakViewers);
        Assert.Equal(["PA_a", "PA_c"], (await store.GetPresenceAsync(stream.Id, default))!.PresentSids.Order());
        Assert.Null(await AddViewerAsync(store, "no_such_room", "PA_z", "viewer", T0, default));
    }

    [SkippableFact]
    public async Task Concurrent_presence_changes_keep_the_count_exact()
    {
        var store = await CreateStoreAsync();
        var stream = NewStream("gina", T0);
        await store.InsertLiveAsync(stream, default);

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => AddViewerAsync(store, stream.RoomName, $"PA_{i}", "viewer", T0, default)));
        await Task.WhenAll(Enumerable.Range(0, 40).Where(i => i % 4 == 0).Select(i => RemoveViewerAsync(store, stream.RoomName, $"PA_{i}", T0, default)));

        var stored = (await store.GetAsync(stream.Id, default))!;
        Assert.Equal(30, stored.Viewers);
        Assert.Equal(40, stored.PeakViewers);
    }

    [SkippableFact]
    public async Task Presence_is_kept_apart_from_the_stream_and_dropped_with_it()
    {
        var store = await CreateStoreAsync();
        var stream = NewStream("hazel", T0);
        await store.InsertLiveAsync(stream, default);
        var other = NewStream("hugo", T0);
        await store.InsertLiveAsync(other, default);
        await AddViewerAsync(store, stream.RoomName, "PA_1", "viewer", T0, default);
        await RemoveViewerAsync(store, stream.RoomName, "PA_2", T0, default);
        await AddViewerAsync(store, other.RoomName, "PA_9", "viewer", T0, default);

        var presence = (await store.GetPresenceAsync(stream.Id, default))!;
        Assert.Equal(["PA_1"], presence.PresentSids);
        Assert.Equal(["PA_2"], presence.Departures.Select(departure => departure.Sid));
        Assert.Equal(T0, presence.Departures[0].At.ToUniversalTime());
        Assert.Equal((2, 1), (presence.Version, presence.Peak));
        Assert.Equal((1, 2), ((await store.GetAsync(stream.Id, default))!.Viewers, (await store.GetAsync(stream.Id, default))!.PresenceVersion));

        await store.DeletePresenceAsync(stream.Id, default);

        Assert.Null(await store.GetPresenceAsync(stream.Id, default));
        Assert.Equal(["PA_9"], (await store.GetPresenceAsync(other.Id, default))!.PresentSids);
        Assert.Equal(1, (await store.GetAsync(stream.Id, default))!.Viewers);
    }

    [SkippableFact]
    public async Task The_outbox_lists_streams_with_pending_events_until_each_is_acknowledged()
    {
        var store = await CreateStoreAsync();
        var stream = NewStream("hank", T0);
        var started = Event("started");
        stream.PendingEvents.Add(started);
        await store.InsertLiveAsync(stream, default);
        var quiet = NewStream("ivy", T0);
        await store.InsertLiveAsync(quiet, default);

        var pending = await store.ListWithPendingEventsAsync(10, default);
        Assert.Equal([stream.Id], pending.Select(s => s.Id));
        Assert.Equal([started.Id], pending[0].PendingEvents.Select(e => e.Id));

        await store.AcknowledgeEventAsync(stream.Id, started.Id, default);
        Assert.Empty(await store.ListWithPendingEventsAsync(10, default));
    }

    [SkippableFact]
    public async Task Every_stored_change_raises_the_version_and_publishing_its_events_keeps_it()
    {
        var store = await CreateStoreAsync();
        var stream = NewStream("jack", T0);
        stream.Version = 1;
        await store.InsertLiveAsync(stream, default);
        var blocked = Event("blocked");

        await BlockAsync(store, stream.Id, "troll", T0, [blocked], default);
        await AddViewerAsync(store, stream.RoomName, "PA_1", "viewer", T0, default);
        await AddViewerAsync(store, stream.RoomName, "PA_1", "viewer", T0, default); // no change
        await store.AcknowledgeEventAsync(stream.Id, blocked.Id, default);

        var stored = (await store.GetAsync(stream.Id, default))!;
        Assert.Equal(3, stored.Version);
        Assert.Empty(stored.PendingEvents);
        Assert.Null(await store.UpdateAsync(ObjectId.GenerateNewId().ToString(), _ => true, default));
    }

    [SkippableFact]
    public async Task Concurrent_changes_of_one_stream_each_apply_once_with_their_events()
    {
        var store = await CreateStoreAsync();
        var stream = NewStream("kate", T0);
        await store.InsertLiveAsync(stream, default);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => BlockAsync(store, stream.Id, $"user{i}", T0, [Event($"blocked{i}")], default)));

        var stored = (await store.GetAsync(stream.Id, default))!;
        Assert.Equal(20, stored.BlockedUserIds.Count);
        Assert.Equal(20, stored.PendingEvents.Select(e => e.Type).Distinct().Count());
        Assert.Equal(20, stored.Version);
    }

    [SkippableFact]
    public async Task Keeps_one_open_report_per_reporter_and_stream_even_when_reports_race()
    {
        var store = await CreateStoreAsync();
        AbuseReport Report(string streamId, string reporterId) =>
            new() { Id = ObjectId.GenerateNewId().ToString(), StreamId = streamId, ReporterId = reporterId, Reason = "why", CreatedAt = T0 };

        var stored = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => store.AddOpenReportAsync(Report("s1", "rita"), 100, T0.AddHours(-1), default)));
        var otherStream = await store.AddOpenReportAsync(Report("s2", "rita"), 100, T0.AddHours(-1), default);

        Assert.Single(stored.Select(r => r!.Id).Distinct());
        Assert.Equal(stored[0]!.Id, (await store.FindOpenReportAsync("s1", "rita", default))?.Id);
        Assert.NotEqual(stored[0]!.Id, otherStream!.Id);
        Assert.Null(await store.FindOpenReportAsync("s1", "someone-else", default));
        Assert.Equal(2, (await store.ReportTimesSinceAsync("rita", T0, default)).Count);
        Assert.Empty(await store.ReportTimesSinceAsync("rita", T0.AddSeconds(1), default));
    }

    [SkippableFact]
    public async Task A_reporters_quota_holds_for_a_concurrent_burst_on_many_streams()
    {
        var store = await CreateStoreAsync();
        AbuseReport Report(int stream, DateTime at) =>
            new() { Id = ObjectId.GenerateNewId().ToString(), StreamId = $"s{stream}", ReporterId = "burst", Reason = "why", CreatedAt = at };

        var added = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => store.AddOpenReportAsync(Report(i, T0), 5, T0.AddHours(-1), default)));

        Assert.Equal(5, added.Count(report => report is not null));
        Assert.Equal(5, (await store.ReportTimesSinceAsync("burst", T0.AddHours(-1), default)).Count);
        // An hour on, the old ones have left the window.
        Assert.NotNull(await store.AddOpenReportAsync(Report(99, T0.AddHours(1)), 5, T0.AddHours(1).AddHours(-1).AddSeconds(1), default));
    }

    [SkippableFact]
    public async Task One_claim_on_a_report_at_a_time_until_it_runs_out_or_is_released()
    {
        var store = await CreateStoreAsync();
        var report = new AbuseReport { Id = ObjectId.GenerateNewId().ToString(), StreamId = "s", ReporterId = "r", Reason = "why", CreatedAt = T0 };
        await store.AddOpenReportAsync(report, 100, T0.AddHours(-1), default);

        var claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => store.ClaimReportAsync(report.Id, $"admin{i}", T0.AddMinutes(1), T0, default)));

        var winner = Assert.Single(claims, claim => claim is not null)!.ClaimedBy!;
        Assert.Null(await store.ClaimReportAsync(report.Id, "late-admin", T0.AddMinutes(1), T0.AddSeconds(30), default));
        Assert.NotNull(await store.ClaimReportAsync(report.Id, "late-admin", T0.AddMinutes(3), T0.AddMinutes(2), default)); // the first claim ran out
        await store.ReleaseReportAsync(report.Id, winner, default); // not theirs any more: nothing happens
        Assert.Null(await store.ClaimReportAsync(report.Id, winner, T0.AddMinutes(3), T0.AddMinutes(2), default));
        await store.ReleaseReportAsync(report.Id, "late-admin", default);
        Assert.NotNull(await store.ClaimReportAsync(report.Id, winner, T0.AddMinutes(3), T0.AddMinutes(2), default));
    }

    [SkippableFact]
    public async Task A_work_lease_has_one_holder_at_a_time_until_it_runs_out_or_is_released()
    {
        var store = await CreateStoreAsync();

        // Two instances contend, many times at once: exactly one takes it.
        var contenders = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            store.TryAcquireLeaseAsync("outbox:s1", i % 2 == 0 ? "instance-a" : "instance-b", T0.AddMinutes(1), T0, default)));
        Assert.Contains(true, contenders);
        var winner = contenders.Select((won, i) => (won, holder: i % 2 == 0 ? "instance-a" : "instance-b")).First(c => c.won).holder;
        var loser = winner == "instance-a" ? "instance-b" : "instance-a";
        Assert.All(contenders.Select((won, i) => (won, holder: i % 2 == 0 ? "instance-a" : "instance-b")).Where(c => c.holder == loser), c => Assert.False(c.won));

        Assert.False(await store.TryAcquireLeaseAsync("outbox:s1", loser, T0.AddMinutes(2), T0.AddSeconds(59), default));
        Assert.True(await store.TryAcquireLeaseAsync("outbox:s1", winner, T0.AddMinutes(2), T0.AddSeconds(59), default)); // renewed
        Assert.False(await store.TryAcquireLeaseAsync("outbox:s1", loser, T0.AddMinutes(3), T0.AddSeconds(90), default));
        Assert.True(await store.TryAcquireLeaseAsync("outbox:s2", loser, T0.AddMinutes(3), T0.AddSeconds(90), default)); // another unit

        await store.ReleaseLeaseAsync("outbox:s1", loser, default); // not the loser's: nothing happens
        Assert.False(await store.TryAcquireLeaseAsync("outbox:s1", loser, T0.AddMinutes(3), T0.AddSeconds(90), default));
        await store.ReleaseLeaseAsync("outbox:s1", winner, default);
        Assert.True(await store.TryAcquireLeaseAsync("outbox:s1", loser, T0.AddMinutes(3), T0.AddSeconds(90), default));

        // A holder that stops renewing loses the lease when it runs out.
        Assert.False(await store.TryAcquireLeaseAsync("outbox:s1", winner, T0.AddMinutes(4), T0.AddSeconds(179), default));
        Assert.True(await store.TryAcquireLeaseAsync("outbox:s1", winner, T0.AddMinutes(4), T0.AddMinutes(3), default));
    }

    [SkippableFact]
    public async Task Stores_and_pages_abuse_reports_newest_first()
    {
        var store = await CreateStoreAsync();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var report = new AbuseReport { Id = ObjectId.GenerateNewId().ToString(), StreamId = "s", ReporterId = $"r{i}", Reason = "why", CreatedAt = T0 };
            ids.Add(report.Id);
            await store.AddOpenReportAsync(report, 100, T0.AddHours(-1), default);
        }

        var first = await store.ListReportsAsync(2, null, null, default);
        var second = await store.ListReportsAsync(2, first[^1].Id, null, default);

        ids.Reverse();
        Assert.Equal(ids, first.Concat(second).Select(r => r.Id));
    }

    [SkippableFact]
    public async Task Resolves_an_open_report_once_and_lists_reports_by_state()
    {
        var store = await CreateStoreAsync();
        var reports = Enumerable.Range(0, 3)
            .Select(i => new AbuseReport { Id = ObjectId.GenerateNewId().ToString(), StreamId = "s", ReporterId = $"r{i}", Reason = "why", CreatedAt = T0 })
            .ToList();
        foreach (var report in reports)
        {
            await store.AddOpenReportAsync(report, 100, T0.AddHours(-1), default);
        }
        var resolution = new ReportResolution { Action = "block-user", TargetUserId = "troll", ResolvedBy = "admin", ResolvedAt = T0.AddMinutes(1), Note = "spam" };

        var resolved = await store.ResolveReportAsync(reports[1].Id, resolution, default);
        var again = await store.ResolveReportAsync(reports[1].Id, new ReportResolution { Action = "dismiss", ResolvedBy = "other", ResolvedAt = T0 }, default);

        Assert.True(resolved is { IsOpen: false, Resolution: { Action: "block-user", TargetUserId: "troll", ResolvedBy: "admin", Note: "spam" } });
        Assert.Null(again);
        Assert.Equal("admin", (await store.GetReportAsync(reports[1].Id, default))!.Resolution!.ResolvedBy);
        Assert.Null(await store.ResolveReportAsync(ObjectId.GenerateNewId().ToString(), resolution, default));
        Assert.Equal([reports[2].Id, reports[0].Id], (await store.ListReportsAsync(10, null, true, default)).Select(r => r.Id));
        Assert.Equal([reports[1].Id], (await store.ListReportsAsync(10, null, false, default)).Select(r => r.Id));
        Assert.Null(await store.FindOpenReportAsync("s", "r1", default));
    }

    [SkippableFact]
    public async Task Records_viewer_sessions_in_any_order_and_repetition_with_the_earliest_join_and_latest_leave()
    {
        var store = await CreateStoreAsync();
        var streamId = ObjectId.GenerateNewId().ToString();
        var otherStreamId = ObjectId.GenerateNewId().ToString();
        ViewerSessionEdge Joined(string sid, int second) => new(streamId, sid, "milo", T0.AddSeconds(second), null);
        ViewerSessionEdge Left(string sid, int second) => new(streamId, sid, "milo", null, T0.AddSeconds(second));

        await store.RecordViewerSessionsAsync([Left("PA_1", 60)], default); // the leave arrives first
        await store.RecordViewerSessionsAsync([Joined("PA_1", 10), Joined("PA_1", 10), Joined("PA_2", 100)], default);
        await store.RecordViewerSessionsAsync([Left("PA_1", 60), new ViewerSessionEdge(otherStreamId, "PA_1", "rex", T0, null)], default);
        await store.RecordViewerSessionsAsync([Joined("PA_1", 30), Left("PA_1", 50)], default); // a later join and an earlier leave change nothing

        var sessions = (await store.ListViewerSessionsAsync(streamId, default)).OrderBy(s => s.Sid, StringComparer.Ordinal).ToList();

        Assert.Equal(2, sessions.Count);
        Assert.Equal(("PA_1", "milo", T0.AddSeconds(10), T0.AddSeconds(60)), (sessions[0].Sid, sessions[0].Identity, sessions[0].JoinedAt, sessions[0].LeftAt));
        Assert.Equal(("PA_2", T0.AddSeconds(100), (DateTime?)null), (sessions[1].Sid, sessions[1].JoinedAt, sessions[1].LeftAt));
        Assert.Equal("rex", Assert.Single(await store.ListViewerSessionsAsync(otherStreamId, default)).Identity);
        Assert.Equal(["PA_2"], (await store.ListOpenViewerSessionsAsync(streamId, default)).Select(s => s.Sid));
        Assert.Equal("rex", Assert.Single(await store.ListOpenViewerSessionsAsync(otherStreamId, default)).Identity);

        // Retention drops what left before the cut-off; open sessions stay however old (a 24/7 stream's viewers still watch).
        Assert.Equal(1, await store.DeleteViewerSessionsBeforeAsync(T0.AddSeconds(200), default));
        Assert.Equal(["PA_2"], (await store.ListViewerSessionsAsync(streamId, default)).Select(s => s.Sid));
        Assert.Equal("rex", Assert.Single(await store.ListViewerSessionsAsync(otherStreamId, default)).Identity);
    }

    [SkippableFact]
    public async Task Chat_minutes_keep_the_largest_counts_per_instance()
    {
        var store = await CreateStoreAsync();
        var streamId = ObjectId.GenerateNewId().ToString();
        ChatMinute Counts(string instance, int messages, int paws) => new()
        {
            Id = ChatMinute.IdOf(streamId, T0, instance),
            StreamId = streamId,
            Minute = T0,
            Instance = instance,
            Messages = messages,
            Reactions = new() { ["🐾"] = paws },
        };

        await store.RecordChatMinuteAsync(Counts("a", 5, 2), default);
        await store.RecordChatMinuteAsync(Counts("a", 3, 4), default); // late: an older message count, a newer reaction count
        await store.RecordChatMinuteAsync(Counts("b", 1, 1), default);

        var minutes = (await store.ListChatMinutesAsync(streamId, default)).OrderBy(m => m.Instance, StringComparer.Ordinal).ToList();
        Assert.Equal([("a", 5, 4), ("b", 1, 1)], minutes.Select(m => (m.Instance, m.Messages, m.Reactions["🐾"])));
        Assert.Equal(T0, minutes[0].Minute);
    }

    [SkippableFact]
    public async Task Keeps_each_audit_entry_once_and_pages_it_newest_first_by_stream_and_actor()
    {
        var store = await CreateStoreAsync();
        var entries = Enumerable.Range(0, 5).Select(i => new AuditEntry
        {
            Id = ObjectId.GenerateNewId().ToString(),
            StreamId = i % 2 == 0 ? "000000000000000000000001" : "000000000000000000000002",
            ActorId = i < 3 ? "owner" : "mod",
            ActorRole = i < 3 ? "owner" : "moderator",
            Action = "block",
            TargetUserId = $"user{i}",
            Reason = i == 0 ? "spam" : null,
            At = T0.AddSeconds(i),
        }).ToList();
        foreach (var entry in entries)
        {
            await store.AddAuditEntryAsync(entry, default);
        }
        await store.AddAuditEntryAsync(entries[0], default);

        var all = await store.ListAuditAsync(10, null, null, null, default);
        var firstPage = await store.ListAuditAsync(2, null, null, null, default);
        var secondPage = await store.ListAuditAsync(2, firstPage[^1].Id, null, null, default);

        Assert.Equal(entries.Select(e => e.Id).Reverse(), all.Select(e => e.Id));
        Assert.Equal(all.Take(4).Select(e => e.Id), firstPage.Concat(secondPage).Select(e => e.Id));
        Assert.Equal([entries[4].Id, entries[2].Id, entries[0].Id], (await store.ListAuditAsync(10, null, "000000000000000000000001", null, default)).Select(e => e.Id));
        Assert.Equal([entries[4].Id], (await store.ListAuditAsync(10, null, "000000000000000000000001", "mod", default)).Select(e => e.Id));
        Assert.Equal([entries[4].Id, entries[3].Id], (await store.ListAuditAsync(10, null, null, "mod", default)).Select(e => e.Id));
        var first = all[^1];
        Assert.Equal(("owner", "owner", "block", "user0", "spam", T0), (first.ActorId, first.ActorRole, first.Action, first.TargetUserId, first.Reason, first.At));
    }
}

public sealed class LiteDbStreamStoreTests : StreamStoreContract, IDisposable
{
    private readonly List<LiteDbStreamStore> _stores = [];
    private readonly string _directory = Directory.CreateTempSubdirectory("pawfect-litedb-").FullName;

    protected override Task<IStreamsDatabase> CreateStoreAsync()
    {
        var store = new LiteDbStreamStore(Path.Combine(_directory, $"{Guid.NewGuid():N}.db"));
        _stores.Add(store);
        return Task.FromResult<IStreamsDatabase>(store);
    }

    [Fact]
    public async Task Survives_a_restart_with_its_outbox()
    {
        var path = Path.Combine(_directory, "restart.db");
        var stream = new LiveStream { Id = ObjectId.GenerateNewId().ToString(), OwnerId = "o", RoomName = "live_o_1", IsLive = true, StartedAt = DateTime.UtcNow };
        stream.PendingEvents.Add(new OutboxMessage { Id = "e1", Type = "t", Payload = "{}" });
        using (var store = new LiteDbStreamStore(path))
        {
            await store.InsertLiveAsync(stream, default);
        }

        using var reopened = new LiteDbStreamStore(path);

        Assert.Equal(["e1"], (await reopened.ListWithPendingEventsAsync(10, default)).SelectMany(s => s.PendingEvents).Select(e => e.Id));
    }

    [Xunit.Fact] // synchronous: see TestTimeouts
    public void A_second_store_on_the_same_file_fails_at_once_with_a_clear_message()
    {
        var path = Path.Combine(_directory, "single-instance.db");
        using var first = new LiteDbStreamStore(path);

        var refused = Assert.Throws<InvalidOperationException>(() => new LiteDbStreamStore(path));

        Assert.Contains("already open in another Streams process", refused.Message);
        Assert.Contains("MongoDB", refused.Message);
    }

    [Xunit.Fact] // synchronous: see TestTimeouts
    public void The_file_can_be_opened_again_once_its_store_is_closed()
    {
        var path = Path.Combine(_directory, "reopen.db");
        new LiteDbStreamStore(path).Dispose();

        using var reopened = new LiteDbStreamStore(path);
    }

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }
        Directory.Delete(_directory, recursive: true);
    }
}

public sealed class MongoStreamStoreTests : StreamStoreContract
{
    public const string ConnectionVariable = "PAWFECT_TEST_MONGODB";

    protected override async Task<IStreamsDatabase> CreateStoreAsync()
    {
        var connectionString = Environment.GetEnvironmentVariable(ConnectionVariable);
        Skip.If(string.IsNullOrWhiteSpace(connectionString),
            $"No MongoDB server: set {ConnectionVariable} to a connection string to run the store contract against MongoDB.");
        var database = new MongoClient(connectionString).GetDatabase($"pawfect_test_{Guid.NewGuid():N}");
        var store = new MongoStreamStore(database);
        await store.EnsureIndexesAsync(default);
        return store;
    }

    [Xunit.Fact] // synchronous: see TestTimeouts
    public void Documents_use_the_field_names_and_types_of_the_spec()
    {
        _ = new MongoStreamStore(new MongoClient("mongodb://127.0.0.1:1").GetDatabase("mapping_only"));
        var id = ObjectId.GenerateNewId();
        var stream = new LiveStream { Id = id.ToString(), OwnerId = "o", RoomName = "r", IsLive = true, StartedAt = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc) };
        stream.PendingEvents.Add(new OutboxMessage { Id = "e1", Type = "t", Payload = "{}" });

        var document = stream.ToBsonDocument();

        Assert.Equal(id, document["_id"].AsObjectId);
        foreach (var field in new[] { "ownerId", "roomName", "title", "coverUrl", "isLive", "startedAt", "endedAt", "endedReason", "viewers", "peakViewers", "tags", "blockedUserIds", "createdAt", "updatedAt" })
        {
            Assert.True(document.Contains(field), $"missing field {field}");
        }
        Assert.Equal(BsonType.DateTime, document["startedAt"].BsonType);
        Assert.Equal("e1", document["pendingEvents"][0]["id"].AsString);
        Assert.DoesNotContain(document.Names, name => name.Contains("sid", StringComparison.OrdinalIgnoreCase));
    }

    [Xunit.Fact] // synchronous: see TestTimeouts
    public void Presence_is_its_own_document_keyed_by_the_stream_id()
    {
        _ = new MongoStreamStore(new MongoClient("mongodb://127.0.0.1:1").GetDatabase("mapping_only"));
        var id = ObjectId.GenerateNewId();
        var presence = StreamPresence.For(id.ToString());
        presence.Join("PA_1");
        presence.Leave("PA_2", new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        var document = presence.ToBsonDocument();

        Assert.Equal(id, document["_id"].AsObjectId);
        Assert.Equal(["_id", "version", "presentSids", "departures", "peak"], document.Names);
        Assert.Equal("PA_2", document["departures"][0]["sid"].AsString);
        Assert.Equal(BsonType.DateTime, document["departures"][0]["at"].BsonType);
    }
}
