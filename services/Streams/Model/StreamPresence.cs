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
    /// webhooks): sids that were present before LiveKit was asked (<paramref name="presentBeforeListing"/>) and are no
    /// longer there have left — a sid whose join was applied while LiveKit answered is not taken for gone; sids there
    /// that never joined are present, unless they left before. False when it already agreed.
    /// </summary>
    public bool Reconcile(IReadOnlyCollection<string> viewerSidsInRoom, IReadOnlySet<string> presentBeforeListing, DateTime at)
    {
        var inRoom = viewerSidsInRoom.ToHashSet(StringComparer.Ordinal);
        var gone = PresentSids.Where(sid => !inRoom.Contains(sid) && presentBeforeListing.Contains(sid)).ToList();
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
