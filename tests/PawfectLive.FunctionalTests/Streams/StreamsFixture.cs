using PawfectLive.Contracts;
using PawfectLive.Streams.IntegrationEvents.Events;

namespace PawfectLive.FunctionalTests.Streams;

/// <summary>One RabbitMQ node, one LiveKit double, one Streams service and a probe on the bus, shared by a collection.</summary>
public sealed class StreamsFixture : IAsyncLifetime
{
    public RabbitMqNode RabbitMq { get; } = new();
    public LiveKitTwirpDouble LiveKit { get; private set; } = null!;
    public StreamsApp App { get; private set; } = null!;
    public EventProbe Events { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await RabbitMq.StartAsync();
        LiveKit = await LiveKitTwirpDouble.StartAsync();
        Events = await EventProbe.StartAsync(RabbitMq.ConnectionString,
            typeof(StreamStartedIntegrationEvent), typeof(StreamEndedIntegrationEvent),
            typeof(UserBlockedIntegrationEvent), typeof(UserUnblockedIntegrationEvent),
            typeof(ModeratorAppointedIntegrationEvent), typeof(ModeratorRemovedIntegrationEvent),
            typeof(UserTimedOutIntegrationEvent), typeof(UserTimeoutLiftedIntegrationEvent), typeof(ChatSettingsChangedIntegrationEvent),
            typeof(ViewerCountChangedIntegrationEvent), typeof(DeleteLiveKitRoomCommand), typeof(RemoveLiveKitParticipantCommand));
        App = new StreamsApp(RabbitMq.ConnectionString, LiveKit);
        App.CreateClient().Dispose();
    }

    /// <summary>How many UpdateParticipant calls LiveKit answered for this viewer with this data permission (and no media).</summary>
    public int DataPermissionUpdates(string roomName, string identity, bool canPublishData) =>
        LiveKit.Calls.Count(call => call.Method == "UpdateParticipant" && call.Answer == System.Net.HttpStatusCode.OK
            && call.Body["room"]?.GetValue<string>() == roomName && call.Body["identity"]?.GetValue<string>() == identity
            && call.Body["permission"]?["can_publish_data"]?.GetValue<bool>() == canPublishData
            && call.Body["permission"]?["can_subscribe"]?.GetValue<bool>() == true
            && call.Body["permission"]?["can_publish"]?.GetValue<bool>() == false);

    /// <summary>Whether a fresh <c>/watch</c> token of this client may publish data, as LiveKit's SDK reads it.</summary>
    public async Task<bool> WatchTokenMayPublishDataAsync(HttpClient viewer, string streamId)
    {
        var ticket = await viewer.WatchStreamAsync(streamId);
        var claims = await LiveKitSdk.VerifyTokenAsync(LiveKit.ApiKey, LiveKit.ApiSecret, ticket.Token);
        return claims["video"]!["canPublishData"]!.GetValue<bool>();
    }

    /// <summary>Sends the service's logs to the running test's output (shown if it fails).</summary>
    public StreamsFixture WithLogsTo(Xunit.Abstractions.ITestOutputHelper output)
    {
        App.Logs.Attach(output);
        return this;
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Events.DisposeAsync();
        await LiveKit.DisposeAsync();
        await RabbitMq.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class StreamsCollection : ICollectionFixture<StreamsFixture>
{
    public const string Name = "Streams service";
}
