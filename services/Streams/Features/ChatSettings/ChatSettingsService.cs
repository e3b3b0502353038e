using PawfectLive.Contracts;

namespace PawfectLive.Streams.Features.ChatSettings;

/// <summary>A stream's chat settings as the API answers them.</summary>
public sealed record StreamChatSettings(string StreamId, ChatRoomSettings Settings);

/// <summary>
/// The chat rules of a stream (slow mode, chat on/off, established users), the owner's blocked words and the pinned
/// message. Every change is written with <c>ChatSettingsChanged</c> (the whole settings, for Chat) in the same update;
/// the LiveKit room's metadata and the viewers' data permission follow by reconciliation.
/// </summary>
public sealed class ChatSettingsService(StreamAccess access, StreamChanges changes, TimeProvider time, ILogger<ChatSettingsService> logger)
{
    private const int MaxMessageIdLength = 64;

    /// <summary>Anyone signed in but a blocked user reads a stream's chat rules and pinned message (not its blocked words).</summary>
    public async Task<Result<StreamChatSettings>> GetAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        var found = await access.GetAsync(id, cancellationToken);
        if (found.Value is not { } stream)
        {
            return found.Error!;
        }
        return stream.IsBlocked(caller.UserId) ? new StreamError.Blocked() : Settings(stream);
    }

    /// <summary>The owner, a moderator or an admin changes the rules given; the others stay as they are.</summary>
    public async Task<Result<StreamChatSettings>> ChangeRulesAsync(
        Caller caller, string id, int? slowModeSeconds, bool? chatEnabled, int? establishedMinutes, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (slowModeSeconds is < 0 or > StreamChat.MaxSlowModeSeconds)
        {
            errors["slowModeSeconds"] = [$"slowModeSeconds must be 0 (off) to {StreamChat.MaxSlowModeSeconds}."];
        }
        if (establishedMinutes is < 0 or > StreamChat.MaxEstablishedMinutes)
        {
            errors["establishedMinutes"] = [$"establishedMinutes must be 0 (off) to {StreamChat.MaxEstablishedMinutes}."];
        }
        if (errors.Count > 0)
        {
            return new StreamError.Invalid(errors);
        }
        var now = time.GetUtcNow().UtcDateTime;
        return await ChangeAsync(caller, id, moderatorsMay: true,
            stream => stream.ChangeChatRules(slowModeSeconds, chatEnabled, establishedMinutes, now),
            AuditActions.ChatSettings,
            stream => $"slow mode {stream.Chat.SlowModeSeconds} s, chat {(stream.Chat.ChatEnabled ? "on" : "off")}, established {stream.Chat.EstablishedMinutes} min",
            cancellationToken);
    }

    /// <summary>The owner, a moderator or an admin reads the owner's blocked words.</summary>
    public async Task<Result<IReadOnlyList<string>>> BlockedWordsAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        var found = await access.FindModeratedAsync(caller, id, moderatorsMay: true, cancellationToken);
        return found.Value is { } stream ? stream.Chat.BlockedWords : found.Error!;
    }

    /// <summary>
    /// The owner (or an admin) replaces the stream's blocked words: at most <see cref="StreamChat.MaxBlockedWords"/>, each
    /// 1–<see cref="StreamChat.MaxBlockedWordLength"/> characters (a word or a short phrase); repeats (ignoring case) are dropped.
    /// </summary>
    public async Task<Result<StreamChatSettings>> SetBlockedWordsAsync(
        Caller caller, string id, IReadOnlyList<string?>? words, CancellationToken cancellationToken)
    {
        if (words is null || words.Count > StreamChat.MaxBlockedWords)
        {
            return new StreamError.Invalid("words", $"words must be a list of at most {StreamChat.MaxBlockedWords} words.");
        }
        var cleaned = new List<string>();
        foreach (var word in words)
        {
            if (word?.Trim() is not { Length: > 0 and <= StreamChat.MaxBlockedWordLength } trimmed || trimmed.Any(char.IsControl))
            {
                return new StreamError.Invalid("words", $"Each word must be 1-{StreamChat.MaxBlockedWordLength} characters without control characters.");
            }
            if (!cleaned.Contains(trimmed, StringComparer.OrdinalIgnoreCase))
            {
                cleaned.Add(trimmed);
            }
        }
        var now = time.GetUtcNow().UtcDateTime;
        return await ChangeAsync(caller, id, moderatorsMay: false, stream => stream.SetBlockedWords(cleaned, now),
            AuditActions.BlockedWords, stream => $"{stream.Chat.BlockedWords.Count} words", cancellationToken);
    }

    /// <summary>The owner, a moderator or an admin pins a message (or an announcement), replacing the pinned one.</summary>
    public async Task<Result<StreamChatSettings>> PinAsync(
        Caller caller, string id, string? text, string? messageId, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var trimmed = text?.Trim();
        if (trimmed is not { Length: > 0 and <= StreamChat.MaxPinnedLength } || trimmed.Any(char.IsControl))
        {
            errors["text"] = [$"text must be 1-{StreamChat.MaxPinnedLength} characters without control characters."];
        }
        if (messageId is not null && (messageId.Length is 0 or > MaxMessageIdLength || !messageId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            errors["messageId"] = [$"messageId must be 1-{MaxMessageIdLength} letters, digits, '-' or '_'."];
        }
        if (errors.Count > 0 || trimmed is null)
        {
            return new StreamError.Invalid(errors);
        }
        var now = time.GetUtcNow().UtcDateTime;
        var pinned = new PinnedMessage { Text = trimmed, MessageId = messageId, PinnedBy = caller.UserId, PinnedAt = now };
        return await ChangeAsync(caller, id, moderatorsMay: true, stream => stream.Pin(pinned, now), AuditActions.Pin, _ => trimmed, cancellationToken);
    }

    public async Task<Result<StreamChatSettings>> UnpinAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return await ChangeAsync(caller, id, moderatorsMay: true, stream => stream.Pin(null, now), AuditActions.Unpin, _ => null, cancellationToken);
    }

    /// <summary>
    /// Applies a change to a live stream the caller may moderate, with its event, metadata command and audit entry
    /// (<paramref name="action"/>, with <paramref name="details"/> of the stream afterwards) in the same write; answers
    /// the settings afterwards (as they are, when nothing changed).
    /// </summary>
    private async Task<Result<StreamChatSettings>> ChangeAsync(
        Caller caller, string id, bool moderatorsMay, Func<LiveStream, bool> change, string action, Func<LiveStream, string?> details,
        CancellationToken cancellationToken)
    {
        var found = await access.FindModeratedAsync(caller, id, moderatorsMay, cancellationToken);
        if (found.Value is not { } stream)
        {
            return found.Error!;
        }
        if (!stream.IsLive)
        {
            return new StreamError.Ended(stream.Id);
        }

        var now = time.GetUtcNow();
        var update = await changes.ChangeAsync(stream.Id, change, current =>
        [
            new ChatSettingsChangedIntegrationEvent(Guid.NewGuid(), current.Id, current.RoomName, current.Chat.ToContract(), caller.UserId, now, current.Version),
        ], cancellationToken, current => new AuditedAction(caller, action, Details: details(current)));
        var after = update?.Stream ?? stream;
        if (update is { Changed: true })
        {
            logger.LogModeration(caller, details(after) is { } said ? $"{action} ({said})" : action, after);
        }
        return Settings(after);
    }

    private static StreamChatSettings Settings(LiveStream stream) => new(stream.Id, stream.Chat.ToContract());
}
