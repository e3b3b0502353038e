namespace PawfectLive.Streams.Model;

/// <summary>A user who may watch a stream but not chat in it until <see cref="Until"/>.</summary>
public sealed class UserTimeout
{
    public string UserId { get; set; } = "";
    public DateTime Until { get; set; }
}
