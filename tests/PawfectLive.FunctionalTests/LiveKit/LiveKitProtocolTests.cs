using System.Net;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PawfectLive.LiveKit;

namespace PawfectLive.FunctionalTests.LiveKit;

/// <summary>Our LiveKit protocol library, judged by LiveKit's official SDK and by the Twirp double.</summary>
public sealed class LiveKitProtocolTests : IAsyncLifetime
{
    private LiveKitTwirpDouble _liveKit = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _liveKit = await LiveKitTwirpDouble.StartAsync("APIkey123", "a-short-secret");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LiveKit:Url"] = _liveKit.Url,
            ["LiveKit:ApiKey"] = _liveKit.ApiKey,
            ["LiveKit:ApiSecret"] = _liveKit.ApiSecret,
            ["LiveKit:RequestTimeout"] = "00:00:01.500",
            ["LiveKit:TokenTtl"] = "00:05:00",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System)
            .AddSingleton<Microsoft.Extensions.Hosting.IHostEnvironment>(new Microsoft.Extensions.Hosting.Internal.HostingEnvironment
            {
                EnvironmentName = Microsoft.Extensions.Hosting.Environments.Development,
            });
        services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());
        services.AddLiveKit(configuration).AddLiveKitRoomService().AddLiveKitEgress().AddLiveKitIngress();
        _services = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _liveKit.DisposeAsync();
    }

    private RoomServiceClient RoomService => _services.GetRequiredService<RoomServiceClient>();

    private EgressClient Egress => _services.GetRequiredService<EgressClient>();

    private IngressClient Ingress => _services.GetRequiredService<IngressClient>();

    [Fact]
    public async Task StartRoomCompositeEgress_sends_what_the_official_EgressClient_sends_for_HLS_with_a_live_playlist_and_an_MP4()
    {
        var s3 = new S3Upload("AKIA-test", "s3-secret", "eu-west-1", "http://127.0.0.1:9000", "pawfect-replays", ForcePathStyle: true);
        var started = await Egress.StartRoomCompositeEgressAsync(new RoomCompositeEgressRequest("live_o_9", "speaker",
            [new EncodedFileOutput(EncodedFileOutput.Mp4, "replays/s1/r1/recording.mp4", s3)],
            [new SegmentedFileOutput(SegmentedFileOutput.Hls, "replays/s1/r1/segment", "replays/s1/r1/index.m3u8", "replays/s1/r1/live.m3u8", 6, s3)]), default);
        var ours = _liveKit.Calls.Last(c => c.Method == "Egress.StartRoomCompositeEgress");

        // The same recording written the way the SDK's users write it (its own field names and enum names).
        var s3Json = new { accessKey = "AKIA-test", secret = "s3-secret", region = "eu-west-1", endpoint = "http://127.0.0.1:9000", bucket = "pawfect-replays", forcePathStyle = true };
        var sdk = await LiveKitSdk.RoomRequestAsync(_liveKit.ApiKey, _liveKit.ApiSecret, "StartRoomCompositeEgress", "startRoomCompositeEgress",
        [
            "live_o_9",
            new
            {
                file = new { fileType = "MP4", filepath = "replays/s1/r1/recording.mp4", s3 = s3Json },
                segments = new
                {
                    protocol = "HLS_PROTOCOL", filenamePrefix = "replays/s1/r1/segment", playlistName = "replays/s1/r1/index.m3u8",
                    livePlaylistName = "replays/s1/r1/live.m3u8", segmentDuration = 6, s3 = s3Json,
                },
            },
            new { layout = "speaker" },
        ], ours.Body, service: "Egress");

        Assert.Equal("/twirp/livekit.Egress/StartRoomCompositeEgress", sdk["path"]!.GetValue<string>());
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(sdk["sdk"], sdk["ours"]), sdk.ToJsonString());
        Assert.Equal("replays/s1/r1/live.m3u8", sdk["ours"]!["segmentOutputs"]![0]!["livePlaylistName"]!.GetValue<string>());
        Assert.True(sdk["grant"]!["roomRecord"]!.GetValue<bool>() && ours.Grant["roomRecord"]!.GetValue<bool>());
        Assert.StartsWith("EG_", started.EgressId);
        Assert.Equal(EgressStatuses.Starting, started.Status);
    }

    [Fact]
    public async Task StopEgress_and_DeleteIngress_send_what_the_official_clients_send_and_a_gone_one_counts_as_done()
    {
        var egress = await Egress.StartRoomCompositeEgressAsync(new RoomCompositeEgressRequest("live_o_8", "speaker", [], []), default);
        var ingress = await Ingress.CreateIngressAsync(new CreateIngressRequest(IngressInputs.Rtmp, "s-rtmp", "live_o_8", "o", "O"), default);

        Assert.True(await Egress.StopEgressAsync(egress.EgressId, default));
        Assert.False(await Egress.StopEgressAsync(egress.EgressId, default));
        Assert.True(await Ingress.DeleteIngressAsync(ingress.IngressId, default));
        Assert.False(await Ingress.DeleteIngressAsync(ingress.IngressId, default));

        var stop = _liveKit.Calls.First(c => c.Method == "Egress.StopEgress");
        var stopSdk = await LiveKitSdk.RoomRequestAsync(_liveKit.ApiKey, _liveKit.ApiSecret, "StopEgress", "stopEgress", [egress.EgressId], stop.Body, service: "Egress");
        Assert.Equal("/twirp/livekit.Egress/StopEgress", stopSdk["path"]!.GetValue<string>());
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(stopSdk["sdk"], stopSdk["ours"]), stopSdk.ToJsonString());
        Assert.True(stop.Grant["roomRecord"]!.GetValue<bool>() && stopSdk["grant"]!["roomRecord"]!.GetValue<bool>());

        var delete = _liveKit.Calls.First(c => c.Method == "Ingress.DeleteIngress");
        var deleteSdk = await LiveKitSdk.RoomRequestAsync(_liveKit.ApiKey, _liveKit.ApiSecret, "DeleteIngress", "deleteIngress", [ingress.IngressId], delete.Body, service: "Ingress");
        Assert.Equal("/twirp/livekit.Ingress/DeleteIngress", deleteSdk["path"]!.GetValue<string>());
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(deleteSdk["sdk"], deleteSdk["ours"]), deleteSdk.ToJsonString());
        Assert.True(delete.Grant["ingressAdmin"]!.GetValue<bool>() && deleteSdk["grant"]!["ingressAdmin"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData(IngressInputs.Rtmp, 0)]
    [InlineData(IngressInputs.Whip, 1)]
    public async Task CreateIngress_sends_what_the_official_IngressClient_sends_under_the_owners_identity(string input, int sdkInputType)
    {
        var created = await Ingress.CreateIngressAsync(new CreateIngressRequest(input, "s1-" + input, "live_owner7_1", "owner7", "Owner Seven"), default);
        var ours = _liveKit.Calls.Last(c => c.Method == "Ingress.CreateIngress");

        var sdk = await LiveKitSdk.RoomRequestAsync(_liveKit.ApiKey, _liveKit.ApiSecret, "CreateIngress", "createIngress",
            [sdkInputType, new { name = "s1-" + input, roomName = "live_owner7_1", participantIdentity = "owner7", participantName = "Owner Seven" }],
            ours.Body, service: "Ingress");

        Assert.Equal("/twirp/livekit.Ingress/CreateIngress", sdk["path"]!.GetValue<string>());
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(sdk["sdk"], sdk["ours"]), sdk.ToJsonString());
        Assert.Equal("owner7", sdk["ours"]!["participantIdentity"]!.GetValue<string>());
        Assert.True(sdk["grant"]!["ingressAdmin"]!.GetValue<bool>() && ours.Grant["ingressAdmin"]!.GetValue<bool>());
        Assert.StartsWith("IN_", created.IngressId);
        Assert.False(string.IsNullOrEmpty(created.StreamKey));
        Assert.Equal(input == IngressInputs.Rtmp, created.Url == LiveKitTwirpDouble.RtmpIngressUrl);
    }

    [Fact]
    public async Task Egress_and_Ingress_missing_from_the_deployment_come_out_as_LiveKits_reason()
    {
        _liveKit.EgressUnavailable = _liveKit.IngressUnavailable = true;

        var egress = await Assert.ThrowsAsync<LiveKitRequestException>(() =>
            Egress.StartRoomCompositeEgressAsync(new RoomCompositeEgressRequest("live_o_7", "speaker", [], []), default));
        var ingress = await Assert.ThrowsAsync<LiveKitRequestException>(() =>
            Ingress.CreateIngressAsync(new CreateIngressRequest(IngressInputs.Rtmp, "n", "live_o_7", "o", "O"), default));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, egress.Status);
        Assert.Equal("no response from egress service", egress.LiveKitMessage);
        Assert.Equal("unavailable", ingress.Code);
        Assert.Empty(_liveKit.RunningEgresses);
    }

    [Fact]
    public async Task Tokens_verify_with_the_official_SDK_and_carry_identity_name_ttl_and_exact_grants()
    {
        var token = _services.GetRequiredService<AccessTokenIssuer>().Issue("viewer-1", VideoGrant.Subscriber("live_o_1"), name: "Milo 🐾");

        var claims = await LiveKitSdk.VerifyTokenAsync(_liveKit.ApiKey, _liveKit.ApiSecret, token.Token);

        Assert.Equal("APIkey123", claims["iss"]!.GetValue<string>());
        Assert.Equal("viewer-1", claims["sub"]!.GetValue<string>());
        Assert.Equal("Milo 🐾", claims["name"]!.GetValue<string>());
        Assert.Equal(300, claims["exp"]!.GetValue<long>() - claims["nbf"]!.GetValue<long>());
        var video = claims["video"]!.AsObject();
        Assert.Equal(
            new[] { "canPublish", "canPublishData", "canSubscribe", "room", "roomJoin" },
            video.Select(p => p.Key).Order(StringComparer.Ordinal).ToArray());
        Assert.False(video["canPublish"]!.GetValue<bool>());
    }

    [Fact]
    public async Task The_SDK_rejects_our_token_under_another_secret_or_after_expiry()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-1));
        var issuer = new AccessTokenIssuer(_services.GetRequiredService<Microsoft.Extensions.Options.IOptions<LiveKitOptions>>(), time);
        var expired = issuer.Issue("someone", VideoGrant.Publisher("room"));
        var fresh = _services.GetRequiredService<AccessTokenIssuer>().Issue("someone", VideoGrant.Publisher("room"));

        await Assert.ThrowsAsync<LiveKitSdkRejectedException>(() => LiveKitSdk.VerifyTokenAsync(_liveKit.ApiKey, "another-secret", fresh.Token));
        await Assert.ThrowsAsync<LiveKitSdkRejectedException>(() => LiveKitSdk.VerifyTokenAsync(_liveKit.ApiKey, _liveKit.ApiSecret, expired.Token));
    }

    [Fact]
    public async Task Webhooks_signed_by_the_official_SDK_verify_and_any_change_is_rejected()
    {
        var receiver = _services.GetRequiredService<WebhookReceiver>();
        var body = Encoding.UTF8.GetBytes("""{ "event": "participant_joined", "id": "EV_x", "createdAt": "1700000000" }""");
        var authorization = await LiveKitSdk.SignWebhookAsync(_liveKit.ApiKey, _liveKit.ApiSecret, body);
        var tampered = (byte[])body.Clone();
        tampered[^3] = (byte)'9';

        Assert.Equal(WebhookRejection.None, receiver.Verify(body, authorization));
        Assert.Equal(WebhookRejection.None, receiver.Verify(body, "Bearer " + authorization));
        Assert.Equal(WebhookRejection.BodyHashMismatch, receiver.Verify(tampered, authorization));
        Assert.Equal(WebhookRejection.MissingAuthorization, receiver.Verify(body, null));
        var otherSecret = await LiveKitSdk.SignWebhookAsync(_liveKit.ApiKey, "other-secret", body);
        var otherKey = await LiveKitSdk.SignWebhookAsync("other-key", _liveKit.ApiSecret, body);
        Assert.Equal(WebhookRejection.BadSignature, receiver.Verify(body, otherSecret));
        Assert.Equal(WebhookRejection.WrongIssuer, receiver.Verify(body, otherKey));
    }

    [Fact]
    public async Task DeleteRoom_and_RemoveParticipant_treat_not_found_as_done()
    {
        _liveKit.AddParticipant("room-a", "alice");

        await RoomService.RemoveParticipantAsync("room-a", "alice", default);
        await RoomService.RemoveParticipantAsync("room-a", "alice", default);
        await RoomService.DeleteRoomAsync("room-a", default);
        await RoomService.DeleteRoomAsync("room-a", default);

        Assert.False(_liveKit.RoomExists("room-a"));
        var calls = _liveKit.Calls.Where(c => c.Body["room"]?.GetValue<string>() == "room-a").Select(c => (c.Method, c.Answer)).ToList();
        Assert.Equal(
            [("RemoveParticipant", HttpStatusCode.OK), ("RemoveParticipant", HttpStatusCode.NotFound), ("DeleteRoom", HttpStatusCode.OK), ("DeleteRoom", HttpStatusCode.NotFound)],
            calls);
    }

    [Fact]
    public async Task ListParticipants_and_UpdateParticipant_send_the_room_admin_grant_and_full_permissions()
    {
        _liveKit.AddParticipant("room-b", "bob");

        var participants = await RoomService.ListParticipantsAsync("room-b", default);
        await RoomService.UpdateParticipantAsync("room-b", "bob", new ParticipantPermission(CanSubscribe: true, CanPublish: false, CanPublishData: false), null, default);

        Assert.Equal("bob", Assert.Single(participants).Identity);
        var update = _liveKit.Calls.Last(c => c.Method == "UpdateParticipant");
        Assert.Equal(HttpStatusCode.OK, update.Answer);
        Assert.True(update.Grant["roomAdmin"]!.GetValue<bool>());
        Assert.Equal("room-b", update.Grant["room"]!.GetValue<string>());
        var permission = update.Body["permission"]!.AsObject();
        Assert.False(permission["can_publish_data"]!.GetValue<bool>());
        Assert.True(permission["can_subscribe"]!.GetValue<bool>());
        Assert.Empty(await RoomService.ListParticipantsAsync("no-such-room", default));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UpdateParticipant_of_a_timeout_sends_what_the_official_SDK_sends(bool canPublishData)
    {
        _liveKit.AddParticipant("room-t", "tim");
        await RoomService.UpdateParticipantAsync("room-t", "tim", new ParticipantPermission(CanSubscribe: true, CanPublish: false, CanPublishData: canPublishData), null, default);
        var ours = _liveKit.Calls.Last(c => c.Method == "UpdateParticipant" && c.Body["identity"]?.GetValue<string>() == "tim");

        var sdk = await LiveKitSdk.RoomRequestAsync(_liveKit.ApiKey, _liveKit.ApiSecret, "UpdateParticipant", "updateParticipant",
            ["room-t", "tim", new { permission = new { canSubscribe = true, canPublish = false, canPublishData } }], ours.Body);

        Assert.Equal("/twirp/livekit.RoomService/UpdateParticipant", sdk["path"]!.GetValue<string>());
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(sdk["sdk"], sdk["ours"]), sdk.ToJsonString());
        Assert.Equal(canPublishData, sdk["ours"]!["permission"]!["canPublishData"]?.GetValue<bool>() ?? false);
        Assert.Equal(sdk["grant"]!["room"]!.GetValue<string>(), ours.Grant["room"]!.GetValue<string>());
        Assert.True(ours.Grant["roomAdmin"]!.GetValue<bool>() && sdk["grant"]!["roomAdmin"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task UpdateParticipant_of_a_stage_guest_sends_what_the_official_SDK_sends(bool onStage)
    {
        _liveKit.AddParticipant("room-s", "gus");
        var permission = onStage
            ? new ParticipantPermission(CanSubscribe: true, CanPublish: true, CanPublishData: true, CanPublishSources: [TrackSources.Camera, TrackSources.Microphone])
            : new ParticipantPermission(CanSubscribe: true, CanPublish: false, CanPublishData: true);
        var metadata = onStage ? """{"onStage":true}""" : """{"onStage":false}""";
        await RoomService.UpdateParticipantAsync("room-s", "gus", permission, metadata, default);
        var ours = _liveKit.Calls.Last(c => c.Method == "UpdateParticipant" && c.Body["identity"]?.GetValue<string>() == "gus");

        // The SDK's users write sources as TrackSource numbers (CAMERA = 1, MICROPHONE = 2).
        var sdk = await LiveKitSdk.RoomRequestAsync(_liveKit.ApiKey, _liveKit.ApiSecret, "UpdateParticipant", "updateParticipant",
        [
            "room-s", "gus",
            new { metadata, permission = new { canSubscribe = true, canPublish = onStage, canPublishData = true, canPublishSources = onStage ? new[] { 1, 2 } : [] } },
        ], ours.Body);

        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(sdk["sdk"], sdk["ours"]), sdk.ToJsonString());
        Assert.Equal(onStage, sdk["ours"]!["permission"]!["canPublish"]?.GetValue<bool>() ?? false);
        Assert.Equal(onStage ? 2 : 0, sdk["ours"]!["permission"]!["canPublishSources"]?.AsArray().Count ?? 0);
    }

    [Fact]
    public async Task UpdateRoomMetadata_sends_what_the_official_SDK_sends_and_a_missing_room_counts_as_done()
    {
        _liveKit.AddRoom("room-m");
        const string metadata = """{"chat":{"slowModeSeconds":30,"chatEnabled":true,"establishedMinutes":0},"pinned":null}""";
        await RoomService.UpdateRoomMetadataAsync("room-m", metadata, default);
        await RoomService.UpdateRoomMetadataAsync("no-such-room", metadata, default);
        var ours = _liveKit.Calls.Last(c => c.Method == "UpdateRoomMetadata" && c.Body["room"]?.GetValue<string>() == "room-m");

        var sdk = await LiveKitSdk.RoomRequestAsync(_liveKit.ApiKey, _liveKit.ApiSecret, "UpdateRoomMetadata", "updateRoomMetadata",
            ["room-m", metadata], ours.Body);

        Assert.Equal("/twirp/livekit.RoomService/UpdateRoomMetadata", sdk["path"]!.GetValue<string>());
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(sdk["sdk"], sdk["ours"]), sdk.ToJsonString());
        Assert.Equal(metadata, _liveKit.RoomMetadata("room-m"));
        Assert.Equal(sdk["grant"]!["room"]!.GetValue<string>(), ours.Grant["room"]!.GetValue<string>());
        Assert.True(ours.Grant["roomAdmin"]!.GetValue<bool>() && sdk["grant"]!["roomAdmin"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.NotFound, _liveKit.Calls.Last(c => c.Method == "UpdateRoomMetadata").Answer);
    }

    [Fact]
    public async Task Transient_5xx_answers_are_retried()
    {
        _liveKit.AddParticipant("room-c", "carol");
        _liveKit.FailNext(2);

        await RoomService.RemoveParticipantAsync("room-c", "carol", default);

        Assert.False(_liveKit.HasParticipant("room-c", "carol"));
    }

    [Fact]
    public async Task A_LiveKit_that_hangs_times_out_instead_of_blocking_the_caller()
    {
        _liveKit.AddParticipant("room-d", "dan");
        _liveKit.HangOnFailure = true;
        _liveKit.FailNext(100);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<Exception>(() => RoomService.RemoveParticipantAsync("room-d", "dan", default));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(12), $"took {watch.Elapsed}");
        _liveKit.FailNext(0);
        _liveKit.HangOnFailure = false;
    }
}
