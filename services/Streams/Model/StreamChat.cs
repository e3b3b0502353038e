namespace PawfectLive.Streams.Model;

/// <summary>A stream's chat rules (see <see cref="PawfectLive.Contracts.ChatRoomSettings"/>), its blocked words and its pinned message.</summary>
public sealed class StreamChat
{
    public const int MaxSlowModeSeconds = 3600;
    public const int MaxEstablishedMinutes = 1440;
    public const int MaxBlockedWords = 200;
    public const int MaxBlockedWordLength = 50;
    public const int MaxPinnedLength = 200;

    public int SlowModeSeconds { get; set; }
    public bool ChatEnabled { get; set; } = true;
    public int EstablishedMinutes { get; set; }
    public List<string> BlockedWords { get; set; } = [];
    public PinnedMessage? Pinned { get; set; }

    public bool IsDefault => SlowModeSeconds == 0 && ChatEnabled && EstablishedMinutes == 0 && BlockedWords.Count == 0 && Pinned is null;

    public PawfectLive.Contracts.ChatRoomSettings ToContract() => new(SlowModeSeconds, ChatEnabled, EstablishedMinutes, [.. BlockedWords],
        Pinned is { } pinned ? new(pinned.Text, pinned.MessageId, pinned.PinnedBy, new DateTimeOffset(DateTime.SpecifyKind(pinned.PinnedAt, DateTimeKind.Utc))) : null);
}
