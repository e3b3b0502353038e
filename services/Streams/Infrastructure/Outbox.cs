using System.Text.Json;
using PawfectLive.Contracts;

namespace PawfectLive.Streams.Infrastructure;

/// <summary>Reads outbox entries back into integration events (<see cref="OutboxMessage.For"/> writes them).</summary>
public static class Outbox
{
    /// <summary>Every integration event Streams may write: the concrete records of the contracts and of Streams itself.</summary>
    private static readonly Dictionary<string, Type> KnownTypes = new[] { typeof(IntegrationEvent).Assembly, typeof(Outbox).Assembly }
        .SelectMany(assembly => assembly.GetTypes())
        .Where(type => type is { IsAbstract: false, IsClass: true } && type.IsAssignableTo(typeof(IntegrationEvent)))
        .ToDictionary(type => type.FullName!);

    public static (IntegrationEvent Message, Type Type) Read(OutboxMessage entry)
    {
        if (!KnownTypes.TryGetValue(entry.Type, out var type))
        {
            throw new InvalidOperationException($"Outbox entry {entry.Id} has unknown type {entry.Type}.");
        }
        return ((IntegrationEvent)JsonSerializer.Deserialize(entry.Payload, type)!, type);
    }
}

/// <summary>Wakes the outbox dispatcher as soon as something was written, instead of waiting for its next poll.</summary>
public sealed class OutboxSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled; one wake-up covers every write before it.
        }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _signal.Dispose();
}

/// <summary>
/// Publishes outbox entries to RabbitMQ (MassTransit publishes with confirms) and removes each once confirmed.
/// When RabbitMQ is down, entries wait in the store and go out when it is back: nothing accepted is lost, and
/// consumers de-duplicate the rare repeat (an entry published but not yet removed when Streams stopped).
/// Scheduled streams have an outbox of their own, dispatched the same way.
/// With several instances, a stream's outbox is dispatched by one instance at a time: each takes the stream's lease
/// (<c>outbox:{streamId}</c>) first, re-reads what is still pending, and gives the lease back when done.
/// </summary>
public sealed partial class OutboxDispatcher(
    IOutboxStore outbox,
    IStreamStore streams,
    IScheduleStore schedules,
    WorkLeases leases,
    MassTransit.IBus bus,
    OutboxSignal signal,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    public const string ActivitySourceName = "PawfectLive.Streams.Outbox";
    private static readonly System.Diagnostics.ActivitySource Tracing = new(ActivitySourceName);
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(10);

    // Longer than a stream's dispatch normally takes (milliseconds), short enough that the events of an instance that
    // died mid-dispatch go out within it. Should a dispatch outlast it, another instance may repeat an event: harmless.
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(20);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var published = await DispatchPendingAsync(stoppingToken);
                failures = 0;
                if (published == 0)
                {
                    await signal.WaitAsync(PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failures++;
                LogPublishFailed(logger, failures, ex);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 200 * Math.Pow(2, Math.Min(failures, 5)))), stoppingToken);
            }
        }
    }

    private async Task<int> DispatchPendingAsync(CancellationToken stoppingToken)
    {
        var published = 0;
        foreach (var listed in await outbox.ListWithPendingEventsAsync(100, stoppingToken))
        {
            published += await UnderLeaseAsync(listed.Id, async () =>
                // What is pending now: the listing may predate another instance's dispatch of the same entries.
                await streams.GetAsync(listed.Id, stoppingToken) is { } stream
                    ? await DispatchAsync(stream.PendingEvents, eventId => outbox.AcknowledgeEventAsync(stream.Id, eventId, stoppingToken), stoppingToken)
                    : 0, stoppingToken);
        }
        foreach (var listed in await schedules.ListSchedulesWithPendingEventsAsync(100, stoppingToken))
        {
            published += await UnderLeaseAsync(listed.Id, async () =>
                await schedules.GetScheduleAsync(listed.Id, stoppingToken) is { } schedule
                    ? await DispatchAsync(schedule.PendingEvents, eventId => schedules.AcknowledgeScheduleEventAsync(schedule.Id, eventId, stoppingToken), stoppingToken)
                    : 0, stoppingToken);
        }
        return published;
    }

    private async Task<int> UnderLeaseAsync(string id, Func<Task<int>> dispatch, CancellationToken stoppingToken)
    {
        var lease = $"outbox:{id}";
        if (!await leases.TryTakeAsync(lease, LeaseDuration, stoppingToken))
        {
            return 0; // another instance is dispatching this outbox
        }
        try
        {
            return await dispatch();
        }
        finally
        {
            await leases.ReleaseAsync(lease, CancellationToken.None);
        }
    }

    /// <summary>In order, per stream or schedule: a later event never overtakes an earlier one of the same document.</summary>
    private async Task<int> DispatchAsync(List<OutboxMessage> pending, Func<string, Task> acknowledge, CancellationToken stoppingToken)
    {
        var published = 0;
        foreach (var entry in pending.ToList())
        {
            var (message, type) = Outbox.Read(entry);
            System.Diagnostics.ActivityContext.TryParse(entry.TraceParent, null, out var parent);
            using var activity = Tracing.StartActivity("outbox publish", System.Diagnostics.ActivityKind.Internal, parent);
            activity?.SetTag("messaging.message.type", type.Name);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(PublishTimeout);
            await bus.Publish(message, type, timeout.Token);
            await acknowledge(entry.Id);
            published++;
        }
        return published;
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Publishing outbox events failed ({Failures} in a row); retrying")]
    private static partial void LogPublishFailed(ILogger logger, int failures, Exception exception);
}
