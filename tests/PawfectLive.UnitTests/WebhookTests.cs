using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PawfectLive.Contracts;
using PawfectLive.LiveKit;
using PawfectLive.Webhooks.Api;

namespace PawfectLive.UnitTests;

/// <summary>LiveKit webhook verification, parsing and mapping to integration events (LiveKit's own SDK cross-checks these in the functional tests).</summary>
public sealed class WebhookTests
{
    private const string ApiKey = "devkey";
    private const string ApiSecret = "secret";
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""
        { "event": "participant_joined", "id": "EV_1", "createdAt": "1795608000",
          "room": { "sid": "RM_1", "name": "live_rex_1" },
          "participant": { "sid": "PA_1", "identity": "ann", "state": "ACTIVE", "permission": { "canSubscribe": true } } }
        """);

    private static WebhookReceiver Receiver() =>
        new(Options.Create(new LiveKitOptions { Url = "ws://localhost:7880", ApiKey = ApiKey, ApiSecret = ApiSecret }), new FakeTimeProvider(Now));

    private static string Sign(byte[] body, string issuer = ApiKey, string secret = ApiSecret, DateTimeOffset? expires = null) =>
        HmacJwt.Sign(new JsonObject
        {
            ["iss"] = issuer,
            ["nbf"] = Now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["exp"] = (expires ?? Now.AddMinutes(5)).ToUnixTimeSeconds(),
            ["sha256"] = Convert.ToBase64String(SHA256.HashData(body)),
        }, secret);

    [Fact]
    public void A_webhook_signed_over_its_exact_body_is_accepted_with_or_without_Bearer()
    {
        Assert.Equal(WebhookRejection.None, Receiver().Verify(Body, Sign(Body)));
        Assert.Equal(WebhookRejection.None, Receiver().Verify(Body, "Bearer " + Sign(Body)));
    }

    [Fact]
    public void Unsigned_tampered_foreign_and_expired_webhooks_are_each_refused_for_their_reason()
    {
        var tampered = Body.ToArray();
        tampered[^3] = (byte)' ';

        Assert.Equal(WebhookRejection.MissingAuthorization, Receiver().Verify(Body, null));
        Assert.Equal(WebhookRejection.BodyHashMismatch, Receiver().Verify(tampered, Sign(Body)));
        Assert.Equal(WebhookRejection.BadSignature, Receiver().Verify(Body, Sign(Body, secret: "another-secret")));
        Assert.Equal(WebhookRejection.WrongIssuer, Receiver().Verify(Body, Sign(Body, issuer: "another-key")));
        Assert.Equal(WebhookRejection.Expired, Receiver().Verify(Body, Sign(Body, expires: Now.AddMinutes(-5))));
        Assert.Equal(WebhookRejection.BadSignature, Receiver().Verify(Body, "not.a.jwt"));
    }

    [Fact]
    public void Parses_protojson_with_int64_as_string_and_unknown_fields()
    {
        var webhook = WebhookReceiver.Parse(Body);

        Assert.Equal(("participant_joined", "EV_1", 1795608000L), (webhook.Event, webhook.Id, webhook.CreatedAt));
        Assert.Equal("live_rex_1", webhook.Room?.Name);
        Assert.Equal(("PA_1", "ann"), (webhook.Participant?.Sid, webhook.Participant?.Identity));
        Assert.Throws<JsonException>(() => WebhookReceiver.Parse("not json"u8));
    }

    [Fact]
    public void Participant_and_room_events_map_to_integration_events_with_LiveKits_id()
    {
        var joined = Assert.IsType<ViewerJoinedIntegrationEvent>(LiveKitWebhooksApi.ToIntegrationEvent(WebhookReceiver.Parse(Body)));
        var left = LiveKitWebhooksApi.ToIntegrationEvent(WebhookReceiver.Parse(Encoding.UTF8.GetBytes(
            """{"event":"participant_connection_aborted","id":"EV_2","room":{"name":"r"},"participant":{"sid":"PA_2","identity":"bob"}}""")));
        var finished = LiveKitWebhooksApi.ToIntegrationEvent(WebhookReceiver.Parse("""{"event":"room_finished","id":"EV_3","room":{"name":"r"}}"""u8));

        Assert.Equal(new ViewerJoinedIntegrationEvent("EV_1", "live_rex_1", "PA_1", "ann", DateTimeOffset.FromUnixTimeSeconds(1795608000),
            Permission: joined.Permission, Metadata: joined.Metadata), joined);
        // What the participant joined with, for Streams to correct a stale token at once.
        Assert.Equal((true, false, false), (joined.Permission!.CanSubscribe, joined.Permission.CanPublish, joined.Permission.CanPublishData));
        Assert.Equal(EventIds.FromWebhook("EV_1"), joined.EventId);
        Assert.Equal(new ViewerLeftIntegrationEvent("EV_2", "r", "PA_2", "bob", DateTimeOffset.UnixEpoch), left);
        Assert.Equal(new RoomFinishedIntegrationEvent("EV_3", "r", DateTimeOffset.UnixEpoch), finished);
    }

    [Fact]
    public void Egress_reports_map_with_nanosecond_times_results_and_LiveKits_reason_and_numbers_for_enums_are_read()
    {
        var ended = Assert.IsType<EgressUpdatedIntegrationEvent>(LiveKitWebhooksApi.ToIntegrationEvent(WebhookReceiver.Parse("""
            {"event":"egress_ended","id":"EV_e","createdAt":"1795608100","egressInfo":{"egressId":"EG_1","roomName":"live_rex_1","status":"EGRESS_COMPLETE",
             "startedAt":"1795608000000000000","endedAt":"1795608090500000000","updatedAt":"1795608091000000000",
             "segmentResults":[{"playlistName":"index.m3u8","duration":"90500000000","size":"7340032"}],
             "fileResults":[{"filename":"recording.mp4","duration":"90500000000","size":"5242880"}]}}
            """u8)));
        var failed = Assert.IsType<EgressUpdatedIntegrationEvent>(LiveKitWebhooksApi.ToIntegrationEvent(WebhookReceiver.Parse("""
            {"event":"egress_updated","id":"EV_f","egressInfo":{"egressId":"EG_2","roomName":"r","status":4,"error":"no response from egress service"}}
            """u8)));

        Assert.Equal(("EG_1", "live_rex_1", "EGRESS_COMPLETE"), (ended.EgressId, ended.RoomName, ended.Status));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795608091), ended.UpdatedAt);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1795608090500), ended.EndedAt);
        Assert.Equal((90.5, 7340032L, 5242880L), (ended.DurationSeconds, ended.SizeBytes, ended.FileSizeBytes));
        Assert.Equal(("EGRESS_FAILED", "no response from egress service"), (failed.Status, failed.Error));
        Assert.Null(failed.DurationSeconds);
    }

    [Fact]
    public void Track_and_ingress_events_map_with_their_participant_and_state()
    {
        var track = Assert.IsType<TrackPublishedIntegrationEvent>(LiveKitWebhooksApi.ToIntegrationEvent(WebhookReceiver.Parse("""
            {"event":"track_published","id":"EV_t","room":{"name":"r"},"participant":{"sid":"PA_1","identity":"rex","kind":"INGRESS"},"track":{"sid":"TR_1","source":1}}
            """u8)));
        var ingress = Assert.IsType<IngressUpdatedIntegrationEvent>(LiveKitWebhooksApi.ToIntegrationEvent(WebhookReceiver.Parse("""
            {"event":"ingress_ended","id":"EV_i","ingressInfo":{"ingressId":"IN_1","roomName":"r","state":{"status":"ENDPOINT_ERROR","error":"bad codec"}}}
            """u8)));

        Assert.Equal(("rex", "INGRESS", "TR_1", "CAMERA"), (track.Identity, track.ParticipantKind, track.TrackSid, track.TrackSource));
        Assert.Equal(("IN_1", "r", false, "ENDPOINT_ERROR", "bad codec"), (ingress.IngressId, ingress.RoomName, ingress.Publishing, ingress.Status, ingress.Error));

        // The state's own nanosecond times order an encoder's reconnect within one second of createdAt.
        var reconnected = Assert.IsType<IngressUpdatedIntegrationEvent>(LiveKitWebhooksApi.ToIntegrationEvent(WebhookReceiver.Parse("""
            {"event":"ingress_started","id":"EV_s","createdAt":"1795608000","ingressInfo":{"ingressId":"IN_1","roomName":"r",
             "state":{"status":"ENDPOINT_PUBLISHING","startedAt":"1795608000700000000","updatedAt":"1795608000700000100"}}}
            """u8)));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795608000).AddTicks(7_000_001), reconnected.OccurredAt);
    }

    [Theory]
    [InlineData("""{"event":"room_started","id":"EV_4","room":{"name":"r"}}""")]
    [InlineData("""{"event":"egress_started","id":"EV_8","egressInfo":{"egressId":"EG_1"}}""")]
    [InlineData("""{"event":"ingress_started","id":"EV_9","ingressInfo":{"roomName":"r"}}""")]
    [InlineData("""{"event":"track_published","id":"EV_5","room":{"name":"r"}}""")]
    [InlineData("""{"event":"participant_joined","id":"EV_6","room":{"name":"r"}}""")]
    [InlineData("""{"event":"participant_left","id":"EV_7","participant":{"sid":"PA_1"}}""")]
    public void Events_we_do_not_act_on_or_that_lack_their_room_or_participant_map_to_nothing(string json)
    {
        Assert.Null(LiveKitWebhooksApi.ToIntegrationEvent(WebhookReceiver.Parse(Encoding.UTF8.GetBytes(json))));
    }
}
