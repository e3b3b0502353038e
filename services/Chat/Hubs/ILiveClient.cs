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
/// <see cref="Settings"/> carries the version of the rules and the pin; <see cref="StageVersion"/> the stage's.
public sealed record JoinRoomResult(
    bool Joined, string RoomName, IReadOnlyList<ChatMessage> History, int Viewers, ChatError? Error = null,
    ChatSettingsNotice? Settings = null, PinnedChatMessage? Pinned = null, StageState? Stage = null, long StageVersion = 0);

/// <summary>
/// The room's stage: guests publishing camera and microphone, invited users, raised paws. <see cref="Version"/> is the
/// stream version it came from: a client keeps the stage of the highest version it saw (two Chat instances may deliver
/// two changes in either order).
/// </summary>
public sealed record StageNotice(string RoomName, IReadOnlyList<string> Guests, IReadOnlyList<string> Invited, IReadOnlyList<string> Requests, long Version = 0)
{
    public static StageNotice Of(string roomName, StageState stage, long version) => new(roomName, stage.Guests, stage.Invited, stage.Requests, version);
}

/// <summary>
/// The room's chat rules (never its blocked words): sent on every change and in <see cref="JoinRoomResult"/>.
/// <see cref="Version"/> is the stream version of the settings (rules and pin share it): older ones are stale.
/// </summary>
public sealed record ChatSettingsNotice(string RoomName, int SlowModeSeconds, bool ChatEnabled, int EstablishedMinutes, long Version = 0)
{
    public static ChatSettingsNotice Of(string roomName, ChatRoomSettings settings, long version) =>
        new(roomName, settings.SlowModeSeconds, settings.ChatEnabled, settings.EstablishedMinutes, version);
}

/// <summary>The room's pinned message after a pin or unpin (<c>null</c>), with the settings' <see cref="Version"/>.</summary>
public sealed record PinnedNotice(string RoomName, PinnedChatMessage? Pinned, long Version = 0);

public sealed record MessageDeleted(string RoomName, string MessageId, string DeletedBy);

public sealed record ReactionMessage(string RoomName, string Emoji, string UserId);

public sealed record ViewerCount(string RoomName, int Viewers, int PeakViewers);

public sealed record StreamEndedNotice(string RoomName, string StreamId, string Reason, DateTimeOffset EndedAt);
