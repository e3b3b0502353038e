using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace PawfectLive.TestInfrastructure;

/// <summary>
/// One real service in memory (ASP.NET Core's test server) with the settings a test gives it, the tests' user keys,
/// a bus that waits for RabbitMQ at start, and its logs in <see cref="Logs"/> (shown for failing tests only).
/// Each service's host (StreamsApp, ChatApp, WebhooksApp) is this with its own settings.
/// </summary>
public abstract class ServiceHost<TEntryPoint>(string name, IReadOnlyDictionary<string, string?> settings)
    : WebApplicationFactory<TEntryPoint> where TEntryPoint : class
{
    /// <summary>Longer than any service's own stop bound (docs/operations.md): past it, the stop hangs.</summary>
    private static readonly TimeSpan StopBound = TimeSpan.FromSeconds(60);

    public TestLogSink Logs { get; } = new(name);

    /// <summary>Stops the host within <see cref="StopBound"/>, or fails the test with the async stacks in its log.</summary>
    public override async ValueTask DisposeAsync()
    {
        await HangDiagnostics.WithinAsync(base.DisposeAsync().AsTask(), StopBound, $"Stopping {name}", Logs.WriteLine);
        GC.SuppressFinalize(this);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var configuration = new Dictionary<string, string?>(TestUsers.Configuration) { ["EventBus:WaitUntilStarted"] = "true" };
        foreach (var (key, value) in settings)
        {
            configuration[key] = value;
        }
        foreach (var (key, value) in configuration)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureLogging(logging => logging.ClearProviders().AddProvider(Logs));
    }

    /// <summary>An HTTP client of this host that sends <paramref name="token"/> as its bearer token (none when null).</summary>
    public HttpClient ClientFor(string? token)
    {
        var client = CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    /// <summary>Merges a test's own settings over a host's defaults.</summary>
    protected static IReadOnlyDictionary<string, string?> With(IReadOnlyDictionary<string, string?> defaults, IDictionary<string, string?>? overrides)
    {
        var merged = new Dictionary<string, string?>(defaults);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            merged[key] = value;
        }
        return merged;
    }
}
