using Microsoft.Extensions.Options;

namespace PawfectLive.Streams.Features.Schedules;

/// <summary>
/// Closes scheduled streams nobody started within the grace period (level-triggered: each pass looks at what is overdue
/// now, so a pass missed while the service was down is made up by the next). One instance at a time (lease <c>schedules:missed</c>).
/// </summary>
public sealed partial class MissedSchedulesWorker(
    ScheduleService schedules, WorkLeases leases, IOptionsMonitor<ScheduleOptions> options, TimeProvider time, ILogger<MissedSchedulesWorker> logger)
    : BackgroundService
{
    private const string LeaseName = "schedules:missed";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var interval = options.CurrentValue.MissedCheckInterval;
            try
            {
                if (await leases.TryTakeAsync(LeaseName, interval * 3, stoppingToken))
                {
                    await schedules.CloseMissedAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogPassFailed(logger, ex);
            }
            try
            {
                await Task.Delay(interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 2701, Level = LogLevel.Warning, Message = "Closing missed scheduled streams failed; retrying on the next pass")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
