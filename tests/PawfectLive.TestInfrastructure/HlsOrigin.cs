using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PawfectLive.TestInfrastructure;

/// <summary>
/// A stand-in for the bucket's public URL: serves a real HLS rendition (made by Debian's ffmpeg: H.264 baseline + AAC in
/// MPEG-TS, which Debian's Chromium plays through hls.js) for any recording key, since every key ends in the same file
/// names (<c>.../index.m3u8</c>, <c>segment000.ts</c>). Cross-origin, as a CDN in front of a bucket would be.
/// </summary>
public sealed class HlsOrigin : IAsyncDisposable
{
    public const string Ffmpeg = "/usr/bin/ffmpeg";

    private readonly WebApplication _app;
    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("pawfect-hls-").FullName;

    private HlsOrigin(WebApplication app, int port)
    {
        _app = app;
        BaseUrl = $"http://127.0.0.1:{port}/media";
    }

    /// <summary>The public base URL to configure as <c>Recording:PublicBaseUrl</c>.</summary>
    public string BaseUrl { get; }

    public static async Task<HlsOrigin> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var port = FreePorts.Find();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var origin = new HlsOrigin(app, port);
        app.MapGet("/media/{**key}", origin.Serve);
        await app.StartAsync();
        return origin;
    }

    /// <summary>Makes the 8-second rendition (a test pattern and a tone) the origin serves; false when ffmpeg is not installed.</summary>
    public async Task<bool> RenderAsync()
    {
        if (!File.Exists(Ffmpeg))
        {
            return false;
        }
        var ffmpeg = Process.Start(new ProcessStartInfo(Ffmpeg,
        [
            "-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "8",
            "-c:v", "libx264", "-profile:v", "baseline", "-level", "3.0", "-pix_fmt", "yuv420p", "-g", "60", "-keyint_min", "60", "-sc_threshold", "0",
            "-c:a", "aac", "-b:a", "96k", "-ac", "2", "-ar", "48000",
            "-f", "hls", "-hls_time", "2", "-hls_playlist_type", "vod",
            "-hls_segment_filename", Path.Combine(_directory, "segment%03d.ts"), Path.Combine(_directory, "index.m3u8"),
        ])
        { RedirectStandardError = true })!;
        var errors = await ffmpeg.StandardError.ReadToEndAsync();
        await ffmpeg.WaitForExitAsync();
        return ffmpeg.ExitCode == 0 ? true : throw new InvalidOperationException($"ffmpeg failed: {errors}");
    }

    private IResult Serve(string key, HttpContext http)
    {
        http.Response.Headers.AccessControlAllowOrigin = "*";
        var file = Path.Combine(_directory, Path.GetFileName(key));
        if (!File.Exists(file))
        {
            return Results.NotFound();
        }
        var contentType = Path.GetExtension(file) switch
        {
            ".m3u8" => "application/vnd.apple.mpegurl",
            ".ts" => "video/mp2t",
            _ => "application/octet-stream",
        };
        return Results.File(file, contentType);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
