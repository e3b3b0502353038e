using MassTransit;
using PawfectLive.Contracts;
using PawfectLive.Streams.Features.Ingress;
using PawfectLive.Streams.IntegrationEvents.Events;

namespace PawfectLive.Streams.Features.Recording;

/// <summary>
/// Recordings and ingresses from LiveKit's webhooks (the publisher's track, egress and ingress reports) and the start of
/// an egress. Each handler is level-triggered, so the default retries and redeliveries are safe, with one exception
/// LiveKit imposes: starting an egress is not idempotent there, so a redelivery after LiveKit accepted but before the
/// egress id was stored may start a second one; reconciliation then stops it (<see cref="RecordingService.ReconcileAsync"/>).
/// </summary>
public sealed class RecordingConsumer(RecordingService recordings, IngressService ingresses)
    : IConsumer<TrackPublishedIntegrationEvent>, IConsumer<EgressUpdatedIntegrationEvent>, IConsumer<IngressUpdatedIntegrationEvent>,
        IConsumer<StartLiveKitEgressCommand>
{
    public Task Consume(ConsumeContext<TrackPublishedIntegrationEvent> context) =>
        recordings.TrackPublishedAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<EgressUpdatedIntegrationEvent> context) =>
        recordings.EgressReportedAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<IngressUpdatedIntegrationEvent> context) =>
        ingresses.IngressReportedAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<StartLiveKitEgressCommand> context) =>
        recordings.StartEgressAsync(context.Message, context.CancellationToken);
}
