using System.ComponentModel.DataAnnotations;

namespace PawfectLive.Streams.Features.Analytics;

/// <summary>Creator analytics (<c>Streams:Analytics</c>): how viewer sessions are merged and how long they are kept.</summary>
public sealed class AnalyticsOptions
{
    public const string SectionName = "Streams:Analytics";

    /// <summary>A viewer who comes back within this gap (a reconnect) continues the same session.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:30:00")]
    public TimeSpan ReconnectGap { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Viewer sessions older than this are deleted (checked hourly by the reconciliation pass).</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan SessionRetention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>
    /// A stream's stats are computed at most once per this period (per bucket width): a stream with 10,000 viewer
    /// sessions costs tens of milliseconds to compute, and dashboards poll. 0 computes every request.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan StatsCacheDuration { get; set; } = TimeSpan.FromSeconds(2);
}
