using Xunit;

namespace PawfectLive.TestInfrastructure;

/// <summary>Real RabbitMQ and Redis, started once per test collection and stopped after it.</summary>
public sealed class InfrastructureFixture : IAsyncLifetime
{
    public RabbitMqNode RabbitMq { get; } = new();
    public RedisNode Redis { get; } = new();

    public Task InitializeAsync() => Task.WhenAll(RabbitMq.StartAsync(), Redis.StartAsync());

    public async Task DisposeAsync()
    {
        await RabbitMq.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
