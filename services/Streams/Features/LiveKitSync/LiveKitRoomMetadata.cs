using System.Text.Json;

namespace PawfectLive.Streams.Features.LiveKitSync;

/// <summary>
/// What Streams writes into a LiveKit room's metadata (JSON): the chat rules, the pinned message and the stage, the same
/// values the chat hub sends, for clients that only speak to LiveKit. Never the blocked words.
/// </summary>
public sealed record LiveKitRoomMetadata(LiveKitRoomMetadata.ChatRules Chat, LiveKitRoomMetadata.Pin? Pinned, PawfectLive.Contracts.StageState? Stage = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed record ChatRules(int SlowModeSeconds, bool ChatEnabled, int EstablishedMinutes);

    public sealed record Pin(string Text, string? MessageId, string PinnedBy, DateTimeOffset PinnedAt);

    /// <summary>Nothing to say: default chat rules, no pin, an empty stage (a room whose metadata was never written says the same).</summary>
    public static bool IsDefault(LiveStream stream) =>
        stream.Chat is { SlowModeSeconds: 0, ChatEnabled: true, EstablishedMinutes: 0, Pinned: null }
        && stream.Stage is { GuestIds.Count: 0, InvitedIds.Count: 0, RequestIds.Count: 0 };

    /// <summary>Invitations and raised paws the metadata lists at most (each; the first ones): LiveKit sends it to every participant.</summary>
    public const int MaxPendingListed = 20;

    public static string Of(LiveStream stream)
    {
        var chat = stream.Chat.ToContract();
        var stage = stream.Stage;
        return JsonSerializer.Serialize(new LiveKitRoomMetadata(
            new ChatRules(chat.SlowModeSeconds, chat.ChatEnabled, chat.EstablishedMinutes),
            chat.Pinned is { } pinned ? new Pin(pinned.Text, pinned.MessageId, pinned.PinnedBy, pinned.PinnedAt) : null,
            new PawfectLive.Contracts.StageState([.. stage.GuestIds], [.. stage.InvitedIds.Take(MaxPendingListed)], [.. stage.RequestIds.Take(MaxPendingListed)])), Json);
    }
}
