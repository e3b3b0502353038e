using System.Diagnostics;
using System.Text.Json;
using PawfectLive.TestInfrastructure;

namespace PawfectLive.Benchmarks;

public sealed record FanOutStep(int Rate, int Sent, int Accepted, long Delivered, long Lost, double DeliveriesPerSecond, double P50Ms, double P99Ms)
{
    /// <summary>Every accepted message reached every client, and 99% of them within 250 ms.</summary>
    public bool Clean => Accepted == Sent && Lost == 0 && P99Ms < 250;
}

/// <summary>Resident bytes of a fresh server, with one set of idle clients connected, and with a second set as well.</summary>
public sealed record IdleMemory(long Before, long FirstSet, long SecondSet, int Clients)
{
    /// <summary>The first set's cost, including what the server sets up once (code compiled on first use, pools).</summary>
    public double FirstPerThousandMiB => (FirstSet - Before) / 1048576.0 * 1000 / Clients;

    /// <summary>What each further set of connections costs: the per-connection memory.</summary>
    public double PerThousandMiB => (SecondSet - FirstSet) / 1048576.0 * 1000 / Clients;
}

public sealed record FanOutRun(string Server, IReadOnlyList<int> Rates, IReadOnlyList<FanOutStep> Steps)
{
    /// <summary>The highest rate at which the server stayed clean (0 when none did).</summary>
    public int HighestCleanRate => Steps.Where(step => step.Clean).Select(step => step.Rate).DefaultIfEmpty(0).Max();

    public FanOutStep? At(int rate) => Steps.FirstOrDefault(step => step.Rate == rate);
}

/// <summary>Runs bench/js/fanout.mjs (one Node process holding every client) and the Node baselines.</summary>
public static class FanOut
{
    private static string JsDirectory => Path.Combine(RepositoryPaths.Root, "bench", "js");

    /// <summary>Connects <paramref name="clients"/> to one room, then steps the send rate through <paramref name="rates"/>.</summary>
    public static async Task<FanOutRun> RunAsync(string server, string mode, string url, string tokensFile, string room, int clients, IReadOnlyList<int> rates, int stepSeconds)
    {
        using var process = Start(["fanout.mjs", mode, url, tokensFile, room, clients.ToString(), string.Join(',', rates), stepSeconds.ToString()]);
        var error = process.StandardError.ReadToEndAsync();
        var steps = new List<FanOutStep>();
        var clock = Stopwatch.StartNew();
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line == "CONNECTED")
            {
                Console.WriteLine($"  {server}: {clients:N0} clients joined in {clock.Elapsed.TotalSeconds:N1} s");
            }
            if (!line.StartsWith('{'))
            {
                continue;
            }
            var step = JsonDocument.Parse(line).RootElement;
            steps.Add(new FanOutStep(
                step.GetProperty("rate").GetInt32(), step.GetProperty("sent").GetInt32(), step.GetProperty("accepted").GetInt32(),
                step.GetProperty("delivered").GetInt64(), step.GetProperty("lost").GetInt64(), step.GetProperty("deliveriesPerSecond").GetDouble(),
                Number(step.GetProperty("p50")), Number(step.GetProperty("p99"))));
            Console.WriteLine($"  {server} at {steps[^1].Rate} msg/s: {steps[^1].DeliveriesPerSecond:N0} deliveries/s, p99 {steps[^1].P99Ms:N0} ms, {steps[^1].Lost} lost");
        }
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"The fan-out harness against {server} failed: {await error}");
        }
        return new FanOutRun(server, rates, steps);
    }

    /// <summary>
    /// Resident memory of a server process before any connection, with <paramref name="clients"/> idle connections in
    /// one room, and with as many more (from a second harness; <paramref name="moreTokensFile"/> holds their tokens).
    /// </summary>
    public static async Task<IdleMemory> IdleMemoryAsync(
        string mode, string url, string tokensFile, string moreTokensFile, string room, int clients, int serverProcessId)
    {
        await Task.Delay(1000);
        var before = ServiceProcess.ResidentBytesOf(serverProcessId);
        using var first = Start(["fanout.mjs", mode, url, tokensFile, room, clients.ToString(), "0", "20"]);
        var firstThousand = await ConnectedResidentAsync(first, serverProcessId);
        using var second = Start(["fanout.mjs", mode, url, moreTokensFile, room, clients.ToString(), "0", "5"]);
        var secondThousand = await ConnectedResidentAsync(second, serverProcessId);
        first.Kill();
        await Task.WhenAll(first.WaitForExitAsync(), second.WaitForExitAsync());
        return new IdleMemory(before, firstThousand, secondThousand, clients);
    }

    private static async Task<long> ConnectedResidentAsync(Process harness, int serverProcessId)
    {
        while (await harness.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line == "CONNECTED")
            {
                await Task.Delay(3000);
                return ServiceProcess.ResidentBytesOf(serverProcessId);
            }
        }
        throw new InvalidOperationException($"The idle clients never connected: {await harness.StandardError.ReadToEndAsync()}");
    }

    /// <summary>A Socket.IO 4 broadcast server (the seed's chat), with the Redis adapter when a Redis URL is given.</summary>
    public static Task<NodeServer> StartSocketIoServerAsync(int port, string? redisUrl = null) =>
        StartNodeServerAsync("socketio-server.mjs", port, redisUrl is null ? [] : [redisUrl]);

    /// <summary>Starts one of the Node baselines in bench/js on <paramref name="port"/> and waits until it prints READY.</summary>
    public static async Task<NodeServer> StartNodeServerAsync(string script, int port, params string[] arguments)
    {
        var process = Start([script, port.ToString(), .. arguments]);
        while (await process.StandardOutput.ReadLineAsync() is { } line && line != "READY")
        {
        }
        return new NodeServer(process, port);
    }

    public sealed class NodeServer(Process process, int port) : IDisposable
    {
        public int ProcessId => process.Id;
        public string BaseUrl => $"http://127.0.0.1:{port}";

        public void Dispose()
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            process.Dispose();
        }
    }

    private static double Number(JsonElement value) => value.ValueKind == JsonValueKind.Number ? value.GetDouble() : double.NaN;

    private static Process Start(string[] arguments) =>
        Process.Start(new ProcessStartInfo("node", arguments)
        {
            WorkingDirectory = JsDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
}
