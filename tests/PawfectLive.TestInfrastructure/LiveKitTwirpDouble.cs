using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PawfectLive.TestInfrastructure;

public sealed record TwirpCall(string Method, JsonObject Body, JsonObject Grant, HttpStatusCode Answer);

/// <summary>
/// A local stand-in for LiveKit's RoomService Twirp API. Like LiveKit, it checks the bearer token (HS256 with the API
/// secret, issuer = API key, unexpired) and the grant each method needs, answers Twirp errors as JSON with their
/// HTTP status (404 for a missing room or participant), and records every call. Outages can be switched on.
/// </summary>
public sealed class LiveKitTwirpDouble : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<TwirpCall> _calls = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, Participant>> _rooms = new();
    private readonly ConcurrentDictionary<string, string> _metadata = new();
    private int _failuresToInject;

    private LiveKitTwirpDouble(WebApplication app, string apiKey, string apiSecret)
    {
        _app = app;
        ApiKey = apiKey;
        ApiSecret = apiSecret;
    }

    public string ApiKey { get; }
    public string ApiSecret { get; }
    public int Port { get; private set; }

    /// <summary>The URL clients would connect to (ws://); the API is reached over http on the same port.</summary>
    public string Url => $"ws://127.0.0.1:{Port}";

    public IReadOnlyList<TwirpCall> Calls => _calls.ToArray();

    /// <summary>How the double answers while failures are injected: a status code, or a hang past any client timeout.</summary>
    public HttpStatusCode FailureStatus { get; set; } = HttpStatusCode.InternalServerError;
    public bool HangOnFailure { get; set; }

    public static async Task<LiveKitTwirpDouble> StartAsync(string apiKey = "twirp-double-key", string apiSecret = "twirp-double-secret-for-tests")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var port = FreePorts.Find();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var twirp = new LiveKitTwirpDouble(app, apiKey, apiSecret) { Port = port };
        app.MapPost("/twirp/livekit.RoomService/{method}", twirp.HandleAsync);
        app.MapPost("/twirp/livekit.Egress/{method}", twirp.HandleEgressAsync);
        app.MapPost("/twirp/livekit.Ingress/{method}", twirp.HandleIngressAsync);
        app.MapGet("/rtc", twirp.HandleClientConnect);
        app.MapGet("/rtc/v1", twirp.HandleClientConnect);
        await app.StartAsync();
        return twirp;
    }

    /// <summary>
    /// The next <paramref name="count"/> room commands fail (answered with <see cref="FailureStatus"/> or hanging). The
    /// listings Streams' reconciliation polls (ListRooms, ListParticipants) are not counted: see <see cref="ListingsFail"/>.
    /// </summary>
    public void FailNext(int count) => Interlocked.Exchange(ref _failuresToInject, count);

    /// <summary>While true, ListRooms and ListParticipants answer <see cref="FailureStatus"/>.</summary>
    public bool ListingsFail { get; set; }

    private static bool IsListing(string method) => method is "ListRooms" or "ListParticipants";

    /// <summary>
    /// A participant LiveKit holds in <paramref name="room"/>, as its token made it: by default a plain viewer's
    /// permission (subscribe, publish data) and no metadata; <paramref name="kind"/> EGRESS, INGRESS, AGENT… for others.
    /// </summary>
    public void AddParticipant(string room, string identity, JsonObject? permission = null, string metadata = "", string? kind = null) =>
        _rooms.GetOrAdd(room, _ => new()).TryAdd(identity, new Participant
        {
            Permission = permission ?? PlainViewerPermission(),
            Metadata = metadata,
            Kind = kind,
        });

    /// <summary>What a plain viewer token grants, as LiveKit reports it.</summary>
    public static JsonObject PlainViewerPermission() => new() { ["can_subscribe"] = true, ["can_publish"] = false, ["can_publish_data"] = true };

    /// <summary>The participant's permission and metadata as LiveKit holds them now (null: not in the room).</summary>
    public (JsonObject Permission, string Metadata)? ParticipantState(string room, string identity) =>
        _rooms.TryGetValue(room, out var people) && people.TryGetValue(identity, out var participant)
            ? ((JsonObject)participant.Permission.DeepClone(), participant.Metadata)
            : null;

    /// <summary>The participant publishes a camera track (ListParticipants shows it), without the webhook LiveKit would send.</summary>
    public void PublishTrack(string room, string identity) =>
        _rooms.GetOrAdd(room, _ => new()).GetOrAdd(identity, _ => new Participant { Permission = PlainViewerPermission() }).Publishing = true;

    /// <summary>
    /// Called when a client (a browser's LiveKit SDK) tries to join a room with a valid token: the room, the identity and
    /// the token's <c>video</c> grant. The double cannot carry media (it answers 404), but it puts the participant in the
    /// room and lets a test play LiveKit's <c>participant_joined</c> webhook, as the real server would.
    /// </summary>
    public Func<string, string, JsonObject, Task>? ClientConnected { get; set; }

    private IResult HandleClientConnect(HttpContext http)
    {
        if (VerifyClaims(http.Request.Query["access_token"].ToString()) is { } claims
            && claims["video"] is JsonObject grant && grant["room"]?.GetValue<string>() is { Length: > 0 } room
            && claims["sub"]?.GetValue<string>() is { Length: > 0 } identity)
        {
            var permission = new JsonObject
            {
                ["can_subscribe"] = grant["canSubscribe"]?.GetValue<bool>() == true,
                ["can_publish"] = grant["canPublish"]?.GetValue<bool>() == true,
                ["can_publish_data"] = grant["canPublishData"]?.GetValue<bool>() == true,
            };
            AddParticipant(room, identity, permission, claims["metadata"]?.GetValue<string>() ?? "");
            if (ClientConnected is { } connected)
            {
                _ = Task.Run(() => connected(room, identity, grant));
            }
        }
        return Results.NotFound();
    }

    /// <summary>While true, every LiveKit API (room, egress, ingress; listings too) answers 503: LiveKit is down.</summary>
    public bool Unavailable { get; set; }

    private sealed class Participant
    {
        public bool Publishing { get; set; }
        public string? Kind { get; set; }
        public JsonObject Permission { get; set; } = [];
        public string Metadata { get; set; } = "";
    }

    /// <summary>A room with nobody in it yet (LiveKit creates rooms on first join or by CreateRoom).</summary>
    public void AddRoom(string room) => _rooms.GetOrAdd(room, _ => new());

    /// <summary>LiveKit lost a participant without telling (a dropped participant_left).</summary>
    public void DropParticipant(string room, string identity)
    {
        if (_rooms.TryGetValue(room, out var people))
        {
            people.TryRemove(identity, out _);
        }
    }

    public bool RoomExists(string room) => _rooms.ContainsKey(room);

    /// <summary>The room's metadata as the last <c>UpdateRoomMetadata</c> wrote it (null: never written).</summary>
    public string? RoomMetadata(string room) => _metadata.TryGetValue(room, out var metadata) ? metadata : null;

    public bool HasParticipant(string room, string identity) => _rooms.TryGetValue(room, out var people) && people.ContainsKey(identity);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    /// <summary>While true, the Egress service answers like a LiveKit without Egress deployed (503 "no response from egress service").</summary>
    public bool EgressUnavailable { get; set; }

    /// <summary>While true, the Ingress service answers 503 like a LiveKit without Ingress deployed.</summary>
    public bool IngressUnavailable { get; set; }

    /// <summary>Egresses started and not stopped, by id (with the room they record).</summary>
    public IReadOnlyDictionary<string, string> RunningEgresses => new Dictionary<string, string>(_egresses);

    /// <summary>Ingresses created and not deleted, by id (with their room).</summary>
    public IReadOnlyDictionary<string, string> Ingresses => new Dictionary<string, string>(_ingresses);

    /// <summary>The URL the double gives every RTMP ingress.</summary>
    public const string RtmpIngressUrl = "rtmp://127.0.0.1:1935/live";

    private readonly ConcurrentDictionary<string, string> _egresses = new();

    // What ListEgress reports beyond the running ones (EGRESS_ACTIVE): stopped ones ending, completed ones with results.
    private readonly ConcurrentDictionary<string, (string Room, string Status, double? Duration, long? Size)> _endedEgresses = new();

    /// <summary>An egress somebody else started in a room (ListEgress shows it running).</summary>
    public string AddEgress(string room)
    {
        var egressId = $"EG_{Guid.NewGuid():N}"[..15];
        _egresses[egressId] = room;
        return egressId;
    }

    /// <summary>LiveKit finished an egress (ListEgress reports it complete with these results), without sending the webhook.</summary>
    public void CompleteEgress(string egressId, double durationSeconds, long sizeBytes)
    {
        var room = _egresses.TryRemove(egressId, out var running) ? running : _endedEgresses[egressId].Room;
        _endedEgresses[egressId] = (room, "EGRESS_COMPLETE", durationSeconds, sizeBytes);
    }
    private readonly ConcurrentDictionary<string, string> _ingresses = new();

    private async Task<IResult> HandleEgressAsync(string method, HttpContext http)
    {
        var body = await JsonNode.ParseAsync(http.Request.Body) as JsonObject ?? [];
        if (Unavailable)
        {
            return Record("Egress." + method, body, [], HttpStatusCode.ServiceUnavailable, "unavailable", "LiveKit is down");
        }
        var grant = VerifyBearer(http.Request.Headers.Authorization.ToString());
        if (grant is null || grant["roomRecord"]?.GetValue<bool>() != true)
        {
            return Record("Egress." + method, body, grant ?? [], HttpStatusCode.Unauthorized, "permission_denied", "roomRecord grant required");
        }
        if (EgressUnavailable)
        {
            return Record("Egress." + method, body, grant, HttpStatusCode.ServiceUnavailable, "unavailable", "no response from egress service");
        }
        switch (method)
        {
            case "StartRoomCompositeEgress":
                var room = Field(body, "room_name") ?? "";
                var egressId = $"EG_{Guid.NewGuid():N}"[..15];
                _egresses[egressId] = room;
                Record("Egress." + method, body, grant, HttpStatusCode.OK);
                return Results.Json(new { egress_id = egressId, room_name = room, status = "EGRESS_STARTING" });
            case "StopEgress":
                var stopped = Field(body, "egress_id") ?? "";
                if (!_egresses.TryRemove(stopped, out var stoppedRoom))
                {
                    return Record("Egress." + method, body, grant, HttpStatusCode.NotFound, "not_found", "egress not found");
                }
                _endedEgresses.TryAdd(stopped, (stoppedRoom, "EGRESS_ENDING", null, null));
                return Record("Egress." + method, body, grant, HttpStatusCode.OK);
            case "ListEgress":
                var listed = Field(body, "room_name");
                Record("Egress." + method, body, grant, HttpStatusCode.OK);
                var now = ((DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var items = _egresses.Where(e => e.Value == listed)
                    .Select(e => new Dictionary<string, object> { ["egress_id"] = e.Key, ["room_name"] = e.Value, ["status"] = "EGRESS_ACTIVE", ["updated_at"] = now })
                    .Concat(_endedEgresses.Where(e => e.Value.Room == listed).Select(e =>
                    {
                        var info = new Dictionary<string, object> { ["egress_id"] = e.Key, ["room_name"] = e.Value.Room, ["status"] = e.Value.Status, ["updated_at"] = now };
                        if (e.Value.Duration is { } duration)
                        {
                            var nanoseconds = ((long)(duration * 1e9)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                            info["segment_results"] = new[] { new { playlist_name = "index.m3u8", duration = nanoseconds, size = e.Value.Size.ToString() } };
                            info["ended_at"] = now;
                        }
                        return info;
                    }))
                    .ToArray();
                return Results.Json(new { items });
            default:
                return Record("Egress." + method, body, grant, HttpStatusCode.NotFound, "bad_route", "no such method");
        }
    }

    private async Task<IResult> HandleIngressAsync(string method, HttpContext http)
    {
        var body = await JsonNode.ParseAsync(http.Request.Body) as JsonObject ?? [];
        if (Unavailable)
        {
            return Record("Ingress." + method, body, [], HttpStatusCode.ServiceUnavailable, "unavailable", "LiveKit is down");
        }
        var grant = VerifyBearer(http.Request.Headers.Authorization.ToString());
        if (grant is null || grant["ingressAdmin"]?.GetValue<bool>() != true)
        {
            return Record("Ingress." + method, body, grant ?? [], HttpStatusCode.Unauthorized, "permission_denied", "ingressAdmin grant required");
        }
        if (IngressUnavailable)
        {
            return Record("Ingress." + method, body, grant, HttpStatusCode.ServiceUnavailable, "unavailable", "no response from ingress service");
        }
        switch (method)
        {
            case "CreateIngress":
                var room = Field(body, "room_name") ?? "";
                var ingressId = $"IN_{Guid.NewGuid():N}"[..15];
                _ingresses[ingressId] = room;
                Record("Ingress." + method, body, grant, HttpStatusCode.OK);
                var whip = Field(body, "input_type") == "WHIP_INPUT";
                return Results.Json(new
                {
                    ingress_id = ingressId,
                    url = whip ? $"http://127.0.0.1:{Port}/w" : RtmpIngressUrl,
                    stream_key = $"key_{Guid.NewGuid():N}",
                    input_type = Field(body, "input_type"),
                    room_name = room,
                    participant_identity = Field(body, "participant_identity"),
                });
            case "ListIngress":
                var inRoom = Field(body, "room_name") ?? "";
                Record("Ingress." + method, body, grant, HttpStatusCode.OK);
                return Results.Json(new
                {
                    items = _ingresses.Where(i => inRoom.Length == 0 || i.Value == inRoom)
                        .Select(i => new { ingress_id = i.Key, room_name = i.Value, state = new { status = "ENDPOINT_INACTIVE" } }).ToArray(),
                });
            case "DeleteIngress":
                var deleted = Field(body, "ingress_id") ?? "";
                return _ingresses.TryRemove(deleted, out _)
                    ? Record("Ingress." + method, body, grant, HttpStatusCode.OK)
                    : Record("Ingress." + method, body, grant, HttpStatusCode.NotFound, "not_found", "ingress does not exist");
            default:
                return Record("Ingress." + method, body, grant, HttpStatusCode.NotFound, "bad_route", "no such method");
        }
    }

    /// <summary>A field under its proto name or its JSON name, as LiveKit's Twirp server reads either.</summary>
    private static string? Field(JsonObject body, string protoName)
    {
        var parts = protoName.Split('_');
        var jsonName = parts[0] + string.Concat(parts[1..].Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
        return (body[protoName] ?? body[jsonName])?.GetValue<string>();
    }

    private async Task<IResult> HandleAsync(string method, HttpContext http)
    {
        var body = await JsonNode.ParseAsync(http.Request.Body) as JsonObject ?? [];
        if (Unavailable)
        {
            return Record(method, body, [], HttpStatusCode.ServiceUnavailable, "unavailable", "LiveKit is down");
        }
        var grant = VerifyBearer(http.Request.Headers.Authorization.ToString());
        if (grant is null)
        {
            return Record(method, body, [], HttpStatusCode.Unauthorized, "unauthenticated", "invalid token");
        }

        if (IsListing(method) ? ListingsFail : Interlocked.Decrement(ref _failuresToInject) >= 0)
        {
            if (HangOnFailure)
            {
                await Task.Delay(TimeSpan.FromSeconds(30), http.RequestAborted).ContinueWith(_ => { });
            }
            return Record(method, body, grant, FailureStatus, "internal", "injected failure");
        }
        if (!IsListing(method))
        {
            Interlocked.Exchange(ref _failuresToInject, 0);
        }

        var room = body["room"]?.GetValue<string>() ?? "";
        var identity = body["identity"]?.GetValue<string>();
        bool Grants(string name) => grant[name]?.GetValue<bool>() == true;
        var authorized = method switch
        {
            "DeleteRoom" => Grants("roomCreate"),
            "ListRooms" => Grants("roomList"),
            _ => Grants("roomAdmin") && grant["room"]?.GetValue<string>() == room,
        };
        if (!authorized)
        {
            return Record(method, body, grant, HttpStatusCode.Unauthorized, "permission_denied", "missing grant");
        }

        switch (method)
        {
            case "DeleteRoom":
                return _rooms.TryRemove(room, out _)
                    ? Record(method, body, grant, HttpStatusCode.OK)
                    : Record(method, body, grant, HttpStatusCode.NotFound, "not_found", "room not found");
            case "RemoveParticipant":
                return _rooms.TryGetValue(room, out var people) && identity is not null && people.TryRemove(identity, out _)
                    ? Record(method, body, grant, HttpStatusCode.OK)
                    : Record(method, body, grant, HttpStatusCode.NotFound, "not_found", "participant not found");
            case "ListParticipants":
                Record(method, body, grant, HttpStatusCode.OK);
                var participants = _rooms.TryGetValue(room, out var present)
                    ? present.Select(person => new
                    {
                        sid = "PA_" + person.Key,
                        identity = person.Key,
                        state = "ACTIVE",
                        joined_at = "1700000000",
                        kind = person.Value.Kind ?? "STANDARD",
                        permission = person.Value.Permission.DeepClone(),
                        metadata = person.Value.Metadata,
                        tracks = person.Value.Publishing ? new[] { new { sid = "TR_" + person.Key, type = "VIDEO", source = "CAMERA" } } : [],
                    }).ToArray()
                    : [];
                return Results.Json(new { participants });
            case "ListRooms":
                Record(method, body, grant, HttpStatusCode.OK);
                var names = body["names"]?.AsArray().Select(name => name!.GetValue<string>()).ToHashSet() ?? [];
                var rooms = _rooms.Keys.Where(name => names.Count == 0 || names.Contains(name))
                    .Select(name => new { sid = "RM_" + name, name, num_participants = _rooms[name].Count, metadata = RoomMetadata(name) ?? "" }).ToArray();
                return Results.Json(new { rooms });
            case "UpdateParticipant":
                if (!_rooms.TryGetValue(room, out var inRoom) || identity is null || !inRoom.TryGetValue(identity, out var updated))
                {
                    return Record(method, body, grant, HttpStatusCode.NotFound, "not_found", "participant not found");
                }
                if (body["permission"] is JsonObject permission)
                {
                    updated.Permission = (JsonObject)permission.DeepClone(); // LiveKit replaces the whole object.
                }
                if (body["metadata"]?.GetValue<string>() is { Length: > 0 } metadata)
                {
                    updated.Metadata = metadata;
                }
                return Record(method, body, grant, HttpStatusCode.OK);
            case "UpdateRoomMetadata":
                if (!_rooms.ContainsKey(room))
                {
                    return Record(method, body, grant, HttpStatusCode.NotFound, "not_found", "room not found");
                }
                _metadata[room] = body["metadata"]?.GetValue<string>() ?? "";
                return Record(method, body, grant, HttpStatusCode.OK);
            default:
                return Record(method, body, grant, HttpStatusCode.NotFound, "bad_route", "no such method");
        }
    }

    private IResult Record(string method, JsonObject body, JsonObject grant, HttpStatusCode status, string? code = null, string? message = null)
    {
        _calls.Enqueue(new TwirpCall(method, body, grant, status));
        return status == HttpStatusCode.OK
            ? Results.Json(new { })
            : Results.Json(new { code, msg = message }, statusCode: (int)status);
    }

    /// <summary>The token's <c>video</c> grant when it is a valid LiveKit token for this key pair; else null.</summary>
    private JsonObject? VerifyBearer(string authorization) =>
        authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? VerifyClaims(authorization["Bearer ".Length..])?["video"] as JsonObject : null;

    /// <summary>The token's claims when it is a valid LiveKit token for this key pair; else null.</summary>
    private JsonObject? VerifyClaims(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(ApiSecret), Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"));
        if (Base64UrlEncode(signature) != parts[2])
        {
            return null;
        }
        var claims = JsonNode.Parse(Base64UrlDecode(parts[1]))!.AsObject();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (claims["iss"]?.GetValue<string>() != ApiKey || claims["exp"] is null || claims["exp"]!.GetValue<long>() < now)
        {
            return null;
        }
        return claims;
    }

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Base64UrlDecode(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + (4 - padded.Length % 4) % 4, '='));
    }
}
