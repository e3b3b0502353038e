using MassTransit;
using Microsoft.Extensions.Options;
using PawfectLive.LiveKit;
using PawfectLive.Streams.IntegrationEvents.Events;

namespace PawfectLive.Streams.IntegrationEvents.EventHandling;

/// <summary>
/// Carries out LiveKit room changes in the background. The stream's own state changed before (it is no longer live,
/// the user is blocked); this only makes LiveKit agree, retrying through an outage. The message stays unacknowledged
/// while retrying, so a Streams restart does not lose it either.
/// </summary>
public sealed partial class LiveKitRoomCommandConsumer(
    RoomServiceClient roomService,
    IOptionsMonitor<StreamsOptions> options,
    TimeProvider time,
    ILogger<LiveKitRoomCommandConsumer> logger)
    : IConsumer<DeleteLiveKitRoomCommand>, IConsumer<RemoveLiveKitParticipantCommand>
{
    public Task Consume(ConsumeContext<DeleteLiveKitRoomCommand> context) =>
        WithRetriesAsync("DeleteRoom", context.Message.RoomName,
            cancellationToken => roomService.DeleteRoomAsync(context.Message.RoomName, cancellationToken), context.CancellationToken);

    public Task Consume(ConsumeContext<RemoveLiveKitParticipantCommand> context) =>
        WithRetriesAsync("RemoveParticipant", context.Message.RoomName,
            cancellationToken => roomService.RemoveParticipantAsync(context.Message.RoomName, context.Message.Identity, cancellationToken),
            context.CancellationToken);

    private async Task WithRetriesAsync(string operation, string roomName, Func<CancellationToken, Task> call, CancellationToken cancellationToken)
    {
        var delays = options.CurrentValue.RetryDelays;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await call(cancellationToken);
                if (attempt > 0)
                {
                    LogRecovered(logger, operation, roomName, attempt + 1);
                }
                return;
            }
            // Any failure of the call (LiveKit error, transport error, timeout, open circuit) is retried; only our own
            // cancellation (Streams shutting down) ends the loop, leaving the message for redelivery.
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                if (attempt >= delays.Length)
                {
                    LogGaveUp(logger, operation, roomName, attempt + 1, ex);
                    throw;
                }
                LogRetrying(logger, operation, roomName, attempt + 1, delays[attempt], ex.Message);
                await Task.Delay(delays[attempt], time, cancellationToken);
            }
        }
    }

    [LoggerMessage(EventId = 2201, Level = LogLevel.Warning,
        Message = "LiveKit {Operation} for room {RoomName} failed (attempt {Attempt}); retrying in {Delay}: {Error}")]
    private static partial void LogRetrying(ILogger logger, string operation, string roomName, int attempt, TimeSpan delay, string error);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Information, Message = "LiveKit {Operation} for room {RoomName} succeeded after {Attempts} attempts")]
    private static partial void LogRecovered(ILogger logger, string operation, string roomName, int attempts);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Error,
        Message = "LiveKit {Operation} for room {RoomName} still failing after {Attempts} attempts; moved to the error queue")]
    private static partial void LogGaveUp(ILogger logger, string operation, string roomName, int attempts, Exception exception);
}
