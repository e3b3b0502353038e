using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using PawfectLive.Contracts;
using PawfectLive.FunctionalTests.Webhooks;
using Xunit.Abstractions;

namespace PawfectLive.FunctionalTests.Analytics;

/// <summary>
/// Creator analytics are exact: seeded webhook replays — shuffled, duplicated, leaves before joins, reconnects — give the
/// stats an oracle computes here from the true timeline.
/// </summary>
[Collection(ViewerPipelineCollection.Name)]
public sealed class ViewerStatsOracleTests
{
    private static readonly TimeSpan ReconnectGap = TimeSpan.FromSeconds(30); // Streams:Analytics:ReconnectGap, the default
    private readonly ViewerPipelineFixture _fixture;

    public ViewerStatsOracleTests(ViewerPipelineFixture fixture, ITestOutputHelper output) => _fixture = fixture.WithLogsTo(output);

    private sealed record Visit(string Identity, string Sid, DateTimeOffset Joined, DateTimeOffset Left);

    /// <summary>
    /// A true timeline starting a little after <paramref name="start"/>, in whole seconds (LiveKit's createdAt): each
    /// viewer visits one to three times; some come back within the reconnect gap, some much later.
    /// </summary>
    private static List<Visit> Timeline(Random random, DateTimeOffset start, int viewers)
    {
        var visits = new List<Visit>();
        for (var v = 0; v < viewers; v++)
        {
            var at = start.AddSeconds(5 + random.Next(600));
            for (var visit = 0; visit < 1 + random.Next(3); visit++)
            {
                var left = at.AddSeconds(10 + random.Next(900));
                visits.Add(new Visit($"viewer-{v}", $"PA_{v}_{visit}", at, left));
                at = left.AddSeconds(random.Next(2) == 0 ? random.Next(1, 25) : 60 + random.Next(600)); // a reconnect, or a return
            }
        }
        return visits;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    public async Task Shuffled_duplicated_webhooks_give_the_stats_of_the_true_timeline(int seed)
    {
        var random = new Random(seed);
        var (ownerId, streamId, roomName) = await _fixture.StartStreamAsync();
        var startedAt = (await _fixture.GetStreamAsync(streamId)).StartedAt;
        var visits = Timeline(random, DateTimeOffset.FromUnixTimeSeconds(startedAt.ToUnixTimeSeconds() + 1), viewers: 12);
        var bodies = visits.SelectMany(visit => new[]
            {
                WebhookSender.Participant("participant_joined", roomName, visit.Sid, visit.Identity, createdAt: visit.Joined),
                WebhookSender.Participant("participant_left", roomName, visit.Sid, visit.Identity, createdAt: visit.Left),
            })
            .SelectMany(body => Enumerable.Repeat(body, 1 + random.Next(2))) // LiveKit retries: some arrive twice
            .OrderBy(_ => random.Next()) // in any order, leaves before their joins included
            .Select(Encoding.UTF8.GetBytes)
            .ToList();
        var signatures = await LiveKitSdk.SignWebhooksAsync(_fixture.LiveKit.ApiKey, _fixture.LiveKit.ApiSecret, bodies);

        await Parallel.ForEachAsync(Enumerable.Range(0, bodies.Count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            using var response = await _fixture.Sender.PostAsync(bodies[i], signatures[i]);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        });
        await _fixture.Infrastructure.RabbitMq.WaitUntilDrainedAsync(TimeSpan.FromSeconds(60));

        var expected = Oracle(visits, startedAt, bucketSeconds: 60);
        using var owner = _fixture.Streams.ClientFor(TestUsers.Token(ownerId));
        var stats = await owner.GetFromJsonAsync<JsonElement>($"/api/live/{streamId}/stats?bucketSeconds=60");

        Assert.Equal(expected.Unique, stats.GetProperty("uniqueViewers").GetInt32());
        Assert.Equal(expected.Peak, stats.GetProperty("peakViewers").GetInt32());
        Assert.Equal(expected.Total, stats.GetProperty("totalWatchSeconds").GetDouble(), 3);
        Assert.Equal(expected.Median, stats.GetProperty("medianWatchSeconds").GetDouble(), 3);
        Assert.Equal(expected.Total / expected.Unique, stats.GetProperty("averageWatchSeconds").GetDouble(), 3);
        Assert.Equal(expected.Duration, stats.GetProperty("durationSeconds").GetDouble(), 3);
        Assert.Equal(expected.Total / expected.Duration, stats.GetProperty("averageViewers").GetDouble(), 6);
        Assert.Equal(expected.Concurrent, stats.GetProperty("concurrentViewers").EnumerateArray().Select(point => point.GetProperty("viewers").GetInt32()));
        Assert.Equal(expected.Retention, stats.GetProperty("retention").EnumerateArray().Select(point => Math.Round(point.GetProperty("share").GetDouble(), 9)));
    }

    [Fact]
    public async Task Joins_and_leaves_processed_after_the_end_are_recorded_with_their_own_time()
    {
        var (ownerId, streamId, roomName) = await _fixture.StartStreamAsync();
        var startedAt = (await _fixture.GetStreamAsync(streamId)).StartedAt;
        using var owner = _fixture.Streams.ClientFor(TestUsers.Token(ownerId));
        await Task.Delay(TimeSpan.FromSeconds(2.5)); // live for a few seconds: the viewer's second is inside them
        await owner.StopStreamAsync(streamId);
        var endedAt = (await _fixture.GetStreamAsync(streamId)).EndedAt!.Value;

        // Both happened while the stream was live; a retry delayed them past its end. A join after the end is no viewing.
        var joined = DateTimeOffset.FromUnixTimeSeconds(startedAt.ToUnixTimeSeconds());
        string[] late =
        [
            WebhookSender.Participant("participant_joined", roomName, "PA_late", "late-viewer", createdAt: joined),
            WebhookSender.Participant("participant_left", roomName, "PA_late", "late-viewer", createdAt: joined.AddSeconds(1)),
            WebhookSender.Participant("participant_joined", roomName, "PA_after", "after-the-end", createdAt: endedAt.AddSeconds(5)),
        ];
        foreach (var body in late.Select(Encoding.UTF8.GetBytes))
        {
            using var response = await _fixture.Sender.PostAsync(body, await LiveKitSdk.SignWebhookAsync(_fixture.LiveKit.ApiKey, _fixture.LiveKit.ApiSecret, body));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        await _fixture.Infrastructure.RabbitMq.WaitUntilDrainedAsync(TimeSpan.FromSeconds(60));

        var stats = await Eventually.ValueAsync(async () =>
            await owner.GetFromJsonAsync<JsonElement>($"/api/live/{streamId}/stats") is var read && read.GetProperty("uniqueViewers").GetInt32() == 1 ? (JsonElement?)read : null,
            "the late viewer is counted");
        Assert.Equal(1, stats!.Value.GetProperty("totalWatchSeconds").GetDouble(), 3);
    }

    [Fact]
    public async Task While_a_stream_is_live_its_stats_follow_new_viewers_within_the_cache_period()
    {
        var (ownerId, streamId, roomName) = await _fixture.StartStreamAsync();
        using var owner = _fixture.Streams.ClientFor(TestUsers.Token(ownerId));
        Assert.Equal(0, (await owner.GetFromJsonAsync<JsonElement>($"/api/live/{streamId}/stats")).GetProperty("uniqueViewers").GetInt32());

        var body = Encoding.UTF8.GetBytes(WebhookSender.Participant("participant_joined", roomName, "PA_late", "latecomer"));
        using (var response = await _fixture.Sender.PostAsync(body, await LiveKitSdk.SignWebhookAsync(_fixture.LiveKit.ApiKey, _fixture.LiveKit.ApiSecret, body)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await Eventually.HoldsAsync(async () =>
            (await owner.GetFromJsonAsync<JsonElement>($"/api/live/{streamId}/stats")).GetProperty("uniqueViewers").GetInt32() == 1,
            "the stats count the new viewer", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Only_the_owner_moderators_and_admins_read_the_stats_and_bad_input_is_a_problem()
    {
        var (ownerId, streamId, _) = await _fixture.StartStreamAsync();
        using var owner = _fixture.Streams.ClientFor(TestUsers.Token(ownerId));
        using var stranger = _fixture.Streams.ClientFor(TestUsers.Token("stranger"));
        using var admin = _fixture.Streams.ClientFor(TestUsers.Token("admin", admin: true));

        var empty = await owner.GetFromJsonAsync<JsonElement>($"/api/live/{streamId}/stats");

        Assert.Equal((0, 0, 60), (empty.GetProperty("uniqueViewers").GetInt32(), empty.GetProperty("peakViewers").GetInt32(), empty.GetProperty("bucketSeconds").GetInt32()));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/live/{streamId}/stats")).StatusCode);
        await (await stranger.GetAsync($"/api/live/{streamId}/stats")).ProblemAsync(HttpStatusCode.Forbidden, "not-stream-owner");
        await (await owner.GetAsync($"/api/live/{streamId}/stats?bucketSeconds=5")).ProblemAsync(HttpStatusCode.BadRequest, "validation");
        await (await owner.GetAsync($"/api/live/{streamId}/stats?bucketSeconds=3601")).ProblemAsync(HttpStatusCode.BadRequest, "validation");
        await (await owner.GetAsync("/api/live/000000000000000000000000/stats")).ProblemAsync(HttpStatusCode.NotFound, "stream-not-found");
    }

    [Fact]
    public async Task Chat_counts_of_all_instances_add_up_per_minute_whatever_the_repeats_and_top_reactions_come_first()
    {
        var (ownerId, streamId, roomName) = await _fixture.StartStreamAsync();
        var startedAt = (await _fixture.GetStreamAsync(streamId)).StartedAt;
        var first = DateTimeOffset.FromUnixTimeSeconds(startedAt.ToUnixTimeSeconds() / 60 * 60);
        ChatActivityIntegrationEvent Counts(string instance, int minute, int messages, params (string Emoji, int Count)[] reactions) =>
            new(Guid.NewGuid(), roomName, instance, first.AddMinutes(minute), messages, reactions.ToDictionary(r => r.Emoji, r => r.Count), DateTimeOffset.UtcNow);

        foreach (var activity in new[]
        {
            Counts("a", 0, 2, ("🐾", 1)), Counts("a", 0, 4, ("🐾", 3), ("❤️", 1)), Counts("a", 0, 4, ("🐾", 3), ("❤️", 1)), // grows, then repeats
            Counts("b", 0, 1, ("🔥", 2)), Counts("a", 2, 5, ("❤️", 5)), Counts("a", 0, 3, ("🐾", 2)), // a late, older count changes nothing
        })
        {
            await _fixture.Events.PublishAsync(activity);
        }
        await _fixture.Infrastructure.RabbitMq.WaitUntilDrainedAsync(TimeSpan.FromSeconds(30));

        using var owner = _fixture.Streams.ClientFor(TestUsers.Token(ownerId));
        var chat = (await owner.GetFromJsonAsync<JsonElement>($"/api/live/{streamId}/stats")).GetProperty("chat");

        Assert.Equal((10, 11), (chat.GetProperty("messages").GetInt32(), chat.GetProperty("reactions").GetInt32()));
        Assert.Equal([(5, 6), (0, 0), (5, 5)], chat.GetProperty("perMinute").EnumerateArray()
            .Select(point => (point.GetProperty("messages").GetInt32(), point.GetProperty("reactions").GetInt32())));
        Assert.Equal(first, chat.GetProperty("perMinute")[0].GetProperty("at").GetDateTimeOffset());
        Assert.Equal([("❤️", 6), ("🐾", 3), ("🔥", 2)], chat.GetProperty("topReactions").EnumerateArray()
            .Select(reaction => (reaction.GetProperty("emoji").GetString()!, reaction.GetProperty("count").GetInt32())));
    }

    [Fact]
    public async Task The_owner_lists_their_past_streams_newest_first_each_with_a_summary()
    {
        var (ownerId, firstId, firstRoom) = await _fixture.StartStreamAsync();
        using var owner = _fixture.Streams.ClientFor(TestUsers.Token(ownerId));
        var joined = DateTimeOffset.UtcNow.AddSeconds(1);
        var bodies = new[]
        {
            WebhookSender.Participant("participant_joined", firstRoom, "PA_s1", "sam", createdAt: joined),
            WebhookSender.Participant("participant_left", firstRoom, "PA_s1", "sam", createdAt: joined.AddSeconds(90)),
        }.Select(Encoding.UTF8.GetBytes).ToList();
        var signatures = await LiveKitSdk.SignWebhooksAsync(_fixture.LiveKit.ApiKey, _fixture.LiveKit.ApiSecret, bodies);
        for (var i = 0; i < bodies.Count; i++)
        {
            using var response = await _fixture.Sender.PostAsync(bodies[i], signatures[i]);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        await _fixture.Infrastructure.RabbitMq.WaitUntilDrainedAsync(TimeSpan.FromSeconds(30));
        await owner.StopStreamAsync(firstId);
        var secondId = (await owner.StartStreamAsync(new { title = "second" })).StreamId;

        var page = await owner.GetFromJsonAsync<JsonElement>("/api/live/mine?limit=1");
        var rest = await owner.GetFromJsonAsync<JsonElement>($"/api/live/mine?limit=1&cursor={Uri.EscapeDataString(page.GetProperty("nextCursor").GetString()!)}");

        var newest = page.GetProperty("items")[0];
        Assert.Equal((secondId, true), (newest.GetProperty("stream").GetProperty("id").GetString(), newest.GetProperty("stream").GetProperty("isLive").GetBoolean()));
        var older = rest.GetProperty("items")[0];
        Assert.Equal((firstId, false), (older.GetProperty("stream").GetProperty("id").GetString(), older.GetProperty("stream").GetProperty("isLive").GetBoolean()));
        var summary = older.GetProperty("summary");
        Assert.Equal((1, 1, 90.0), (summary.GetProperty("uniqueViewers").GetInt32(), summary.GetProperty("peakViewers").GetInt32(), summary.GetProperty("totalWatchSeconds").GetDouble()));
        using var stranger = _fixture.Streams.ClientFor(TestUsers.Token("nobody-streams"));
        Assert.Equal(0, (await stranger.GetFromJsonAsync<JsonElement>("/api/live/mine")).GetProperty("items").GetArrayLength());
        await (await owner.GetAsync("/api/live/mine?limit=21")).ProblemAsync(HttpStatusCode.BadRequest, "validation");
        await (await owner.GetAsync("/api/live/mine?cursor=nonsense")).ProblemAsync(HttpStatusCode.BadRequest, "validation");
    }

    /// <summary>The stats, straight from the true visits, by the rules of docs/api.md (written out here on purpose).</summary>
    private static (int Unique, int Peak, double Total, double Median, double Duration, int[] Concurrent, double[] Retention) Oracle(
        List<Visit> visits, DateTimeOffset startedAt, int bucketSeconds)
    {
        var sessions = new List<(DateTimeOffset Start, DateTimeOffset End)>();
        var watch = new List<double>();
        foreach (var viewer in visits.GroupBy(visit => visit.Identity))
        {
            var mine = new List<(DateTimeOffset Start, DateTimeOffset End)>();
            foreach (var visit in viewer.OrderBy(visit => visit.Joined))
            {
                if (mine.Count > 0 && visit.Joined - mine[^1].End <= ReconnectGap)
                {
                    mine[^1] = (mine[^1].Start, visit.Left > mine[^1].End ? visit.Left : mine[^1].End);
                }
                else
                {
                    mine.Add((visit.Joined, visit.Left));
                }
            }
            sessions.AddRange(mine);
            watch.Add(mine.Sum(session => (session.End - session.Start).TotalSeconds));
        }
        watch.Sort();
        var end = visits.Max(visit => visit.Left);
        var duration = (end - startedAt).TotalSeconds;
        int WatchingDuring(DateTimeOffset from, DateTimeOffset to) =>
            // The most sessions open at once in [from, to): it peaks at from or at a session's start inside.
            new[] { from }.Concat(sessions.Select(session => session.Start).Where(start => start > from && start < to))
                .Max(at => sessions.Count(session => session.Start <= at && session.End > at));
        var buckets = (int)Math.Ceiling(duration / bucketSeconds);
        var concurrent = Enumerable.Range(0, buckets)
            .Select(i => WatchingDuring(startedAt.AddSeconds(i * bucketSeconds), i == buckets - 1 ? end.AddTicks(1) : startedAt.AddSeconds((i + 1) * bucketSeconds)))
            .ToArray();
        var median = watch.Count % 2 == 1 ? watch[watch.Count / 2] : (watch[(watch.Count / 2) - 1] + watch[watch.Count / 2]) / 2;
        var retention = Enumerable.Range(0, (int)Math.Ceiling(watch[^1] / 60) + 1)
            .Select(minute => Math.Round(watch.Count(seconds => seconds >= minute * 60.0) / (double)watch.Count, 9))
            .ToArray();
        return (watch.Count, concurrent.Max(), watch.Sum(), median, duration, concurrent, retention);
    }
}
