namespace PawfectLive.Streams.Model;

/// <summary>One live stream, live or ended. Owned by Streams (the <c>streams</c> collection).</summary>
public sealed class LiveStream
{
    public string Id { get; set; } = "";
    public string OwnerId { get; set; } = "";
    public string RoomName { get; set; } = "";
    public string? Title { get; set; }
    public string? CoverUrl { get; set; }
    public bool IsLive { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? EndedAt { get; set; }
    public string? EndedReason { get; set; }
    public int Viewers { get; set; }
    public int PeakViewers { get; set; }
    public List<string> Tags { get; set; } = [];
    public List<string> BlockedUserIds { get; set; } = [];
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
