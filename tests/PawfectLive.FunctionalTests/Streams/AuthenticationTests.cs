using System.Net;
using System.Net.Http.Json;
using Xunit.Abstractions;

namespace PawfectLive.FunctionalTests.Streams;

[Collection(StreamsCollection.Name)]
public sealed class AuthenticationTests
{
    private readonly StreamsFixture _fixture;

    public AuthenticationTests(StreamsFixture fixture, ITestOutputHelper output) => _fixture = fixture.WithLogsTo(output);

    public static TheoryData<string?> RejectedTokens => new()
    {
        null,
        TestUsers.ExpiredToken("someone"),
        TestUsers.TokenSignedWithAnotherKey("someone"),
        "not.a.jwt",
        TestUsers.TokenWithoutSubject(),
        TestUsers.TokenWithoutSubject(subject: "   "),
        TestUsers.TokenWithoutSubject(admin: true),
    };

    [Theory]
    [MemberData(nameof(RejectedTokens))]
    public async Task Authenticated_routes_answer_401_without_a_valid_token(string? token)
    {
        using var client = _fixture.App.ClientFor(token);
        const string id = "0123456789abcdef01234567";

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/live/start", new { title = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/live/stop", new { streamId = id })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"/api/live/{id}/watch")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync($"/api/live/{id}/end", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync($"/api/live/{id}/block", new { userId = "u" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync($"/api/live/{id}/report", new { reason = "r" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/live/reports")).StatusCode);
    }

    [Fact]
    public async Task A_token_without_a_user_stores_nothing()
    {
        using var nobody = _fixture.App.ClientFor(TestUsers.TokenWithoutSubject());
        using var admin = _fixture.App.ClientFor(TestUsers.Token("auth-admin", admin: true));

        Assert.Equal(HttpStatusCode.Unauthorized, (await nobody.PostAsJsonAsync("/api/live/start", new { title = "ownerless" })).StatusCode);

        var active = await admin.ActiveStreamsAsync("?limit=100");
        Assert.DoesNotContain(active.Items, stream => stream.Title == "ownerless" || string.IsNullOrEmpty(stream.OwnerId));
        var reports = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/live/reports?limit=100");
        Assert.DoesNotContain(reports.GetProperty("items").EnumerateArray(), report => string.IsNullOrEmpty(report.GetProperty("reporterId").GetString()));
    }

    [Theory]
    [MemberData(nameof(RejectedTokens))]
    public async Task Public_routes_answer_anyone(string? token)
    {
        using var client = _fixture.App.ClientFor(token is null ? null : TestUsers.Token("reader"));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/live/active")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/live/0123456789abcdef01234567")).StatusCode);
    }
}
