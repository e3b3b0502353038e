using System.Collections.Concurrent;
using MassTransit;
using PawfectLive.Contracts;

namespace PawfectLive.Streams.Features.Presence;

/// <summary>
/// Announces viewer counts at most every <see cref="FlushInterval"/> per room, with the latest absolute value: a burst of
/// joins becomes a few <c>ViewerCountChanged</c> events instead of one per webhook, which keeps RabbitMQ and the chat
/// rooms calm. Counts are absolute, so skipping intermediate values loses nothing; a count not yet published when
/// Streams stops is superseded by the next change. Viewer changes do not evict the cached <c>/active</c> pages: under
/// churn that would empty the cache every tick; their counts are instead at most
/// <see cref="StreamsOptions.ActiveCacheDuration"/> old (starts and ends still evict at once).
/// </summary>
public sealed partial class ViewerCountPublisher(IBus bus, TimeProvider time, ILogger<ViewerCountPublisher> logger)
    : BackgroundService
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(100);

    private static readonly System.Diagnostics.ActivitySource Tracing = new("PawfectLive.Streams.ViewerCounts");

    private readonly ConcurrentDictionary<string, PendingCount> _latest = new();

    /// <summary>The latest count of a room, and the trace of the change that produced it (the publish joins that trace).</summary>
    private sealed record PendingCount(string StreamId, int Viewers, int PeakViewers, long StreamVersion, System.Diagnostics.ActivityContext Cause);

    /// <summary>Queues the stream's current absolute count (replacing any count of its room not yet published).</summary>
    public void Announce(LiveStream stream) =>
        _latest[stream.RoomName] = new PendingCount(stream.Id, stream.Viewers, stream.PeakViewers, stream.Version,
            System.Diagnostics.Activity.Current?.Context ?? default);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(FlushInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var due = new List<(string RoomName, PendingCount Count)>();
            foreach (var roomName in _latest.Keys)
            {
                if (_latest.TryRemove(roomName, out var count))
                {
                    due.Add((roomName, count));
                }
            }
            // All at once: one after the other, each waiting for its confirm, a tick with many rooms outlasted the
            // interval and delayed every count behind it.
            await Task.WhenAll(due.Select(pending => PublishAsync(pending.RoomName, pending.Count, stoppingToken)));
        }
    }

    private async Task PublishAsync(string roomName, PendingCount count, CancellationToken cancellationToken)
    {
        try
        {
            using var activity = Tracing.StartActivity("announce viewer count", System.Diagnostics.ActivityKind.Internal, count.Cause);
            await bus.Publish(new ViewerCountChangedIntegrationEvent(
                Guid.NewGuid(), count.StreamId, roomName, count.Viewers, count.PeakViewers, time.GetUtcNow(), count.StreamVersion), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Put it back unless a newer count arrived meanwhile; the next tick retries.
            _latest.TryAdd(roomName, count);
            LogPublishFailed(logger, roomName, ex);
        }
    }

    [LoggerMessage(EventId = 2301, Level = LogLevel.Warning, Message = "Publishing the viewer count of room {RoomName} failed; retrying")]
    private static partial void LogPublishFailed(ILogger logger, string roomName, Exception exception);
}
