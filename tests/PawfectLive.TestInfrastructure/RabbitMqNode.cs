namespace PawfectLive.TestInfrastructure;

/// <summary>
/// An isolated RabbitMQ node (Debian's rabbitmq-server) on a free loopback port with its state in a temp folder.
/// <see cref="StopAsync"/> and <see cref="StartAsync()"/> again simulate a broker restart on the same port.
/// </summary>
public sealed class RabbitMqNode : IAsyncDisposable
{
    private readonly string _stateDirectory = Directory.CreateTempSubdirectory("pawfect-rabbitmq-").FullName;
    private ServerProcess? _server;

    public int Port { get; } = FreePorts.Find(20_000, 21_000);

    public string ConnectionString => $"amqp://guest:guest@127.0.0.1:{Port}";

    public async Task StartAsync()
    {
        _server = ServerProcess.Start("rabbitmq-node.sh", _stateDirectory, Port.ToString());
        await _server.WaitUntilAcceptingAsync(Port, TimeSpan.FromSeconds(90));
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
        TryDelete(_stateDirectory);
    }

    internal static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
