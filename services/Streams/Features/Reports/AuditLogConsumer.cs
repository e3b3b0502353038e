using MassTransit;
using PawfectLive.Streams.IntegrationEvents.Events;

namespace PawfectLive.Streams.Features.Reports;

/// <summary>Adds an owner, moderator or admin action to the audit log (once, whatever the redeliveries).</summary>
public sealed class AuditLogConsumer(IAuditLogStore audit) : IConsumer<RecordAuditEntryCommand>
{
    public Task Consume(ConsumeContext<RecordAuditEntryCommand> context)
    {
        var command = context.Message;
        return audit.AddAuditEntryAsync(new AuditEntry
        {
            Id = command.AuditEntryId,
            StreamId = command.StreamId,
            ActorId = command.ActorId,
            ActorRole = command.ActorRole,
            Action = command.Action,
            TargetUserId = command.TargetUserId,
            Reason = command.Reason,
            Details = command.Details,
            At = command.OccurredAt.UtcDateTime,
        }, context.CancellationToken);
    }
}
