using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;

namespace PawfectLive.FunctionalTests.Streams;

/// <summary>Behaviour that depends on configuration: each test runs its own Streams instance on the shared broker.</summary>
[Collection(StreamsCollection.Name)]
public sealed class StreamsSettingsTests(StreamsFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task With_FEATURE_GO_LIVE_off_starting_is_refused_and_watching_still_works()
    {
        await using var app = new StreamsApp(await fixture.RabbitMq.NewVirtualHostConnectionStringAsync(), fixture.LiveKit, new Dictionary<string, string?>
        {
            ["FEATURE_GO_LIVE"] = "false",
        });
        app.Logs.Attach(output);
        using var anonymous = app.ClientFor(null);

        using var owner = app.ClientFor(TestUsers.Token("flag-owner"));

        var refused = await owner.PostAsJsonAsync("/api/live/start", new { title = "x" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("https://pawfectlive.dev/problems/go-live-disabled", problem.GetProperty("type").GetString());
        Assert.Contains("FEATURE_GO_LIVE", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/live/active")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync("/api/live/0123456789abcdef01234567/watch")).StatusCode);
    }

    [Fact]
    public async Task Starting_again_within_the_cooldown_is_429_with_Retry_After()
    {
        await using var app = new StreamsApp(await fixture.RabbitMq.NewVirtualHostConnectionStringAsync(), fixture.LiveKit, new Dictionary<string, string?>
        {
            ["Streams:StartCooldown"] = "00:01:00",
        });
        app.Logs.Attach(output);
        using var owner = app.ClientFor(TestUsers.Token("cooldown-owner"));
        var started = await owner.StartStreamAsync(new { title = "one" });
        await owner.StopStreamAsync(started.StreamId);

        var again = await owner.PostAsJsonAsync("/api/live/start", new { title = "two" });

        Assert.Equal(HttpStatusCode.TooManyRequests, again.StatusCode);
        var retryAfter = again.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 50, 60);
        var problem = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("https://pawfectlive.dev/problems/rate-limited", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task More_starts_than_the_window_allows_are_429()
    {
        await using var app = new StreamsApp(await fixture.RabbitMq.NewVirtualHostConnectionStringAsync(), fixture.LiveKit, new Dictionary<string, string?>
        {
            ["Streams:StartsPerWindow"] = "2",
            ["Streams:StartWindow"] = "00:10:00",
        });
        app.Logs.Attach(output);
        using var owner = app.ClientFor(TestUsers.Token("window-owner"));
        for (var i = 0; i < 2; i++)
        {
            var started = await owner.StartStreamAsync(new { title = $"s{i}" });
            await owner.StopStreamAsync(started.StreamId);
        }

        var third = await owner.PostAsJsonAsync("/api/live/start", new { title = "s3" });

        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.InRange(third.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 500, 600);
        using var otherOwner = app.ClientFor(TestUsers.Token("window-other"));
        Assert.Equal(HttpStatusCode.Created, (await otherOwner.PostAsJsonAsync("/api/live/start", new { title = "fine" })).StatusCode);
    }

    [Fact]
    public async Task One_open_report_per_reporter_and_stream_and_a_per_user_report_limit()
    {
        await using var app = new StreamsApp(await fixture.RabbitMq.NewVirtualHostConnectionStringAsync(), fixture.LiveKit, new Dictionary<string, string?>
        {
            ["Streams:ReportsPerHour"] = "2",
        });
        app.Logs.Attach(output);
        using var reporter = app.ClientFor(TestUsers.Token("eager-reporter"));
        var streams = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var owner = app.ClientFor(TestUsers.Token($"reported-owner-{i}"));
            streams.Add((await owner.StartStreamAsync()).StreamId);
        }

        var first = await reporter.PostAsJsonAsync($"/api/live/{streams[0]}/report", new { reason = "not a pet" });
        var again = await reporter.PostAsJsonAsync($"/api/live/{streams[0]}/report", new { reason = "still not a pet" });
        var second = await reporter.PostAsJsonAsync($"/api/live/{streams[1]}/report", new { reason = "not a pet either" });
        var third = await reporter.PostAsJsonAsync($"/api/live/{streams[2]}/report", new { reason = "too many" });
        var repeatOverTheLimit = await reporter.PostAsJsonAsync($"/api/live/{streams[1]}/report", new { reason = "again" });

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(
            (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString(),
            (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        await third.ProblemAsync(HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.InRange(third.Headers.RetryAfter!.Delta!.Value.TotalMinutes, 50, 60);
        Assert.Equal(HttpStatusCode.Accepted, repeatOverTheLimit.StatusCode);
        using var admin = app.ClientFor(TestUsers.Token("report-admin", admin: true));
        var reports = await admin.GetFromJsonAsync<JsonElement>("/api/live/reports?limit=100");
        Assert.Equal(2, reports.GetProperty("items").EnumerateArray().Count(r => r.GetProperty("reporterId").GetString() == "eager-reporter"));
    }
}
