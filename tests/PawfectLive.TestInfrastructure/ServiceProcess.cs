using System.Diagnostics;

namespace PawfectLive.TestInfrastructure;

/// <summary>
/// One of our services run from its Release build as its own process, as in production (benchmarks, and tests of what
/// only a real process shows: a crash).
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServiceProcess(string name, Process process, int port)
    {
        Name = name;
        _process = process;
        Port = port;
    }

    public string Name { get; }

    /// <summary>The assembly name of a service project (<c>services/Streams</c> → <c>PawfectLive.Streams</c>).</summary>
    private static string AssemblyName(string project) => Path.GetFileName(project) switch
    {
        "gateway" => "PawfectLive.Gateway",
        var other => $"PawfectLive.{other}",
    };
    public int Port { get; }
    public string BaseUrl => $"http://127.0.0.1:{Port}";
    public int ProcessId => _process.Id;

    /// <summary>
    /// Starts <paramref name="project"/>'s Release build, or the assembly at <paramref name="assemblyPath"/> (a published
    /// one); <paramref name="showLogs"/> prints the service's warnings and errors (its console log) with its name.
    /// </summary>
    public static async Task<ServiceProcess> StartAsync(
        string name, string project, IDictionary<string, string> environment, string? assemblyPath = null, bool showLogs = false)
    {
        var port = FreePorts.Find();
        var dll = assemblyPath ?? Path.Combine(RepositoryPaths.Root, project, "bin", "Release", "net10.0", $"{AssemblyName(project)}.dll");
        var startInfo = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        startInfo.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        startInfo.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment)
        {
            startInfo.Environment[key] = value;
        }
        var process = Process.Start(startInfo)!;
        process.OutputDataReceived += (_, e) => { if (showLogs && e.Data is not null) { Console.Error.WriteLine($"[{name}] {e.Data}"); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine($"[{name}] {e.Data}"); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var service = new ServiceProcess(name, process, port);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{name} exited with {process.ExitCode}");
            }
            try
            {
                if ((await http.GetAsync($"{service.BaseUrl}/health")).IsSuccessStatusCode)
                {
                    return service;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"{name} did not become healthy");
    }

    /// <summary>An HTTP client of this service that sends <paramref name="token"/> as its bearer token (none when null).</summary>
    public HttpClient ClientFor(string? token)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    /// <summary>Resident memory of the process, from /proc.</summary>
    public long ResidentBytes() => ResidentBytesOf(ProcessId);

    /// <summary>Resident memory of any process (VmRSS), from /proc.</summary>
    public static long ResidentBytesOf(int processId)
    {
        foreach (var line in File.ReadLines($"/proc/{processId}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
            }
        }
        return 0;
    }

    /// <summary>Ends the process at once, as <c>kill -9</c> does: no shutdown, nothing flushed that was not already.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>
    /// Sends SIGTERM, as an orchestrator does to stop a service, and answers how long the process took to exit; one still
    /// running after <paramref name="patience"/> is killed and the answer is null.
    /// </summary>
    public async Task<TimeSpan?> TerminateAsync(TimeSpan patience)
    {
        var stopwatch = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-TERM", ProcessId.ToString()]))
        {
            await kill.WaitForExitAsync();
        }
        using var timeout = new CancellationTokenSource(patience);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return stopwatch.Elapsed;
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
