using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace PawfectLive.TestInfrastructure;

/// <summary>A browser's push subscription as the push service handed it out.</summary>
public sealed record TestPushSubscription(string Endpoint, string P256dh, string Auth, string ClientHash);

/// <summary>
/// The npm <c>web-push-testing</c> server (tests/js-conformance): a real push service run locally. It hands out
/// subscriptions bound to an application server key, checks each push's VAPID JWT (ES256, against that key) and
/// decrypts its aes128gcm payload; what it decrypted is readable back. <see cref="ExpireAsync"/> makes it answer 410.
/// </summary>
public sealed class WebPushTestingServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http;

    private WebPushTestingServer(Process process, int port)
    {
        _process = process;
        Port = port;
        _http = new HttpClient { BaseAddress = new Uri($"http://localhost:{port}/") };
    }

    public int Port { get; }

    public static async Task<WebPushTestingServer> StartAsync()
    {
        var port = FreePorts.Find();
        var startInfo = new ProcessStartInfo("node")
        {
            WorkingDirectory = RepositoryPaths.JsConformance,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        startInfo.ArgumentList.Add("node_modules/web-push-testing/src/bin/server.js");
        startInfo.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var process = Process.Start(startInfo)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new WebPushTestingServer(process, port);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!await FreePorts.AcceptsAsync(port, timeout.Token))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"web-push-testing exited with {process.ExitCode}; run scripts/install-test-deps.sh.");
            }
            await Task.Delay(100, timeout.Token);
        }
        return server;
    }

    /// <summary>Subscribes a "browser" with the application server (VAPID public) key, as <c>pushManager.subscribe</c> would.</summary>
    public async Task<TestPushSubscription> SubscribeAsync(string applicationServerKey)
    {
        using var response = await _http.PostAsJsonAsync("subscribe", new { userVisibleOnly = "true", applicationServerKey });
        response.EnsureSuccessStatusCode();
        var data = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data");
        var keys = data.GetProperty("keys");
        return new TestPushSubscription(data.GetProperty("endpoint").GetString()!, keys.GetProperty("p256dh").GetString()!,
            keys.GetProperty("auth").GetString()!, data.GetProperty("clientHash").GetString()!);
    }

    /// <summary>The payloads the push service received for the subscription and decrypted, in arrival order.</summary>
    public async Task<IReadOnlyList<string>> MessagesAsync(TestPushSubscription subscription)
    {
        using var response = await _http.PostAsJsonAsync("get-notifications", new { clientHash = subscription.ClientHash });
        response.EnsureSuccessStatusCode();
        var data = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data");
        return [.. data.GetProperty("messages").EnumerateArray().Select(message => message.GetString()!)];
    }

    /// <summary>The subscription expires: every push to it is answered 410 Gone from now on.</summary>
    public async Task ExpireAsync(TestPushSubscription subscription)
    {
        using var response = await _http.PostAsync($"expire-subscription/{subscription.ClientHash}", null);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
