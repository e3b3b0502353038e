using System.Net;
using System.Text;
using PawfectLive.Contracts;
using PawfectLive.LiveKit;
using Xunit.Abstractions;

namespace PawfectLive.FunctionalTests.Webhooks;

[Collection(ViewerPipelineCollection.Name)]
public sealed class LiveKitWebhookTests
{
    private readonly ViewerPipelineFixture _fixture;

    public LiveKitWebhookTests(ViewerPipelineFixture fixture, ITestOutputHelper output) => _fixture = fixture.WithLogsTo(output);

    [Fact]
    public async Task A_signed_participant_joined_raises_the_viewer_count_and_the_publisher_does_not_count()
    {
        var (ownerId, streamId, roomName) = await _fixture.StartStreamAsync();

        var joined = await _fixture.Sender.SendAsync(WebhookSender.Participant("participant_joined", roomName, "PA_viewer", "viewer-1"));
        var publisher = await _fixture.Sender.SendAsync(WebhookSender.Participant("participant_joined", roomName, "PA_owner", ownerId));

        Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
        Assert.Equal(HttpStatusCode.OK, publisher.StatusCode);
        var published = await _fixture.Events.WaitForAsync<ViewerJoinedIntegrationEvent>(e => e.RoomName == roomName && e.ParticipantSid == "PA_viewer");
        Assert.Equal("viewer-1", published.Identity);
        var counted = await _fixture.Events.WaitForAsync<ViewerCountChangedIntegrationEvent>(e => e.StreamId == streamId && e.Viewers == 1);
        Assert.Equal(1, counted.PeakViewers);
        Assert.Equal(1, await _fixture.ViewersAsync(streamId));
    }

    [Fact]
    public async Task A_webhook_born_event_keeps_LiveKits_id_and_is_published_under_the_event_id_derived_from_it()
    {
        var (_, _, roomName) = await _fixture.StartStreamAsync();
        var webhookId = $"EV_{Guid.NewGuid():N}";

        await _fixture.Sender.SendAsync(WebhookSender.Participant("participant_joined", roomName, "PA_ids", "ids-viewer", id: webhookId));

        var published = await _fixture.Events.WaitForAsync<ViewerJoinedIntegrationEvent>(e => e.WebhookEventId == webhookId);
        Assert.Equal(EventIds.FromWebhook(webhookId), published.EventId);
        Assert.Equal(published.EventId, _fixture.Events.MessageIdOf(published));
    }

    [Fact]
    public async Task A_blocked_viewer_who_rejoins_with_a_kept_token_is_removed_again_and_never_counted()
    {
        var (ownerId, streamId, roomName) = await _fixture.StartStreamAsync();
        using var owner = _fixture.Streams.ClientFor(TestUsers.Token(ownerId));
        await owner.BlockAsync(streamId, "kept-token-troll");
        await Eventually.HoldsAsync(() => Task.FromResult(RemoveCalls(roomName, "kept-token-troll") >= 1), "the block removes the troll once");
        var removalsAfterBlock = RemoveCalls(roomName, "kept-token-troll");

        await _fixture.Sender.SendAsync(WebhookSender.Participant("participant_joined", roomName, "PA_troll_again", "kept-token-troll"));
        await _fixture.Sender.SendAsync(WebhookSender.Participant("participant_joined", roomName, "PA_fair", "fair-viewer"));

        await Eventually.HoldsAsync(() => Task.FromResult(RemoveCalls(roomName, "kept-token-troll") > removalsAfterBlock),
            "the rejoin is undone with RemoveParticipant");
        await _fixture.Events.WaitForAsync<ViewerCountChangedIntegrationEvent>(e => e.StreamId == streamId && e.Viewers == 1);
        Assert.Equal(1, await _fixture.ViewersAsync(streamId));
    }

