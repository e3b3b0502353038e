namespace PawfectLive.Streams.Features.ChatSettings;

/// <summary>The chat rules to change; an omitted (null) one stays as it is.</summary>
public sealed record ChatSettingsRequest(int? SlowModeSeconds, bool? ChatEnabled, int? EstablishedMinutes);

/// <summary>A stream's chat rules and pinned message (never its blocked words).</summary>
public sealed record ChatSettingsResponse(string StreamId, int SlowModeSeconds, bool ChatEnabled, int EstablishedMinutes, PinnedMessageResponse? Pinned)
{
    public static ChatSettingsResponse From(StreamChatSettings chat) => new(
        chat.StreamId, chat.Settings.SlowModeSeconds, chat.Settings.ChatEnabled, chat.Settings.EstablishedMinutes,
        chat.Settings.Pinned is { } pinned ? new PinnedMessageResponse(pinned.Text, pinned.MessageId, pinned.PinnedBy, pinned.PinnedAt) : null);
}

public sealed record PinnedMessageResponse(string Text, string? MessageId, string PinnedBy, DateTimeOffset PinnedAt);

public sealed record PinMessageRequest(string? Text, string? MessageId);

public sealed record BlockedWordsRequest(IReadOnlyList<string?>? Words);

public sealed record BlockedWordsResponse(string StreamId, IReadOnlyList<string> Words);
