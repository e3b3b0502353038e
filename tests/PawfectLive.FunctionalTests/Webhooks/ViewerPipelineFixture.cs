using PawfectLive.Contracts;
using PawfectLive.FunctionalTests.Streams;

namespace PawfectLive.FunctionalTests.Webhooks;

/// <summary>Webhooks and Streams on one real RabbitMQ and Redis: LiveKit webhook in, exact viewer count out.</summary>
public sealed class ViewerPipelineFixture : IAsyncLifetime
{
    public InfrastructureFixture Infrastructure { get; } = new();
    public LiveKitTwirpDouble LiveKit { get; private set; } = null!;
    public StreamsApp Streams { get; private set; } = null!;
    public WebhooksApp Webhooks { get; private set; } = null!;
    public EventProbe Events { get; private set; } = null!;

    /// <summary>Where the fixture's Streams says replays are served from.</summary>
    public const string ReplayBaseUrl = "https://cdn.pawfect.test/media";
    public WebhookSender Sender { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Infrastructure.InitializeAsync();
        LiveKit = await LiveKitTwirpDouble.StartAsync();
        Events = await EventProbe.StartAsync(Infrastructure.RabbitMq.ConnectionString,
            typeof(ViewerJoinedIntegrationEvent), typeof(ViewerLeftIntegrationEvent), typeof(RoomFinishedIntegrationEvent),
            typeof(ViewerCountChangedIntegrationEvent), typeof(StreamEndedIntegrationEvent), typeof(RecordingStatusChangedIntegrationEvent),
            typeof(ReplayDeletedIntegrationEvent), typeof(EgressUpdatedIntegrationEvent), typeof(StageChangedIntegrationEvent));
        Streams = new StreamsApp(Infrastructure.RabbitMq.ConnectionString, LiveKit, new Dictionary<string, string?>
        {
            ["Recording:Bucket"] = "pawfect-replays",
            ["Recording:Region"] = "eu-west-1",
            ["Recording:Endpoint"] = "http://127.0.0.1:9000",
            ["Recording:ForcePathStyle"] = "true",
            ["Recording:AccessKey"] = "test-access-key",
            ["Recording:Secret"] = "test-secret",
            ["Recording:PublicBaseUrl"] = ReplayBaseUrl,
        });
        Webhooks = new WebhooksApp(Infrastructure.RabbitMq.ConnectionString, Infrastructure.Redis.ConnectionString, LiveKit);
        Sender = new WebhookSender(Webhooks.CreateClient(), LiveKit.ApiKey, LiveKit.ApiSecret);
    }

    public async Task DisposeAsync()
    {
        await Webhooks.DisposeAsync();
        await Streams.DisposeAsync();
        await Events.DisposeAsync();
        await LiveKit.DisposeAsync();
        await Infrastructure.DisposeAsync();
    }

    /// <summary>A live stream of a new owner: (ownerId, streamId, roomName).</summary>
    public async Task<(string OwnerId, string StreamId, string RoomName)> StartStreamAsync()
    {
        var ownerId = $"owner-{Guid.NewGuid():N}"[..20];
        using var client = Streams.ClientFor(TestUsers.Token(ownerId));
        var started = await client.StartStreamAsync(new { title = "viewers" });
        return (ownerId, started.StreamId, started.RoomName);
    }

    public async Task<StreamView> GetStreamAsync(string streamId)
    {
        using var client = Streams.ClientFor(null);
        return await client.GetLiveStreamAsync(streamId);
    }

    /// <summary>The stream's public metadata as JSON (for fields the shared <see cref="StreamView"/> does not name).</summary>
    public async Task<System.Text.Json.JsonElement> GetStreamJsonAsync(string streamId)
    {
        using var client = Streams.ClientFor(null);
        return await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<System.Text.Json.JsonElement>(client, $"/api/live/{streamId}");
    }

    public async Task<int> ViewersAsync(string streamId) => (await GetStreamAsync(streamId)).Viewers;

    /// <summary>Sends both services' logs to the running test's output (shown if it fails).</summary>
    public ViewerPipelineFixture WithLogsTo(Xunit.Abstractions.ITestOutputHelper output)
    {
        Streams.Logs.Attach(output);
        Webhooks.Logs.Attach(output);
        return this;
    }
}

[CollectionDefinition(Name)]
public sealed class ViewerPipelineCollection : ICollectionFixture<ViewerPipelineFixture>
{
    public const string Name = "Webhooks to viewer counts";
}
