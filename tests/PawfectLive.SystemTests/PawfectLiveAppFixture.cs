using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PawfectLive.SystemTests;

/// <summary>
/// The whole system as the AppHost starts it (no containers: RabbitMQ and Redis from Debian's packages on free
/// loopback ports, Streams on its embedded store), shared by a test collection.
/// </summary>
public sealed class PawfectLiveAppFixture : IAsyncLifetime
{
    private readonly string _stateDirectory = Directory.CreateTempSubdirectory("pawfect-apphost-").FullName;

    public DistributedApplication App { get; private set; } = null!;
    public HttpClient Gateway { get; private set; } = null!;
    public OtlpTraceCollector Traces { get; private set; } = null!;
    public LiveKitTwirpDouble LiveKit { get; private set; } = null!;

    /// <summary>Where the system's replays are served from (<c>Recording:PublicBaseUrl</c>).</summary>
    public HlsOrigin Replays { get; private set; } = null!;
    public TestLogSink Logs { get; } = new("apphost");

    /// <summary>Sends the system's logs to the running test's output (shown if it fails).</summary>
    public PawfectLiveAppFixture WithLogsTo(Xunit.Abstractions.ITestOutputHelper output)
    {
        Logs.Attach(output);
        return this;
    }

    public async Task InitializeAsync()
    {
        Traces = await OtlpTraceCollector.StartAsync();
        LiveKit = await LiveKitTwirpDouble.StartAsync("system-test-key", "system-test-secret");
        // A browser joining a room: LiveKit would tell us with participant_joined (the viewer is then "watching").
        LiveKit.ClientConnected = async (room, identity, grant) =>
        {
            using var response = await SendWebhookAsync(ParticipantJoinedWebhook(room, identity, new JsonObject
            {
                ["canSubscribe"] = grant["canSubscribe"]?.GetValue<bool>() == true,
                ["canPublish"] = grant["canPublish"]?.GetValue<bool>() == true,
                ["canPublishData"] = grant["canPublishData"]?.GetValue<bool>() == true,
            }));
        };
        Replays = await HlsOrigin.StartAsync();
        var rabbitMqPort = FreePorts.Find(20_000, 21_000);
        var redisPort = FreePorts.Find();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.PawfectLive_AppHost>(
        [
            "Local:UseContainers=false",
            $"Local:RabbitMqPort={rabbitMqPort}",
            $"Local:RedisPort={redisPort}",
            $"Local:StateDirectory={_stateDirectory}",
            $"Local:OtlpEndpoint={Traces.Endpoint}",
            $"LIVEKIT_URL={LiveKit.Url}",
            $"LIVEKIT_API_KEY={LiveKit.ApiKey}",
            $"LIVEKIT_API_SECRET={LiveKit.ApiSecret}",
            // The LiveKit double only has the rooms tests add: give streams without one longer than the suite runs.
            "Streams:Reconciliation:RoomGracePeriod=00:30:00",
            "Recording:Bucket=system-test-replays",
            "Recording:Region=local",
            $"Recording:PublicBaseUrl={Replays.BaseUrl}",
            "Parameters:recording-access-key=system-test-access-key",
            "Parameters:recording-secret=system-test-s3-secret",
            // Reminders are due as soon as a schedule within the hour is known; an owner may restart after a second.
            "Notifications:ReminderLeadTime=01:00:00",
            "Notifications:ReminderCheckInterval=00:00:00.200",
            "Schedules:MissedAfter=00:00:02",
            "Schedules:MissedCheckInterval=00:00:00.500",
            "Streams:StartCooldown=00:00:01",
        ]);
        // The AppHost's own logs and every resource's console output, shown only for a failing test.
        builder.Services.AddLogging(logging => logging.ClearProviders().AddProvider(Logs));

        App = await builder.BuildAsync();
        using var startup = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await App.StartAsync(startup.Token);
        foreach (var resource in new[] { "streams", "chat", "webhooks", "notifications", "gateway" })
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, startup.Token);
        }
        Gateway = App.CreateHttpClient("gateway");
    }

    public async Task DisposeAsync()
    {
        Gateway?.Dispose();
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
        if (LiveKit is not null)
        {
            await LiveKit.DisposeAsync();
        }
        if (Replays is not null)
        {
            await Replays.DisposeAsync();
        }
        if (Traces is not null)
        {
            await Traces.DisposeAsync();
        }
        try
        {
            Directory.Delete(_stateDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A user token from the gateway's development token endpoint.</summary>
    public async Task<string> TokenAsync(string userId, bool admin = false)
    {
        var response = await Gateway.PostAsJsonAsync("/dev/token", new { userId, name = $"User {userId}", admin });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<DevToken>();
        return body!.AccessToken;
    }

    /// <summary>A gateway client that sends <paramref name="token"/> as its bearer token (none when null).</summary>
    public HttpClient ClientWith(string? token)
    {
        var client = App.CreateHttpClient("gateway");
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    /// <summary>
    /// Takes a stream started with <c>record</c> to a ready replay the way LiveKit would: the owner's camera track is
    /// published (Streams then starts the egress on the LiveKit double), the egress reports active, the owner ends the
    /// stream, the egress reports complete with 8 s of HLS. Waits until the replay is served.
    /// </summary>
    public async Task RecordUntilReplayAsync(HttpClient owner, string ownerId, StartedStream started)
    {
        await WebhookAsync("track_published", new JsonObject
        {
            ["room"] = new JsonObject { ["sid"] = "RM_replay", ["name"] = started.RoomName },
            ["participant"] = new JsonObject { ["sid"] = $"PA_{ownerId}", ["identity"] = ownerId, ["state"] = "ACTIVE" },
            ["track"] = new JsonObject { ["sid"] = "TR_cam", ["type"] = "VIDEO", ["source"] = "CAMERA" },
        });
        var egressId = "";
        await Eventually.HoldsAsync(() => Task.FromResult(
            (egressId = LiveKit.RunningEgresses.FirstOrDefault(e => e.Value == started.RoomName).Key ?? "") != ""), "Streams starts the egress");

        var at = DateTimeOffset.UtcNow;
        await WebhookAsync("egress_updated", Egress(started.RoomName, egressId, "EGRESS_ACTIVE", at));
        await owner.StopStreamAsync(started.StreamId);
        await WebhookAsync("egress_ended", Egress(started.RoomName, egressId, "EGRESS_COMPLETE", at.AddSeconds(9), durationSeconds: 8));
        await Eventually.HoldsAsync(async () => (await owner.GetAsync($"/api/live/{started.StreamId}/replay")).StatusCode == HttpStatusCode.OK,
            "the replay is ready");
    }

    private static JsonObject Egress(string roomName, string egressId, string status, DateTimeOffset updatedAt, double? durationSeconds = null)
    {
        var nanoseconds = ((updatedAt - DateTimeOffset.UnixEpoch).Ticks * 100).ToString(CultureInfo.InvariantCulture);
        var info = new JsonObject { ["egressId"] = egressId, ["roomName"] = roomName, ["status"] = status, ["updatedAt"] = nanoseconds };
        if (durationSeconds is { } duration)
        {
            info["endedAt"] = nanoseconds;
            info["segmentResults"] = new JsonArray(new JsonObject
            {
                ["playlistName"] = "index.m3u8",
                ["duration"] = ((long)(duration * 1e9)).ToString(CultureInfo.InvariantCulture),
                ["size"] = "1048576",
            });
        }
        return new JsonObject { ["egressInfo"] = info };
    }

    private async Task WebhookAsync(string eventName, JsonObject body)
    {
        body["event"] = eventName;
        body["id"] = $"EV_{Guid.NewGuid():N}";
        body["createdAt"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var response = await SendWebhookAsync(body.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Posts a webhook through the gateway, signed by LiveKit's own SDK for these exact bytes.</summary>
    public async Task<HttpResponseMessage> SendWebhookAsync(string body, string? traceParent = null, CancellationToken cancellationToken = default)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(body);
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/webhook+json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/livekit") { Content = content };
        request.Headers.TryAddWithoutValidation("Authorization", await LiveKitSdk.SignWebhookAsync(LiveKit.ApiKey, LiveKit.ApiSecret, bytes));
        if (traceParent is not null)
        {
            request.Headers.TryAddWithoutValidation("traceparent", traceParent);
        }
        return await Gateway.SendAsync(request, cancellationToken);
    }

    /// <summary>
    /// <paramref name="identity"/> joins the stream's LiveKit room, as LiveKit would report it (<c>participant_joined</c>
    /// through the gateway), and Streams has counted them: they are watching.
    /// </summary>
    public async Task WatchAsync(string roomName, string streamId, string identity)
    {
        using var anonymous = ClientWith(null);
        var before = (await anonymous.GetFromJsonAsync<JsonElement>($"/api/live/{streamId}")).GetProperty("viewers").GetInt32();
        LiveKit.AddParticipant(roomName, identity);
        using var response = await SendWebhookAsync(ParticipantJoinedWebhook(roomName, identity, new JsonObject { ["canSubscribe"] = true, ["canPublishData"] = true }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Eventually.HoldsAsync(async () => (await anonymous.GetFromJsonAsync<JsonElement>($"/api/live/{streamId}")).GetProperty("viewers").GetInt32() > before,
            $"{identity} is watching");
    }

    /// <summary>LiveKit's <c>participant_joined</c> of <paramref name="identity"/> (sid <c>PA_{identity}</c>) with the permission its token gave.</summary>
    private static string ParticipantJoinedWebhook(string roomName, string identity, JsonObject permission) => new JsonObject
    {
        ["event"] = "participant_joined",
        ["id"] = $"EV_{Guid.NewGuid():N}",
        ["createdAt"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        ["room"] = new JsonObject { ["name"] = roomName },
        ["participant"] = new JsonObject { ["sid"] = "PA_" + identity, ["identity"] = identity, ["permission"] = permission },
    }.ToJsonString();

    /// <summary>A LiveKit participant webhook body (<c>participant_joined</c>, <c>participant_left</c>) with a fresh event id.</summary>
    public static string ParticipantWebhook(string eventName, string roomName, string sid) => new JsonObject
    {
        ["event"] = eventName,
        ["id"] = $"EV_{Guid.NewGuid():N}",
        ["createdAt"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        ["room"] = new JsonObject { ["name"] = roomName },
        ["participant"] = new JsonObject { ["sid"] = sid, ["identity"] = $"viewer-{sid}" },
    }.ToJsonString();

    /// <summary>Like LiveKit, but as patient as told: retries a webhook on 5xx or a dropped connection until acknowledged.</summary>
    public async Task DeliverWebhookUntilAcknowledgedAsync(string body, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            try
            {
                // Like LiveKit's sender, an attempt that takes too long counts as failed and is tried again.
                using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                using var response = await SendWebhookAsync(body, cancellationToken: attempt.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
                Xunit.Assert.True((int)response.StatusCode >= 500, $"unexpected {(int)response.StatusCode}");
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }
            Xunit.Assert.True(DateTime.UtcNow < deadline, "the webhook was never acknowledged");
            await Task.Delay(500);
        }
    }

    /// <summary>Waits until a resource that was (re)started by a command is healthy.</summary>
    public async Task WaitUntilHealthyAgainAsync(string resource)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        // Right after the command the resource may still report the stopped instance (Exited), which the wait treats
        // as a failed start; the new instance follows within seconds, so look again until the deadline.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
                return;
            }
            catch (DistributedApplicationException) when (attempt < 10 && !timeout.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), timeout.Token);
            }
        }
    }

    /// <summary>A SignalR client connected to <c>/hubs/live</c> through the gateway over WebSockets only.</summary>
    public Task<HubConnection> ConnectChatAsync(string token) => ConnectHubAsync("/hubs/live", token);

    /// <summary>A SignalR client connected to <paramref name="path"/> through the gateway over WebSockets only.</summary>
    public async Task<HubConnection> ConnectHubAsync(string path, string token)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(Gateway.BaseAddress!, path), options =>
            {
                options.AccessTokenProvider = () => Task.FromResult<string?>(token);
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
            })
            .Build();
        await connection.StartAsync();
        return connection;
    }

    private sealed record DevToken(string AccessToken);
}

[CollectionDefinition(Name)]
public sealed class SystemCollection : ICollectionFixture<PawfectLiveAppFixture>
{
    public const string Name = "PawfectLive system";
}
