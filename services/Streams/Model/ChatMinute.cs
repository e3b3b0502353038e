namespace PawfectLive.Streams.Model;

/// <summary>
/// What one Chat instance carried in a stream's room in one minute (the <c>chatActivity</c> collection, one document
/// per stream, minute and instance): absolute counts, so the largest seen wins and redeliveries change nothing.
/// </summary>
public sealed class ChatMinute
{
    /// <summary><c>{streamId}:{unixMinute}:{instance}</c>.</summary>
    public string Id { get; set; } = "";
    public string StreamId { get; set; } = "";
    public DateTime Minute { get; set; }
    public string Instance { get; set; } = "";
    public int Messages { get; set; }
    public Dictionary<string, int> Reactions { get; set; } = [];

    public static string IdOf(string streamId, DateTime minute, string instance) =>
        $"{streamId}:{new DateTimeOffset(DateTime.SpecifyKind(minute, DateTimeKind.Utc)).ToUnixTimeSeconds() / 60}:{instance}";
}
