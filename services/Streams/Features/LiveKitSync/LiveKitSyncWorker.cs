namespace PawfectLive.Streams.Features.LiveKitSync;

/// <summary>
/// Runs the queued passes (<see cref="LiveKitSyncQueue"/>), a few streams at a time and each stream one pass at a time.
/// A pass LiveKit fails is not retried here: the periodic reconciliation pass requests every live stream again, so
/// LiveKit converges within one pass of answering again, however long the outage.
/// </summary>
public sealed partial class LiveKitSyncWorker(LiveKitSyncQueue queue, LiveKitReconciler reconciler, ILogger<LiveKitSyncWorker> logger)
    : BackgroundService
{
    private const int ParallelStreams = 4;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, ParallelStreams).Select(_ => RunAsync(stoppingToken)));

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        await foreach (var streamId in queue.Ready.ReadAllAsync(stoppingToken))
        {
            if (queue.Take(streamId) is not { } work)
            {
                continue;
            }
            try
            {
                await reconciler.ReconcileAsync(work, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogPassFailed(logger, streamId, ex.IsLiveKitFailure() ? ex.Message : ex.ToString());
            }
            finally
            {
                queue.Done(streamId);
            }
        }
    }

    [LoggerMessage(EventId = 2204, Level = LogLevel.Warning,
        Message = "LiveKit could not be made to agree with stream {StreamId}; the next reconciliation pass tries again: {Error}")]
    private static partial void LogPassFailed(ILogger logger, string streamId, string error);
}
