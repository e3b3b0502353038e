namespace PawfectLive.Streams.Model;

/// <summary>
/// Who is in a live stream's room, by LiveKit participant sid: one document per live stream (the <c>presence</c>
/// collection), apart from the stream document so that every read of a stream does not load it, and dropped when the
/// stream ends. The stream's <see cref="LiveStream.Viewers"/> is a copy of <see cref="Count"/>, taken with
/// <see cref="LiveStream.ApplyPresence"/>. Bounded: present sids are the people in the room now (reconciliation drops
/// those LiveKit forgot to report), and departures are remembered only as long as a late join can still arrive.
/// </summary>
public sealed class StreamPresence
{
    /// <summary>
    /// How long a departure is remembered so that a join delivered after its leave is ignored. LiveKit retries a webhook
    /// for about 15 s and drops what waited 30 s, so ten minutes is ample.
    /// </summary>
    public static readonly TimeSpan DepartureMemory = TimeSpan.FromMinutes(10);

    /// <summary>At most this many departures are remembered (the oldest are forgotten first).</summary>
    public const int MaxDepartures = 10_000;

    /// <summary>The stream's id.</summary>
    public string Id { get; set; } = "";

    /// <summary>Raised by every change; the stream takes a presence only when it is newer than the last it took.</summary>
    public long Version { get; set; }

    /// <summary>Sids of viewers in the room now (the publisher is never one).</summary>
    public List<string> PresentSids { get; set; } = [];

    /// <summary>Sids that left (or were reported left before joining), oldest first.</summary>
    public List<Departure> Departures { get; set; } = [];

    /// <summary>The highest count so far.</summary>
    public int Peak { get; set; }

    public int Count => PresentSids.Count;

    public static StreamPresence For(string streamId) => new() { Id = streamId };

    /// <summary>Counts <paramref name="sid"/> as present, unless it already is or has left before (a join arriving after its leave).</summary>
    public bool Join(string sid)
    {
        if (PresentSids.Contains(sid) || HasLeft(sid))
        {
            return false;
        }
        PresentSids.Add(sid);
        return Changed();
    }

    /// <summary>Marks <paramref name="sid"/> gone, remembered even without a join so that a late join is ignored.</summary>
    public bool Leave(string sid, DateTime at)
    {
        if (HasLeft(sid))
        {
            return false;
        }
        PresentSids.Remove(sid);
        Departures.Add(new Departure { Sid = sid, At = at });
        Forget(at);
        return Changed();
    }

    /// <summary>
    /// Makes presence agree with the viewers LiveKit says are in the room now (level-triggered repair of missed
    /// webhooks): present sids no longer there have left; sids there that never joined are present, unless they left
    /// before. False when it already agreed.
    /// </summary>
    public bool Reconcile(IReadOnlyCollection<string> viewerSidsInRoom, DateTime at)
    {
        var inRoom = viewerSidsInRoom.ToHashSet(StringComparer.Ordinal);
        var gone = PresentSids.Where(sid => !inRoom.Contains(sid)).ToList();
        var arrived = inRoom.Where(sid => !PresentSids.Contains(sid) && !HasLeft(sid)).ToList();
        if (gone.Count == 0 && arrived.Count == 0)
        {
            return false;
        }
        foreach (var sid in gone)
        {
            PresentSids.Remove(sid);
            Departures.Add(new Departure { Sid = sid, At = at });
        }
        PresentSids.AddRange(arrived);
        Forget(at);
        return Changed();
    }

    private bool HasLeft(string sid) => Departures.Exists(departure => departure.Sid == sid);

    private void Forget(DateTime now)
    {
        Departures.RemoveAll(departure => departure.At < now - DepartureMemory);
        if (Departures.Count > MaxDepartures)
        {
            Departures.RemoveRange(0, Departures.Count - MaxDepartures);
        }
    }

    private bool Changed()
    {
        Peak = Math.Max(Peak, Count);
        Version++;
        return true;
    }
}

public sealed class Departure
{
    public string Sid { get; set; } = "";
    public DateTime At { get; set; }
}

/// <summary>
/// One LiveKit participant (sid) of a viewer in a stream's room, for creator analytics: when it joined and left as the
/// webhooks (or reconciliation) said. Kept apart from the stream and its presence (the <c>viewerSessions</c>
/// collection, one document per stream and sid), so it survives the stream's end; recording is order-independent and
/// idempotent — the earliest join and the latest leave win — so duplicated and reordered webhooks give the same record.
/// </summary>
public sealed class ViewerSession
{
    /// <summary><c>{streamId}:{sid}</c>.</summary>
    public string Id { get; set; } = "";
    public string StreamId { get; set; } = "";
    public string Sid { get; set; } = "";
    public string Identity { get; set; } = "";
    public DateTime? JoinedAt { get; set; }
    public DateTime? LeftAt { get; set; }

    public static string IdOf(string streamId, string sid) => $"{streamId}:{sid}";
}

/// <summary>What one webhook (or reconciliation) says about a viewer's sid: that it joined, or left, at a time.</summary>
public sealed record ViewerSessionEdge(string StreamId, string Sid, string Identity, DateTime? JoinedAt, DateTime? LeftAt);

/// <summary>
/// What one Chat instance carried in a stream's room in one minute (the <c>chatActivity</c> collection, one document
/// per stream, minute and instance): absolute counts, so the largest seen wins and redeliveries change nothing.
/// </summary>
public sealed class ChatMinute
{
    /// <summary><c>{streamId}:{unixMinute}:{instance}</c>.</summary>
    public string Id { get; set; } = "";
    public string StreamId { get; set; } = "";
    public DateTime Minute { get; set; }
    public string Instance { get; set; } = "";
    public int Messages { get; set; }
    public Dictionary<string, int> Reactions { get; set; } = [];

    public static string IdOf(string streamId, DateTime minute, string instance) =>
        $"{streamId}:{new DateTimeOffset(DateTime.SpecifyKind(minute, DateTimeKind.Utc)).ToUnixTimeSeconds() / 60}:{instance}";
}
