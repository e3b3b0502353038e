using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PawfectLive.Contracts;
using PawfectLive.FunctionalTests.Streams;
using Xunit.Abstractions;

namespace PawfectLive.FunctionalTests.Reports;

/// <summary>Reports resolved by admins with an action in one call, and the audit log of every owner, moderator and admin action.</summary>
[Collection(StreamsCollection.Name)]
public sealed class ReportsWorkflowTests
{
    private readonly StreamsFixture _fixture;

    public ReportsWorkflowTests(StreamsFixture fixture, ITestOutputHelper output) => _fixture = fixture.WithLogsTo(output);

    private static string NewUser(string role) => $"{role}-{Guid.NewGuid():N}"[..20];

    private HttpClient As(string userId, bool admin = false) => _fixture.App.ClientFor(TestUsers.Token(userId, admin));

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<string> ReportAsync(HttpClient reporter, string streamId) =>
        (await OkAsync(await reporter.PostAsJsonAsync($"/api/live/{streamId}/report", new { reason = "spam in chat" }), HttpStatusCode.Accepted))
            .GetProperty("id").GetString()!;

    private static async Task<string[]> ReportIdsAsync(HttpClient admin, string state) =>
        [.. (await OkAsync(await admin.GetAsync($"/api/live/reports?state={state}&limit=100"))).GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetString()!)];

    [Fact]
    public async Task An_admin_resolves_a_report_by_blocking_the_user_in_one_call_and_only_once()
    {
        using var owner = As(NewUser("owner"));
        var streamId = (await owner.StartStreamAsync()).StreamId;
        using var reporter = As(NewUser("reporter"));
        var adminId = NewUser("admin");
        using var admin = As(adminId, admin: true);
        var reportId = await ReportAsync(reporter, streamId);
        Assert.Equal(reportId, await ReportAsync(reporter, streamId));
        Assert.Contains(reportId, await ReportIdsAsync(admin, "open"));

        var resolved = await OkAsync(await admin.PostAsJsonAsync($"/api/live/reports/{reportId}/resolve",
            new { action = "block-user", userId = "troll", note = "spamming links" }));

        Assert.Equal("resolved", resolved.GetProperty("state").GetString());
        var resolution = resolved.GetProperty("resolution");
        Assert.Equal(("block-user", "troll", adminId, "spamming links"), (resolution.GetProperty("action").GetString(),
            resolution.GetProperty("targetUserId").GetString(), resolution.GetProperty("resolvedBy").GetString(), resolution.GetProperty("note").GetString()));
        var blocked = await _fixture.Events.WaitForAsync<UserBlockedIntegrationEvent>(e => e.StreamId == streamId && e.UserId == "troll");
        Assert.Equal(adminId, blocked.BlockedBy);
        Assert.DoesNotContain(reportId, await ReportIdsAsync(admin, "open"));
        Assert.Contains(reportId, await ReportIdsAsync(admin, "resolved"));
        await (await admin.PostAsJsonAsync($"/api/live/reports/{reportId}/resolve", new { action = "dismiss" })).ProblemAsync(HttpStatusCode.Conflict, "report-resolved");
        Assert.NotEqual(reportId, await ReportAsync(reporter, streamId));
    }

    [Fact]
    public async Task Two_admins_resolving_one_report_at_once_carry_out_one_action()
    {
        using var owner = As(NewUser("owner"));
        var streamId = (await owner.StartStreamAsync()).StreamId;
        using var reporter = As(NewUser("reporter"));
        var reportId = await ReportAsync(reporter, streamId);
        var admins = Enumerable.Range(0, 4).Select(i => As(NewUser($"admin{i}"), admin: true)).ToList();

        var answers = await Task.WhenAll(admins.Select((admin, i) =>
            admin.PostAsJsonAsync($"/api/live/reports/{reportId}/resolve", new { action = "time-out", userId = $"troll-{i}", seconds = 60 })));

        Assert.Single(answers, answer => answer.StatusCode == HttpStatusCode.OK);
        Assert.All(answers.Where(answer => answer.StatusCode != HttpStatusCode.OK), answer => Assert.Equal(HttpStatusCode.Conflict, answer.StatusCode));
        await Task.Delay(500);
        Assert.Single(_fixture.Events.Of<UserTimedOutIntegrationEvent>(), e => e.StreamId == streamId);
        foreach (var admin in admins)
        {
            admin.Dispose();
        }
    }

    [Fact]
    public async Task Ids_are_taken_in_any_case_as_the_one_they_name()
    {
        using var owner = As(NewUser("owner"));
        var streamId = (await owner.StartStreamAsync()).StreamId;
        using var reporter = As(NewUser("reporter"));

        var shouted = streamId.ToUpperInvariant();
        Assert.Equal(streamId, (await OkAsync(await reporter.GetAsync($"/api/live/{shouted}"))).GetProperty("id").GetString());
        var reportId = await ReportAsync(reporter, streamId);
        Assert.Equal(reportId, await ReportAsync(reporter, shouted)); // still the one open report
        using var admin = As(NewUser("admin"), admin: true);
        var resolved = await OkAsync(await admin.PostAsJsonAsync($"/api/live/reports/{reportId.ToUpperInvariant()}/resolve", new { action = "dismiss" }));
        Assert.Equal(streamId, resolved.GetProperty("streamId").GetString());
    }

    [Fact]
    public async Task A_refused_action_leaves_the_report_open_and_bad_input_is_a_problem()
    {
        using var owner = As(NewUser("owner"));
        var streamId = (await owner.StartStreamAsync()).StreamId;
        using var admin = As(NewUser("admin"), admin: true);
        var reportId = await ReportAsync(As(NewUser("reporter")), streamId);

        await (await admin.PostAsJsonAsync($"/api/live/reports/{reportId}/resolve", new { action = "time-out", userId = "loud" })).ProblemAsync(HttpStatusCode.BadRequest, "validation");
        await (await admin.PostAsJsonAsync($"/api/live/reports/{reportId}/resolve", new { action = "block-user" })).ProblemAsync(HttpStatusCode.BadRequest, "validation");
        await (await admin.PostAsJsonAsync($"/api/live/reports/{reportId}/resolve", new { action = "ban-forever" })).ProblemAsync(HttpStatusCode.BadRequest, "validation");
        await (await admin.PostAsJsonAsync($"/api/live/reports/{reportId}/resolve", new { action = "dismiss", note = new string('n', 501) })).ProblemAsync(HttpStatusCode.BadRequest, "validation");
        await (await admin.PostAsJsonAsync("/api/live/reports/000000000000000000000000/resolve", new { action = "dismiss" })).ProblemAsync(HttpStatusCode.NotFound, "report-not-found");
        await (await admin.PostAsJsonAsync("/api/live/reports/nope/resolve", new { action = "dismiss" })).ProblemAsync(HttpStatusCode.BadRequest, "validation");
        await (await admin.GetAsync("/api/live/reports?state=maybe")).ProblemAsync(HttpStatusCode.BadRequest, "validation");
        Assert.Contains(reportId, await ReportIdsAsync(admin, "open"));

        var ended = await OkAsync(await admin.PostAsJsonAsync($"/api/live/reports/{reportId}/resolve", new { action = "end-stream" }));

        Assert.Equal("end-stream", ended.GetProperty("resolution").GetProperty("action").GetString());
        Assert.Equal(StreamEndReasons.Admin, (await _fixture.Events.WaitForAsync<StreamEndedIntegrationEvent>(e => e.StreamId == streamId)).Reason);
        Assert.False((await owner.GetLiveStreamAsync(streamId)).IsLive);
    }

    [Fact]
    public async Task Every_owner_moderator_and_admin_action_lands_in_the_audit_log_with_who_what_whom_when_and_why()
    {
        var ownerId = NewUser("owner");
        using var owner = As(ownerId);
        var streamId = (await owner.StartStreamAsync()).StreamId;
        var moderatorId = NewUser("mod");
        using var moderator = As(moderatorId);
        var adminId = NewUser("admin");
        using var admin = As(adminId, admin: true);
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        await OkAsync(await owner.PostAsJsonAsync($"/api/live/{streamId}/moderators", new { userId = moderatorId }));
        await OkAsync(await owner.PostAsJsonAsync($"/api/live/{streamId}/block", new { userId = "troll", reason = "slurs" }));
        await OkAsync(await moderator.PostAsJsonAsync($"/api/live/{streamId}/timeouts", new { userId = "loud", seconds = 60, reason = "caps lock" }));
        await OkAsync(await moderator.PatchAsJsonAsync($"/api/live/{streamId}/chat-settings", new { slowModeSeconds = 10 }));
        await OkAsync(await moderator.PutAsJsonAsync($"/api/live/{streamId}/pinned", new { text = "Be kind" }));
        await OkAsync(await owner.PostAsJsonAsync($"/api/live/{streamId}/block", new { userId = "troll" })); // no change, no entry
        var reportId = await ReportAsync(As(NewUser("reporter")), streamId);
        await OkAsync(await admin.PostAsJsonAsync($"/api/live/reports/{reportId}/resolve", new { action = "dismiss", note = "not abuse" }));

        JsonElement[] entries = [];
        await Eventually.HoldsAsync(async () =>
        {
            entries = [.. (await OkAsync(await admin.GetAsync($"/api/live/audit?streamId={streamId}"))).GetProperty("items").EnumerateArray()];
            return entries.Length == 6;
        }, "six actions are in the audit log");

        string Describe(JsonElement entry) => string.Join('|', entry.GetProperty("actorId").GetString(), entry.GetProperty("actorRole").GetString(),
            entry.GetProperty("action").GetString(), entry.GetProperty("targetUserId").GetString(), entry.GetProperty("reason").GetString());
        Assert.Equal(
        [
            $"{adminId}|admin|resolve-report||not abuse",
            $"{moderatorId}|moderator|pin||",
            $"{moderatorId}|moderator|chat-settings||",
            $"{moderatorId}|moderator|time-out|loud|caps lock",
            $"{ownerId}|owner|block|troll|slurs",
            $"{ownerId}|owner|appoint-moderator|{moderatorId}|",
        ], entries.Select(Describe));
        Assert.All(entries, entry => Assert.InRange(entry.GetProperty("at").GetDateTimeOffset(), before, DateTimeOffset.UtcNow));
        Assert.Equal("60 s", entries[3].GetProperty("details").GetString());
        Assert.Equal(3, (await OkAsync(await admin.GetAsync($"/api/live/audit?streamId={streamId}&actorId={moderatorId}&limit=10"))).GetProperty("items").GetArrayLength());
        var page = await OkAsync(await admin.GetAsync($"/api/live/audit?streamId={streamId}&limit=4"));
        var rest = await OkAsync(await admin.GetAsync($"/api/live/audit?streamId={streamId}&limit=4&cursor={page.GetProperty("nextCursor").GetString()}"));
        Assert.Equal(2, rest.GetProperty("items").GetArrayLength());
        await (await admin.GetAsync("/api/live/audit?streamId=nope")).ProblemAsync(HttpStatusCode.BadRequest, "validation");
        await (await admin.PostAsJsonAsync($"/api/live/{streamId}/block", new { userId = "x", reason = new string('r', 501) })).ProblemAsync(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task Reports_are_accepted_from_users_and_listed_for_admins_only()
    {
        using var owner = As(NewUser("owner"));
        var streamId = (await owner.StartStreamAsync()).StreamId;
        var reporterId = NewUser("reporter");
        using var reporter = As(reporterId);
        using var admin = As(NewUser("admin"), admin: true);

        var report = await reporter.PostAsJsonAsync($"/api/live/{streamId}/report", new { reason = "Not a pet <b>at all</b>" });

        Assert.Equal(HttpStatusCode.Accepted, report.StatusCode);
        await (await reporter.PostAsJsonAsync($"/api/live/{streamId}/report", new { reason = "  " })).ProblemAsync(HttpStatusCode.BadRequest, "validation");
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.GetAsync("/api/live/reports")).StatusCode);
        var reports = await admin.GetFromJsonAsync<JsonElement>("/api/live/reports");
        Assert.Contains(reports.GetProperty("items").EnumerateArray(), item =>
            item.GetProperty("streamId").GetString() == streamId
            && item.GetProperty("reporterId").GetString() == reporterId
            && item.GetProperty("reason").GetString() == "Not a pet <b>at all</b>");
    }
}
