using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using PawfectLive.Contracts;
using PawfectLive.FunctionalTests.Webhooks;
using Xunit.Abstractions;

namespace PawfectLive.FunctionalTests.Stage;

/// <summary>
/// Co-hosts: viewers known from LiveKit's webhooks are invited and raise paws; LiveKit (the Twirp double) is told to let
/// the guest publish camera and microphone, with the guest's own permission object.
/// </summary>
[Collection(ViewerPipelineCollection.Name)]
public sealed class StagePipelineTests
{
    private readonly ViewerPipelineFixture _fixture;

    public StagePipelineTests(ViewerPipelineFixture fixture, ITestOutputHelper output) => _fixture = fixture.WithLogsTo(output);

    [Fact]
    public async Task An_invitation_and_a_raised_paw_put_a_viewer_on_stage_with_camera_and_microphone_and_the_owner_or_guest_ends_it()
    {
        var (ownerId, streamId, roomName) = await _fixture.StartStreamAsync();
        _fixture.LiveKit.AddRoom(roomName);
        var ann = await JoinAsync(streamId, roomName, "ann", 1);
        var ben = await JoinAsync(streamId, roomName, "ben", 2);
        using var owner = _fixture.Streams.ClientFor(TestUsers.Token(ownerId));
        using var annClient = _fixture.Streams.ClientFor(TestUsers.Token(ann));

        await (await owner.PostAsJsonAsync($"/api/live/{streamId}/stage/invitations", new { userId = ownerId })).ProblemAsync(HttpStatusCode.BadRequest, "validation");
        await (await owner.PostAsJsonAsync($"/api/live/{streamId}/stage/invitations", new { userId = "somebody-not-here" }))
            .ProblemAsync(HttpStatusCode.NotFound, "user-not-watching");
        await (await annClient.PostAsJsonAsync($"/api/live/{streamId}/stage/invitations", new { userId = ben })).ProblemAsync(HttpStatusCode.Forbidden, "not-stream-owner");

        var raised = await annClient.PostAsync($"/api/live/{streamId}/stage/requests", null);
        Assert.Equal(HttpStatusCode.OK, raised.StatusCode);
        Assert.Equal([ann], Strings((await raised.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requests")));
        Assert.DoesNotContain(UpdatesOf(roomName, ann), _ => true);

        var invited = await (await owner.PostAsJsonAsync($"/api/live/{streamId}/stage/invitations", new { userId = ann })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([ann], Strings(invited.GetProperty("guests")));
        Assert.Empty(Strings(invited.GetProperty("requests")));
        Assert.Equal(3, invited.GetProperty("maxGuests").GetInt32());
        var grant = await Eventually.ValueAsync(() => UpdatesOf(roomName, ann).LastOrDefault(call => call.Body["permission"]?["can_publish"]?.GetValue<bool>() == true),
            "LiveKit lets the guest publish");
        Assert.Single(UpdatesOf(roomName, ann)); // the raised paw changed no permission
        var permission = grant.Body["permission"]!.AsObject();
        Assert.True(permission["can_publish"]!.GetValue<bool>());
        Assert.True(permission["can_subscribe"]!.GetValue<bool>());
        Assert.Equal(["CAMERA", "MICROPHONE"], permission["can_publish_sources"]!.AsArray().Select(source => source!.GetValue<string>()));
        Assert.True(JsonNode.Parse(grant.Body["metadata"]!.GetValue<string>())!["onStage"]!.GetValue<bool>());
        var stage = (await _fixture.GetStreamJsonAsync(streamId)).GetProperty("stage");
        Assert.Equal([ann], Strings(stage.GetProperty("guests")));
        await Eventually.HoldsAsync(() => Task.FromResult(_fixture.LiveKit.RoomMetadata(roomName)?.Contains(ann, StringComparison.Ordinal) == true),
            "the room metadata shows the stage");
        var watchToken = (await annClient.WatchStreamAsync(streamId)).Token;
        var claims = await LiveKitSdk.VerifyTokenAsync(_fixture.LiveKit.ApiKey, _fixture.LiveKit.ApiSecret, watchToken);
        Assert.True(claims["video"]!["canPublish"]!.GetValue<bool>());
        Assert.Equal(["camera", "microphone"], claims["video"]!["canPublishSources"]!.AsArray().Select(source => source!.GetValue<string>()));

        // The guest leaves: the whole permission object again, publishing nothing.
        var before = UpdatesOf(roomName, ann).Count();
        Assert.Equal(HttpStatusCode.OK, (await annClient.DeleteAsync($"/api/live/{streamId}/stage/{ann}")).StatusCode);
        var revoked = await Eventually.ValueAsync(() => UpdatesOf(roomName, ann).Skip(before).FirstOrDefault(), "LiveKit takes the guest's publishing away");
        Assert.False(revoked.Body["permission"]!["can_publish"]!.GetValue<bool>());
        Assert.False(JsonNode.Parse(revoked.Body["metadata"]!.GetValue<string>())!["onStage"]!.GetValue<bool>());
        Assert.Empty(Strings((await _fixture.GetStreamJsonAsync(streamId)).GetProperty("stage").GetProperty("guests")));

        // The owner's invitation first, then the viewer's acceptance.
        using var benClient = _fixture.Streams.ClientFor(TestUsers.Token(ben));
        await owner.PostAsJsonAsync($"/api/live/{streamId}/stage/invitations", new { userId = ben });
        Assert.Equal([ben], Strings((await _fixture.GetStreamJsonAsync(streamId)).GetProperty("stage").GetProperty("invited")));
        await benClient.PostAsync($"/api/live/{streamId}/stage/requests", null);
        Assert.Equal([ben], Strings((await _fixture.GetStreamJsonAsync(streamId)).GetProperty("stage").GetProperty("guests")));
        await _fixture.Events.WaitForAsync<StageChangedIntegrationEvent>(e => e.StreamId == streamId && e.Stage.Guests.Contains(ben));

        // A block takes the guest off stage first.
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync($"/api/live/{streamId}/block", new { userId = ben })).StatusCode);
        await _fixture.Events.WaitForAsync<StageChangedIntegrationEvent>(e => e.StreamId == streamId && e.Stage.Guests.Count == 0);
        await (await owner.PostAsJsonAsync($"/api/live/{streamId}/stage/invitations", new { userId = ben })).ProblemAsync(HttpStatusCode.Conflict, "stage-not-allowed");
        await (await benClient.PostAsync($"/api/live/{streamId}/stage/requests", null)).ProblemAsync(HttpStatusCode.Forbidden, "blocked");

        await owner.StopStreamAsync(streamId);
        await (await annClient.PostAsync($"/api/live/{streamId}/stage/requests", null)).ProblemAsync(HttpStatusCode.Gone, "stream-ended");
        await (await owner.PostAsJsonAsync($"/api/live/{streamId}/stage/invitations", new { userId = ann })).ProblemAsync(HttpStatusCode.Gone, "stream-ended");
    }

    [Fact]
    public async Task The_stage_holds_at_most_three_guests_and_timed_out_users_cannot_join()
    {
        var (ownerId, streamId, roomName) = await _fixture.StartStreamAsync();
        using var owner = _fixture.Streams.ClientFor(TestUsers.Token(ownerId));
        var viewers = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            viewers.Add(await JoinAsync(streamId, roomName, $"pup{i}", i + 1));
        }
        foreach (var viewer in viewers.Take(3))
        {
            Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync($"/api/live/{streamId}/stage/invitations", new { userId = viewer })).StatusCode);
            using var client = _fixture.Streams.ClientFor(TestUsers.Token(viewer));
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/live/{streamId}/stage/requests", null)).StatusCode);
        }
        using var fourth = _fixture.Streams.ClientFor(TestUsers.Token(viewers[3]));
        Assert.Equal(HttpStatusCode.OK, (await fourth.PostAsync($"/api/live/{streamId}/stage/requests", null)).StatusCode);
        var full = await (await owner.PostAsJsonAsync($"/api/live/{streamId}/stage/invitations", new { userId = viewers[3] }))
            .ProblemAsync(HttpStatusCode.Conflict, "stage-full");
        Assert.Equal(3, full.GetProperty("maxGuests").GetInt32());
        var stage = (await _fixture.GetStreamJsonAsync(streamId)).GetProperty("stage");
        Assert.Equal(viewers.Take(3), Strings(stage.GetProperty("guests")));
        Assert.Equal([viewers[3]], Strings(stage.GetProperty("requests")));

        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync($"/api/live/{streamId}/timeouts", new { userId = viewers[4], seconds = 600 })).StatusCode);
        await (await owner.PostAsJsonAsync($"/api/live/{streamId}/stage/invitations", new { userId = viewers[4] })).ProblemAsync(HttpStatusCode.Conflict, "stage-not-allowed");
        using var timedOut = _fixture.Streams.ClientFor(TestUsers.Token(viewers[4]));
        await (await timedOut.PostAsync($"/api/live/{streamId}/stage/requests", null)).ProblemAsync(HttpStatusCode.Conflict, "stage-not-allowed");

        using var stranger = _fixture.Streams.ClientFor(TestUsers.Token("stage-stranger"));
        await (await stranger.DeleteAsync($"/api/live/{streamId}/stage/{viewers[0]}")).ProblemAsync(HttpStatusCode.Forbidden, "not-stream-owner");
        Assert.Equal(HttpStatusCode.OK, (await owner.DeleteAsync($"/api/live/{streamId}/stage/{viewers[0]}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync($"/api/live/{streamId}/stage/invitations", new { userId = viewers[3] })).StatusCode);
        Assert.Equal(viewers.Skip(1).Take(3), Strings((await _fixture.GetStreamJsonAsync(streamId)).GetProperty("stage").GetProperty("guests")));
    }

    [Fact]
    public async Task Only_a_watching_user_raises_a_paw_and_toggling_it_is_rate_limited()
    {
        var (_, streamId, roomName) = await _fixture.StartStreamAsync();
        _fixture.LiveKit.AddRoom(roomName);
        using var stranger = _fixture.Streams.ClientFor(TestUsers.Token($"stranger-{Guid.NewGuid():N}"[..16]));
        await (await stranger.PostAsync($"/api/live/{streamId}/stage/requests", null)).ProblemAsync(HttpStatusCode.Conflict, "stage-not-allowed");
        Assert.Empty(Strings((await _fixture.GetStreamJsonAsync(streamId)).GetProperty("stage").GetProperty("requests")));

        var cat = await JoinAsync(streamId, roomName, "cat", 1);
        using var catClient = _fixture.Streams.ClientFor(TestUsers.Token(cat));
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++) // Streams:Stage:ActionsPerMinute is 10: raise, lower, raise, ...
        {
            using var response = i % 2 == 0
                ? await catClient.PostAsync($"/api/live/{streamId}/stage/requests", null)
                : await catClient.DeleteAsync($"/api/live/{streamId}/stage/{cat}");
            answers.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.NotNull(response.Headers.RetryAfter);
                await response.ProblemAsync(HttpStatusCode.TooManyRequests, "rate-limited");
            }
        }
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 10), answers.Take(10));
        Assert.Equal([HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], answers.Skip(10));
    }

    /// <summary>The <paramref name="count"/>th viewer in the room, as LiveKit reports them (webhook and participant list); their id.</summary>
    private async Task<string> JoinAsync(string streamId, string roomName, string name, int count)
    {
        var identity = $"{name}-{Guid.NewGuid():N}"[..16];
        _fixture.LiveKit.AddParticipant(roomName, identity);
        Assert.Equal(HttpStatusCode.OK, (await _fixture.Sender.SendAsync(WebhookSender.Participant("participant_joined", roomName, "PA_" + identity, identity))).StatusCode);
        await Eventually.HoldsAsync(async () => await _fixture.ViewersAsync(streamId) >= count, $"{identity} is counted");
        return identity;
    }

    private IEnumerable<TwirpCall> UpdatesOf(string roomName, string identity) =>
        _fixture.LiveKit.Calls.Where(c => c.Method == "UpdateParticipant" && c.Body["room"]?.GetValue<string>() == roomName
            && c.Body["identity"]?.GetValue<string>() == identity);

    private static List<string> Strings(JsonElement array) => [.. array.EnumerateArray().Select(item => item.GetString()!)];
}
