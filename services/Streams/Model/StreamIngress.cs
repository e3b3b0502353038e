namespace PawfectLive.Streams.Model;

/// <summary>An RTMP or WHIP endpoint LiveKit created for the owner (its stream key is the owner's secret).</summary>
public sealed class StreamIngress
{
    public string Id { get; set; } = "";

    /// <summary><see cref="StreamSources.Rtmp"/> or <see cref="StreamSources.Whip"/>.</summary>
    public string Type { get; set; } = "";
    public string Url { get; set; } = "";
    public string StreamKey { get; set; } = "";
    public string Status { get; set; } = IngressStatuses.Waiting;
    public string? Error { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>When LiveKit made the newest report applied (its webhook's own time); older reports are ignored.</summary>
    public DateTime? ReportedAt { get; set; }
}

/// <summary>What an ingress is doing, as the owner sees it.</summary>
public static class IngressStatuses
{
    public const string Waiting = "waiting";
    public const string Publishing = "publishing";
    public const string Ended = "ended";
}
