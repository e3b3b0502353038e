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

    [Theory]
    [MemberData(nameof(RejectedTokens))]
    public async Task Public_routes_answer_anyone(string? token)
    {
        using var client = _fixture.App.ClientFor(token is null ? null : TestUsers.Token("reader"));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/live/active")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/live/0123456789abcdef01234567")).StatusCode);
    }
}
