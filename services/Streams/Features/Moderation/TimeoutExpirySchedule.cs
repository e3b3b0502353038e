namespace PawfectLive.Streams.Features.Moderation;

/// <summary>
/// When streams' timeouts run out, earliest first, so <see cref="TimeoutExpiryWorker"/> expires each on
/// time. Fed by every new timeout and, level-triggered, by the worker's start and each reconciliation pass, so timeouts
/// set before a restart or by another instance are expired too. Bounded by the number of streams: each keeps only its
/// earliest end (the worker schedules the next one after expiring), and replaced entries are dropped.
/// </summary>
public sealed class TimeoutExpirySchedule
{
    private readonly Lock _lock = new();
    private PriorityQueue<(string StreamId, DateTime Until), DateTime> _due = new();
    private readonly Dictionary<string, DateTime> _earliest = new(StringComparer.Ordinal);
    private TaskCompletionSource _added = NewSignal();

    public void Add(string streamId, DateTime until)
    {
        TaskCompletionSource added;
        lock (_lock)
        {
            if (_earliest.TryGetValue(streamId, out var earliest) && earliest <= until)
            {
                return;
            }
            _earliest[streamId] = until;
            _due.Enqueue((streamId, until), until);
            if (_due.Count > 2 * _earliest.Count + 64)
            {
                // Entries an earlier end replaced: rebuild from what is still wanted.
                _due = new PriorityQueue<(string StreamId, DateTime Until), DateTime>(_earliest.Select(entry => ((entry.Key, entry.Value), entry.Value)));
            }
            (added, _added) = (_added, NewSignal());
        }
        added.TrySetResult();
    }

    /// <summary>Entries held (at most about twice the streams with a running timeout).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _due.Count;
            }
        }
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
                if (_earliest.TryGetValue(entry.StreamId, out var earliest) && earliest == entry.Until)
                {
                    _earliest.Remove(entry.StreamId);
                    streamIds.Add(entry.StreamId);
                }
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
                return _earliest.Count > 0 ? _earliest.Values.Min() : null;
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
