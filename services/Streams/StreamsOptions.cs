using System.ComponentModel.DataAnnotations;

namespace PawfectLive.Streams;

public sealed class StreamsOptions
{
    public const string SectionName = "Streams";

    /// <summary>Bound from <c>FEATURE_GO_LIVE</c>: when false, starting is refused; watching still works.</summary>
    public bool GoLiveEnabled { get; set; } = true;

    /// <summary>Page size of <c>/active</c> when the client names none.</summary>
    [Range(1, 100)]
    public int DefaultPageSize { get; set; } = 50;

    /// <summary>Longest a cached <c>/active</c> page is served (changes on this instance evict it at once).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan ActiveCacheDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How many starts one user may make per <see cref="StartWindow"/>.</summary>
    [Range(1, 1000)]
    public int StartsPerWindow { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan StartWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Minimum time between two starts of the same user.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan StartCooldown { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>New abuse reports one user may file per hour (a repeat of an open report does not count).</summary>
    [Range(1, 1000)]
    public int ReportsPerHour { get; set; } = 20;

    /// <summary>Moderation changes (blocks, timeouts, moderators, chat settings, words, pins) one actor may make per minute.</summary>
    [Range(1, 10_000)]
    public int ModerationWritesPerMinute { get; set; } = 60;

    /// <summary>Embedded LiteDB file used when no MongoDB connection string is configured.</summary>
    public string EmbeddedDatabasePath { get; set; } = "data/streams.db";

    /// <summary>Waits between attempts of a LiveKit room command made in the background (stop, kill, block); then the error queue.</summary>
    /// <remarks>Configuration binding appends to an array, so the defaults live in <see cref="RetryDelays"/>.</remarks>
    public TimeSpan[]? LiveKitRetryDelays { get; set; }

    public TimeSpan[] RetryDelays => LiveKitRetryDelays is { Length: > 0 } delays ? delays : DefaultLiveKitRetryDelays;

    private static readonly TimeSpan[] DefaultLiveKitRetryDelays =
    [
        TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10),
        TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(120),
    ];

    public const int MaxPageSize = 100;
}
