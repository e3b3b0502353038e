using PawfectLive.Contracts;
using PawfectLive.LiveKit;

namespace PawfectLive.Streams.Features.LiveKitSync;

/// <summary>
/// What LiveKit should hold for one viewer of a live stream: the whole permission object and the metadata, from the
/// stream alone (<see cref="LiveStream.RightsOf"/>). A guest on stage publishes camera and microphone only; anyone else
/// publishes no media; data as the viewer's rights say (admins keep it).
/// </summary>
public sealed record LiveKitParticipantTarget(ParticipantPermission Permission, LiveKitParticipantMetadata Metadata)
{
    private static readonly string[] StageSources = [TrackSources.Camera, TrackSources.Microphone];

    public static LiveKitParticipantTarget For(LiveStream stream, string identity, bool isAdmin, DateTime now)
    {
        var rights = stream.RightsOf(identity, isAdmin, now);
        var permission = rights.OnStage
            ? new ParticipantPermission(CanSubscribe: true, CanPublish: true, CanPublishData: rights.MayPublishData, CanPublishSources: StageSources)
            : new ParticipantPermission(CanSubscribe: true, CanPublish: false, CanPublishData: rights.MayPublishData);
        return new(permission, LiveKitParticipantMetadata.For(stream, identity, isAdmin));
    }

    /// <summary>
    /// Whether a participant holding this already needs no write. Sources count only where media may be published
    /// (LiveKit ignores them otherwise); metadata is compared by meaning, so an unwritten one equals the default.
    /// </summary>
    public bool IsHeldBy(JoinedPermission held, string? metadata) =>
        held.CanSubscribe == Permission.CanSubscribe
        && held.CanPublish == Permission.CanPublish
        && held.CanPublishData == Permission.CanPublishData
        && (!Permission.CanPublish || held.CanPublishSources.ToHashSet().SetEquals(Permission.CanPublishSources ?? []))
        && LiveKitParticipantMetadata.Parse(metadata) == Metadata;

    /// <summary>Who this projection manages: standard, visible participants other than the publisher — never egress, ingress, agents, recorders or hidden ones.</summary>
    public static bool Manages(LiveStream stream, string? identity, string? kind, bool hidden, bool recorder, bool agent) =>
        identity is { Length: > 0 } && stream.IsViewer(identity) && LiveStream.CountsAsViewer(ParticipantKinds.NonStandard(kind), hidden)
        && !recorder && !agent;
}
