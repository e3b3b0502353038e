using System.Diagnostics;
using System.Text.Json.Nodes;

namespace PawfectLive.TestInfrastructure;

/// <summary>
/// LiveKit's official <c>livekit-server-sdk</c> (npm), run with Node, as an independent judge of our protocol library.
/// </summary>
public static class LiveKitSdk
{
    public static async Task<JsonObject> VerifyTokenAsync(string apiKey, string apiSecret, string token) =>
        JsonNode.Parse(await RunAsync("verify-token", apiKey, apiSecret, token))!.AsObject();

    /// <summary>The <c>Authorization</c> value LiveKit would send with exactly these body bytes.</summary>
    public static async Task<string> SignWebhookAsync(string apiKey, string apiSecret, byte[] body)
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(file, body);
            return (await RunAsync("sign-webhook", apiKey, apiSecret, file)).Trim();
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<string> RunAsync(params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("node")
        {
            WorkingDirectory = RepositoryPaths.LiveKitConformance,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        startInfo.ArgumentList.Add("livekit.mjs");
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
}

public sealed class LiveKitSdkRejectedException(string message) : Exception(message);
