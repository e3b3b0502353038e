using Microsoft.AspNetCore.SignalR;
using PawfectLive.Chat.Infrastructure;
using PawfectLive.Contracts;

namespace PawfectLive.Chat.Hubs;

/// <summary>Server-to-client event names (kept from the original app; <c>docs/chat-protocol.md</c> describes each).</summary>
public static class ChatEvents
{
    public const string Message = "chat:message";
    public const string MessageDeleted = "chat:deleted";
    public const string Reaction = "reaction";
    public const string Viewers = "viewers";
    public const string StreamEnded = "stream:ended";
    public const string Settings = "chat:settings";
    public const string Pinned = "chat:pinned";
    public const string Stage = "stage:updated";
    public const string Error = "error";
}

/// <summary>What the server sends to chat clients: one method per event, under the event's wire name.</summary>
public interface ILiveClient
{
    [HubMethodName(ChatEvents.Message)]
    Task ChatMessage(ChatMessage message);

    [HubMethodName(ChatEvents.MessageDeleted)]
    Task MessageDeleted(MessageDeleted deleted);

    [HubMethodName(ChatEvents.Reaction)]
    Task Reaction(ReactionMessage reaction);

    [HubMethodName(ChatEvents.Viewers)]
    Task Viewers(ViewerCount count);

    [HubMethodName(ChatEvents.StreamEnded)]
    Task StreamEnded(StreamEndedNotice notice);

    [HubMethodName(ChatEvents.Settings)]
    Task ChatSettings(ChatSettingsNotice settings);

    [HubMethodName(ChatEvents.Pinned)]
    Task Pinned(PinnedNotice pinned);

    [HubMethodName(ChatEvents.Stage)]
    Task StageUpdated(StageNotice stage);

    /// <summary>A refusal of this client's call, or a notice that it was removed from a room (blocked).</summary>
    [HubMethodName(ChatEvents.Error)]
    Task Refused(ChatError refusal);
}

/// <summary>Why a hub call was refused (also sent as the <c>error</c> event).</summary>
public sealed record ChatError(string Reason, string Message, string? RoomName = null, int? RetryAfterSeconds = null);

/// <summary>The answer to <c>JoinRoom</c>: joined or not, the recent history, the current viewer count, chat rules and pinned message.</summary>
public sealed record JoinRoomResult(
    bool Joined, string RoomName, IReadOnlyList<ChatMessage> History, int Viewers, ChatError? Error = null,
    ChatSettingsNotice? Settings = null, PinnedChatMessage? Pinned = null, StageState? Stage = null);

/// <summary>The room's stage: guests publishing camera and microphone, invited users, raised paws.</summary>
public sealed record StageNotice(string RoomName, IReadOnlyList<string> Guests, IReadOnlyList<string> Invited, IReadOnlyList<string> Requests)
{
    public static StageNotice Of(string roomName, StageState stage) => new(roomName, stage.Guests, stage.Invited, stage.Requests);
}

/// <summary>The room's chat rules (never its blocked words): sent on every change and in <see cref="JoinRoomResult"/>.</summary>
public sealed record ChatSettingsNotice(string RoomName, int SlowModeSeconds, bool ChatEnabled, int EstablishedMinutes)
{
    public static ChatSettingsNotice Of(string roomName, ChatRoomSettings settings) =>
        new(roomName, settings.SlowModeSeconds, settings.ChatEnabled, settings.EstablishedMinutes);
}

/// <summary>The room's pinned message after a pin or unpin (<c>null</c>).</summary>
public sealed record PinnedNotice(string RoomName, PinnedChatMessage? Pinned);

public sealed record MessageDeleted(string RoomName, string MessageId, string DeletedBy);

public sealed record ReactionMessage(string RoomName, string Emoji, string UserId);

public sealed record ViewerCount(string RoomName, int Viewers, int PeakViewers);

public sealed record StreamEndedNotice(string RoomName, string StreamId, string Reason, DateTimeOffset EndedAt);
