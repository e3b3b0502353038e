using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PawfectLive.AppHost;

/// <summary>A Debian server run as an executable on loopback that services reference by connection string.</summary>
public sealed class LocalServerResource(string name, string command, string workingDirectory, string connectionString)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public ReferenceExpression ConnectionStringExpression { get; } = ReferenceExpression.Create($"{connectionString}");
}

/// <summary>The LiveKit server the services talk to: its client URL and API credentials.</summary>
public sealed record LiveKitEndpoint(string Url, string ApiKey, IResourceBuilder<ParameterResource> ApiSecret);

/// <summary>
/// Chooses how infrastructure runs: as containers where a container runtime answers (Local:UseContainers=auto|true),
/// otherwise RabbitMQ and Redis from Debian's packages as executables with their state under <see cref="StateDirectory"/>.
/// </summary>
public sealed class LocalInfrastructure
{
    private readonly IDistributedApplicationBuilder _builder;
    private readonly bool _useContainers;
    private readonly string _scriptsDirectory;

    private LocalInfrastructure(IDistributedApplicationBuilder builder, bool useContainers, string stateDirectory)
    {
        _builder = builder;
        _useContainers = useContainers;
        StateDirectory = stateDirectory;
        _scriptsDirectory = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "scripts"));
    }

    public string StateDirectory { get; }

    public static LocalInfrastructure FromConfiguration(IDistributedApplicationBuilder builder)
    {
        var mode = builder.Configuration["Local:UseContainers"] ?? "auto";
        var useContainers = mode.Equals("auto", StringComparison.OrdinalIgnoreCase)
            ? ContainerRuntimeAnswers()
            : bool.Parse(mode);
        var stateDirectory = builder.Configuration["Local:StateDirectory"]
            ?? Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".local"));
        Directory.CreateDirectory(stateDirectory);
        return new LocalInfrastructure(builder, useContainers, stateDirectory);
    }

    public IResourceBuilder<IResourceWithConnectionString> AddRabbitMq()
    {
        if (_useContainers)
        {
            return _builder.AddRabbitMQ("rabbitmq").WithManagementPlugin();
        }
        var port = _builder.Configuration.GetValue("Local:RabbitMqPort", 5672);
        return AddLocalServer("rabbitmq", "rabbitmq-node.sh", port, $"amqp://guest:guest@127.0.0.1:{port}");
    }

    public IResourceBuilder<IResourceWithConnectionString> AddRedis()
    {
        if (_useContainers)
        {
            return _builder.AddRedis("redis");
        }
        var port = _builder.Configuration.GetValue("Local:RedisPort", 6379);
        // Persisted (append-only file) so chat history survives restarts, as a real deployment would.
        return AddLocalServer("redis", "redis-node.sh", port, $"127.0.0.1:{port}", "--persist");
    }

    /// <summary>MongoDB when one is configured or a container can run it; null means Streams uses its embedded store.</summary>
    public IResourceBuilder<IResourceWithConnectionString>? AddMongoDbConnection()
    {
        if (!string.IsNullOrEmpty(_builder.Configuration.GetConnectionString("mongodb")))
        {
            return _builder.AddConnectionString("mongodb");
        }
        if (!_useContainers)
        {
            return null;
        }
        var password = _builder.AddParameter("mongodb-password", "local-dev-only-mongo", secret: true);
        var mongo = _builder.AddContainer("mongodb-server", "mongo", "7.0")
            .WithEnvironment("MONGO_INITDB_ROOT_USERNAME", "pawfect")
            .WithEnvironment("MONGO_INITDB_ROOT_PASSWORD", password)
            .WithEndpoint(targetPort: 27017, name: "tcp", scheme: "tcp");
        var endpoint = mongo.GetEndpoint("tcp");
        var connection = _builder.AddResource(new MongoConnectionResource("mongodb",
            ReferenceExpression.Create($"mongodb://pawfect:{password}@{endpoint.Property(EndpointProperty.HostAndPort)}/pawfectlive?authSource=admin")));
        return connection.WaitFor(mongo);
    }

    /// <summary>
    /// LiveKit from LIVEKIT_URL / LIVEKIT_API_KEY / LIVEKIT_API_SECRET when given; otherwise a <c>livekit-server --dev</c>
    /// container where containers run, or the dev keys pointed at ws://localhost:7880.
    /// </summary>
    public LiveKitEndpoint AddLiveKit()
    {
        var url = _builder.Configuration["LIVEKIT_URL"];
        var apiKey = _builder.Configuration["LIVEKIT_API_KEY"] ?? "devkey";
        var secret = _builder.Configuration["LIVEKIT_API_SECRET"] ?? "secret";
        var apiSecret = _builder.AddParameter("livekit-api-secret", secret, secret: true);
        if (string.IsNullOrEmpty(url) && _useContainers)
        {
            var gatewayPort = _builder.Configuration.GetValue("Local:GatewayPort", 5100);
            _builder.AddContainer("livekit", "livekit/livekit-server", "latest")
                .WithArgs("--dev", "--bind", "0.0.0.0",
                    "--config-body", $"webhook: {{api_key: {apiKey}, urls: ['http://host.docker.internal:{gatewayPort}/api/webhooks/livekit']}}")
                .WithEndpoint(port: 7880, targetPort: 7880, name: "http", scheme: "http");
        }
        return new LiveKitEndpoint(string.IsNullOrEmpty(url) ? "ws://localhost:7880" : url, apiKey, apiSecret);
    }

    private IResourceBuilder<IResourceWithConnectionString> AddLocalServer(
        string name, string script, int port, string connectionString, params string[] extraArgs)
    {
        var healthCheckKey = $"{name}-accepts-connections";
        _builder.Services.AddHealthChecks().AddAsyncCheck(healthCheckKey, cancellationToken => TcpAcceptsAsync(port, cancellationToken));

        var server = new LocalServerResource(name, "bash", _scriptsDirectory, connectionString);
        return _builder.AddResource(server)
            .WithArgs([Path.Combine(_scriptsDirectory, script), Path.Combine(StateDirectory, name), port.ToString(), .. extraArgs])
            .WithHealthCheck(healthCheckKey);
    }

    private static async Task<HealthCheckResult> TcpAcceptsAsync(int port, CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (SocketException ex)
        {
            return HealthCheckResult.Unhealthy($"127.0.0.1:{port} refuses connections.", ex);
        }
    }

    private static bool ContainerRuntimeAnswers()
    {
        try
        {
            using var docker = Process.Start(new ProcessStartInfo("docker", "info --format {{.ServerVersion}}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (docker is null)
            {
                return false;
            }
            if (!docker.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                docker.Kill(entireProcessTree: true);
                return false;
            }
            return docker.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}

public sealed class MongoConnectionResource(string name, ReferenceExpression connectionString) : Resource(name), IResourceWithConnectionString, IResourceWithWaitSupport
{
    public ReferenceExpression ConnectionStringExpression { get; } = connectionString;
}
