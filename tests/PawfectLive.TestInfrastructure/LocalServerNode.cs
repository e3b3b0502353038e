namespace PawfectLive.TestInfrastructure;

/// <summary>
/// A Debian server started from one of the repository's scripts on a free loopback port, with its state in a temp
/// folder that outlives a stop (so stop + start is a restart) and is deleted on dispose.
/// </summary>
public abstract class LocalServerNode(string name, int port, TimeSpan startTimeout) : IAsyncDisposable
{
    private ServerProcess? _server;

    protected string StateDirectory { get; } = Directory.CreateTempSubdirectory($"pawfect-{name}-").FullName;

    public int Port { get; } = port;

    public abstract string ConnectionString { get; }

    protected abstract ServerProcess StartProcess();

    public async Task StartAsync()
    {
        _server = StartProcess();
        await _server.WaitUntilAcceptingAsync(Port, startTimeout);
        await WaitUntilReadyAsync(startTimeout);
    }

    /// <summary>Waits, after the port accepts connections, until the server serves them (nothing more by default).</summary>
    protected virtual Task WaitUntilReadyAsync(TimeSpan timeout) => Task.CompletedTask;

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
        try
        {
            Directory.Delete(StateDirectory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
        GC.SuppressFinalize(this);
    }
}
