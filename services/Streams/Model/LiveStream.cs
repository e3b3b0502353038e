namespace PawfectLive.Streams.Model;

/// <summary>One live stream, live or ended. Owned by Streams (the <c>streams</c> collection).</summary>
public sealed class LiveStream
{
    public string Id { get; set; } = "";
    public string OwnerId { get; set; } = "";
    public string RoomName { get; set; } = "";
    public string? Title { get; set; }
    public string? CoverUrl { get; set; }
    public bool IsLive { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? EndedAt { get; set; }
    public string? EndedReason { get; set; }

    /// <summary>Distinct present viewers: always the size of <see cref="PresentViewerSids"/>, never below 0.</summary>
    public int Viewers { get; set; }
    public int PeakViewers { get; set; }
    public List<string> Tags { get; set; } = [];
    public List<string> BlockedUserIds { get; set; } = [];
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>LiveKit participant sids of viewers in the room now (the publisher is never counted).</summary>
    public List<string> PresentViewerSids { get; set; } = [];

    /// <summary>Sids that left (or were reported left before joining): a late join of one of them is ignored.</summary>
    public List<string> DepartedSids { get; set; } = [];

    /// <summary>
    /// The transactional outbox: integration events written in the same atomic document update as the change they
    /// describe, removed once RabbitMQ has confirmed them.
    /// </summary>
    public List<OutboxMessage> PendingEvents { get; set; } = [];
}

/// <summary>An integration event waiting to be published: its CLR type name and JSON payload.</summary>
public sealed class OutboxMessage
{
    public string Id { get; set; } = "";
    public string Type { get; set; } = "";
    public string Payload { get; set; } = "";
    public DateTime CreatedAt { get; set; }

    /// <summary>W3C traceparent of the request that wrote the event, so its publication joins the same trace.</summary>
    public string? TraceParent { get; set; }
}

/// <summary>An abuse report for admin review.</summary>
public sealed class AbuseReport
{
    public string Id { get; set; } = "";
    public string StreamId { get; set; } = "";
    public string ReporterId { get; set; } = "";
    public string Reason { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}
