using MassTransit;
using Microsoft.Extensions.Options;
using PawfectLive.LiveKit;
using PawfectLive.Streams.IntegrationEvents.Events;

namespace PawfectLive.Streams.Features.LiveKitSync;

/// <summary>
/// Carries out LiveKit's one-off changes at once (delete an ended stream's room, remove a blocked participant, stop the
/// egress, delete the ingress). The stream's own state changed before; this only makes LiveKit agree sooner than the
/// reconciliation would (<see cref="LiveKitReconciler"/> and the periodic pass repair whatever these leave undone). Retries come from one place, the endpoint's policy in
/// <see cref="LiveKitRoomCommandConsumerDefinition"/>: the message stays unacknowledged while it waits, so a Streams
/// restart does not lose it either. One log line per outcome: recovered after retries, or given up.
/// </summary>
public sealed partial class LiveKitRoomCommandConsumer(
    RoomServiceClient roomService,
    EgressClient egress,
    IngressClient ingress,
    IOptions<StreamsOptions> options,
    ILogger<LiveKitRoomCommandConsumer> logger)
    : IConsumer<DeleteLiveKitRoomCommand>, IConsumer<RemoveLiveKitParticipantCommand>,
        IConsumer<StopLiveKitEgressCommand>, IConsumer<DeleteLiveKitIngressCommand>
{
    public Task Consume(ConsumeContext<DeleteLiveKitRoomCommand> context) =>
        CallAsync(context, "DeleteRoom", context.Message.RoomName,
            cancellationToken => roomService.DeleteRoomAsync(context.Message.RoomName, cancellationToken));

    public Task Consume(ConsumeContext<RemoveLiveKitParticipantCommand> context) =>
        CallAsync(context, "RemoveParticipant", context.Message.RoomName,
            cancellationToken => roomService.RemoveParticipantAsync(context.Message.RoomName, context.Message.Identity, cancellationToken));

    /// <summary>Stops the recording of an ended stream (an egress LiveKit no longer runs counts as stopped).</summary>
    public Task Consume(ConsumeContext<StopLiveKitEgressCommand> context) =>
        CallAsync(context, "StopEgress", context.Message.StreamId,
            cancellationToken => egress.StopEgressAsync(context.Message.EgressId, cancellationToken));

    /// <summary>Deletes an ended stream's ingress, so its stream key stops working.</summary>
    public Task Consume(ConsumeContext<DeleteLiveKitIngressCommand> context) =>
        CallAsync(context, "DeleteIngress", context.Message.StreamId,
            cancellationToken => ingress.DeleteIngressAsync(context.Message.IngressId, cancellationToken));

    private async Task CallAsync(ConsumeContext context, string operation, string roomName, Func<CancellationToken, Task> call)
    {
        var attempt = context.GetRetryAttempt() + 1;
        try
        {
            await call(context.CancellationToken);
        }
        catch (Exception ex) when (!context.CancellationToken.IsCancellationRequested)
        {
            if (attempt > options.Value.RetryDelays.Length)
            {
                LogGaveUp(logger, operation, roomName, attempt, ex);
            }
            else
            {
                LogAttemptFailed(logger, operation, roomName, attempt, ex.Message);
            }
            throw;
        }
        if (attempt > 1)
        {
            LogRecovered(logger, operation, roomName, attempt);
        }
    }

    [LoggerMessage(EventId = 2201, Level = LogLevel.Debug, Message = "LiveKit {Operation} for room {RoomName} failed (attempt {Attempt}); it will be retried: {Error}")]
    private static partial void LogAttemptFailed(ILogger logger, string operation, string roomName, int attempt, string error);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Information, Message = "LiveKit {Operation} for room {RoomName} succeeded after {Attempts} attempts")]
    private static partial void LogRecovered(ILogger logger, string operation, string roomName, int attempts);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Error,
        Message = "LiveKit {Operation} for room {RoomName} still failing after {Attempts} attempts; moved to the error queue")]
    private static partial void LogGaveUp(ILogger logger, string operation, string roomName, int attempts, Exception exception);
}

/// <summary>The only retry layer of LiveKit room commands: waits of <see cref="StreamsOptions.RetryDelays"/>, then the error queue.</summary>
public sealed class LiveKitRoomCommandConsumerDefinition(IOptions<StreamsOptions> options) : ConsumerDefinition<LiveKitRoomCommandConsumer>
{
    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<LiveKitRoomCommandConsumer> consumerConfigurator,
        IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(retry => retry.Intervals(options.Value.RetryDelays));
}
