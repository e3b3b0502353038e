using PawfectLive.Contracts;

namespace PawfectLive.Streams.Model;

/// <summary>
/// One live stream, live or ended: the aggregate Streams owns (the <c>streams</c> collection). Its methods are the
/// only way its state changes; each returns whether it changed anything, and every change raises <see cref="Version"/>.
/// Stores persist what the methods did, atomically, with the events queued in <see cref="PendingEvents"/>.
/// </summary>
public sealed partial class LiveStream
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

    /// <summary>The scheduled stream it was started from, if any.</summary>
    public string? ScheduledStreamId { get; set; }

    /// <summary>Distinct present viewers (never below 0): the count of the stream's <see cref="StreamPresence"/> last taken.</summary>
    public int Viewers { get; set; }
    public int PeakViewers { get; set; }
    public List<string> Tags { get; set; } = [];
    public List<string> BlockedUserIds { get; set; } = [];

    /// <summary>Users the owner appointed to moderate the stream (delete messages, block viewers), at most <see cref="MaxModerators"/>.</summary>
    public List<string> ModeratorIds { get; set; } = [];

    /// <summary>Users who may watch but not chat until their time, at most <see cref="MaxTimeouts"/>; expired ones are dropped on the next change.</summary>
    public List<UserTimeout> Timeouts { get; set; } = [];

    /// <summary>The chat rules, the owner's blocked words and the pinned message.</summary>
    public StreamChat Chat { get; set; } = new();
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>Raised by every change of the stream's state (never by publishing its events): 1 once started.</summary>
    public long Version { get; set; }

    /// <summary>The <see cref="StreamPresence.Version"/> that <see cref="Viewers"/> was taken from.</summary>
    public long PresenceVersion { get; set; }

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

    public const int MaxModerators = 50;
    public const int MaxTimeouts = 1000;

    /// <summary>
    /// Blocked users kept at most per stream: the blocklist lives in the stream's document (MongoDB caps one at 16 MB)
    /// and travels in every snapshot.
    /// </summary>
    public const int MaxBlocked = 10_000;

    public bool IsBlocked(string userId) => BlockedUserIds.Contains(userId);

    /// <summary>
    /// Empties what a public listing never shows and need not read: the blocklist, moderators, timeouts and chat settings
    /// (a store may instead not read those fields at all; the store contract tests hold both to the same result).
    /// </summary>
    public LiveStream LeaveOutPrivateState()
    {
        BlockedUserIds = [];
        ModeratorIds = [];
        Timeouts = [];
        Chat = new();
        return this;
    }

    public bool IsModerator(string userId) => ModeratorIds.Contains(userId);

    /// <summary>Appoints a moderator. False when they already are one, are blocked, or <see cref="MaxModerators"/> are appointed.</summary>
    public bool AppointModerator(string userId, DateTime at)
    {
        if (IsModerator(userId) || IsBlocked(userId) || ModeratorIds.Count >= MaxModerators)
        {
            return false;
        }
        ModeratorIds.Add(userId);
        return Changed(at);
    }

    public bool RemoveModerator(string userId, DateTime at) => ModeratorIds.Remove(userId) && Changed(at);

    public DateTime? TimedOutUntil(string userId, DateTime now) =>
        Timeouts.FirstOrDefault(timeout => timeout.UserId == userId && timeout.Until > now)?.Until;

    /// <summary>
    /// Times a user out until <paramref name="until"/>, replacing a timeout they had. False when nothing changed or when
    /// <see cref="MaxTimeouts"/> others are running. Expired timeouts stay until <see cref="ExpireTimeouts"/> takes them,
    /// so each expiry is seen (and the user's data permission restored) exactly once.
    /// </summary>
    public bool TimeOut(string userId, DateTime until, DateTime at)
    {
        var current = Timeouts.FirstOrDefault(timeout => timeout.UserId == userId);
        if (current?.Until == until || (current is null && Timeouts.Count(timeout => timeout.Until > at) >= MaxTimeouts))
        {
            return false;
        }
        if (current is not null)
        {
            Timeouts.Remove(current);
        }
        Timeouts.Add(new UserTimeout { UserId = userId, Until = until });
        return Changed(at);
    }

    /// <summary>Drops the timeouts of a live stream that have run out; the users whose timeouts ended (none: nothing changed).</summary>
    public IReadOnlyList<string> ExpireTimeouts(DateTime at)
    {
        if (!IsLive)
        {
            return [];
        }
        var expired = Timeouts.Where(timeout => timeout.Until <= at).Select(timeout => timeout.UserId).ToList();
        if (expired.Count > 0)
        {
            Timeouts.RemoveAll(timeout => timeout.Until <= at);
            Changed(at);
        }
        return expired;
    }

    /// <summary>Lifts a running timeout early. False when the user had none running.</summary>
    public bool LiftTimeout(string userId, DateTime at) =>
        Timeouts.RemoveAll(timeout => timeout.UserId == userId && timeout.Until > at) > 0 && Changed(at);

    /// <summary>
    /// Whether a viewer may send on LiveKit's data channel now: not while timed out, and not while the chat is off unless
    /// they moderate the stream (the chat's own rules, applied to the channel that bypasses Chat).
    /// </summary>
    public bool MayPublishData(string identity, DateTime now) =>
        TimedOutUntil(identity, now) is null && (Chat.ChatEnabled || IsModerator(identity) || identity == OwnerId);

    /// <summary>Changes the chat rules given (null leaves one as it is). False when nothing changed or the stream has ended.</summary>
    public bool ChangeChatRules(int? slowModeSeconds, bool? chatEnabled, int? establishedMinutes, DateTime at)
    {
        var (slow, enabled, established) = (slowModeSeconds ?? Chat.SlowModeSeconds, chatEnabled ?? Chat.ChatEnabled, establishedMinutes ?? Chat.EstablishedMinutes);
        if (!IsLive || (slow, enabled, established) == (Chat.SlowModeSeconds, Chat.ChatEnabled, Chat.EstablishedMinutes))
        {
            return false;
        }
        (Chat.SlowModeSeconds, Chat.ChatEnabled, Chat.EstablishedMinutes) = (slow, enabled, established);
        return Changed(at);
    }

    /// <summary>Replaces the owner's blocked words. False when they are the same or the stream has ended.</summary>
    public bool SetBlockedWords(IReadOnlyList<string> words, DateTime at)
    {
        if (!IsLive || Chat.BlockedWords.SequenceEqual(words, StringComparer.Ordinal))
        {
            return false;
        }
        Chat.BlockedWords = [.. words];
        return Changed(at);
    }

    /// <summary>Pins a message for every member (replacing the pinned one), or unpins with null. False when nothing changed.</summary>
    public bool Pin(PinnedMessage? pinned, DateTime at)
    {
        if (!IsLive || (pinned is null && Chat.Pinned is null))
        {
            return false;
        }
        Chat.Pinned = pinned;
        return Changed(at);
    }

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
        Viewers = 0;
        EndRecording(at);
        return Changed(at);
    }

    /// <summary>
    /// Blocks a user; a moderator who is blocked stops being one, and a guest leaves the stage first. False when blocked
    /// already or the blocklist is full (<see cref="MaxBlocked"/>).
    /// </summary>
    public bool Block(string userId, DateTime at)
    {
        if (IsBlocked(userId) || BlockedUserIds.Count >= MaxBlocked)
        {
            return false;
        }
        BlockedUserIds.Add(userId);
        ModeratorIds.Remove(userId);
        Stage.Remove(userId);
        return Changed(at);
    }

    public bool Unblock(string userId, DateTime at) => BlockedUserIds.Remove(userId) && Changed(at);

    /// <summary>A viewer is anyone in the room but the publisher (whose identity is the owner's).</summary>
    public bool IsViewer(string identity) => identity != OwnerId;

    /// <summary>
    /// Takes the viewer count of the room's presence, unless the stream has ended or a newer presence was taken already
    /// (two updates of the presence may reach the stream in either order).
    /// </summary>
    public bool ApplyPresence(StreamPresence presence, DateTime at)
    {
        if (!IsLive || presence.Version <= PresenceVersion)
        {
            return false;
        }
        PresenceVersion = presence.Version;
        Viewers = presence.Count;
        PeakViewers = Math.Max(PeakViewers, Math.Max(presence.Peak, Viewers));
        return Changed(at);
    }

    /// <summary>Queues an integration event in the outbox, to be stored with the change that caused it.</summary>
    public void Enqueue(IntegrationEvent integrationEvent) => PendingEvents.Add(OutboxMessage.For(integrationEvent));

    internal bool Changed(DateTime at)
    {
        UpdatedAt = at;
        Version++;
        return true;
    }
}
