using Microsoft.Extensions.Options;

namespace PawfectLive.Streams.Features.Reconciliation;

/// <summary>
/// Runs a reconciliation pass every <see cref="ReconciliationOptions.Interval"/>; a failed pass is logged and the next one
/// tries again. With several instances one runs the passes: the one holding the <c>reconciliation</c> lease, renewed each
/// pass and held for three intervals, so another instance takes over within three intervals of the holder's end.
/// </summary>
public sealed partial class ReconciliationWorker(
    ReconciliationService reconciliation,
    WorkLeases leases,
    IOptionsMonitor<ReconciliationOptions> options,
    TimeProvider time,
    ILogger<ReconciliationWorker> logger) : BackgroundService
{
    public const string LeaseName = "reconciliation";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.CurrentValue.Enabled)
        {
            return;
        }
        using var timer = new PeriodicTimer(options.CurrentValue.Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                if (!await leases.TryTakeAsync(LeaseName, 3 * options.CurrentValue.Interval, stoppingToken))
                {
                    continue; // another instance runs the passes
                }
                await reconciliation.RunPassAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogPassFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(EventId = 2401, Level = LogLevel.Warning, Message = "Reconciliation pass failed; the next pass tries again")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
