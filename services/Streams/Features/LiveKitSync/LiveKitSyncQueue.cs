using System.Threading.Channels;
using PawfectLive.Contracts;

namespace PawfectLive.Streams.Features.LiveKitSync;

/// <summary>A participant that just joined, with what it joined with (from the webhook).</summary>
public sealed record JoinedParticipant(string Identity, JoinedPermission Permission, string? Metadata);

/// <summary>What one pass over a stream must look at: the whole room, or only participants that just joined.</summary>
public sealed record LiveKitSyncWork(string StreamId, bool WholeRoom, IReadOnlyList<JoinedParticipant> Joined);

/// <summary>
/// The streams whose LiveKit room must be compared with the stream, coalesced per stream: requests made while a stream
/// waits merge into its one pending pass, and requests made while its pass runs make exactly one more pass after it. A
/// stream is never reconciled by two passes of this instance at once, so a pass can never overwrite a newer one.
/// In memory on purpose: what a crash loses, the periodic reconciliation pass requests again.
/// </summary>
public sealed class LiveKitSyncQueue
{
    /// <summary>More joins than this waiting for one stream are checked by one pass over the whole room instead.</summary>
    public const int MaxJoinedPerPass = 500;

    private readonly Channel<string> _ready = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly Dictionary<string, Pending> _streams = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Compare the whole room with the stream (after any change of the stream, and periodically).</summary>
    public void RequestRoom(string streamId) => Request(streamId, pending => pending.WholeRoom = true);

    /// <summary>Check one participant that just joined against the stream (a rejoin with a stale token is corrected at once).</summary>
    public void RequestJoined(string streamId, JoinedParticipant joined) => Request(streamId, pending =>
    {
        if (pending.Joined.Count >= MaxJoinedPerPass)
        {
            pending.WholeRoom = true;
            pending.Joined.Clear();
        }
        else if (!pending.WholeRoom)
        {
            pending.Joined[joined.Identity] = joined;
        }
    });

    /// <summary>Streams with a pass waiting or running.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _streams.Count;
            }
        }
    }

    internal ChannelReader<string> Ready => _ready.Reader;

    /// <summary>Takes the stream's pending work and marks its pass running; null when there is nothing to do.</summary>
    internal LiveKitSyncWork? Take(string streamId)
    {
        lock (_lock)
        {
            if (!_streams.TryGetValue(streamId, out var pending) || pending.Running)
            {
                return null;
            }
            pending.Queued = false;
            pending.Running = true;
            var work = new LiveKitSyncWork(streamId, pending.WholeRoom, [.. pending.Joined.Values]);
            pending.WholeRoom = false;
            pending.Joined.Clear();
            return work;
        }
    }

    /// <summary>The stream's pass ended: if more was requested meanwhile, one more pass is queued.</summary>
    internal void Done(string streamId)
    {
        lock (_lock)
        {
            if (!_streams.TryGetValue(streamId, out var pending))
            {
                return;
            }
            pending.Running = false;
            if (!pending.WholeRoom && pending.Joined.Count == 0)
            {
                _streams.Remove(streamId);
                return;
            }
            pending.Queued = true;
        }
        _ready.Writer.TryWrite(streamId);
    }

    private void Request(string streamId, Action<Pending> merge)
    {
        lock (_lock)
        {
            if (!_streams.TryGetValue(streamId, out var pending))
            {
                _streams[streamId] = pending = new Pending();
            }
            merge(pending);
            if (pending.Queued || pending.Running)
            {
                return;
            }
            pending.Queued = true;
        }
        _ready.Writer.TryWrite(streamId);
    }

    private sealed class Pending
    {
        public bool WholeRoom { get; set; }
        public Dictionary<string, JoinedParticipant> Joined { get; } = new(StringComparer.Ordinal);
        public bool Queued { get; set; }
        public bool Running { get; set; }
    }
}
