namespace PawfectLive.Streams.Model;

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
