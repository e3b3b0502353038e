using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using PawfectLive.Contracts;
using PawfectLive.FunctionalTests.Streams;
using PawfectLive.Streams.IntegrationEvents.Events;
using Xunit.Abstractions;

namespace PawfectLive.FunctionalTests.Lifecycle;

[Collection(StreamsCollection.Name)]
public sealed class StreamsApiTests
{
    private readonly StreamsFixture _fixture;

    public StreamsApiTests(StreamsFixture fixture, ITestOutputHelper output) => _fixture = fixture.WithLogsTo(output);

    private static string NewUser(string role) => $"{role}-{Guid.NewGuid():N}"[..20];

    private HttpClient As(string userId, bool admin = false) => _fixture.App.ClientFor(TestUsers.Token(userId, admin));

    private static Task<StartedStream> StartAsync(HttpClient client, object? body = null) => client.StartStreamAsync(body);

    private static Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type) =>
        response.ProblemAsync(status, type);

    [Fact]
    public async Task Start_creates_a_live_stream_with_a_publisher_token_and_publishes_StreamStarted()
    {
        var owner = NewUser("owner");
        using var client = As(owner);

        var response = await client.PostAsJsonAsync("/api/live/start",
            new { title = "  Rex at the beach  ", tags = new[] { "#Dogs", "beach", "dogs" }, coverUrl = "https://cdn.example/rex.jpg" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var started = await response.Content.ReadFromJsonAsync<JsonElement>();
        var streamId = started.GetProperty("streamId").GetString()!;
        var roomName = started.GetProperty("roomName").GetString()!;
        Assert.Equal($"/api/live/{streamId}", response.Headers.Location?.ToString());
        Assert.Matches($"^live_{owner}_\\d{{13}}$", roomName);
        Assert.Equal(_fixture.LiveKit.Url, started.GetProperty("url").GetString());

        var claims = await LiveKitSdk.VerifyTokenAsync(_fixture.LiveKit.ApiKey, _fixture.LiveKit.ApiSecret, started.GetProperty("token").GetString()!);
        Assert.Equal(owner, claims["sub"]!.GetValue<string>());
        var video = claims["video"]!;
        Assert.Equal(roomName, video["room"]!.GetValue<string>());
        Assert.True(video["roomJoin"]!.GetValue<bool>());
        Assert.True(video["canPublish"]!.GetValue<bool>());
        Assert.True(video["canSubscribe"]!.GetValue<bool>());
        Assert.True(video["canPublishData"]!.GetValue<bool>());

        var stream = await client.GetFromJsonAsync<JsonElement>($"/api/live/{streamId}");
        Assert.Equal("Rex at the beach", stream.GetProperty("title").GetString());
        Assert.Equal(new[] { "dogs", "beach" }, stream.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToArray());
        Assert.True(stream.GetProperty("isLive").GetBoolean());
        Assert.Equal(0, stream.GetProperty("viewers").GetInt32());

        var published = await _fixture.Events.WaitForAsync<StreamStartedIntegrationEvent>(e => e.StreamId == streamId);
        Assert.Equal(roomName, published.RoomName);
        Assert.Equal(owner, published.OwnerId);
    }

    [Fact]
    public async Task An_owner_has_one_live_stream_at_a_time()
    {
        using var client = As(NewUser("owner"));
        var first = await StartAsync(client);

        var second = await client.PostAsJsonAsync("/api/live/start", new { title = "again" });

        var problem = await ProblemAsync(second, HttpStatusCode.Conflict, "already-live");
        Assert.Equal(first.StreamId, problem.GetProperty("liveStreamId").GetString());
    }

    [Theory]
    [InlineData("""{"title":"0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890"}""", "title")]
    [InlineData("""{"tags":["a","b","c","d","e","f","g","h","i","j","k"]}""", "tags")]
    [InlineData("""{"tags":["has space"]}""", "tags")]
    [InlineData("""{"coverUrl":"ftp://example.com/a.jpg"}""", "coverUrl")]
    [InlineData("""{"coverUrl":"/relative.jpg"}""", "coverUrl")]
    public async Task Start_rejects_invalid_input_with_a_validation_problem_and_stores_nothing(string body, string field)
    {
        var owner = NewUser("owner");
        using var client = As(owner);

        var response = await client.PostAsync("/api/live/start", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, "validation");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
        await StartAsync(client); // nothing was stored: the owner is not live
    }

    [Theory]
    [InlineData("""{"title":5}""")]
    [InlineData("""{"tags":"dogs"}""")]
    [InlineData("""{"title":""")]
    public async Task Start_answers_malformed_json_with_400_problem(string body)
    {
        using var client = As(NewUser("owner"));

        var response = await client.PostAsync("/api/live/start", new StringContent(body, Encoding.UTF8, "application/json"));

        await ProblemAsync(response, HttpStatusCode.BadRequest, "malformed-request");
    }

    [Fact]
    public async Task A_title_of_120_emoji_is_accepted_and_script_tags_are_stored_verbatim_as_text()
    {
        using var client = As(NewUser("owner"));
        var title = "<script>alert(1)</script>" + string.Concat(Enumerable.Repeat("🐶", 95));

        var started = await StartAsync(client, new { title });

        var stream = await client.GetFromJsonAsync<JsonElement>($"/api/live/{started.StreamId}");
        Assert.Equal(title, stream.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Stop_ends_the_stream_once_deletes_the_room_and_is_idempotent()
    {
        var owner = NewUser("owner");
        using var client = As(owner);
        var started = await StartAsync(client);
        var streamId = started.StreamId;
        var roomName = started.RoomName;

        var first = await client.PostAsJsonAsync("/api/live/stop", new { streamId });
        var second = await client.PostAsJsonAsync("/api/live/stop", new { streamId });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var stream = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(stream.GetProperty("isLive").GetBoolean());
        Assert.Equal("owner", stream.GetProperty("endedReason").GetString());
        await _fixture.Events.WaitForAsync<StreamEndedIntegrationEvent>(e => e.StreamId == streamId);
        await Eventually.HoldsAsync(() => Task.FromResult(_fixture.LiveKit.Calls.Any(c => c.Method == "DeleteRoom" && c.Body["room"]!.GetValue<string>() == roomName)),
            "LiveKit is asked to delete the room");
        await Task.Delay(500);
        Assert.Single(_fixture.Events.Of<StreamEndedIntegrationEvent>(), e => e.StreamId == streamId);
        var deleteCall = _fixture.LiveKit.Calls.First(c => c.Method == "DeleteRoom" && c.Body["room"]!.GetValue<string>() == roomName);
        Assert.True(deleteCall.Grant["roomCreate"]!.GetValue<bool>());
        // A new stream may start right away (cooldown 0 here).
        await StartAsync(client);
    }

    [Fact]
    public async Task Only_the_owner_may_stop_a_stream()
    {
        using var owner = As(NewUser("owner"));
        var started = await StartAsync(owner);
        using var other = As(NewUser("other"));

        var response = await other.PostAsJsonAsync("/api/live/stop", new { streamId = started.StreamId });

        await ProblemAsync(response, HttpStatusCode.Forbidden, "not-stream-owner");
    }

    [Theory]
    [InlineData("not-an-id", HttpStatusCode.BadRequest, "validation")]
    [InlineData("0123456789abcdef01234567", HttpStatusCode.NotFound, "stream-not-found")]
    public async Task Stream_ids_are_validated(string id, HttpStatusCode status, string type)
    {
        using var client = As(NewUser("viewer"));

        await ProblemAsync(await client.GetAsync($"/api/live/{id}"), status, type);
        await ProblemAsync(await client.GetAsync($"/api/live/{id}/watch"), status, type);
        await ProblemAsync(await client.PostAsJsonAsync("/api/live/stop", new { streamId = id }), status, type);
    }

    [Fact]
    public async Task Active_lists_live_streams_newest_first_in_pages_and_filters_by_tag()
    {
        var tag = "t" + Guid.NewGuid().ToString("N")[..10];
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            using var owner = As(NewUser("owner"));
            ids.Add((await StartAsync(owner, new { title = $"stream {i}", tags = new[] { tag } })).StreamId);
        }
        using var anonymous = _fixture.App.ClientFor(null);

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await anonymous.GetFromJsonAsync<JsonElement>($"/api/live/active?tag={tag.ToUpperInvariant()}&limit=2" + (cursor is null ? "" : $"&cursor={cursor}"));
            var items = page.GetProperty("items").EnumerateArray().ToList();
            Assert.True(items.Count <= 2);
            Assert.All(items, item => Assert.True(item.GetProperty("isLive").GetBoolean()));
            Assert.All(items, item => Assert.False(item.TryGetProperty("blockedUserIds", out _)));
            seen.AddRange(items.Select(item => item.GetProperty("id").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        ids.Reverse();
        Assert.Equal(ids, seen);
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=101")]
    [InlineData("cursor=garbage")]
    [InlineData("tag=no%20spaces")]
    public async Task Active_rejects_bad_paging(string query)
    {
        using var anonymous = _fixture.App.ClientFor(null);

        await ProblemAsync(await anonymous.GetAsync($"/api/live/active?{query}"), HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task Watch_returns_a_subscriber_token_for_a_live_stream()
    {
        using var owner = As(NewUser("owner"));
        var started = await StartAsync(owner);
        var viewerId = NewUser("viewer");
        using var viewer = As(viewerId);

        var watch = await viewer.GetFromJsonAsync<JsonElement>($"/api/live/{started.StreamId}/watch");

        Assert.Equal(started.RoomName, watch.GetProperty("roomName").GetString());
        Assert.Equal("Biscuit plays fetch", watch.GetProperty("title").GetString());
        var claims = await LiveKitSdk.VerifyTokenAsync(_fixture.LiveKit.ApiKey, _fixture.LiveKit.ApiSecret, watch.GetProperty("token").GetString()!);
        Assert.Equal(viewerId, claims["sub"]!.GetValue<string>());
        var video = claims["video"]!;
        Assert.Equal(watch.GetProperty("roomName").GetString(), video["room"]!.GetValue<string>());
        Assert.True(video["roomJoin"]!.GetValue<bool>());
        Assert.False(video["canPublish"]!.GetValue<bool>());
        Assert.True(video["canSubscribe"]!.GetValue<bool>());
        Assert.True(video["canPublishData"]!.GetValue<bool>());
        var ttl = claims["exp"]!.GetValue<long>() - claims["nbf"]!.GetValue<long>();
        Assert.Equal(600, ttl);
    }

    [Fact]
    public async Task Watching_an_ended_stream_is_410()
    {
        using var owner = As(NewUser("owner"));
        var streamId = (await StartAsync(owner)).StreamId;
        await owner.PostAsJsonAsync("/api/live/stop", new { streamId });
        using var viewer = As(NewUser("viewer"));

        await ProblemAsync(await viewer.GetAsync($"/api/live/{streamId}/watch"), HttpStatusCode.Gone, "stream-ended");
    }

    [Fact]
    public async Task A_LiveKit_outage_never_leaves_a_stream_live_and_the_room_is_deleted_once_LiveKit_is_back()
    {
        using var owner = As(NewUser("owner"));
        var started = await StartAsync(owner);
        var roomName = started.RoomName;
        _fixture.LiveKit.AddParticipant(roomName, "someone");
        _fixture.LiveKit.FailNext(6);

        var stop = await owner.PostAsJsonAsync("/api/live/stop", new { streamId = started.StreamId });

        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        Assert.False((await stop.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("isLive").GetBoolean());
        await Eventually.HoldsAsync(() => Task.FromResult(!_fixture.LiveKit.RoomExists(roomName)), "the room is deleted after the outage", TimeSpan.FromSeconds(30));
        Assert.Contains(_fixture.LiveKit.Calls, c => c.Method == "DeleteRoom" && c.Body["room"]!.GetValue<string>() == roomName && c.Answer == HttpStatusCode.InternalServerError);
    }

    [Fact]
    public async Task Every_event_is_published_with_its_EventId_as_the_message_id()
    {
        using var owner = As(NewUser("owner"));
        var started = await StartAsync(owner);
        await owner.BlockAsync(started.StreamId, "some-troll");
        await owner.StopStreamAsync(started.StreamId);

        IntegrationEvent[] events =
        [
            await _fixture.Events.WaitForAsync<StreamStartedIntegrationEvent>(e => e.StreamId == started.StreamId),
            await _fixture.Events.WaitForAsync<UserBlockedIntegrationEvent>(e => e.StreamId == started.StreamId),
            await _fixture.Events.WaitForAsync<RemoveLiveKitParticipantCommand>(e => e.StreamId == started.StreamId),
            await _fixture.Events.WaitForAsync<StreamEndedIntegrationEvent>(e => e.StreamId == started.StreamId),
            await _fixture.Events.WaitForAsync<DeleteLiveKitRoomCommand>(e => e.StreamId == started.StreamId),
        ];

        Assert.Equal(5, events.Select(e => e.EventId).Distinct().Count());
        Assert.All(events, e => Assert.Equal(e.EventId, _fixture.Events.MessageIdOf(e)));
    }

    [Fact]
    public async Task A_LiveKit_command_that_keeps_failing_is_tried_once_per_retry_interval_and_then_parked()
    {
        using var owner = As(NewUser("owner"));
        var started = await StartAsync(owner);
        List<TwirpCall> DeleteCalls() =>
            [.. _fixture.LiveKit.Calls.Where(c => c.Method == "DeleteRoom" && c.Body["room"]!.GetValue<string>() == started.RoomName)];
        _fixture.LiveKit.FailNext(1000);
        try
        {
            await owner.StopStreamAsync(started.StreamId);

            // StreamsApp configures 7 retry intervals (about 6 s in all): one policy means 1 + 7 calls, then the error queue.
            await Eventually.HoldsAsync(() => Task.FromResult(DeleteCalls().Count >= 8), "every retry of the policy is made", TimeSpan.FromSeconds(30));
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.Equal(8, DeleteCalls().Count);
            Assert.All(DeleteCalls(), call => Assert.Equal(HttpStatusCode.InternalServerError, call.Answer));
        }
        finally
        {
            _fixture.LiveKit.FailNext(0);
        }
    }

    [Fact]
    public async Task Active_is_served_from_cache_even_with_a_token_and_a_new_stream_shows_at_once()
    {
        using var reader = As(NewUser("reader"));
        await reader.GetAsync("/api/live/active?limit=100");

        var cached = await reader.GetAsync("/api/live/active?limit=100");
        using var owner = As(NewUser("owner"));
        var streamId = (await StartAsync(owner)).StreamId;
        var fresh = await reader.GetFromJsonAsync<JsonElement>("/api/live/active?limit=100");

        Assert.True(cached.Headers.Age.HasValue, "the second identical request is answered from the output cache");
        Assert.Contains(fresh.GetProperty("items").EnumerateArray(), item => item.GetProperty("id").GetString() == streamId);
    }
}
