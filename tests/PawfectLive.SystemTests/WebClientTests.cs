using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
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
        Assert.Contains("12 passed, 0 failed", await output);
        foreach (var screen in new[]
        {
            "browse", "go-live", "recording-status", "watch", "moderation-viewer", "moderation-owner", "timed-out", "blocked", "admin", "ingress", "ended",
            "stream-summary", "my-streams", "replay",
        })
        {
            Assert.True(File.Exists(Path.Combine(screenshots, $"{screen}.png")), $"no screenshot of {screen}");
        }
    }

    /// <summary>
    /// An ended stream with a ready recording, made the way LiveKit would make it: started with record, the owner's camera
    /// track published (Streams then starts the egress on the LiveKit double), egress reports, the end, egress_ended.
    /// Its playlist URL points at <see cref="PawfectLiveAppFixture.Replays"/>, which serves a real HLS rendition.
    /// </summary>
    private async Task<string> RecordedStreamAsync()
    {
        var ownerId = $"replay-owner-{Guid.NewGuid():N}"[..24];
        using var owner = _system.ClientWith(await _system.TokenAsync(ownerId));
        var started = await owner.StartStreamAsync(new { title = "Biscuit's recorded zoomies", record = true });
        await WebhookAsync("track_published", new JsonObject
        {
            ["room"] = new JsonObject { ["sid"] = "RM_replay", ["name"] = started.RoomName },
            ["participant"] = new JsonObject { ["sid"] = "PA_replay_owner", ["identity"] = ownerId, ["state"] = "ACTIVE" },
            ["track"] = new JsonObject { ["sid"] = "TR_cam", ["type"] = "VIDEO", ["source"] = "CAMERA" },
        });
        var egressId = "";
        await Eventually.HoldsAsync(() => Task.FromResult(
            (egressId = _system.LiveKit.RunningEgresses.FirstOrDefault(e => e.Value == started.RoomName).Key ?? "") != ""), "Streams starts the egress");

        var at = DateTimeOffset.UtcNow;
        await WebhookAsync("egress_updated", Egress(started.RoomName, egressId, "EGRESS_ACTIVE", at));
        await owner.StopStreamAsync(started.StreamId);
        await WebhookAsync("egress_ended", Egress(started.RoomName, egressId, "EGRESS_COMPLETE", at.AddSeconds(9), durationSeconds: 8));
        await Eventually.HoldsAsync(async () => (await owner.GetAsync($"/api/live/{started.StreamId}/replay")).StatusCode == HttpStatusCode.OK,
            "the replay is ready");
        var replay = await owner.GetFromJsonAsync<JsonElement>($"/api/live/{started.StreamId}/replay");
        Assert.StartsWith(_system.Replays.BaseUrl + "/", replay.GetProperty("playlistUrl").GetString());
        return started.StreamId;
    }

    private static JsonObject Egress(string roomName, string egressId, string status, DateTimeOffset updatedAt, double? durationSeconds = null)
    {
        var nanoseconds = ((updatedAt - DateTimeOffset.UnixEpoch).Ticks * 100).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var info = new JsonObject { ["egressId"] = egressId, ["roomName"] = roomName, ["status"] = status, ["updatedAt"] = nanoseconds };
        if (durationSeconds is { } duration)
        {
            info["endedAt"] = nanoseconds;
            info["segmentResults"] = new JsonArray(new JsonObject
            {
                ["playlistName"] = "index.m3u8",
                ["duration"] = ((long)(duration * 1e9)).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["size"] = "1048576",
            });
        }
        return new JsonObject { ["egressInfo"] = info };
    }

    private async Task WebhookAsync(string eventName, JsonObject body)
    {
        body["event"] = eventName;
        body["id"] = $"EV_{Guid.NewGuid():N}";
        body["createdAt"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var response = await _system.SendWebhookAsync(body.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
