using System.Text.Json;
using PawfectLive.Contracts;

namespace PawfectLive.Streams.Model;

/// <summary>
/// One live stream, live or ended: the aggregate Streams owns (the <c>streams</c> collection). Its methods are the
/// only way its state changes; each returns whether it changed anything, and every change raises <see cref="Version"/>.
/// Stores persist what the methods did, atomically, with the events queued in <see cref="PendingEvents"/>.
/// </summary>
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

    /// <summary>Raised by every change of the stream's state (never by publishing its events): 1 once started.</summary>
    public long Version { get; set; }

    /// <summary>LiveKit participant sids of viewers in the room now (the publisher is never counted).</summary>
    public List<string> PresentViewerSids { get; set; } = [];

    /// <summary>Sids that left (or were reported left before joining): a late join of one of them is ignored.</summary>
    public List<string> DepartedSids { get; set; } = [];

    /// <summary>
    /// The transactional outbox: integration events written in the same atomic document update as the change they
    /// describe, removed once RabbitMQ has confirmed them.
    /// </summary>
    public List<OutboxMessage> PendingEvents { get; set; } = [];

    /// <summary>A new live stream; its room is <c>live_{ownerId}_{unixMillis}</c>.</summary>
    public static LiveStream Start(string id, string ownerId, string? title, IReadOnlyList<string> tags, string? coverUrl, DateTimeOffset now) => new()
    {
        Id = id,
        OwnerId = ownerId,
        RoomName = $"live_{ownerId}_{now.ToUnixTimeMilliseconds()}",
        Title = title,
        CoverUrl = coverUrl,
        Tags = [.. tags],
        IsLive = true,
        StartedAt = now.UtcDateTime,
        CreatedAt = now.UtcDateTime,
        UpdatedAt = now.UtcDateTime,
        Version = 1,
    };

    public bool IsBlocked(string userId) => BlockedUserIds.Contains(userId);

    /// <summary>Only standard, visible participants are viewers: not egress, ingress, SIP or agent ones, nor hidden ones.</summary>
    public static bool CountsAsViewer(string? participantKind, bool hidden) => participantKind is null && !hidden;

    /// <summary>
    /// Whether a participant who just joined the room must be put out of it again: the stream has ended, or they are
    /// blocked (with a token they kept from before the block).
    /// </summary>
    public bool MustRemoveParticipant(string identity) => !IsLive || IsBlocked(identity);

    /// <summary>Ends a live stream: nobody is watching any more. False when it had already ended.</summary>
    public bool End(string reason, DateTime at)
    {
        if (!IsLive)
        {
            return false;
        }
        IsLive = false;
        EndedAt = at;
        EndedReason = reason;
        PresentViewerSids.Clear();
        Viewers = 0;
        return Changed(at);
    }

    public bool Block(string userId, DateTime at)
    {
        if (IsBlocked(userId))
        {
            return false;
        }
        BlockedUserIds.Add(userId);
        return Changed(at);
    }

    public bool Unblock(string userId, DateTime at) => BlockedUserIds.Remove(userId) && Changed(at);

    /// <summary>
    /// Counts participant <paramref name="sid"/> as a viewer, unless the stream has ended, the participant is the
    /// publisher (identity = owner), or the sid is already present or has left before (a join arriving after its leave).
    /// </summary>
    public bool AddViewer(string sid, string identity, DateTime at)
    {
        if (!IsLive || identity == OwnerId || PresentViewerSids.Contains(sid) || DepartedSids.Contains(sid))
        {
            return false;
        }
        PresentViewerSids.Add(sid);
        Viewers = PresentViewerSids.Count;
        PeakViewers = Math.Max(PeakViewers, Viewers);
        return Changed(at);
    }

    /// <summary>Marks <paramref name="sid"/> gone, remembered even without a join so that a late join is ignored.</summary>
    public bool RemoveViewer(string sid, DateTime at)
    {
        if (DepartedSids.Contains(sid))
        {
            return false;
        }
        PresentViewerSids.Remove(sid);
        DepartedSids.Add(sid);
        Viewers = PresentViewerSids.Count;
        return Changed(at);
    }

    /// <summary>
    /// Makes presence agree with who LiveKit says is in the room now (level-triggered repair of missed webhooks): sids
    /// no longer there have left, viewers there that we never heard join are present — except the owner, blocked users
    /// (they are removed instead) and sids that left before. False when it already agreed or the stream has ended.
    /// </summary>
    public bool ReconcilePresence(IReadOnlyCollection<RoomParticipant> viewersInRoom, DateTime at)
    {
        if (!IsLive)
        {
            return false;
        }
        var inRoom = viewersInRoom.Select(participant => participant.Sid).ToHashSet();
        var gone = PresentViewerSids.Where(sid => !inRoom.Contains(sid)).ToList();
        var arrived = viewersInRoom
            .Where(participant => participant.Identity != OwnerId && !IsBlocked(participant.Identity))
            .Select(participant => participant.Sid)
            .Where(sid => !PresentViewerSids.Contains(sid) && !DepartedSids.Contains(sid))
            .Distinct()
            .ToList();
        if (gone.Count == 0 && arrived.Count == 0)
        {
            return false;
        }
        foreach (var sid in gone)
        {
            PresentViewerSids.Remove(sid);
            DepartedSids.Add(sid);
        }
        PresentViewerSids.AddRange(arrived);
        Viewers = PresentViewerSids.Count;
        PeakViewers = Math.Max(PeakViewers, Viewers);
        return Changed(at);
    }

    /// <summary>Queues an integration event in the outbox, to be stored with the change that caused it.</summary>
    public void Enqueue(IntegrationEvent integrationEvent) => PendingEvents.Add(OutboxMessage.For(integrationEvent));

    private bool Changed(DateTime at)
    {
        UpdatedAt = at;
        Version++;
        return true;
    }
}

/// <summary>A standard, visible participant LiveKit reports in a room (recorders, bridges, agents and hidden ones excluded).</summary>
public sealed record RoomParticipant(string Sid, string Identity);

/// <summary>An integration event waiting to be published: its CLR type name and JSON payload.</summary>
public sealed class OutboxMessage
{
    public string Id { get; set; } = "";
    public string Type { get; set; } = "";
    public string Payload { get; set; } = "";
    public DateTime CreatedAt { get; set; }

    /// <summary>W3C traceparent of the request that wrote the event, so its publication joins the same trace.</summary>
    public string? TraceParent { get; set; }

    public static OutboxMessage For(IntegrationEvent integrationEvent) => new()
    {
        Id = integrationEvent.EventId.ToString("N"),
        Type = integrationEvent.GetType().FullName!,
        Payload = JsonSerializer.Serialize(integrationEvent, integrationEvent.GetType()),
        CreatedAt = integrationEvent.OccurredAt.UtcDateTime,
        TraceParent = System.Diagnostics.Activity.Current?.Id,
    };
}

/// <summary>An abuse report for admin review.</summary>
public sealed class AbuseReport
{
    public string Id { get; set; } = "";
    public string StreamId { get; set; } = "";
    public string ReporterId { get; set; } = "";
    public string Reason { get; set; } = "";
    public DateTime CreatedAt { get; set; }

    /// <summary>Until an admin resolves it; a reporter has at most one open report per stream.</summary>
    public bool IsOpen { get; set; } = true;
}
