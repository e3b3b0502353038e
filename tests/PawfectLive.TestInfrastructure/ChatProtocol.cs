namespace PawfectLive.TestInfrastructure;

// The chat hub's payloads as a client sees them (docs/chat-protocol.md), independent of the Chat service's records.

public sealed record ChatMessageView(string Id, string RoomName, string UserId, string? DisplayName, string Text, DateTimeOffset SentAt);

public sealed record ChatErrorView(string Reason, string Message, string? RoomName, int? RetryAfterSeconds);

public sealed record JoinedRoom(
    bool Joined, string RoomName, IReadOnlyList<ChatMessageView> History, int Viewers, ChatErrorView? Error,
    ChatSettingsView? Settings = null, PinnedMessageView? Pinned = null);

public sealed record ChatSettingsView(string RoomName, int SlowModeSeconds, bool ChatEnabled, int EstablishedMinutes);

public sealed record PinnedMessageView(string Text, string? MessageId, string PinnedBy, DateTimeOffset PinnedAt);
