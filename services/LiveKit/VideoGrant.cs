using System.Text.Json.Serialization;

namespace PawfectLive.LiveKit;

/// <summary>LiveKit's <c>video</c> grant, with LiveKit's exact claim names.</summary>
public sealed record VideoGrant
{
    [JsonPropertyName("roomJoin")] public bool? RoomJoin { get; init; }
    [JsonPropertyName("room")] public string? Room { get; init; }
    // LiveKit treats an omitted canPublish/canSubscribe/canPublishData as true, so these are always written.
    [JsonPropertyName("canPublish")] public bool CanPublish { get; init; }
    [JsonPropertyName("canSubscribe")] public bool CanSubscribe { get; init; }
    [JsonPropertyName("canPublishData")] public bool CanPublishData { get; init; }
    [JsonPropertyName("hidden")] public bool? Hidden { get; init; }
    [JsonPropertyName("roomAdmin")] public bool? RoomAdmin { get; init; }
    [JsonPropertyName("roomCreate")] public bool? RoomCreate { get; init; }
    [JsonPropertyName("roomList")] public bool? RoomList { get; init; }
    [JsonPropertyName("roomRecord")] public bool? RoomRecord { get; init; }
    [JsonPropertyName("ingressAdmin")] public bool? IngressAdmin { get; init; }
    [JsonPropertyName("canUpdateOwnMetadata")] public bool? CanUpdateOwnMetadata { get; init; }

    /// <summary>Which sources a publisher may publish (<c>camera</c>, <c>microphone</c>, ...); omitted means any.</summary>
    [JsonPropertyName("canPublishSources")] public IReadOnlyList<string>? CanPublishSources { get; init; }

    /// <summary>The stream owner: publishes camera/mic, subscribes, sends data.</summary>
    public static VideoGrant Publisher(string room) => new()
    {
        RoomJoin = true,
        Room = room,
        CanPublish = true,
        CanSubscribe = true,
        CanPublishData = true,
    };

    /// <summary>A guest on the owner's stage: watches, and publishes their camera and microphone only.</summary>
    public static VideoGrant StageGuest(string room, bool canPublishData = true) => new()
    {
        RoomJoin = true,
        Room = room,
        CanPublish = true,
        CanSubscribe = true,
        CanPublishData = canPublishData,
        CanPublishSources = ["camera", "microphone"],
    };

    /// <summary>A viewer: watches and (unless timed out of chat) sends data messages, never publishes media.</summary>
    public static VideoGrant Subscriber(string room, bool canPublishData = true) => new()
    {
        RoomJoin = true,
        Room = room,
        CanPublish = false,
        CanSubscribe = true,
        CanPublishData = canPublishData,
    };
}
