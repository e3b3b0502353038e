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

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Largest message in UTF-8 bytes (besides <see cref="MaxMessageLength"/> characters).</summary>
    [Range(16, 16_000)]
    public int MaxMessageBytes { get; set; } = 2000;

    /// <summary>Hub connections one user may hold on one Chat instance.</summary>
    [Range(1, 1000)]
    public int MaxConnectionsPerUser { get; set; } = 10;

    /// <summary>Messages a late joiner receives.</summary>
    [Range(0, 500)]
    public int HistorySize { get; set; } = 50;

    /// <summary>How long a room's history is kept after its last message.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan HistoryRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Words (or short phrases) refused in every room, besides each stream's own list; see <c>WordFilter</c>.</summary>
    [MaxLength(1000)]
    public string[] BlockedWords { get; set; } = [];

    /// <summary>
    /// A room's members receive at most one frame per interval: events that arrive within it leave together (see
    /// <c>RoomFanOut</c>). Zero writes each event at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan FanOutInterval { get; set; } = TimeSpan.FromMilliseconds(40);

    [MinLength(1)]
    public string[] AllowedReactions { get; set; } = ["❤️", "😂", "😮", "👏", "🔥", "🐶", "🐱", "🐾"];
}
