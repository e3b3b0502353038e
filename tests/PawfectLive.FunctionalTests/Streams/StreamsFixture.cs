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
