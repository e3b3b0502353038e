using System.Diagnostics.Metrics;

namespace PawfectLive.Notifications;

/// <summary>The service's meters (<c>PawfectLive.Notifications</c>): alerts stored and left out, fan-out batches, pushes by outcome.</summary>
public sealed class NotificationsMetrics
{
    public const string MeterName = "PawfectLive.Notifications";

    private readonly Counter<long> _stored;
    private readonly Counter<long> _skipped;
    private readonly Counter<long> _batches;
    private readonly Counter<long> _pushes;

    public NotificationsMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _stored = meter.CreateCounter<long>("pawfectlive.notifications.alerts", description: "Inbox entries stored, by kind");
        _skipped = meter.CreateCounter<long>("pawfectlive.notifications.alerts.skipped",
            description: "Alerts left out, by kind and reason (muted, blocked, window, stream_ended)");
        _batches = meter.CreateCounter<long>("pawfectlive.notifications.fanout.batches", description: "Fan-out batches published, by kind");
        _pushes = meter.CreateCounter<long>("pawfectlive.notifications.push", description: "Push attempts, by provider and outcome");
    }

    public void AlertsStored(string kind, int count) => Add(_stored, count, new KeyValuePair<string, object?>("kind", kind));

    public void AlertsSkipped(string kind, string reason, int count) => Add(_skipped, count, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("reason", reason));

    public void BatchPublished(string kind) => _batches.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void PushAttempted(string provider, string outcome) =>
        _pushes.Add(1, new KeyValuePair<string, object?>("provider", provider), new KeyValuePair<string, object?>("outcome", outcome));

    private static void Add(Counter<long> counter, int count, params KeyValuePair<string, object?>[] tags)
    {
        if (count > 0)
        {
            counter.Add(count, tags);
        }
    }
}
