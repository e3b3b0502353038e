using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace PawfectLive.SystemTests;

/// <summary>Hostile and broken input through the gateway: always a clear 4xx problem, never a 5xx, nothing stored.</summary>
[Collection(SystemCollection.Name)]
public sealed class BadInputTests
{
    private readonly PawfectLiveAppFixture _system;

    public BadInputTests(PawfectLiveAppFixture system, ITestOutputHelper output) => _system = system.WithLogsTo(output);

    private static string NewUser() => $"bad-{Guid.NewGuid():N}"[..20];

    private async Task<bool> IsLiveAsync(string ownerId)
    {
        using var anonymous = _system.ClientWith(null);
        var active = await anonymous.GetFromJsonAsync<JsonElement>("/api/live/active?limit=100");
        return active.GetProperty("items").EnumerateArray().Any(item => item.GetProperty("ownerId").GetString() == ownerId);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("https://", problem.GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
    }

    public static TheoryData<string, string> RejectedStartBodies => new()
    {
        { "wrong type", """{"title": 42}""" },
        { "tags not a list", """{"tags": "dogs"}""" },
        { "unknown field", """{"title": "ok", "isLive": false}""" },
        { "huge tag list", JsonSerializer.Serialize(new { tags = Enumerable.Range(0, 5000).Select(i => $"tag{i}") }) },
        { "tag with markup", """{"tags": ["<b>dogs</b>"]}""" },
        { "control characters", "{\"title\": \"bell\\u0007\"}" },
        { "truncated", """{"title": "Rex""" },
        { "not JSON", "title=Rex" },
        { "JSON array", """["Rex"]""" },
        { "javascript url", """{"coverUrl": "javascript:alert(1)"}""" },
        { "record not a boolean", """{"title": "ok", "record": "yes"}""" },
        { "title of 121 emoji", JsonSerializer.Serialize(new { title = string.Concat(Enumerable.Repeat("🐕", 121)) }) },
    };

    [Theory]
    [MemberData(nameof(RejectedStartBodies))]
    public async Task Start_refuses_bad_bodies_with_400_and_stores_nothing(string why, string body)
    {
        var ownerId = NewUser();
        using var owner = _system.ClientWith(await _system.TokenAsync(ownerId));

        var response = await owner.PostAsync("/api/live/start", new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.False(await IsLiveAsync(ownerId), why);
    }

    [Fact]
    public async Task Recording_and_encoders_refuse_bad_input_with_problems_and_start_nothing()
    {
        var ownerId = NewUser();
        using var owner = _system.ClientWith(await _system.TokenAsync(ownerId));
        var started = await owner.StartStreamAsync(new { title = "bad input" });
        var ingresses = _system.LiveKit.Ingresses.Count;

        foreach (var body in new[] { """{"type": "srt"}""", """{"type": 5}""", "{}", """{"type": "rtmp", "streamKey": "mine"}""", "rtmp" })
        {
            await AssertProblemAsync(await owner.PostAsync($"/api/live/{started.StreamId}/ingress", new StringContent(body, Encoding.UTF8, "application/json")),
                HttpStatusCode.BadRequest);
        }
        await AssertProblemAsync(await owner.GetAsync($"/api/live/{started.StreamId}/ingress"), HttpStatusCode.NotFound);
        Assert.Equal(ingresses, _system.LiveKit.Ingresses.Count);
        await AssertProblemAsync(await owner.PostAsync("/api/live/not-a-stream-id/recording", null), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await owner.GetAsync("/api/live/replays?limit=0"), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await owner.GetAsync("/api/live/replays?cursor=not-a-cursor"), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await owner.GetAsync($"/api/live/replays?ownerId={new string('x', 200)}"), HttpStatusCode.BadRequest);

        await owner.StopStreamAsync(started.StreamId);
        await AssertProblemAsync(await owner.PostAsync($"/api/live/{started.StreamId}/recording", null), HttpStatusCode.Gone);
        await AssertProblemAsync(await owner.PostAsJsonAsync($"/api/live/{started.StreamId}/ingress", new { type = "rtmp" }), HttpStatusCode.Gone);
        await AssertProblemAsync(await owner.GetAsync($"/api/live/{started.StreamId}/recording"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await owner.GetAsync($"/api/live/{started.StreamId}/replay"), HttpStatusCode.NotFound);
        Assert.DoesNotContain(_system.LiveKit.Calls, call => call.Method.StartsWith("Egress.", StringComparison.Ordinal)
            && call.Body["room_name"]?.GetValue<string>() == started.RoomName);
        Assert.Equal(ingresses, _system.LiveKit.Ingresses.Count);
    }

    [Fact]
    public async Task An_oversized_body_is_413()
    {
        var ownerId = NewUser();
        using var owner = _system.ClientWith(await _system.TokenAsync(ownerId));
        var body = JsonSerializer.Serialize(new { title = new string('x', 200_000) });

        var response = await owner.PostAsync("/api/live/start", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.False(await IsLiveAsync(ownerId));
    }

    [Fact]
    public async Task Script_tags_and_tricky_unicode_are_stored_and_echoed_as_inert_json_text()
    {
        using var owner = _system.ClientWith(await _system.TokenAsync(NewUser()));
        var title = "<script>alert('x')</script> 👨‍👩‍👧‍👦 é\u0301 \u202Eevil";

        var started = await owner.PostAsJsonAsync("/api/live/start", new { title });
        var streamId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("streamId").GetString();
        var read = await owner.GetAsync($"/api/live/{streamId}");

        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        Assert.Equal("application/json", read.Content.Headers.ContentType?.MediaType);
        var raw = await read.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>", raw);   // escaped on the wire
        Assert.Equal(title.Normalize(NormalizationForm.FormC), (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_seeded_fuzz_pass_over_the_json_endpoints_never_gets_a_5xx_or_stores_a_refused_stream()
    {
        var random = new Random(424242);
        var adminToken = await _system.TokenAsync("fuzz-admin", admin: true);
        var ownerId = NewUser();
        using var owner = _system.ClientWith(await _system.TokenAsync(ownerId));
        var streamId = (await owner.StartStreamAsync(new { title = "fuzz target" })).StreamId;
        string[] keys = ["title", "tags", "coverUrl", "streamId", "userId", "reason", "name", "admin", "", "__proto__", "tİtle"];
        var failures = new List<string>();

        for (var i = 0; i < 250; i++)
        {
            var body = random.Next(10) == 0 ? Garbage(random) : RandomObject(random, keys, depth: 0).ToJsonString();
            var starterId = NewUser();
            var (path, token) = (i % 4) switch
            {
                0 => ("/api/live/start", await _system.TokenAsync(starterId)),
                1 => ("/api/live/stop", await _system.TokenAsync(ownerId)),
                2 => ($"/api/live/{streamId}/block", adminToken),
                _ => ($"/api/live/{streamId}/report", adminToken),
            };
            using var client = _system.ClientWith(token);
            var response = await client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
            var status = (int)response.StatusCode;
            if (status >= 500)
            {
                failures.Add($"{path} {body} -> {status} {await response.Content.ReadAsStringAsync()}");
            }
            else if (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                failures.Add($"{path} {body} -> {status} without a problem body");
            }
            if (i % 4 == 0 && status != 201 && await IsLiveAsync(starterId))
            {
                failures.Add($"{path} {body} -> {status} but a stream was stored");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)));
    }

    private static string Garbage(Random random)
    {
        var bytes = new byte[random.Next(1, 64)];
        random.NextBytes(bytes);
        return random.Next(2) == 0 ? Encoding.Latin1.GetString(bytes) : "{\"title\": \"" + Encoding.Latin1.GetString(bytes);
    }

    private static JsonObject RandomObject(Random random, string[] keys, int depth)
    {
        var result = new JsonObject();
        for (var i = random.Next(0, 4); i > 0; i--)
        {
            result[keys[random.Next(keys.Length)]] = RandomValue(random, keys, depth + 1);
        }
        return result;
    }

    private static JsonNode? RandomValue(Random random, string[] keys, int depth) => random.Next(depth > 2 ? 6 : 8) switch
    {
        0 => null,
        1 => random.Next(2) == 0,
        2 => random.Next(3) switch { 0 => (JsonNode)random.Next(), 1 => (JsonNode)(random.NextDouble() * 1e300), _ => (JsonNode)long.MinValue },
        3 => RandomString(random, random.Next(0, 40)),
        4 => RandomString(random, random.Next(100, 3000)),
        5 => "https://" + RandomString(random, 10) + ".example/x.jpg",
        6 => new JsonArray(Enumerable.Range(0, random.Next(0, 15)).Select(_ => RandomValue(random, keys, depth + 1)).ToArray()),
        _ => RandomObject(random, keys, depth),
    };

    private static string RandomString(Random random, int length)
    {
        string[] alphabet = ["a", "Z", "0", " ", "#", "<", ">", "\"", "\\", "é", "🐶", "👨‍👩‍👧", "\u0000", "\u202E", "\u200B", "ß", "İ", "\n"];
        var builder = new StringBuilder();
        for (var i = 0; i < length; i++)
        {
            builder.Append(alphabet[random.Next(alphabet.Length)]);
        }
        return builder.ToString();
    }
}
