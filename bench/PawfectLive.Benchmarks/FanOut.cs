using System.Diagnostics;
using System.Text.Json;
using PawfectLive.TestInfrastructure;

namespace PawfectLive.Benchmarks;

public sealed record FanOutResult(int Connected, int Sent, long Delivered, double DeliveriesPerSecond, double P50Ms, double P99Ms);

/// <summary>Runs bench/js/fanout.mjs (one Node process holding every client) and the Node baselines.</summary>
public static class FanOut
{
    private static string JsDirectory => Path.Combine(RepositoryPaths.Root, "bench", "js");

    public static async Task<FanOutResult> RunAsync(string mode, string url, string tokensFile, string room, int clients, int rate, int seconds)
    {
        var output = await RunNodeAsync(["fanout.mjs", mode, url, tokensFile, room, clients.ToString(), rate.ToString(), seconds.ToString()]);
        var result = JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement;
        return new FanOutResult(
            result.GetProperty("connected").GetInt32(), result.GetProperty("sent").GetInt32(), result.GetProperty("delivered").GetInt64(),
            result.GetProperty("deliveriesPerSecond").GetDouble(), result.GetProperty("p50").GetDouble(), result.GetProperty("p99").GetDouble());
    }

    /// <summary>Connects idle clients and samples <paramref name="measure"/> once they are all in the room.</summary>
    public static async Task<long> IdleAsync(string url, string tokensFile, string room, int clients, Func<long> measure)
    {
        using var process = Start(["fanout.mjs", "signalr", url, tokensFile, room, clients.ToString(), "0", "0", "8"]);
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line == "READY")
            {
                await Task.Delay(3000);
                var sample = measure();
                await process.WaitForExitAsync();
                return sample;
            }
        }
        throw new InvalidOperationException("The idle clients never connected.");
    }

    public static Task<IDisposable> StartSocketIoServerAsync(int port) => StartNodeServerAsync("socketio-server.mjs", port.ToString());

    /// <summary>Starts one of the Node baselines in bench/js and waits until it prints READY.</summary>
    public static async Task<IDisposable> StartNodeServerAsync(string script, params string[] arguments)
    {
        var process = Start([script, .. arguments]);
        while (await process.StandardOutput.ReadLineAsync() is { } line && line != "READY")
        {
        }
        return new RunningServer(process);
    }

    private sealed class RunningServer(Process process) : IDisposable
    {
        public void Dispose()
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            process.Dispose();
        }
    }

    private static async Task<string> RunNodeAsync(string[] arguments)
    {
        using var process = Start(arguments);
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"node {string.Join(' ', arguments)} failed: {error}");
        }
        return output;
    }

    private static Process Start(string[] arguments) =>
        Process.Start(new ProcessStartInfo("node", arguments)
        {
            WorkingDirectory = JsDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
}
