namespace PawfectLive.Streams.Features.Moderation;

/// <summary>
/// When streams' timeouts run out, earliest first, so <see cref="TimeoutExpiryWorker"/> expires each on
/// time. Fed by every new timeout and, level-triggered, by the worker's start and each reconciliation pass, so timeouts
/// set before a restart or by another instance are expired too. Each (stream, end) is queued once.
/// </summary>
public sealed class TimeoutExpirySchedule
{
    private readonly Lock _lock = new();
    private readonly PriorityQueue<(string StreamId, DateTime Until), DateTime> _due = new();
    private readonly HashSet<(string StreamId, DateTime Until)> _queued = [];
    private TaskCompletionSource _added = NewSignal();

    public void Add(string streamId, DateTime until)
    {
        TaskCompletionSource added;
        lock (_lock)
        {
            if (!_queued.Add((streamId, until)))
            {
                return;
            }
            _due.Enqueue((streamId, until), until);
            (added, _added) = (_added, NewSignal());
        }
        added.TrySetResult();
    }

    public void AddAll(LiveStream stream)
    {
        foreach (var timeout in stream.Timeouts)
        {
            Add(stream.Id, timeout.Until);
        }
    }

    /// <summary>The streams with a timeout that has run out by <paramref name="now"/>, each once; they leave the schedule.</summary>
    public IReadOnlyList<string> TakeDue(DateTime now)
    {
        var streamIds = new HashSet<string>(StringComparer.Ordinal);
        lock (_lock)
        {
            while (_due.TryPeek(out var entry, out var until) && until <= now)
            {
                _due.Dequeue();
                _queued.Remove(entry);
                streamIds.Add(entry.StreamId);
            }
        }
        return [.. streamIds];
    }

    /// <summary>The earliest end still queued.</summary>
    public DateTime? NextDue
    {
        get
        {
            lock (_lock)
            {
                return _due.TryPeek(out _, out var until) ? until : null;
            }
        }
    }

    /// <summary>Completes when the next timeout is added (it may end sooner than the one waited for).</summary>
    public Task Added
    {
        get
        {
            lock (_lock)
            {
                return _added.Task;
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
