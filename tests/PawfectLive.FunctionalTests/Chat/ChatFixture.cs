using PawfectLive.Contracts;

namespace PawfectLive.FunctionalTests.Chat;

/// <summary>Two Chat instances sharing one Redis backplane and one RabbitMQ, and a bus handle to play Streams.</summary>
public sealed class ChatFixture : IAsyncLifetime
{
    public InfrastructureFixture Infrastructure { get; } = new();
    public ChatApp InstanceA { get; private set; } = null!;
    public ChatApp InstanceB { get; private set; } = null!;
    public EventProbe Bus { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Infrastructure.InitializeAsync();
        Bus = await EventProbe.StartAsync(Infrastructure.RabbitMq.ConnectionString, typeof(ChatActivityIntegrationEvent));
        InstanceA = new ChatApp(Infrastructure.RabbitMq.ConnectionString, Infrastructure.Redis.ConnectionString);
        InstanceB = new ChatApp(Infrastructure.RabbitMq.ConnectionString, Infrastructure.Redis.ConnectionString);
        InstanceA.CreateClient().Dispose();
        InstanceB.CreateClient().Dispose();
    }

    /// <summary>Sends both instances' logs to the running test's output (shown if it fails).</summary>
    public ChatFixture WithLogsTo(Xunit.Abstractions.ITestOutputHelper output)
    {
        InstanceA.Logs.Attach(output);
        InstanceB.Logs.Attach(output);
        return this;
    }

    public async Task DisposeAsync()
    {
        await InstanceA.DisposeAsync();
        await InstanceB.DisposeAsync();
        await Bus.DisposeAsync();
        await Infrastructure.DisposeAsync();
    }

    /// <summary>Announces a live stream the way Streams does and waits until Chat has opened its room.</summary>
    public async Task<(string OwnerId, string StreamId, string RoomName)> GoLiveAsync(long streamVersion = 0)
    {
        var ownerId = $"owner-{Guid.NewGuid():N}"[..20];
        var streamId = Guid.NewGuid().ToString("N")[..24];
        var roomName = $"live_{ownerId}_{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}";
        await Bus.PublishAsync(new StreamStartedIntegrationEvent(Guid.NewGuid(), streamId, ownerId, roomName, "title", [], DateTimeOffset.UtcNow, streamVersion));
        await using var probe = await InstanceA.ConnectAsync("room-prober");
        await Eventually.HoldsAsync(async () => (await probe.JoinAsync(roomName)).Joined, "Chat opened the room");
        return (ownerId, streamId, roomName);
    }

    public static string NewUser(string role) => $"{role}-{Guid.NewGuid():N}"[..20];
}

[CollectionDefinition(Name)]
public sealed class ChatCollection : ICollectionFixture<ChatFixture>
{
    public const string Name = "Chat service";
}
