using MassTransit;
using PawfectLive.Contracts;

namespace PawfectLive.EventBus;

/// <summary>Publishes (and sends) every integration event with MassTransit's <c>MessageId</c> = its <c>EventId</c>.</summary>
public sealed class EventIdAsMessageIdFilter<T> : IFilter<PublishContext<T>>, IFilter<SendContext<T>> where T : class
{
    public Task Send(PublishContext<T> context, IPipe<PublishContext<T>> next)
    {
        Stamp(context);
        return next.Send(context);
    }

    public Task Send(SendContext<T> context, IPipe<SendContext<T>> next)
    {
        Stamp(context);
        return next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("eventIdAsMessageId");

    private static void Stamp(SendContext<T> context)
    {
        if (context.Message is IntegrationEvent integrationEvent)
        {
            context.MessageId = integrationEvent.EventId;
        }
    }
}
