using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PawfectLive.Contracts;
using PawfectLive.FunctionalTests.Webhooks;
using Xunit.Abstractions;

namespace PawfectLive.FunctionalTests.Recording;

/// <summary>
/// Recordings, replays and external encoders, driven the way LiveKit drives them: Streams calls the Egress and Ingress
/// services of the Twirp double, signed webhooks (egress and ingress reports serialised by LiveKit's own types) come back
/// through Webhooks.
/// </summary>
[Collection(ViewerPipelineCollection.Name)]
public sealed class RecordingPipelineTests
{
    private readonly ViewerPipelineFixture _fixture;

    public RecordingPipelineTests(ViewerPipelineFixture fixture, ITestOutputHelper output) => _fixture = fixture.WithLogsTo(output);

    [Fact]
    public async Task A_recording_starts_once_the_publishers_track_is_out_follows_egress_webhooks_and_becomes_a_replay_that_honours_the_blocklist()
    {
        var ownerId = $"rec-owner-{Guid.NewGuid():N}"[..24];
        using var owner = _fixture.Streams.ClientFor(TestUsers.Token(ownerId));
        var started = await owner.PostAsJsonAsync("/api/live/start", new { title = "Recorded zoomies", record = true });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var start = await started.Content.ReadFromJsonAsync<JsonElement>();
        var (streamId, roomName) = (start.GetProperty("streamId").GetString()!, start.GetProperty("roomName").GetString()!);
        Assert.Equal("starting", start.GetProperty("recording").GetProperty("status").GetString());

        // A viewer's track is not the publisher's: no egress yet (one started on an empty room would hang in "starting").
        await SendAsync(WebhookSender.TrackPublished(roomName, "PA_v", "some-viewer"));
        await SendAsync(WebhookSender.Participant("participant_joined", roomName, "PA_v", "some-viewer"));
        await _fixture.Events.WaitForAsync<ViewerCountChangedIntegrationEvent>(e => e.StreamId == streamId && e.Viewers == 1);
        Assert.DoesNotContain(EgressCallsFor(roomName), _ => true);
        Assert.Equal("starting", (await RecordingAsync(owner, streamId)).GetProperty("status").GetString());

        await SendAsync(WebhookSender.TrackPublished(roomName, "PA_o", ownerId));
        var egressCall = await Eventually.ValueAsync(() => EgressCallsFor(roomName).FirstOrDefault(), "the egress starts after the publisher's track");
        var segments = egressCall.Body["segment_outputs"]![0]!;
        var playlistKey = segments["playlist_name"]!.GetValue<string>();
        Assert.Matches($"^replays/{streamId}/[0-9a-f]{{24}}/index\\.m3u8$", playlistKey);
        Assert.EndsWith("/live.m3u8", segments["live_playlist_name"]!.GetValue<string>());
        Assert.Equal("HLS_PROTOCOL", segments["protocol"]!.GetValue<string>());
        Assert.Equal("pawfect-replays", segments["s3"]!["bucket"]!.GetValue<string>());
        Assert.True(segments["s3"]!["force_path_style"]!.GetValue<bool>());
        Assert.Equal("MP4", egressCall.Body["file_outputs"]![0]!["file_type"]!.GetValue<string>());
        var egressId = _fixture.LiveKit.RunningEgresses.Single(e => e.Value == roomName).Key;
        await Eventually.HoldsAsync(async () => (await RecordingAsync(owner, streamId)).GetProperty("egressId").GetString() == egressId, "the egress id is kept");

        var t0 = DateTimeOffset.UtcNow;
        await SendAsync(await LiveKitSdk.SampleEventAsync(WebhookSender.Egress("egress_started", roomName, egressId, "EGRESS_STARTING", t0)));
        await SendAsync(await LiveKitSdk.SampleEventAsync(WebhookSender.Egress("egress_updated", roomName, egressId, "EGRESS_ACTIVE", t0.AddSeconds(2))));
        await _fixture.Events.WaitForAsync<RecordingStatusChangedIntegrationEvent>(e => e.StreamId == streamId && e.Status == "recording");
        var recording = await RecordingAsync(owner, streamId);
        Assert.Equal("recording", recording.GetProperty("status").GetString());
        Assert.Equal($"{ViewerPipelineFixture.ReplayBaseUrl}/{playlistKey.Replace("index.m3u8", "live.m3u8")}", recording.GetProperty("livePlaylistUrl").GetString());
        Assert.True((await _fixture.GetStreamJsonAsync(streamId)).GetProperty("isRecording").GetBoolean());
        using (var watcher = _fixture.Streams.ClientFor(TestUsers.Token("rec-rewinder")))
        {
            var watch = await watcher.GetFromJsonAsync<JsonElement>($"/api/live/{streamId}/watch");
            Assert.Equal(recording.GetProperty("livePlaylistUrl").GetString(), watch.GetProperty("livePlaylistUrl").GetString());
        }

        // A late, older report (LiveKit retried the first webhook under a new id) does not take the status back.
        await SendAsync(WebhookSender.Egress("egress_started", roomName, egressId, "EGRESS_STARTING", t0));
        var viewerId = $"rec-viewer-{Guid.NewGuid():N}"[..24];
        using var blocked = _fixture.Streams.ClientFor(TestUsers.Token(viewerId));
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync($"/api/live/{streamId}/block", new { userId = viewerId })).StatusCode);
        Assert.Equal("recording", (await RecordingAsync(owner, streamId)).GetProperty("status").GetString());
        await (await blocked.GetAsync($"/api/live/{streamId}/replay")).ProblemAsync(HttpStatusCode.Forbidden, "blocked");
        var notReady = await (await owner.GetAsync($"/api/live/{streamId}/replay")).ProblemAsync(HttpStatusCode.Conflict, "replay-not-ready");
        Assert.Equal("recording", notReady.GetProperty("recordingStatus").GetString());

        await owner.StopStreamAsync(streamId);
        await Eventually.HoldsAsync(() => Task.FromResult(!_fixture.LiveKit.RunningEgresses.ContainsKey(egressId)), "the end of the stream stops its egress");
        Assert.Equal("processing", (await RecordingAsync(owner, streamId)).GetProperty("status").GetString());
        await SendAsync(await LiveKitSdk.SampleEventAsync(WebhookSender.Egress("egress_ended", roomName, egressId, "EGRESS_COMPLETE", t0.AddSeconds(45),
            durationSeconds: 42.5, sizeBytes: 12_345_678, mp4SizeBytes: 9_876_543)));
        await _fixture.Events.WaitForAsync<RecordingStatusChangedIntegrationEvent>(e => e.StreamId == streamId && e.Status == "ready");

        using var viewer = _fixture.Streams.ClientFor(TestUsers.Token("rec-other-viewer"));
        var replay = await viewer.GetFromJsonAsync<JsonElement>($"/api/live/{streamId}/replay");
        Assert.Equal($"{ViewerPipelineFixture.ReplayBaseUrl}/{playlistKey}", replay.GetProperty("playlistUrl").GetString());
        Assert.Equal(42.5, replay.GetProperty("durationSeconds").GetDouble());
        Assert.Equal(12_345_678, replay.GetProperty("sizeBytes").GetInt64());
        Assert.Equal(9_876_543, replay.GetProperty("mp4SizeBytes").GetInt64());
        Assert.True((await _fixture.GetStreamJsonAsync(streamId)).GetProperty("hasReplay").GetBoolean());
        var listed = await viewer.GetFromJsonAsync<JsonElement>($"/api/live/replays?ownerId={ownerId}");
        Assert.Equal(streamId, Assert.Single(listed.GetProperty("items").EnumerateArray()).GetProperty("streamId").GetString());
        var listedForBlocked = await blocked.GetFromJsonAsync<JsonElement>($"/api/live/replays?ownerId={ownerId}");
        Assert.Empty(listedForBlocked.GetProperty("items").EnumerateArray());
        await (await blocked.GetAsync($"/api/live/{streamId}/replay")).ProblemAsync(HttpStatusCode.Forbidden, "blocked");

        await (await viewer.DeleteAsync($"/api/live/{streamId}/replay")).ProblemAsync(HttpStatusCode.Forbidden, "not-stream-owner");
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/live/{streamId}/replay")).StatusCode);
        var deleted = await _fixture.Events.WaitForAsync<ReplayDeletedIntegrationEvent>(e => e.StreamId == streamId);
        Assert.Equal(ownerId, deleted.DeletedBy);
        await (await viewer.GetAsync($"/api/live/{streamId}/replay")).ProblemAsync(HttpStatusCode.NotFound, "replay-not-found");
        Assert.Empty((await owner.GetFromJsonAsync<JsonElement>("/api/live/replays")).GetProperty("items").EnumerateArray());
        await (await owner.DeleteAsync($"/api/live/{streamId}/replay")).ProblemAsync(HttpStatusCode.NotFound, "replay-not-found");
    }

    [Fact]
    public async Task Egress_missing_from_the_deployment_fails_the_recording_with_LiveKits_reason_and_the_stream_runs_on()
    {
        var (ownerId, streamId, roomName) = await _fixture.StartStreamAsync();
        using var owner = _fixture.Streams.ClientFor(TestUsers.Token(ownerId));
        await SendAsync(WebhookSender.TrackPublished(roomName, "PA_o", ownerId));
        _fixture.LiveKit.EgressUnavailable = true;
        try
        {
            var asked = await owner.PostAsync($"/api/live/{streamId}/recording", null);
            Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
            Assert.Equal("starting", (await asked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

            var failed = await Eventually.ValueAsync(async () =>
                await RecordingAsync(owner, streamId) is var recording && recording.GetProperty("status").GetString() == "failed" ? (JsonElement?)recording : null,
                "the recording fails");
            Assert.Contains("no response from egress service", failed!.Value.GetProperty("error").GetString());
        }
        finally
        {
            _fixture.LiveKit.EgressUnavailable = false;
        }
        Assert.True((await _fixture.GetStreamAsync(streamId)).IsLive);
        using var viewer = _fixture.Streams.ClientFor(TestUsers.Token("unaffected-viewer"));
        Assert.Equal(streamId, (await viewer.WatchStreamAsync(streamId)).StreamId);

        // Asked again once Egress is back: the track is out already, so the new attempt starts at once.
        var again = await owner.PostAsync($"/api/live/{streamId}/recording", null);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        await Eventually.ValueAsync(() => EgressCallsFor(roomName).FirstOrDefault(call => call.Answer == HttpStatusCode.OK), "the second attempt starts");
        Assert.Equal(HttpStatusCode.Accepted, (await owner.PostAsync($"/api/live/{streamId}/recording", null)).StatusCode);
        Assert.Single(EgressCallsFor(roomName), call => call.Answer == HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_egress_LiveKit_reports_failed_keeps_its_reason_and_a_stream_that_ends_before_its_video_records_nothing()
    {
        var (ownerId, streamId, roomName) = await _fixture.StartStreamAsync();
        using var owner = _fixture.Streams.ClientFor(TestUsers.Token(ownerId));
        Assert.Equal(HttpStatusCode.Accepted, (await owner.PostAsync($"/api/live/{streamId}/recording", null)).StatusCode);
        await SendAsync(WebhookSender.TrackPublished(roomName, "PA_o", ownerId));
        await Eventually.ValueAsync(() => EgressCallsFor(roomName).FirstOrDefault(), "the egress starts");
        var egressId = _fixture.LiveKit.RunningEgresses.Single(e => e.Value == roomName).Key;
        await SendAsync(WebhookSender.Egress("egress_ended", roomName, egressId, "EGRESS_FAILED", DateTimeOffset.UtcNow, error: "s3 upload failed: access denied"));
        await _fixture.Events.WaitForAsync<RecordingStatusChangedIntegrationEvent>(e => e.StreamId == streamId && e.Status == "failed");
        var recording = await RecordingAsync(owner, streamId);
        Assert.Equal("s3 upload failed: access denied", recording.GetProperty("error").GetString());
        var missing = await (await owner.GetAsync($"/api/live/{streamId}/replay")).ProblemAsync(HttpStatusCode.NotFound, "replay-not-found");
        Assert.Contains("access denied", missing.GetProperty("detail").GetString());
        await owner.StopStreamAsync(streamId);
        await (await owner.DeleteAsync($"/api/live/{streamId}/replay")).ProblemAsync(HttpStatusCode.NotFound, "replay-not-found");

        var (otherOwner, otherStream, otherRoom) = await _fixture.StartStreamAsync();
        using var second = _fixture.Streams.ClientFor(TestUsers.Token(otherOwner));
        Assert.Equal(HttpStatusCode.Accepted, (await second.PostAsync($"/api/live/{otherStream}/recording", null)).StatusCode);
        await second.StopStreamAsync(otherStream);
        var never = await RecordingAsync(second, otherStream);
        Assert.Equal("failed", never.GetProperty("status").GetString());
        Assert.Contains("nothing to record", never.GetProperty("error").GetString());
        Assert.Empty(EgressCallsFor(otherRoom));
        await (await second.PostAsync($"/api/live/{otherStream}/recording", null)).ProblemAsync(HttpStatusCode.Gone, "stream-ended");
    }

    [Fact]
    public async Task An_external_encoder_gets_an_ingress_under_the_owners_identity_its_webhooks_set_the_source_and_the_end_deletes_it()
    {
        var (ownerId, streamId, roomName) = await _fixture.StartStreamAsync();
        using var owner = _fixture.Streams.ClientFor(TestUsers.Token(ownerId));
        using var stranger = _fixture.Streams.ClientFor(TestUsers.Token("ingress-stranger"));
        var ingressesBefore = _fixture.LiveKit.Ingresses.Count;

        await (await owner.PostAsJsonAsync($"/api/live/{streamId}/ingress", new { type = "srt" })).ProblemAsync(HttpStatusCode.BadRequest, "validation");
        await (await stranger.PostAsJsonAsync($"/api/live/{streamId}/ingress", new { type = "rtmp" })).ProblemAsync(HttpStatusCode.Forbidden, "not-stream-owner");
        await (await owner.GetAsync($"/api/live/{streamId}/ingress")).ProblemAsync(HttpStatusCode.NotFound, "ingress-not-found");
        Assert.Equal(ingressesBefore, _fixture.LiveKit.Ingresses.Count);

        var created = await owner.PostAsJsonAsync($"/api/live/{streamId}/ingress", new { type = "RTMP" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var ingress = await created.Content.ReadFromJsonAsync<JsonElement>();
        var ingressId = ingress.GetProperty("ingressId").GetString()!;
        Assert.Equal(LiveKitTwirpDouble.RtmpIngressUrl, ingress.GetProperty("url").GetString());
        Assert.False(string.IsNullOrEmpty(ingress.GetProperty("streamKey").GetString()));
        Assert.Equal("waiting", ingress.GetProperty("status").GetString());
        var call = _fixture.LiveKit.Calls.Last(c => c.Method == "Ingress.CreateIngress");
        Assert.Equal(ownerId, call.Body["participant_identity"]!.GetValue<string>());
        Assert.Equal(roomName, call.Body["room_name"]!.GetValue<string>());
        Assert.Equal("RTMP_INPUT", call.Body["input_type"]!.GetValue<string>());

        var repeated = await owner.PostAsJsonAsync($"/api/live/{streamId}/ingress", new { type = "rtmp" });
        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        Assert.Equal(ingressId, (await repeated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ingressId").GetString());
        await (await owner.PostAsJsonAsync($"/api/live/{streamId}/ingress", new { type = "whip" })).ProblemAsync(HttpStatusCode.Conflict, "ingress-exists");

        await SendAsync(await LiveKitSdk.SampleEventAsync(WebhookSender.Ingress("ingress_started", roomName, ingressId, ownerId, "ENDPOINT_PUBLISHING")));
        await Eventually.HoldsAsync(async () => (await _fixture.GetStreamJsonAsync(streamId)).GetProperty("source").GetString() == "rtmp", "the source is the encoder");
        Assert.Equal("publishing", (await owner.GetFromJsonAsync<JsonElement>($"/api/live/{streamId}/ingress")).GetProperty("status").GetString());
        await SendAsync(await LiveKitSdk.SampleEventAsync(WebhookSender.Ingress("ingress_ended", roomName, ingressId, ownerId, "ENDPOINT_INACTIVE")));
        await Eventually.HoldsAsync(async () => (await _fixture.GetStreamJsonAsync(streamId)).GetProperty("source").GetString() == "webrtc", "the source is the app again");

        await owner.StopStreamAsync(streamId);
        await Eventually.HoldsAsync(() => Task.FromResult(!_fixture.LiveKit.Ingresses.ContainsKey(ingressId)), "the end of the stream deletes the ingress");
        await (await owner.PostAsJsonAsync($"/api/live/{streamId}/ingress", new { type = "rtmp" })).ProblemAsync(HttpStatusCode.Gone, "stream-ended");
    }

    [Fact]
    public async Task Ingress_missing_from_the_deployment_is_a_503_and_nothing_is_kept()
    {
        var (ownerId, streamId, _) = await _fixture.StartStreamAsync();
        using var owner = _fixture.Streams.ClientFor(TestUsers.Token(ownerId));
        _fixture.LiveKit.IngressUnavailable = true;
        try
        {
            var refused = await (await owner.PostAsJsonAsync($"/api/live/{streamId}/ingress", new { type = "whip" }))
                .ProblemAsync(HttpStatusCode.ServiceUnavailable, "ingress-unavailable");
            Assert.Contains("no response from ingress service", refused.GetProperty("detail").GetString());
        }
        finally
        {
            _fixture.LiveKit.IngressUnavailable = false;
        }
        await (await owner.GetAsync($"/api/live/{streamId}/ingress")).ProblemAsync(HttpStatusCode.NotFound, "ingress-not-found");
        Assert.True((await _fixture.GetStreamAsync(streamId)).IsLive);
    }

    [Fact]
    public async Task An_encoders_track_published_through_the_ingress_starts_the_recording()
    {
        var ownerId = $"rec-enc-{Guid.NewGuid():N}"[..20];
        using var owner = _fixture.Streams.ClientFor(TestUsers.Token(ownerId));
        var started = await owner.StartStreamAsync(new { title = "OBS", record = true });

        await SendAsync(WebhookSender.TrackPublished(started.RoomName, "PA_in", ownerId, kind: "INGRESS"));

        await Eventually.ValueAsync(() => EgressCallsFor(started.RoomName).FirstOrDefault(), "the egress starts on the encoder's track");
    }

    private IEnumerable<TwirpCall> EgressCallsFor(string roomName) =>
        _fixture.LiveKit.Calls.Where(c => c.Method == "Egress.StartRoomCompositeEgress" && c.Body["room_name"]?.GetValue<string>() == roomName);

    private async Task SendAsync(string body) =>
        Assert.Equal(HttpStatusCode.OK, (await _fixture.Sender.SendAsync(body)).StatusCode);

    private static Task<JsonElement> RecordingAsync(HttpClient owner, string streamId) =>
        owner.GetFromJsonAsync<JsonElement>($"/api/live/{streamId}/recording");
}
