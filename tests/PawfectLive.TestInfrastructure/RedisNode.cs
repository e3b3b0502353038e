namespace PawfectLive.TestInfrastructure;

/// <summary>An isolated Redis (Debian's redis-server) on a free loopback port, state in a temp folder.</summary>
public sealed class RedisNode : IAsyncDisposable
{
    private readonly string _stateDirectory = Directory.CreateTempSubdirectory("pawfect-redis-").FullName;
    private ServerProcess? _server;

    public int Port { get; } = FreePorts.Find();

    public string ConnectionString => $"127.0.0.1:{Port}";

    public async Task StartAsync()
    {
        _server = ServerProcess.Start("redis-node.sh", _stateDirectory, Port.ToString(), "--persist");
        await _server.WaitUntilAcceptingAsync(Port, TimeSpan.FromSeconds(30));
    }

    public async Task StopAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
            _server = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        RabbitMqNode.TryDelete(_stateDirectory);
    }
}