    [Fact]
    public async Task Anyone_joining_the_room_of_an_ended_stream_is_removed_and_not_counted()
    {
        var (ownerId, streamId, roomName) = await _fixture.StartStreamAsync();
        using var owner = _fixture.Streams.ClientFor(TestUsers.Token(ownerId));
        await owner.StopStreamAsync(streamId);

        await _fixture.Sender.SendAsync(WebhookSender.Participant("participant_joined", roomName, "PA_late", "late-viewer"));

        await Eventually.HoldsAsync(() => Task.FromResult(RemoveCalls(roomName, "late-viewer") >= 1), "the late joiner is removed");
        var stream = await _fixture.GetStreamAsync(streamId);
        Assert.Equal((false, 0), (stream.IsLive, stream.Viewers));
    }

    [Theory]
    [InlineData("EGRESS", false)]
    [InlineData("INGRESS", false)]
    [InlineData("AGENT", false)]
    [InlineData("SIP", false)]
    [InlineData(null, true)]
    public async Task Only_standard_visible_participants_are_viewers(string? kind, bool hidden)
    {
        var (_, streamId, roomName) = await _fixture.StartStreamAsync();

        await _fixture.Sender.SendAsync(WebhookSender.Participant("participant_joined", roomName, "PA_machine", "recorder", kind: kind, hidden: hidden));
        await _fixture.Sender.SendAsync(WebhookSender.Participant("participant_joined", roomName, "PA_person", "person"));

        await _fixture.Events.WaitForAsync<ViewerJoinedIntegrationEvent>(e => e.RoomName == roomName && e.ParticipantSid == "PA_machine");
        await _fixture.Events.WaitForAsync<ViewerCountChangedIntegrationEvent>(e => e.StreamId == streamId && e.Viewers == 1);
        await Task.Delay(ViewerCountSettle);
        Assert.Equal(1, await _fixture.ViewersAsync(streamId));
    }

    private static readonly TimeSpan ViewerCountSettle = TimeSpan.FromMilliseconds(500);

    private int RemoveCalls(string roomName, string identity) => _fixture.LiveKit.Calls.Count(call =>
        call.Method == "RemoveParticipant" && call.Body["room"]?.GetValue<string>() == roomName && call.Body["identity"]?.GetValue<string>() == identity);

