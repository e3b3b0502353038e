using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using PawfectLive.Streams;

namespace PawfectLive.FunctionalTests.Streams;

/// <summary>The real Streams service (in-memory HTTP) on a real RabbitMQ, its embedded store in a temp file, LiveKit as a Twirp double.</summary>
public sealed class StreamsApp(string rabbitMqConnectionString, LiveKitTwirpDouble liveKit, IDictionary<string, string?>? settings = null)
    : WebApplicationFactory<StreamsOptions>
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("pawfect-streams-").FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var configuration = new Dictionary<string, string?>(TestUsers.Configuration)
        {
            ["ConnectionStrings:rabbitmq"] = rabbitMqConnectionString,
            ["EventBus:WaitUntilStarted"] = "true",
            ["LiveKit:Url"] = liveKit.Url,
            ["LiveKit:ApiKey"] = liveKit.ApiKey,
            ["LiveKit:ApiSecret"] = liveKit.ApiSecret,
            ["LiveKit:RequestTimeout"] = "00:00:01",
            ["Streams:EmbeddedDatabasePath"] = Path.Combine(_dataDirectory, "streams.db"),
            ["Streams:StartCooldown"] = "00:00:00",
            ["Streams:StartsPerWindow"] = "1000",
            ["Streams:LiveKitRetryDelays:0"] = "00:00:00.200",
            ["Streams:LiveKitRetryDelays:1"] = "00:00:00.500",
            ["Streams:LiveKitRetryDelays:2"] = "00:00:01",
            ["Streams:LiveKitRetryDelays:3"] = "00:00:01",
            ["Streams:LiveKitRetryDelays:4"] = "00:00:01",
            ["Streams:LiveKitRetryDelays:5"] = "00:00:01",
            ["Streams:LiveKitRetryDelays:6"] = "00:00:01",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }
        foreach (var (key, value) in configuration)
        {
            builder.UseSetting(key, value);
        }
    }

    public HttpClient ClientFor(string? token)
    {
        var client = CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
