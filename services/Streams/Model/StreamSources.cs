namespace PawfectLive.Streams.Model;

/// <summary>Where a stream's picture comes from.</summary>
public static class StreamSources
{
    /// <summary>The app (or the web client), over WebRTC.</summary>
    public const string WebRtc = "webrtc";
    public const string Rtmp = "rtmp";
    public const string Whip = "whip";
}
