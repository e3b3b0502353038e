using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PawfectLive.EventBus;

/// <summary>
/// MassTransit's hosted service with its stop bounded by <see cref="EventBusExtensions.StopBound"/>.
/// </summary>
/// <remarks>
/// MassTransit 8.5's bus stop can wait forever when it meets a receive endpoint that is reconnecting (right after a
/// broker restart): <c>ReceiveTransport.StopAgent</c> awaits the transport's run loop, which does not observe the stop
/// token, and a consumer registered on a connection made during the stop keeps that loop alive. Neither
/// <see cref="MassTransitHostOptions.StopTimeout"/> nor the host's shutdown timeout reaches that wait, so the service
/// would never exit. Abandoning the stop loses nothing: consumers acknowledge a message only after handling it, so what
/// they hold returns to its queue when the process exits and its connection closes, and what a service publishes is
/// either confirmed by the broker already or still in its outbox.
/// </remarks>
internal sealed partial class BoundedBusHostedService(
    MassTransitHostedService bus,
    IOptions<MassTransitHostOptions> options,
    ILogger<BoundedBusHostedService> logger) : IHostedService, IAsyncDisposable
{
    private readonly TimeSpan _bound = EventBusExtensions.StopBound(options.Value);

    public Task StartAsync(CancellationToken cancellationToken) => bus.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => WithinBoundAsync(bus.StopAsync(cancellationToken), cancellationToken);

    public async ValueTask DisposeAsync() => await WithinBoundAsync(bus.DisposeAsync().AsTask(), CancellationToken.None);

    private async Task WithinBoundAsync(Task stopping, CancellationToken cancellationToken)
    {
        try
        {
            await stopping.WaitAsync(_bound, cancellationToken);
        }
        catch (TimeoutException)
        {
            LogStopAbandoned(_bound.TotalSeconds);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !stopping.IsCompleted)
        {
            LogStopAbandoned(_bound.TotalSeconds);
        }
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning,
        Message = "The message bus did not stop within {BoundSeconds} s (a receive endpoint still reconnecting); stopping without it. Unacknowledged messages return to their queues")]
    private partial void LogStopAbandoned(double boundSeconds);
}
