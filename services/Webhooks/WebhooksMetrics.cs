using System.Diagnostics.Metrics;

namespace PawfectLive.Webhooks;

/// <summary>Webhook events by type and outcome, and how late they arrive.</summary>
public sealed class WebhooksMetrics
{
    public const string MeterName = "PawfectLive.Webhooks";

    private readonly Counter<long> _events;
    private readonly Histogram<double> _lag;

    public WebhooksMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _events = meter.CreateCounter<long>("pawfectlive.webhooks.events", "{event}", "LiveKit webhook events by type and outcome.");
        _lag = meter.CreateHistogram<double>("pawfectlive.webhooks.lag", "s", "Time from the event's createdAt to its hand-off to RabbitMQ.");
    }

    public void Count(string? eventType, string outcome) =>
        _events.Add(1, new KeyValuePair<string, object?>("event", eventType ?? "unknown"), new KeyValuePair<string, object?>("outcome", outcome));

    public void RecordLag(TimeSpan lag) => _lag.Record(Math.Max(0, lag.TotalSeconds));
}
