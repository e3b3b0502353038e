using PawfectLive.Contracts;
using PawfectLive.Streams.IntegrationEvents.Events;

namespace PawfectLive.Streams.Kernel;

/// <summary>
/// An owner, moderator or admin action, recorded in the audit log by the same write as the change it made (see
/// <see cref="RecordAuditEntryCommand"/>). <see cref="Action"/> is one of <see cref="AuditActions"/>.
/// </summary>
public sealed record AuditedAction(Caller Caller, string Action, string? TargetUserId = null, string? Reason = null, string? Details = null);

/// <summary>The one way a feature changes a stream: the change, the events it causes and its audit entry in one write.</summary>
public sealed class StreamChanges(IStreamStore store, IStreamChangeSignals signals, TimeProvider time)
{
    /// <summary>
    /// Applies <paramref name="change"/> and, in the same write and only if it changed the stream, queues the events it
    /// causes in the outbox (then wakes the publisher and asks for LiveKit to be reconciled with the stream). This is where
    /// each change's events are decided.
    /// </summary>
    public async Task<StreamUpdate?> ChangeAsync(
        string streamId, Func<LiveStream, bool> change, Func<LiveStream, IReadOnlyList<IntegrationEvent>> events, CancellationToken cancellationToken,
        Func<LiveStream, AuditedAction>? audit = null)
    {
        var update = await store.UpdateAsync(streamId, stream =>
        {
            if (!change(stream))
            {
                return false;
            }
            foreach (var integrationEvent in events(stream))
            {
                stream.Enqueue(integrationEvent);
            }
            if (audit?.Invoke(stream) is { } action)
            {
                stream.Enqueue(new RecordAuditEntryCommand(Guid.NewGuid(), StreamIds.NewId(), stream.Id, action.Caller.UserId,
                    StreamAccess.RoleOf(action.Caller, stream), action.Action, action.TargetUserId, action.Reason, action.Details, time.GetUtcNow()));
            }
            return true;
        }, cancellationToken);
        if (update is { Changed: true })
        {
            signals.EventsWritten();
            signals.StreamChanged(streamId);
        }
        return update;
    }
}
