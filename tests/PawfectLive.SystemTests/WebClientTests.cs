using System.Diagnostics;
using Xunit.Abstractions;

namespace PawfectLive.SystemTests;

/// <summary>
/// The web client in a real browser (Debian's Chromium driven by playwright-core, fake camera and microphone), against
/// the system the AppHost started: Browse, Watch, Go Live, chat between two browsers, block, end.
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
        var screenshots = Path.Combine(RepositoryPaths.Root, "TestResults", "web-screenshots");

        var startInfo = new ProcessStartInfo("node", ["e2e/e2e.mjs", _system.Gateway.BaseAddress!.ToString().TrimEnd('/'), screenshots])
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
        Assert.Contains("10 passed, 0 failed", await output);
        foreach (var screen in new[] { "browse", "go-live", "watch", "moderation-viewer", "moderation-owner", "timed-out", "blocked", "admin", "ended", "stream-summary", "my-streams" })
        {
            Assert.True(File.Exists(Path.Combine(screenshots, $"{screen}.png")), $"no screenshot of {screen}");
        }
    }
}
