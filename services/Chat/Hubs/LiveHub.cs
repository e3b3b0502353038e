using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using PawfectLive.Chat.Infrastructure;
using PawfectLive.ServiceDefaults.Authentication;

namespace PawfectLive.Chat.Hubs;

/// <summary>
/// The chat hub (<c>/hubs/live</c>): join a stream's room, send messages and reactions, delete messages. Every call
/// checks the room (live, caller not blocked), the caller's timeout, the room's chat settings (chat off, established
/// users, slow mode; the owner, moderators and admins are exempt), the word filter and the caller's rate limit;
/// refusals come back as <see cref="ChatError"/>.
/// </summary>
[Authorize]
public sealed class LiveHub(
    ChatRoomStore rooms,
    MessageRateLimiter rateLimiter,
    ConnectionLimiter connectionLimiter,
    WordFilter wordFilter,
    ChatActivity activity,
    RoomFanOut fanOut,
    LiveConnections connections,
    IOptions<ChatOptions> options,
    ChatMetrics metrics,
    TimeProvider time,
    ILogger<LiveHub> logger) : Hub<ILiveClient>
{
    private const string JoinedRoomsKey = "rooms";
    private const string CountedKey = "counted";

    private string UserId => Context.User!.GetUserId()!;

    public override async Task OnConnectedAsync()
    {
        if (!connectionLimiter.TryAcquire(UserId))
        {
            metrics.MessageRejected("too-many-connections");
            var refusal = new ChatError("too-many-connections",
                $"At most {options.Value.MaxConnectionsPerUser} chat connections per user; close another one first.");
            await Clients.Caller.Refused(refusal);
            // Thrown rather than Context.Abort(): SignalR then sends a close message (no reconnect) that every transport
            // delivers, where an abort could leave a long-polling client waiting on its poll.
            throw new HubException($"{refusal.Reason}: {refusal.Message}");
        }
        Context.Items[CountedKey] = true;
        metrics.ClientConnected();
        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (!Context.Items.ContainsKey(CountedKey))
        {
            return;
        }
        connectionLimiter.Release(UserId);
        metrics.ClientDisconnected();
        foreach (var roomName in JoinedRooms)
        {
            await fanOut.LeaveAsync(roomName, Context.ConnectionId);
        }
        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>The rooms this connection joined (kept with the connection, on its own instance).</summary>
    private HashSet<string> JoinedRooms =>
        (HashSet<string>)(Context.Items.TryGetValue(JoinedRoomsKey, out var joined) ? joined! : Context.Items[JoinedRoomsKey] = new HashSet<string>());

    public async Task<JoinRoomResult> JoinRoom(string roomName)
    {
        var (_, refusal) = await CheckRoomAsync(roomName);
        if (refusal is not null)
        {
            metrics.MessageRejected(refusal.Reason);
            await Clients.Caller.Refused(refusal);
            return new JoinRoomResult(false, roomName ?? "", [], 0, refusal);
        }

        await fanOut.JoinAsync(roomName, connections.Find(Context.ConnectionId)!, UserId);
        // A block that landed between the check and the membership missed this connection: check again now that a
        // block would find it, and undo the join if one did.
        if (await rooms.IsBlockedAsync(roomName, UserId))
        {
            await fanOut.LeaveAsync(roomName, Context.ConnectionId);
            var blocked = new ChatError("blocked", "You are blocked from this stream.", roomName);
            await RefuseAsync(blocked);
            return new JoinRoomResult(false, roomName, [], 0, blocked);
        }
        JoinedRooms.Add(roomName);
        await rooms.RecordFirstJoinAsync(roomName, UserId, time.GetUtcNow());
        var room = await rooms.GetAsync(roomName);
        var settings = room?.Settings ?? Contracts.ChatRoomSettings.Default;
        return new JoinRoomResult(true, roomName, await rooms.HistoryAsync(roomName), room?.Viewers ?? 0,
            Settings: ChatSettingsNotice.Of(roomName, settings, room?.SettingsVersion ?? 0), Pinned: settings.Pinned, Stage: room?.Stage ?? Contracts.StageState.Empty,
            StageVersion: room?.StageVersion ?? 0);
    }

    public async Task LeaveRoom(string roomName)
    {
        if (JoinedRooms.Remove(roomName))
        {
            await fanOut.LeaveAsync(roomName, Context.ConnectionId);
        }
    }

    /// <summary>The stream's owner, one of its moderators or an admin removes a message from the room and its history.</summary>
    public async Task<bool> DeleteMessage(string roomName, string messageId)
    {
        var room = string.IsNullOrWhiteSpace(roomName) ? null : await rooms.GetAsync(roomName);
        if (room is null)
        {
            return await RefuseAsync(new ChatError("invalid-room", "No such room.", roomName));
        }
        if (room.OwnerId != UserId && !Context.User!.IsAdmin() && !await rooms.IsModeratorAsync(roomName, UserId))
        {
            return await RefuseAsync(new ChatError("forbidden", "Only the stream's owner, its moderators or an admin may delete messages.", roomName));
        }
        if (!await rooms.DeleteAsync(roomName, messageId))
        {
            return await RefuseAsync(new ChatError("message-not-found", "No such message in the recent history.", roomName));
        }

        await fanOut.Room(roomName).MessageDeleted(new MessageDeleted(roomName, messageId, UserId));
        ChatLog.MessageDeleted(logger, UserId, messageId, roomName);
        return true;
    }

    public async Task<bool> SendMessage(string roomName, string text)
    {
        var trimmed = text?.Trim() ?? "";
        var length = new StringInfo(trimmed).LengthInTextElements;
        // Characters as a person counts them, and bytes too: one letter with thousands of combining marks is one
        // "character" but would be fanned out to every viewer.
        if (length < 1 || length > options.Value.MaxMessageLength || Encoding.UTF8.GetByteCount(trimmed) > options.Value.MaxMessageBytes)
        {
            return await RefuseAsync(new ChatError("invalid-message",
                $"Messages must be 1-{options.Value.MaxMessageLength} characters and at most {options.Value.MaxMessageBytes} bytes.", roomName));
        }
        if (trimmed.Any(char.IsControl))
        {
            return await RefuseAsync(new ChatError("invalid-message", "Messages must not contain control characters.", roomName));
        }
        var (room, refusal) = await CheckSenderAsync(roomName, "messages", isMessage: true);
        if (refusal is not null)
        {
            return await RefuseAsync(refusal);
        }
        if (wordFilter.IsBlocked(trimmed, room!.Settings.BlockedWords))
        {
            metrics.MessageFiltered();
            return await RefuseAsync(new ChatError("filtered", "Your message contains a word this chat does not allow.", roomName));
        }
        // Last, so a message refused for another reason does not start the wait.
        if (room.Settings.SlowModeSeconds > 0 && !await IsPrivilegedAsync(room)
            && await rooms.TryStartSlowModeAsync(roomName, UserId, TimeSpan.FromSeconds(room.Settings.SlowModeSeconds)) is { } wait)
        {
            return await RefuseAsync(new ChatError("slow-mode",
                $"Slow mode is on: one message every {room.Settings.SlowModeSeconds} s.", roomName, (int)Math.Ceiling(wait.TotalSeconds)));
        }

        var message = new ChatMessage(Guid.NewGuid().ToString("N"), roomName, UserId, Context.User!.FindFirst("name")?.Value,
            trimmed, time.GetUtcNow());
        // Independent: the room hears the message while it is added to the history.
        await Task.WhenAll(rooms.AppendAsync(message), fanOut.Room(roomName).ChatMessage(message));
        metrics.MessageSent();
        activity.MessageSent(roomName);
        return true;
    }

    public async Task<bool> SendReaction(string roomName, string emoji)
    {
        if (!options.Value.AllowedReactions.Contains(emoji))
        {
            return await RefuseAsync(new ChatError("invalid-reaction", "That reaction is not allowed.", roomName));
        }
        if ((await CheckSenderAsync(roomName, "reactions", isMessage: false)).Refusal is { } refusal)
        {
            return await RefuseAsync(refusal);
        }

        await fanOut.Room(roomName).Reaction(new ReactionMessage(roomName, emoji, UserId));
        metrics.ReactionSent();
        activity.ReactionSent(roomName, emoji);
        return true;
    }

    /// <summary>The room, if it is open to this user (live, not blocked); both looked up in one round trip.</summary>
    private async Task<(ChatRoom? Room, ChatError? Refusal)> CheckRoomAsync(string? roomName)
    {
        if (string.IsNullOrWhiteSpace(roomName))
        {
            return (null, new ChatError("invalid-room", "A room name is required."));
        }
        var room = rooms.GetAsync(roomName);
        var blocked = rooms.IsBlockedAsync(roomName, UserId);
        if (await room is not { IsLive: true } open)
        {
            return (null, new ChatError("room-not-live", "This stream is not live.", roomName));
        }
        if (await blocked)
        {
            return (null, new ChatError("blocked", "You are blocked from this stream.", roomName));
        }
        return (open, null);
    }

    /// <summary>
    /// Room checks, membership, a running timeout, the room's chat-off and established-users rules and the rate limit for
    /// a send; the Redis look-ups run together. The room when the send may go on.
    /// </summary>
    private async Task<(ChatRoom? Room, ChatError? Refusal)> CheckSenderAsync(string roomName, string what, bool isMessage)
    {
        var roomCheck = CheckRoomAsync(roomName);
        var timeoutCheck = rooms.TimedOutUntilAsync(roomName, UserId);
        var rateCheck = rateLimiter.TryAcquireAsync(UserId);
        var (room, refusal) = await roomCheck;
        if (refusal is not null)
        {
            return (null, refusal);
        }
        if (!JoinedRooms.Contains(roomName))
        {
            return (null, new ChatError("not-joined", "Join the room before sending to it.", roomName));
        }
        if (await timeoutCheck is { } until && until - time.GetUtcNow() is { Ticks: > 0 } left)
        {
            return (null, new ChatError("timed-out", $"You are timed out of this chat until {until.UtcDateTime:u}.", roomName,
                (int)Math.Ceiling(left.TotalSeconds)));
        }
        if (await CheckRoomRulesAsync(room!, isMessage) is { } ruleRefusal)
        {
            return (null, ruleRefusal);
        }
        if (await rateCheck is { } retryAfter)
        {
            return (null, new ChatError("rate-limited", $"You are sending {what} too fast.", roomName, (int)Math.Ceiling(retryAfter.TotalSeconds)));
        }
        return (room, null);
    }

    /// <summary>Chat off refuses messages and reactions; the established-users mode refuses messages of users who joined too recently.</summary>
    private async Task<ChatError?> CheckRoomRulesAsync(ChatRoom room, bool isMessage)
    {
        var settings = room.Settings;
        var establishedApplies = isMessage && settings.EstablishedMinutes > 0;
        if ((settings.ChatEnabled && !establishedApplies) || await IsPrivilegedAsync(room))
        {
            return null;
        }
        if (!settings.ChatEnabled)
        {
            return new ChatError("chat-off", "The chat of this stream is off; you can still watch.", room.RoomName);
        }
        var established = (await rooms.FirstJoinedAsync(room.RoomName, UserId) ?? time.GetUtcNow()).AddMinutes(settings.EstablishedMinutes);
        return established - time.GetUtcNow() is { Ticks: > 0 } left
            ? new ChatError("not-established",
                $"Only viewers who joined at least {settings.EstablishedMinutes} minutes ago may chat here.", room.RoomName, (int)Math.Ceiling(left.TotalSeconds))
            : null;
    }

    /// <summary>The owner, the room's moderators and admins are exempt from the room's chat rules (not from the word filter).</summary>
    private async Task<bool> IsPrivilegedAsync(ChatRoom room) =>
        room.OwnerId == UserId || Context.User!.IsAdmin() || await rooms.IsModeratorAsync(room.RoomName, UserId);

    private async Task<bool> RefuseAsync(ChatError error)
    {
        metrics.MessageRejected(error.Reason);
        await Clients.Caller.Refused(error);
        return false;
    }
}

internal static partial class ChatLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "User {UserId} deleted message {MessageId} in room {RoomName}")]
    public static partial void MessageDeleted(ILogger logger, string userId, string messageId, string roomName);
}