    [Fact]
    public async Task Duplicates_of_one_event_id_are_acknowledged_and_applied_once_also_when_delivered_at_the_same_time()
    {
        var (_, streamId, roomName) = await _fixture.StartStreamAsync();
        var body = WebhookSender.Participant("participant_joined", roomName, "PA_dup", "dup-viewer", id: $"EV_{Guid.NewGuid():N}");

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => _fixture.Sender.SendAsync(body)));
        Assert.All(concurrent, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await _fixture.Sender.SendAsync(body)).StatusCode);
        }

        await _fixture.Events.WaitForAsync<ViewerCountChangedIntegrationEvent>(e => e.StreamId == streamId);
        await Task.Delay(300);
        Assert.Single(_fixture.Events.Of<ViewerJoinedIntegrationEvent>(), e => e.RoomName == roomName);
        Assert.Equal(1, await _fixture.ViewersAsync(streamId));
    }

    [Fact]
    public async Task Unsigned_tampered_expired_or_foreign_webhooks_are_401_with_no_side_effect()
    {
        var (_, streamId, roomName) = await _fixture.StartStreamAsync();
        var id = $"EV_{Guid.NewGuid():N}";
        var body = Encoding.UTF8.GetBytes(WebhookSender.Participant("participant_joined", roomName, "PA_forged", "forger", id));
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("PA_forged", "PA_forgeX"));
        var signature = await LiveKitSdk.SignWebhookAsync(_fixture.LiveKit.ApiKey, _fixture.LiveKit.ApiSecret, body);
        var foreignKey = await LiveKitSdk.SignWebhookAsync("another-key", _fixture.LiveKit.ApiSecret, body);
        var foreignSecret = await LiveKitSdk.SignWebhookAsync(_fixture.LiveKit.ApiKey, "another-secret", body);

        foreach (var (payload, authorization) in new[]
        {
            (body, (string?)null), (tampered, signature), (body, _fixture.Sender.ExpiredSignature(body)),
            (body, foreignKey), (body, foreignSecret), (body, "garbage"),
        })
        {
            using var response = await _fixture.Sender.PostAsync(payload, authorization);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        await Task.Delay(300);
        Assert.DoesNotContain(_fixture.Events.Of<ViewerJoinedIntegrationEvent>(), e => e.RoomName == roomName);
        // Nothing was remembered either: the genuine event with the same id is still accepted.
        Assert.Equal(HttpStatusCode.OK, (await _fixture.Sender.PostAsync(body, signature)).StatusCode);
        await _fixture.Events.WaitForAsync<ViewerCountChangedIntegrationEvent>(e => e.StreamId == streamId && e.Viewers == 1);
    }

    [Fact]
    public async Task Malformed_and_oversized_bodies_are_4xx()
    {
        var malformed = Encoding.UTF8.GetBytes("{\"event\": \"participant_joined\", ");
        var noId = Encoding.UTF8.GetBytes("{\"event\": \"participant_joined\"}");
        var huge = Encoding.UTF8.GetBytes("{\"event\":\"room_started\",\"id\":\"EV_big\",\"pad\":\"" + new string('x', 70_000) + "\"}");

        using var malformedResponse = await _fixture.Sender.PostAsync(malformed, await LiveKitSdk.SignWebhookAsync(_fixture.LiveKit.ApiKey, _fixture.LiveKit.ApiSecret, malformed));
        using var noIdResponse = await _fixture.Sender.PostAsync(noId, await LiveKitSdk.SignWebhookAsync(_fixture.LiveKit.ApiKey, _fixture.LiveKit.ApiSecret, noId));
        using var hugeResponse = await _fixture.Sender.PostAsync(huge, await LiveKitSdk.SignWebhookAsync(_fixture.LiveKit.ApiKey, _fixture.LiveKit.ApiSecret, huge));

        Assert.Equal(HttpStatusCode.BadRequest, malformedResponse.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noIdResponse.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, hugeResponse.StatusCode);
    }

    [Fact]
    public async Task Room_finished_ends_the_stream_with_zero_viewers_and_keeps_the_peak()
    {
        var (_, streamId, roomName) = await _fixture.StartStreamAsync();
        await _fixture.Sender.SendAsync(WebhookSender.Participant("participant_joined", roomName, "PA_1", "v1"));
        await _fixture.Sender.SendAsync(WebhookSender.Participant("participant_joined", roomName, "PA_2", "v2"));
        await _fixture.Events.WaitForAsync<ViewerCountChangedIntegrationEvent>(e => e.StreamId == streamId && e.Viewers == 2);

        Assert.Equal(HttpStatusCode.OK, (await _fixture.Sender.SendAsync(WebhookSender.RoomFinished(roomName))).StatusCode);

        var ended = await _fixture.Events.WaitForAsync<StreamEndedIntegrationEvent>(e => e.StreamId == streamId);
        Assert.Equal(StreamEndReasons.RoomFinished, ended.Reason);
        var stream = await _fixture.GetStreamAsync(streamId);
        Assert.False(stream.IsLive);
        Assert.Equal(0, stream.Viewers);
        Assert.Equal(2, stream.PeakViewers);
    }

    [Fact]
    public async Task Our_parser_reads_events_exactly_as_LiveKits_own_types_serialise_them()
    {
        var source = """
            {"event":"participant_left","id":"EV_sample","createdAt":"1700000123",
             "room":{"sid":"RM_x","name":"live_o_1","numParticipants":3,"creationTime":"1699999999","emptyTimeout":300},
             "participant":{"sid":"PA_1","identity":"viewer-1","name":"Milo","state":"DISCONNECTED","joinedAt":"1700000000",
                            "permission":{"canSubscribe":true,"canPublishData":true,"hidden":true},"kind":"STANDARD","isPublisher":false},
             "numDropped":0}
            """;
        var liveKitJson = await LiveKitSdk.SampleEventAsync(source);

        var parsed = WebhookReceiver.Parse(Encoding.UTF8.GetBytes(liveKitJson));

        Assert.Equal("participant_left", parsed.Event);
        Assert.Equal("EV_sample", parsed.Id);
        Assert.Equal(1700000123, parsed.CreatedAt);
        Assert.Equal("live_o_1", parsed.Room?.Name);
        Assert.Equal("PA_1", parsed.Participant?.Sid);
        Assert.Equal("viewer-1", parsed.Participant?.Identity);
        Assert.Equal("DISCONNECTED", parsed.Participant?.State);
        Assert.True(parsed.Participant?.Permission?.Hidden);
        Assert.False(parsed.Participant?.Permission?.CanPublish);
    }

    [Fact]
    public async Task The_SDK_sample_room_started_payload_is_accepted_and_ignored()
    {
        // The body LiveKit's SDK uses in its own webhook test, with its irregular spacing.
        var body = Encoding.UTF8.GetBytes("""{"event":"room_started", "id":"EV_room_started_sample", "room":{"sid":"RM_TkVjUvAqgzKz", "name":"mytestroom", "emptyTimeout":300, "creationTime":"1628545903", "turnPassword":"ICkSr2rEeslkN6e9bXL4Ji5zzMD5Z7zzr6ulOaxMj6N", "enabledCodecs":[{"mime":"audio/opus"}, {"mime":"video/VP8"}]}}""");

        using var response = await _fixture.Sender.PostAsync(body, await LiveKitSdk.SignWebhookAsync(_fixture.LiveKit.ApiKey, _fixture.LiveKit.ApiSecret, body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("mytestroom", WebhookReceiver.Parse(body).Room?.Name);
    }

    [Theory]
    [InlineData(20251125, 40)]
    [InlineData(7, 25)]
    public async Task A_shuffled_duplicated_replay_of_joins_and_leaves_ends_at_the_true_viewer_count(int seed, int participants)
    {
        var (ownerId, streamId, roomName) = await _fixture.StartStreamAsync();
        var random = new Random(seed);
        var unique = new List<string>();
        var stayed = 0;
        for (var p = 0; p < participants; p++)
        {
            var sid = $"PA_{seed}_{p}";
            unique.Add(WebhookSender.Participant("participant_joined", roomName, sid, $"viewer-{p}"));
            if (random.NextDouble() < 0.45)
            {
                unique.Add(WebhookSender.Participant(random.NextDouble() < 0.2 ? "participant_connection_aborted" : "participant_left", roomName, sid, $"viewer-{p}"));
            }
            else
            {
                stayed++;
            }
        }
        unique.Add(WebhookSender.Participant("participant_joined", roomName, "PA_publisher", ownerId));
        // LiveKit retries: some events arrive two or three times, in any order.
        var deliveries = unique.SelectMany(body => Enumerable.Repeat(body, 1 + random.Next(3))).OrderBy(_ => random.Next()).ToList();
        var bodies = deliveries.Select(Encoding.UTF8.GetBytes).ToList();
        var signatures = await LiveKitSdk.SignWebhooksAsync(_fixture.LiveKit.ApiKey, _fixture.LiveKit.ApiSecret, bodies);

        await Parallel.ForEachAsync(Enumerable.Range(0, bodies.Count), new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (i, _) =>
        {
            using var response = await _fixture.Sender.PostAsync(bodies[i], signatures[i]);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        });

        // Every acknowledged event is on RabbitMQ; once all queues are drained, Streams has applied them all.
        await _fixture.Infrastructure.RabbitMq.WaitUntilDrainedAsync(TimeSpan.FromSeconds(60));
        var stream = await _fixture.GetStreamAsync(streamId);
        Assert.Equal(stayed, stream.Viewers);
        Assert.InRange(stream.PeakViewers, stayed, participants);
    }
}
