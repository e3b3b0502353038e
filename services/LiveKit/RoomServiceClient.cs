using System.Net;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;

namespace PawfectLive.LiveKit;

/// <summary>A participant as LiveKit reports it (<c>ListParticipants</c>): who, what kind, its permission, metadata and tracks.</summary>
public sealed record ParticipantInfo
{
    public string? Sid { get; init; }
    public string? Identity { get; init; }
    public string? Name { get; init; }
    public string? State { get; init; }

    /// <summary>STANDARD (or omitted), INGRESS, EGRESS, SIP or AGENT.</summary>
    public string? Kind { get; init; }

    /// <summary>The participant's permission now; null when LiveKit's answer carried none.</summary>
    public ParticipantInfoPermission? Permission { get; init; }

    public string Metadata { get; init; } = "";

    /// <summary>The tracks the participant publishes now.</summary>
    public IReadOnlyList<ParticipantTrack>? Tracks { get; init; }

    /// <summary>Reads LiveKit's <c>ParticipantInfo</c> in either of the names protojson uses (snake_case or lowerCamelCase).</summary>
    internal static ParticipantInfo From(JsonObject info) => new()
    {
        Sid = TwirpChannel.ReadString(info, "sid"),
        Identity = TwirpChannel.ReadString(info, "identity"),
        Name = TwirpChannel.ReadString(info, "name"),
        State = TwirpChannel.ReadString(info, "state"),
        Kind = TwirpChannel.ReadEnum(info, "kind", ParticipantKinds.ByNumber),
        Metadata = TwirpChannel.ReadString(info, "metadata") ?? "",
        Permission = TwirpChannel.ReadObject(info, "permission") is { } permission
            ? new ParticipantInfoPermission
            {
                CanSubscribe = TwirpChannel.ReadBool(permission, "can_subscribe"),
                CanPublish = TwirpChannel.ReadBool(permission, "can_publish"),
                CanPublishData = TwirpChannel.ReadBool(permission, "can_publish_data"),
                CanPublishSources = [.. TwirpChannel.ReadArray(permission, "can_publish_sources")
                    .Select(source => TwirpChannel.EnumName(source, TrackSources.ByNumber)).OfType<string>()],
                Hidden = TwirpChannel.ReadBool(permission, "hidden"),
                Recorder = TwirpChannel.ReadBool(permission, "recorder"),
                Agent = TwirpChannel.ReadBool(permission, "agent"),
            }
            : null,
        Tracks = [.. TwirpChannel.ReadArray(info, "tracks").OfType<JsonObject>().Select(track => new ParticipantTrack { Sid = TwirpChannel.ReadString(track, "sid") })],
    };
}

public sealed record ParticipantTrack
{
    public string? Sid { get; init; }
}

/// <summary>The part of LiveKit's <c>ParticipantPermission</c> we read back.</summary>
public sealed record ParticipantInfoPermission
{
    public bool CanSubscribe { get; init; }
    public bool CanPublish { get; init; }
    public bool CanPublishData { get; init; }

    /// <summary><see cref="TrackSources"/> names; empty means any source (when <see cref="CanPublish"/>).</summary>
    public IReadOnlyList<string> CanPublishSources { get; init; } = [];

    public bool Hidden { get; init; }
    public bool Recorder { get; init; }
    public bool Agent { get; init; }
}

public sealed record RoomInfo
{
    public string? Sid { get; init; }
    public string? Name { get; init; }
    public string Metadata { get; init; } = "";

    internal static RoomInfo From(JsonObject info) => new()
    {
        Sid = TwirpChannel.ReadString(info, "sid"),
        Name = TwirpChannel.ReadString(info, "name"),
        Metadata = TwirpChannel.ReadString(info, "metadata") ?? "",
    };
}

/// <summary>Permissions for UpdateParticipant; LiveKit replaces the whole object, so every flag is sent.</summary>
/// <remarks><see cref="CanPublishSources"/> are <see cref="TrackSources"/> names; empty (with <c>canPublish</c>) means any source.</remarks>
public sealed record ParticipantPermission(
    [property: JsonPropertyName("can_subscribe")] bool CanSubscribe,
    [property: JsonPropertyName("can_publish")] bool CanPublish,
    [property: JsonPropertyName("can_publish_data")] bool CanPublishData,
    [property: JsonPropertyName("hidden")] bool Hidden = false,
    [property: JsonPropertyName("can_publish_sources")] IReadOnlyList<string>? CanPublishSources = null);

