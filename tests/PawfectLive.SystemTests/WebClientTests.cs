using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;

namespace PawfectLive.SystemTests;

/// <summary>
/// The web client in a real browser (Debian's Chromium driven by playwright-core, fake camera and microphone), against
/// the system the AppHost started: Browse, Watch, Go Live (recorded, with an external encoder), chat between two browsers,
/// block, end, and the replay of a recorded stream played through hls.js from a real HLS rendition.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class WebClientTests
{
    private readonly PawfectLiveAppFixture _system;

    public WebClientTests(PawfectLiveAppFixture system, ITestOutputHelper output) => _system = system.WithLogsTo(output);

    private const string Chromium = "/usr/bin/chromium";

    [SkippableFact]
    public async Task Owner_and_viewers_use_the_web_client_in_Chromium()
    {
        Skip.IfNot(File.Exists(Chromium), $"{Chromium} is not installed (scripts/install-test-deps.sh could not install Debian's chromium), so the browser tests cannot run.");
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, "web", "dist", "index.html")), "web/dist is not built: run scripts/build-web.sh");
        Skip.IfNot(await _system.Replays.RenderAsync(), $"{HlsOrigin.Ffmpeg} is not installed (scripts/install-test-deps.sh could not install Debian's ffmpeg), so no replay can be made to play.");
        var screenshots = Path.Combine(RepositoryPaths.Root, "TestResults", "web-screenshots");
        var replayStreamId = await RecordedStreamAsync();

        var startInfo = new ProcessStartInfo("node", ["e2e/e2e.mjs", _system.Gateway.BaseAddress!.ToString().TrimEnd('/'), screenshots, replayStreamId])
        {
            WorkingDirectory = Path.Combine(RepositoryPaths.Root, "web"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var browserRun = Process.Start(startInfo)!;
        var output = browserRun.StandardOutput.ReadToEndAsync();
        var errors = browserRun.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await browserRun.WaitForExitAsync(timeout.Token);

        Assert.True(browserRun.ExitCode == 0, $"browser steps failed:\n{await output}\n{await errors}");
        Assert.Contains("13 passed, 0 failed", await output);
        foreach (var screen in new[]
        {
            "browse", "go-live", "recording-status", "watch", "stage-owner", "stage-guest", "moderation-viewer", "moderation-owner", "timed-out", "blocked", "admin", "ingress", "ended",
            "stream-summary", "my-streams", "replay",
        })
        {
            Assert.True(File.Exists(Path.Combine(screenshots, $"{screen}.png")), $"no screenshot of {screen}");
        }
    }

    /// <summary>An ended stream with a ready recording, its playlist on <see cref="PawfectLiveAppFixture.Replays"/> (a real HLS rendition).</summary>
    private async Task<string> RecordedStreamAsync()
    {
        var ownerId = $"replay-owner-{Guid.NewGuid():N}"[..24];
        using var owner = _system.ClientWith(await _system.TokenAsync(ownerId));
        var started = await owner.StartStreamAsync(new { title = "Biscuit's recorded zoomies", record = true });
        await _system.RecordUntilReplayAsync(owner, ownerId, started);
        var replay = await owner.GetFromJsonAsync<JsonElement>($"/api/live/{started.StreamId}/replay");
        Assert.StartsWith(_system.Replays.BaseUrl + "/", replay.GetProperty("playlistUrl").GetString());
        return started.StreamId;
    }
}
