using System.ComponentModel.DataAnnotations;

namespace PawfectLive.Chat;

public sealed class ChatOptions
{
    public const string SectionName = "Chat";

    [Range(1, 4000)]
    public int MaxMessageLength { get; set; } = 500;

    /// <summary>Messages one user may send per <see cref="RateLimitWindow"/> across all rooms.</summary>
    [Range(1, 1000)]
    public int MessagesPerWindow { get; set; } = 5;

    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Messages a late joiner receives.</summary>
    [Range(0, 500)]
    public int HistorySize { get; set; } = 50;

    /// <summary>How long a room's history is kept after its last message.</summary>
    public TimeSpan HistoryRetention { get; set; } = TimeSpan.FromDays(1);

    [MinLength(1)]
    public string[] AllowedReactions { get; set; } = ["❤️", "😂", "😮", "👏", "🔥", "🐶", "🐱", "🐾"];
}