/// <summary>
/// LiveKit's RoomService over Twirp (<c>POST /twirp/livekit.RoomService/{Method}</c>, JSON, a short-lived admin
/// token per call). A missing room or participant (404) counts as done: the goal state already holds.
/// Timeouts and retries come from the HttpClient's resilience pipeline.
/// </summary>
public sealed partial class RoomServiceClient(HttpClient http, TwirpChannel twirp, ILogger<RoomServiceClient> logger)
{
    public const string HttpClientName = "livekit-roomservice";

    public async Task DeleteRoomAsync(string room, CancellationToken cancellationToken)
    {
        var found = await SendAsync("DeleteRoom", new { room }, new VideoGrant { RoomCreate = true, CanPublish = true, CanSubscribe = true, CanPublishData = true }, cancellationToken);
        LogCall(logger, "DeleteRoom", room, null, found ? "done" : "room already gone");
    }

    public async Task RemoveParticipantAsync(string room, string identity, CancellationToken cancellationToken)
    {
        var found = await SendAsync("RemoveParticipant", new { room, identity }, AdminGrant(room), cancellationToken);
        LogCall(logger, "RemoveParticipant", room, identity, found ? "done" : "participant not in room");
    }

    public async Task<IReadOnlyList<ParticipantInfo>> ListParticipantsAsync(string room, CancellationToken cancellationToken)
    {
        using var response = await PostAsync("ListParticipants", new { room }, AdminGrant(room), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return [];
        }
        var body = await TwirpChannel.ReadAsync("ListParticipants", response, cancellationToken);
        return [.. TwirpChannel.ReadArray(body, "participants").OfType<JsonObject>().Select(ParticipantInfo.From)];
    }

    /// <summary>The rooms LiveKit has now among <paramref name="names"/> (all rooms when empty).</summary>
    public async Task<IReadOnlyList<RoomInfo>> ListRoomsAsync(IReadOnlyCollection<string> names, CancellationToken cancellationToken)
    {
        using var response = await PostAsync("ListRooms", new { names }, new VideoGrant { RoomList = true, CanPublish = true, CanSubscribe = true, CanPublishData = true }, cancellationToken);
        var body = await TwirpChannel.ReadAsync("ListRooms", response, cancellationToken);
        return [.. TwirpChannel.ReadArray(body, "rooms").OfType<JsonObject>().Select(RoomInfo.From)];
    }

    public async Task UpdateParticipantAsync(
        string room, string identity, ParticipantPermission permission, string? metadata, CancellationToken cancellationToken)
    {
        var found = await SendAsync("UpdateParticipant", new { room, identity, permission, metadata = metadata ?? "" }, AdminGrant(room), cancellationToken);
        LogCall(logger, "UpdateParticipant", room, identity, found ? "done" : "participant not in room");
    }

    /// <summary>Replaces the room's metadata, which LiveKit sends to every participant (and to late joiners).</summary>
    public async Task UpdateRoomMetadataAsync(string room, string metadata, CancellationToken cancellationToken)
    {
        var found = await SendAsync("UpdateRoomMetadata", new { room, metadata }, AdminGrant(room), cancellationToken);
        LogCall(logger, "UpdateRoomMetadata", room, null, found ? "done" : "room not found");
    }

    private static VideoGrant AdminGrant(string room) =>
        new() { RoomAdmin = true, Room = room, CanPublish = true, CanSubscribe = true, CanPublishData = true };

    /// <summary>True when LiveKit did it; false when the room or participant does not exist.</summary>
    private async Task<bool> SendAsync(string method, object body, VideoGrant grant, CancellationToken cancellationToken)
    {
        using var response = await PostAsync(method, body, grant, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        await TwirpChannel.EnsureSuccessAsync(method, response, cancellationToken);
        return true;
    }

    private Task<HttpResponseMessage> PostAsync(string method, object body, VideoGrant grant, CancellationToken cancellationToken) =>
        twirp.PostAsync(http, "RoomService", method, body, grant, cancellationToken);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "LiveKit {Method} room {Room} identity {Identity}: {Outcome}")]
    private static partial void LogCall(ILogger logger, string method, string room, string? identity, string outcome);
}
