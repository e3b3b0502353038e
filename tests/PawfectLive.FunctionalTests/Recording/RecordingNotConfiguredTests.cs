using System.Net;
using System.Net.Http.Json;
using PawfectLive.FunctionalTests.Streams;
using Xunit.Abstractions;

namespace PawfectLive.FunctionalTests.Recording;

/// <summary>A deployment without recording storage (no <c>Recording:Bucket</c>): recording is refused clearly, nothing is started.</summary>
[Collection(StreamsCollection.Name)]
public sealed class RecordingNotConfiguredTests
{
    private readonly StreamsFixture _fixture;

    public RecordingNotConfiguredTests(StreamsFixture fixture, ITestOutputHelper output) => _fixture = fixture.WithLogsTo(output);

    [Fact]
    public async Task Asking_to_record_is_a_503_problem_and_starts_nothing()
    {
        var ownerId = $"norec-{Guid.NewGuid():N}"[..20];
        using var owner = _fixture.App.ClientFor(TestUsers.Token(ownerId));

        var refused = await (await owner.PostAsJsonAsync("/api/live/start", new { title = "Record me", record = true }))
            .ProblemAsync(HttpStatusCode.ServiceUnavailable, "recording-not-configured");
        Assert.Contains("Recording:Bucket", refused.GetProperty("detail").GetString());
        Assert.Empty((await owner.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/live/mine")).GetProperty("items").EnumerateArray());

        // Not live after the refusal, so going live without recording works, and asking later is refused the same way.
        var started = await owner.StartStreamAsync(new { title = "Just live", record = false });
        await (await owner.PostAsync($"/api/live/{started.StreamId}/recording", null)).ProblemAsync(HttpStatusCode.ServiceUnavailable, "recording-not-configured");
        await (await owner.GetAsync($"/api/live/{started.StreamId}/recording")).ProblemAsync(HttpStatusCode.NotFound, "recording-not-found");
        Assert.DoesNotContain(_fixture.LiveKit.Calls, call => call.Method.StartsWith("Egress.", StringComparison.Ordinal)
            && call.Body["room_name"]?.GetValue<string>() == started.RoomName);
        Assert.False((await owner.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/live/{started.StreamId}")).GetProperty("isRecording").GetBoolean());
    }
}
