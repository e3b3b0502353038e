using System.ComponentModel.DataAnnotations;

namespace PawfectLive.Webhooks;

public sealed class WebhooksOptions
{
    public const string SectionName = "Webhooks";

    /// <summary>Largest body accepted; LiveKit's events are a few KB.</summary>
    [Range(1024, 4 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>How long an event id is remembered for de-duplication (LiveKit retries within about a minute).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan DeduplicationWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long to wait for RabbitMQ's confirmation before answering 503 (LiveKit then retries).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
