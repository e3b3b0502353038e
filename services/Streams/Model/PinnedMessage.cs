namespace PawfectLive.Streams.Model;

/// <summary>The pinned message: its text, the chat message it came from (if any), who pinned it and when.</summary>
public sealed class PinnedMessage
{
    public string Text { get; set; } = "";
    public string? MessageId { get; set; }
    public string PinnedBy { get; set; } = "";
    public DateTime PinnedAt { get; set; }
}
