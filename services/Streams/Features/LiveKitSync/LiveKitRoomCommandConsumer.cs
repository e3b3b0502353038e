using MassTransit;
using Microsoft.Extensions.Options;
using PawfectLive.LiveKit;
using PawfectLive.Streams.IntegrationEvents.Events;

namespace PawfectLive.Streams.Features.LiveKitSync;

/// <summary>
/// Carries out LiveKit room changes in the background. The stream's own state changed before (it is no longer live,
/// the user is blocked); this only makes LiveKit agree. Retries come from one place, the endpoint's policy in
/// <see cref="LiveKitRoomCommandConsumerDefinition"/>: the message stays unacknowledged while it waits, so a Streams
/// restart does not lose it either. One log line per outcome: recovered after retries, or given up.
/// </summary>
public sealed partial class LiveKitRoomCommandConsumer(
    RoomServiceClient roomService,
    EgressClient egress,
    IngressClient ingress,
    IStreamStore store,
    IOptions<StreamsOptions> options,
    TimeProvider time,
    ILogger<LiveKitRoomCommandConsumer> logger)
    : IConsumer<DeleteLiveKitRoomCommand>, IConsumer<RemoveLiveKitParticipantCommand>, IConsumer<SyncLiveKitParticipantCommand>,
        IConsumer<SyncLiveKitRoomMetadataCommand>, IConsumer<SyncLiveKitDataPermissionsCommand>,
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

    /// <summary>
    /// Writes the viewer's whole permission object as the stream wants it now: subscribe, publish camera and microphone only
    /// on stage, publish data as <see cref="LiveStream.MayPublishData"/> says; the participant metadata marks the stage. Nothing to do for an ended stream, a blocked user (the removal
    /// takes them out) or the owner.
    /// </summary>
    public async Task Consume(ConsumeContext<SyncLiveKitParticipantCommand> context)
    {
        var command = context.Message;
        if (await store.GetAsync(command.StreamId, context.CancellationToken) is not { IsLive: true } stream
            || stream.MustRemoveParticipant(command.Identity) || !stream.IsViewer(command.Identity))
        {
            return;
        }
        var permission = ViewerPermission(stream, command.Identity);
        await CallAsync(context, "UpdateParticipant", command.RoomName, cancellationToken =>
            roomService.UpdateParticipantAsync(command.RoomName, command.Identity, permission, LiveKitParticipantMetadata.Of(stream, command.Identity), cancellationToken));
    }

    /// <summary>The chat was turned off or on: every viewer in the room gets the data permission the stream wants now.</summary>
    public async Task Consume(ConsumeContext<SyncLiveKitDataPermissionsCommand> context)
    {
        var command = context.Message;
        if (await store.GetAsync(command.StreamId, context.CancellationToken) is not { IsLive: true } stream)
        {
            return;
        }
        await CallAsync(context, "UpdateParticipant (all viewers)", command.RoomName, async cancellationToken =>
        {
            var viewers = (await roomService.ListParticipantsAsync(command.RoomName, cancellationToken))
                .Select(participant => participant.Identity)
                .OfType<string>()
                .Where(identity => stream.IsViewer(identity) && !stream.MustRemoveParticipant(identity))
                .Distinct();
            foreach (var identity in viewers)
            {
                await roomService.UpdateParticipantAsync(command.RoomName, identity, ViewerPermission(stream, identity),
                    LiveKitParticipantMetadata.Of(stream, identity), cancellationToken);
            }
        });
    }

    /// <summary>
    /// The viewer's whole permission object, from the stream alone (never from whoever caused the change): a guest on stage
    /// publishes camera and microphone only; anyone else publishes no media. Data as <see cref="LiveStream.RightsOf"/>.
    /// </summary>
    private ParticipantPermission ViewerPermission(LiveStream stream, string identity)
    {
        var rights = stream.RightsOf(identity, isAdmin: false, time.GetUtcNow().UtcDateTime);
        return rights.OnStage
            ? new(CanSubscribe: true, CanPublish: true, CanPublishData: rights.MayPublishData, CanPublishSources: [TrackSources.Camera, TrackSources.Microphone])
            : new(CanSubscribe: true, CanPublish: false, CanPublishData: rights.MayPublishData);
    }

    /// <summary>Writes the room metadata of a live stream as it is now (<see cref="LiveKitRoomMetadata"/>).</summary>
    public async Task Consume(ConsumeContext<SyncLiveKitRoomMetadataCommand> context)
    {
        var command = context.Message;
        if (await store.GetAsync(command.StreamId, context.CancellationToken) is not { IsLive: true } stream)
        {
            return;
        }
        var metadata = LiveKitRoomMetadata.Of(stream);
        await CallAsync(context, "UpdateRoomMetadata", command.RoomName, cancellationToken =>
            roomService.UpdateRoomMetadataAsync(command.RoomName, metadata, cancellationToken));
    }

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
