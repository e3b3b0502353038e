using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;

namespace PawfectLive.LiveKit;

public sealed record ParticipantInfo
{
    [JsonPropertyName("sid")] public string? Sid { get; init; }
    [JsonPropertyName("identity")] public string? Identity { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("state")] public string? State { get; init; }

    /// <summary>STANDARD (or omitted), INGRESS, EGRESS, SIP or AGENT.</summary>
    [JsonPropertyName("kind")]
    [JsonConverter(typeof(ParticipantKindConverter))]
    public string? Kind { get; init; }

    [JsonPropertyName("permission")] public ParticipantInfoPermission? Permission { get; init; }

    /// <summary>The tracks the participant publishes now.</summary>
    [JsonPropertyName("tracks")] public IReadOnlyList<ParticipantTrack>? Tracks { get; init; }
}

public sealed record ParticipantTrack
{
    [JsonPropertyName("sid")] public string? Sid { get; init; }
}

public sealed record ParticipantInfoPermission
{
    [JsonPropertyName("hidden")] public bool Hidden { get; init; }
}

public sealed record RoomInfo
{
    [JsonPropertyName("sid")] public string? Sid { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
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
        await TwirpChannel.EnsureSuccessAsync("ListParticipants", response, cancellationToken);
        var body = await response.Content.ReadFromJsonAsync<ListParticipantsResponse>(LiveKitJson.Options, cancellationToken);
        return body?.Participants ?? [];
    }

    /// <summary>The rooms LiveKit has now among <paramref name="names"/> (all rooms when empty).</summary>
    public async Task<IReadOnlyList<RoomInfo>> ListRoomsAsync(IReadOnlyCollection<string> names, CancellationToken cancellationToken)
    {
        using var response = await PostAsync("ListRooms", new { names }, new VideoGrant { RoomList = true, CanPublish = true, CanSubscribe = true, CanPublishData = true }, cancellationToken);
        await TwirpChannel.EnsureSuccessAsync("ListRooms", response, cancellationToken);
        var body = await response.Content.ReadFromJsonAsync<ListRoomsResponse>(LiveKitJson.Options, cancellationToken);
        return body?.Rooms ?? [];
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

    private sealed record ListParticipantsResponse(IReadOnlyList<ParticipantInfo>? Participants);

    private sealed record ListRoomsResponse(IReadOnlyList<RoomInfo>? Rooms);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "LiveKit {Method} room {Room} identity {Identity}: {Outcome}")]
    private static partial void LogCall(ILogger logger, string method, string room, string? identity, string outcome);
}
