using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace PawfectLive.TestInfrastructure;

// The HTTP API as the app sees it (docs/api.md), written down independently of the services' own records so a rename on
// the server breaks these tests instead of silently following along.

public sealed record StartedStream(string StreamId, string RoomName, string Token, string Url, DateTimeOffset TokenExpiresAt);

public sealed record StreamView(
    string Id, string OwnerId, string RoomName, string? Title, string? CoverUrl, bool IsLive,
    DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string? EndedReason, int Viewers, int PeakViewers, IReadOnlyList<string> Tags);

public sealed record WatchTicket(
    string StreamId, string RoomName, string Token, string Url, DateTimeOffset TokenExpiresAt,
    string? Title, string? CoverUrl, string OwnerId, int Viewers, IReadOnlyList<string> Tags);

public sealed record StreamPage(IReadOnlyList<StreamView> Items, string? NextCursor);

public sealed record BlockStatus(string StreamId, string UserId, bool Blocked);

public sealed record Problem(string Type, string Title, int Status, string Detail);

/// <summary>Typed calls of the Streams API on any client (a test host's or the gateway's), asserting the success status.</summary>
public static class PawfectLiveApi
{
    public const string ProblemTypePrefix = "https://pawfectlive.dev/problems/";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Task<StartedStream> StartStreamAsync(this HttpClient client, object? body = null) =>
        SendAsync<StartedStream>(client, HttpMethod.Post, "/api/live/start", body ?? new { title = "Biscuit plays fetch" }, HttpStatusCode.Created);

    public static Task<StreamView> StopStreamAsync(this HttpClient client, string streamId) =>
        SendAsync<StreamView>(client, HttpMethod.Post, "/api/live/stop", new { streamId });

    public static Task<StreamView> EndStreamAsAdminAsync(this HttpClient client, string streamId) =>
        SendAsync<StreamView>(client, HttpMethod.Post, $"/api/live/{streamId}/end");

    public static Task<StreamView> GetLiveStreamAsync(this HttpClient client, string streamId) =>
        SendAsync<StreamView>(client, HttpMethod.Get, $"/api/live/{streamId}");

    public static Task<WatchTicket> WatchStreamAsync(this HttpClient client, string streamId) =>
        SendAsync<WatchTicket>(client, HttpMethod.Get, $"/api/live/{streamId}/watch");

    public static Task<StreamPage> ActiveStreamsAsync(this HttpClient client, string query = "") =>
        SendAsync<StreamPage>(client, HttpMethod.Get, "/api/live/active" + query);

    public static Task<BlockStatus> BlockAsync(this HttpClient client, string streamId, string userId) =>
        SendAsync<BlockStatus>(client, HttpMethod.Post, $"/api/live/{streamId}/block", new { userId });

    public static Task<BlockStatus> UnblockAsync(this HttpClient client, string streamId, string userId) =>
        SendAsync<BlockStatus>(client, HttpMethod.Delete, $"/api/live/{streamId}/block/{Uri.EscapeDataString(userId)}");

    /// <summary>
    /// Asserts an RFC 7807 answer of this status and problem kind (e.g. <c>stream-not-found</c>) with a useful detail,
    /// whose members are each named once (a strict parser rejects a repeated one; a lenient one keeps the last) and whose
    /// <c>status</c> is the HTTP status.
    /// </summary>
    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string kind)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var members = problem.EnumerateObject().Select(member => member.Name).ToList();
        Assert.True(members.Count == members.Distinct().Count(), $"A problem member is repeated: {string.Join(", ", members)}");
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Equal(ProblemTypePrefix + kind, problem.GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        return problem;
    }

    private static async Task<T> SendAsync<T>(HttpClient client, HttpMethod method, string path, object? body = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: expected {(int)expected}, got {(int)response.StatusCode} {text}");
        return JsonSerializer.Deserialize<T>(text, Json)!;
    }
}
