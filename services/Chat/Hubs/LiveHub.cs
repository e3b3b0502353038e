using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using PawfectLive.Chat.Infrastructure;
using PawfectLive.ServiceDefaults.Authentication;

namespace PawfectLive.Chat.Hubs;

/// <summary>Server-to-client event names (kept from the original app).</summary>
public static class ChatEvents
{
    public const string Message = "chat:message";
    public const string MessageDeleted = "chat:deleted";
    public const string Reaction = "reaction";
    public const string Viewers = "viewers";
    public const string StreamEnded = "stream:ended";
    public const string Error = "error";
}

public sealed record ChatError(string Reason, string Message, string? RoomName = null, int? RetryAfterSeconds = null);

public sealed record JoinRoomResult(bool Joined, string RoomName, IReadOnlyList<ChatMessage> History, ChatError? Error = null);

public sealed record ReactionMessage(string RoomName, string Emoji, string UserId);

[Authorize]
public sealed class LiveHub(
    ChatRoomStore rooms,
    MessageRateLimiter rateLimiter,
    IOptions<ChatOptions> options,
    ChatMetrics metrics,
    TimeProvider time) : Hub
{
    public static string RoomGroup(string roomName) => $"room:{roomName}";

    private string UserId => Context.User!.GetUserId()!;

    public override Task OnConnectedAsync()
    {
        metrics.ClientConnected();
        return base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        metrics.ClientDisconnected();
        return base.OnDisconnectedAsync(exception);
    }

    public async Task<JoinRoomResult> JoinRoom(string roomName)
    {
        var refusal = await CheckRoomAsync(roomName);
        if (refusal is not null)
        {
            await Clients.Caller.SendAsync(ChatEvents.Error, refusal);
            return new JoinRoomResult(false, roomName ?? "", [], refusal);
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, RoomGroup(roomName));
        return new JoinRoomResult(true, roomName, await rooms.HistoryAsync(roomName));
    }

    public Task LeaveRoom(string roomName) => Groups.RemoveFromGroupAsync(Context.ConnectionId, RoomGroup(roomName));

    public async Task<bool> SendMessage(string roomName, string text)
    {
        var trimmed = text?.Trim() ?? "";
        var length = new StringInfo(trimmed).LengthInTextElements;
        if (length < 1 || length > options.Value.MaxMessageLength)
        {
            return await RefuseAsync(new ChatError("invalid-message", $"Messages must be 1-{options.Value.MaxMessageLength} characters.", roomName));
        }
        if (await CheckRoomAsync(roomName) is { } refusal)
        {
            return await RefuseAsync(refusal);
        }
        if (await rateLimiter.TryAcquireAsync(UserId) is { } retryAfter)
        {
            return await RefuseAsync(new ChatError("rate-limited", "You are sending messages too fast.", roomName,
                (int)Math.Ceiling(retryAfter.TotalSeconds)));
        }

        var message = new ChatMessage(Guid.NewGuid().ToString("N"), roomName, UserId, Context.User!.FindFirst("name")?.Value,
            trimmed, time.GetUtcNow());
        await rooms.AppendAsync(message);
        await Clients.Group(RoomGroup(roomName)).SendAsync(ChatEvents.Message, message);
        metrics.MessageSent();
        return true;
    }

    public async Task<bool> SendReaction(string roomName, string emoji)
    {
        if (!options.Value.AllowedReactions.Contains(emoji))
        {
            return await RefuseAsync(new ChatError("invalid-reaction", "That reaction is not allowed.", roomName));
        }
        if (await CheckRoomAsync(roomName) is { } refusal)
        {
            return await RefuseAsync(refusal);
        }
        if (await rateLimiter.TryAcquireAsync(UserId) is { } retryAfter)
        {
            return await RefuseAsync(new ChatError("rate-limited", "You are sending reactions too fast.", roomName,
                (int)Math.Ceiling(retryAfter.TotalSeconds)));
        }

        await Clients.Group(RoomGroup(roomName)).SendAsync(ChatEvents.Reaction, new ReactionMessage(roomName, emoji, UserId));
        metrics.ReactionSent();
        return true;
    }

    private async Task<ChatError?> CheckRoomAsync(string? roomName)
    {
        if (string.IsNullOrWhiteSpace(roomName))
        {
            return new ChatError("invalid-room", "A room name is required.");
        }
        var room = await rooms.GetAsync(roomName);
        if (room is not { IsLive: true })
        {
            return new ChatError("room-not-live", "This stream is not live.", roomName);
        }
        if (await rooms.IsBlockedAsync(roomName, UserId))
        {
            return new ChatError("blocked", "You are blocked from this stream.", roomName);
        }
        return null;
    }

    private async Task<bool> RefuseAsync(ChatError error)
    {
        metrics.MessageRejected(error.Reason);
        await Clients.Caller.SendAsync(ChatEvents.Error, error);
        return false;
    }
}
