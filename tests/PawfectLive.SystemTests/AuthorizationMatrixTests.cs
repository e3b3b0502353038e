using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using PawfectLive.ServiceDefaults.Authentication;
using Xunit.Abstractions;

namespace PawfectLive.SystemTests;

/// <summary>Every route of the public API × every kind of caller → the status the contract promises, through the gateway.</summary>
[Collection(SystemCollection.Name)]
public sealed class AuthorizationMatrixTests
{
    private readonly PawfectLiveAppFixture _system;

    public AuthorizationMatrixTests(PawfectLiveAppFixture system, ITestOutputHelper output) => _system = system.WithLogsTo(output);

    public enum Caller { Anonymous, User, Owner, Blocked, Admin, Expired, OtherKey, Moderator, TimedOut }

    private const int Unauthorized = 401, Forbidden = 403;

    // route, then the expected status for: Anonymous, User, Owner, Blocked, Admin, Expired, OtherKey, Moderator, TimedOut
    private static readonly (string Route, int[] Expected)[] Matrix =
    [
        ("POST /api/live/start", [Unauthorized, 201, 409, 201, 201, Unauthorized, Unauthorized, 201, 201]),
        ("POST /api/live/stop", [Unauthorized, Forbidden, 200, Forbidden, Forbidden, Unauthorized, Unauthorized, Forbidden, Forbidden]),
        ("GET /api/live/active", [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("GET /api/live/{id}", [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("GET /api/live/{id}/watch", [Unauthorized, 200, 200, Forbidden, 200, Unauthorized, Unauthorized, 200, 200]),
        ("POST /api/live/{id}/end", [Unauthorized, Forbidden, Forbidden, Forbidden, 200, Unauthorized, Unauthorized, Forbidden, Forbidden]),
        ("POST /api/live/{id}/block", [Unauthorized, Forbidden, 200, Forbidden, 200, Unauthorized, Unauthorized, 200, Forbidden]),
        ("DELETE /api/live/{id}/block/{blocked}", [Unauthorized, Forbidden, 200, Forbidden, 200, Unauthorized, Unauthorized, 200, Forbidden]),
        ("GET /api/live/{id}/moderators", [Unauthorized, Forbidden, 200, Forbidden, 200, Unauthorized, Unauthorized, 200, Forbidden]),
        ("POST /api/live/{id}/moderators", [Unauthorized, Forbidden, 200, Forbidden, 200, Unauthorized, Unauthorized, Forbidden, Forbidden]),
        ("DELETE /api/live/{id}/moderators/{moderator}", [Unauthorized, Forbidden, 200, Forbidden, 200, Unauthorized, Unauthorized, Forbidden, Forbidden]),
        ("POST /api/live/{id}/timeouts", [Unauthorized, Forbidden, 200, Forbidden, 200, Unauthorized, Unauthorized, 200, Forbidden]),
        ("DELETE /api/live/{id}/timeouts/{blocked}", [Unauthorized, Forbidden, 200, Forbidden, 200, Unauthorized, Unauthorized, 200, Forbidden]),
        ("GET /api/live/{id}/chat-settings", [Unauthorized, 200, 200, Forbidden, 200, Unauthorized, Unauthorized, 200, 200]),
        ("PATCH /api/live/{id}/chat-settings", [Unauthorized, Forbidden, 200, Forbidden, 200, Unauthorized, Unauthorized, 200, Forbidden]),
        ("GET /api/live/{id}/blocked-words", [Unauthorized, Forbidden, 200, Forbidden, 200, Unauthorized, Unauthorized, 200, Forbidden]),
        ("PUT /api/live/{id}/blocked-words", [Unauthorized, Forbidden, 200, Forbidden, 200, Unauthorized, Unauthorized, Forbidden, Forbidden]),
        ("PUT /api/live/{id}/pinned", [Unauthorized, Forbidden, 200, Forbidden, 200, Unauthorized, Unauthorized, 200, Forbidden]),
        ("DELETE /api/live/{id}/pinned", [Unauthorized, Forbidden, 200, Forbidden, 200, Unauthorized, Unauthorized, 200, Forbidden]),
        ("GET /api/live/mine", [Unauthorized, 200, 200, 200, 200, Unauthorized, Unauthorized, 200, 200]),
        ("GET /api/live/{id}/stats", [Unauthorized, Forbidden, 200, Forbidden, 200, Unauthorized, Unauthorized, 200, Forbidden]),
        ("POST /api/live/{id}/report", [Unauthorized, 202, 202, 202, 202, Unauthorized, Unauthorized, 202, 202]),
        ("GET /api/live/reports", [Unauthorized, Forbidden, Forbidden, Forbidden, 200, Unauthorized, Unauthorized, Forbidden, Forbidden]),
        ("POST /api/live/reports/{report}/resolve", [Unauthorized, Forbidden, Forbidden, Forbidden, 200, Unauthorized, Unauthorized, Forbidden, Forbidden]),
        ("GET /api/live/audit", [Unauthorized, Forbidden, Forbidden, Forbidden, 200, Unauthorized, Unauthorized, Forbidden, Forbidden]),
        ("POST /api/live/{id}/recording", [Unauthorized, Forbidden, 202, Forbidden, Forbidden, Unauthorized, Unauthorized, Forbidden, Forbidden]),
        ("GET /api/live/{id}/recording", [Unauthorized, Forbidden, 200, Forbidden, 200, Unauthorized, Unauthorized, Forbidden, Forbidden]),
        ("GET /api/live/{ended}/replay", [Unauthorized, 200, 200, Forbidden, 200, Unauthorized, Unauthorized, 200, 200]),
        ("DELETE /api/live/{ended}/replay", [Unauthorized, Forbidden, 204, Forbidden, 204, Unauthorized, Unauthorized, Forbidden, Forbidden]),
        ("GET /api/live/replays", [Unauthorized, 200, 200, 200, 200, Unauthorized, Unauthorized, 200, 200]),
        ("POST /api/live/{id}/ingress", [Unauthorized, Forbidden, 201, Forbidden, Forbidden, Unauthorized, Unauthorized, Forbidden, Forbidden]),
        ("GET /api/live/{id}/ingress", [Unauthorized, Forbidden, 200, Forbidden, Forbidden, Unauthorized, Unauthorized, Forbidden, Forbidden]),
        ("GET /api/live/{id}/stage", [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("POST /api/live/{id}/stage/invitations", [Unauthorized, Forbidden, 200, Forbidden, Forbidden, Unauthorized, Unauthorized, Forbidden, Forbidden]),
        ("POST /api/live/{id}/stage/requests", [Unauthorized, 200, 400, Forbidden, 200, Unauthorized, Unauthorized, 200, 409]),
        ("DELETE /api/live/{id}/stage/{requester}", [Unauthorized, Forbidden, 200, Forbidden, 200, Unauthorized, Unauthorized, Forbidden, Forbidden]),
        ("POST /api/webhooks/livekit", [Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized]),
        ("POST /hubs/live/negotiate?negotiateVersion=1", [Unauthorized, 200, 200, 200, 200, Unauthorized, Unauthorized, 200, 200]),
        ("POST /api/schedules", [Unauthorized, 201, 201, 201, 201, Unauthorized, Unauthorized, 201, 201]),
        ("PATCH /api/schedules/{schedule}", [Unauthorized, Forbidden, 200, Forbidden, Forbidden, Unauthorized, Unauthorized, Forbidden, Forbidden]),
        ("DELETE /api/schedules/{schedule}", [Unauthorized, Forbidden, 200, Forbidden, 200, Unauthorized, Unauthorized, Forbidden, Forbidden]),
        ("PUT /api/follows/{owner}", [Unauthorized, 200, 400, 200, 200, Unauthorized, Unauthorized, 200, 200]),
        ("POST /hubs/notifications/negotiate?negotiateVersion=1", [Unauthorized, 200, 200, 200, 200, Unauthorized, Unauthorized, 200, 200]),
    ];

    public static TheoryData<string, Caller, int> Cases()
    {
        var cases = new TheoryData<string, Caller, int>();
        foreach (var (route, expected) in Matrix)
        {
            foreach (var caller in Enum.GetValues<Caller>())
            {
                cases.Add(route, caller, expected[(int)caller]);
            }
        }
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_route_answers_each_caller_as_the_contract_says(string route, Caller caller, int expected)
    {
        // A fresh scene per case: an owner with a live, recorded stream, a user blocked from it, a moderator of it and a user
        // timed out of its chat; {ended} routes act on that stream once it has ended with a ready replay.
        var ownerId = $"m-owner-{Guid.NewGuid():N}"[..22];
        var blockedId = $"m-blocked-{Guid.NewGuid():N}"[..22];
        var moderatorId = $"m-mod-{Guid.NewGuid():N}"[..22];
        var timedOutId = $"m-loud-{Guid.NewGuid():N}"[..22];
        using var owner = _system.ClientWith(await _system.TokenAsync(ownerId));
        var started = await owner.StartStreamAsync(new { title = "matrix", record = true });
        var streamId = started.StreamId;
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync($"/api/live/{streamId}/block", new { userId = blockedId })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync($"/api/live/{streamId}/moderators", new { userId = moderatorId })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync($"/api/live/{streamId}/timeouts", new { userId = timedOutId, seconds = 600 })).StatusCode);

        var userId = $"m-user-{Guid.NewGuid():N}"[..22];
        var adminId = $"m-admin-{Guid.NewGuid():N}"[..22];
        if (route == "POST /api/live/{id}/stage/requests"
            && caller switch { Caller.User => userId, Caller.Admin => adminId, Caller.Moderator => moderatorId, _ => null } is { } raiser)
        {
            await _system.WatchAsync(started.RoomName, streamId, raiser); // only a watching user raises a paw
        }
        using var client = _system.ClientWith(caller switch
        {
            Caller.Anonymous => null,
            Caller.User => await _system.TokenAsync(userId),
            Caller.Owner => await _system.TokenAsync(ownerId),
            Caller.Blocked => await _system.TokenAsync(blockedId),
            Caller.Admin => await _system.TokenAsync(adminId, admin: true),
            Caller.Expired => LocalTokens(TimeProvider.System, DateTimeOffset.UtcNow.AddHours(-2)).Issue(ownerId, lifetime: TimeSpan.FromHours(1)),
            Caller.OtherKey => LocalTokens(TimeProvider.System, signingKey: "a-key-that-the-pawfectlive-services-never-trusted").Issue(ownerId),
            Caller.Moderator => await _system.TokenAsync(moderatorId),
            Caller.TimedOut => await _system.TokenAsync(timedOutId),
            _ => throw new ArgumentOutOfRangeException(nameof(caller)),
        });

        if (route.Contains("{ended}", StringComparison.Ordinal))
        {
            await _system.RecordUntilReplayAsync(owner, ownerId, started);
        }
        if (route == "GET /api/live/{id}/ingress")
        {
            Assert.Equal(HttpStatusCode.Created, (await owner.PostAsJsonAsync($"/api/live/{streamId}/ingress", new { type = "whip" })).StatusCode);
        }
        var requesterId = $"m-paw-{Guid.NewGuid():N}"[..22];
        if (route.Contains("/stage/", StringComparison.Ordinal))
        {
            using var requester = _system.ClientWith(await _system.TokenAsync(requesterId));
            await _system.WatchAsync(started.RoomName, streamId, requesterId);
            Assert.Equal(HttpStatusCode.OK, (await requester.PostAsync($"/api/live/{streamId}/stage/requests", null)).StatusCode);
        }
        var reportId = "";
        if (route.Contains("{report}", StringComparison.Ordinal))
        {
            using var reporter = _system.ClientWith(await _system.TokenAsync($"m-reporter-{Guid.NewGuid():N}"[..22]));
            var report = await reporter.PostAsJsonAsync($"/api/live/{streamId}/report", new { reason = "matrix report" });
            reportId = (await report.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        }
        var scheduleId = "";
        if (route.Contains("{schedule}", StringComparison.Ordinal))
        {
            var schedule = await owner.PostAsJsonAsync("/api/schedules", new { title = "matrix schedule", startsAt = DateTimeOffset.UtcNow.AddDays(1) });
            scheduleId = (await schedule.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        }
        var (method, path) = (route.Split(' ')[0], route.Split(' ')[1].Replace("{id}", streamId).Replace("{ended}", streamId).Replace("{blocked}", blockedId)
            .Replace("{moderator}", moderatorId).Replace("{requester}", requesterId).Replace("{report}", reportId)
            .Replace("{schedule}", scheduleId).Replace("{owner}", ownerId));
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Content = route switch
        {
            "POST /api/live/start" => JsonContent.Create(new { title = "matrix start" }),
            "POST /api/live/stop" => JsonContent.Create(new { streamId }),
            "POST /api/live/{id}/block" => JsonContent.Create(new { userId = "someone-else" }),
            "POST /api/live/{id}/moderators" => JsonContent.Create(new { userId = "someone-new" }),
            "POST /api/live/{id}/timeouts" => JsonContent.Create(new { userId = "someone-loud", seconds = 60 }),
            "POST /api/live/{id}/report" => JsonContent.Create(new { reason = "matrix report" }),
            "PATCH /api/live/{id}/chat-settings" => JsonContent.Create(new { slowModeSeconds = 10 }),
            "PUT /api/live/{id}/blocked-words" => JsonContent.Create(new { words = new[] { "kibble" } }),
            "PUT /api/live/{id}/pinned" => JsonContent.Create(new { text = "Be kind" }),
            "POST /api/live/reports/{report}/resolve" => JsonContent.Create(new { action = "dismiss" }),
            "POST /api/live/{id}/ingress" => JsonContent.Create(new { type = "rtmp" }),
            "POST /api/live/{id}/stage/invitations" => JsonContent.Create(new { userId = requesterId }),
            "POST /api/webhooks/livekit" => JsonContent.Create(new { @event = "room_started", id = "EV_matrix" }),
            "POST /api/schedules" => JsonContent.Create(new { title = "matrix schedule", startsAt = DateTimeOffset.UtcNow.AddDays(1) }),
            "PATCH /api/schedules/{schedule}" => JsonContent.Create(new { title = "matrix edit" }),
            _ => null,
        };

        var response = await client.SendAsync(request);

        Assert.True(expected == (int)response.StatusCode,
            $"{route} as {caller}: expected {expected}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        if (expected >= 400 && path.StartsWith("/api/", StringComparison.Ordinal))
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    /// <summary>Tokens like the gateway's development endpoint mints, but expired or signed with another key.</summary>
    private static DevelopmentTokenIssuer LocalTokens(TimeProvider time, DateTimeOffset? now = null, string? signingKey = null)
    {
        var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "PawfectLive.AppHost", "appsettings.json"))).RootElement;
        var jwt = settings.GetProperty("Authentication").GetProperty("Jwt");
        var options = new JwtAuthOptions
        {
            Issuer = jwt.GetProperty("Issuer").GetString()!,
            Audience = jwt.GetProperty("Audience").GetString()!,
            SigningKey = signingKey ?? settings.GetProperty("Parameters").GetProperty("jwt-signing-key").GetString(),
        };
        return new DevelopmentTokenIssuer(Options.Create(options), now is { } fixedNow ? new FixedTime(fixedNow) : time);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
