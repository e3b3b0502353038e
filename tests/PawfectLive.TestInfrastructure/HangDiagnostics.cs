using System.Diagnostics;

namespace PawfectLive.TestInfrastructure;

/// <summary>
/// Bounds a wait that may hang (a host's stop, a process's exit) and, when it does hang, writes where this process
/// waits — the async stacks from a heap dump read with the repository's dotnet-dump tool — to the test's log, so the
/// failing test says why, not only that it timed out.
/// </summary>
public static class HangDiagnostics
{
    public static async Task WithinAsync(Task task, TimeSpan bound, string what, Action<string> log)
    {
        try
        {
            await task.WaitAsync(bound);
        }
        catch (TimeoutException)
        {
            log($"{what} did not finish within {bound.TotalSeconds:0} s; async stacks of the test process follow.");
            log(await AsyncStacksAsync());
            throw new TimeoutException($"{what} did not finish within {bound.TotalSeconds:0} s (async stacks in the test's log).");
        }
    }

    /// <summary>The async stacks of this process (<c>dotnet-dump analyze -c dumpasync</c>), or why they could not be read.</summary>
    public static async Task<string> AsyncStacksAsync()
    {
        var dump = Path.Combine(Path.GetTempPath(), $"pawfect-hang-{Environment.ProcessId}-{Guid.NewGuid():N}.dmp");
        try
        {
            var collected = await DotnetDumpAsync(["collect", "-p", Environment.ProcessId.ToString(), "--type", "Heap", "-o", dump]);
            if (!File.Exists(dump))
            {
                return $"no dump could be taken: {collected}";
            }
            return await DotnetDumpAsync(["analyze", dump, "-c", "dumpasync", "-c", "exit"]);
        }
        finally
        {
            File.Delete(dump);
        }
    }

    private static async Task<string> DotnetDumpAsync(IEnumerable<string> arguments)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])["tool", "run", "dotnet-dump", .. arguments])
        {
            startInfo.ArgumentList.Add(argument);
        }
        try
        {
            using var process = Process.Start(startInfo)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(timeout.Token);
            return await output + await errors;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or OperationCanceledException)
        {
            return $"dotnet-dump failed: {e.Message}";
        }
    }
}
