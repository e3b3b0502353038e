namespace PawfectLive.Streams.Model;

/// <summary>
/// What a viewer may do in the stream's LiveKit room besides watching: publish camera and microphone (a guest on stage),
/// and send data (not while timed out or while the chat is off, unless an admin). The one source of the viewer's
/// token grant and of the permission object LiveKit is told (<see cref="LiveStream.RightsOf"/>).
/// </summary>
public readonly record struct ViewerRights(bool OnStage, bool MayPublishData)
{
    /// <summary>A viewer who only watches and may send data: what a plain subscriber token grants.</summary>
    public static ViewerRights PlainViewer { get; } = new(OnStage: false, MayPublishData: true);
}
