using System.Diagnostics.Metrics;

namespace PawfectLive.Streams;

/// <summary>
/// Operator totals: streams live now and viewers watching them, over all streams (no per-stream tag, so the series stay
/// few). Taken by every reconciliation pass, from the store, so every Streams instance reports the same totals.
/// </summary>
public sealed class StreamsMetrics
{
    public const string MeterName = "PawfectLive.Streams";

    private long _liveStreams;
    private long _liveViewers;

    public StreamsMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableGauge("pawfectlive.streams.live", () => Interlocked.Read(ref _liveStreams), "{stream}", "Streams live now.");
        meter.CreateObservableGauge("pawfectlive.streams.viewers", () => Interlocked.Read(ref _liveViewers), "{viewer}",
            "Viewers watching live streams now (the sum of their exact counts).");
    }

    public void LiveTotals(int streams, long viewers)
    {
        Interlocked.Exchange(ref _liveStreams, streams);
        Interlocked.Exchange(ref _liveViewers, viewers);
    }
}
