using System.Diagnostics;
using System.Text.Json;

namespace PawfectLive.TestInfrastructure;

/// <summary>Runs the scripts of <c>tests/js-conformance</c> (official JavaScript clients) with Node.</summary>
public static class NodeScripts
{
    /// <summary>The script's standard output; throws <see cref="LiveKitSdkRejectedException"/> with its error output if it fails.</summary>
    public static async Task<string> RunAsync(string script, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("node")
        {
            WorkingDirectory = RepositoryPaths.JsConformance,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        startInfo.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }
        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new LiveKitSdkRejectedException(await error);
        }
        return await output;
    }

    /// <summary>Microsoft's JavaScript SignalR client joins a room, sends <paramref name="text"/> and returns what it received.</summary>
    public static async Task<JsonElement> SignalRChatRoundTripAsync(Uri baseUrl, string token, string roomName, string text) =>
        JsonDocument.Parse(await RunAsync("signalr-chat.mjs", baseUrl.ToString().TrimEnd('/'), token, roomName, text)).RootElement.Clone();
}
