using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;

namespace PawfectLive.SystemTests;

[Collection(SystemCollection.Name)]
public sealed class GatewaySmokeTests
{
    private readonly PawfectLiveAppFixture _system;

    public GatewaySmokeTests(PawfectLiveAppFixture system, ITestOutputHelper output) => _system = system.WithLogsTo(output);

    [Fact]
    public async Task Gateway_health_answers_200()
    {
        var response = await _system.Gateway.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("streams", new[] { "masstransit-bus" })]
    [InlineData("chat", new[] { "masstransit-bus", "redis" })]
    [InlineData("webhooks", new[] { "masstransit-bus", "redis" })]
    public async Task Gateway_proxies_each_services_health_with_its_dependencies(string service, string[] expectedChecks)
    {
        var response = await _system.Gateway.GetAsync($"/health/{service}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", health.RootElement.GetProperty("status").GetString());
        var checks = health.RootElement.GetProperty("checks");
        foreach (var check in expectedChecks)
        {
            Assert.Equal("Healthy", checks.GetProperty(check).GetProperty("status").GetString());
        }
    }

    [Theory]
    [InlineData("streams", "/api/live/start")]
    [InlineData("webhooks", "/api/webhooks/livekit")]
    public async Task Gateway_publishes_each_services_OpenAPI_document_as_committed(string service, string path)
    {
        var response = await _system.Gateway.GetAsync($"/openapi/{service}.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var served = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        using var committed = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "docs", "openapi", $"{service}.json")));
        Assert.True(served.RootElement.GetProperty("paths").TryGetProperty(path, out _), $"{path} is in the served document");
        Assert.True(JsonElement.DeepEquals(committed.RootElement, served.RootElement), $"the served {service} document equals docs/openapi/{service}.json");
    }

    [Fact]
    public async Task Gateway_offers_the_interactive_API_reference_in_Development()
    {
        var response = await _system.Gateway.GetAsync("/api-docs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<title>PawfectLive API</title>", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Streams_answers_through_the_gateway()
    {
        var response = await _system.Gateway.GetAsync("/api/live/active");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(JsonValueKind.Array, body.RootElement.GetProperty("items").ValueKind);
    }

    [Fact]
    public async Task The_gateway_answers_active_from_its_edge_cache_and_a_start_or_stop_through_it_shows_at_once()
    {
        var query = $"/api/live/active?limit=100&tag=edge{Guid.NewGuid():N}"[..48];
        using var anonymous = _system.ClientWith(null);
        var first = await anonymous.GetAsync(query);
        var second = await anonymous.GetAsync(query);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.False(first.Headers.Contains("X-Edge-Cache"));
        Assert.Equal(["hit"], second.Headers.GetValues("X-Edge-Cache")); // the second read within a second: from the gateway's memory
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());

        var ownerId = $"edge-owner-{Guid.NewGuid():N}"[..24];
        using var owner = _system.ClientWith(await _system.TokenAsync(ownerId));
        var listed = await anonymous.GetFromJsonAsync<JsonElement>("/api/live/active?limit=100"); // cached now
        var started = await owner.StartStreamAsync();
        Assert.Contains(Ids(await anonymous.GetFromJsonAsync<JsonElement>("/api/live/active?limit=100")), id => id == started.StreamId);
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync("/api/live/stop", new { streamId = started.StreamId })).StatusCode);
        Assert.DoesNotContain(Ids(await anonymous.GetFromJsonAsync<JsonElement>("/api/live/active?limit=100")), id => id == started.StreamId);
        Assert.DoesNotContain(Ids(listed), id => id == started.StreamId);

        static IEnumerable<string> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetString()!);
    }

    [Fact]
    public async Task Webhooks_answers_through_the_gateway_and_refuses_unsigned_events()
    {
        using var content = new StringContent("""{"event":"room_started","id":"EV_smoke"}""");
        content.Headers.ContentType = new MediaTypeHeaderValue("application/webhook+json");

        var response = await _system.Gateway.PostAsync("/api/webhooks/livekit", content);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("https://pawfectlive.dev/problems/invalid-webhook-signature", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Chat_hub_requires_a_token_through_the_gateway()
    {
        var response = await _system.Gateway.PostAsync("/hubs/live/negotiate?negotiateVersion=1", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_hub_token_sent_in_the_query_string_reaches_no_trace_or_log()
    {
        var token = await _system.TokenAsync($"scrub-{Guid.NewGuid():N}"[..20]);
        var signature = token[(token.LastIndexOf('.') + 1)..];
        await using (var connection = await _system.ConnectChatAsync(token)) // WebSockets: ?access_token=<token>
        {
            await connection.InvokeAsync<JsonElement>("JoinRoom", "live_nobody_1");
        }

        // The WebSocket request's spans end with the connection; the services export every 200 ms (logs every second).
        await Eventually.HoldsAsync(() => Task.FromResult(
                _system.Traces.Spans.Any(span => span.ServiceName == "chat" && span.Attributes.GetValueOrDefault("url.path") == "/hubs/live")
                && _system.Traces.Spans.Any(span => span.ServiceName == "gateway" && span.Attributes.GetValueOrDefault("url.path") == "/hubs/live")),
            "the gateway and Chat exported spans of hub connections");
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.False(_system.Traces.Exported(signature), "the token's signature appears in exported telemetry");
    }

    [Fact]
    public async Task RabbitMQ_carries_stream_events_from_Streams_to_Chat()
    {
        var ownerToken = await _system.TokenAsync("smoke-owner");
        var viewerToken = await _system.TokenAsync("smoke-viewer");
        await using var viewer = await _system.ConnectChatAsync(viewerToken);
        var ended = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        viewer.On<JsonElement>("stream:ended", payload => ended.TrySetResult(payload));

        using var start = new HttpRequestMessage(HttpMethod.Post, "/api/live/start") { Content = JsonContent.Create(new { title = "Smoke" }) };
        start.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ownerToken);
        var started = await _system.Gateway.SendAsync(start);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var stream = await started.Content.ReadFromJsonAsync<JsonElement>();
        var roomName = stream.GetProperty("roomName").GetString()!;

        // Chat only opens a room once StreamStarted has travelled Streams -> RabbitMQ -> Chat.
        await Eventually.HoldsAsync(
            async () => (await viewer.InvokeAsync<JoinedRoom>("JoinRoom", roomName)).Joined,
            "Chat knows the stream is live");

        using var stop = new HttpRequestMessage(HttpMethod.Post, "/api/live/stop")
        {
            Content = JsonContent.Create(new { streamId = stream.GetProperty("streamId").GetString() }),
        };
        stop.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ownerToken);
        Assert.Equal(HttpStatusCode.OK, (await _system.Gateway.SendAsync(stop)).StatusCode);

        var endedPayload = await ended.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(roomName, endedPayload.GetProperty("roomName").GetString());
        Assert.Equal("owner", endedPayload.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task The_JavaScript_SignalR_client_chats_through_the_gateway_like_the_mobile_app()
    {
        var ownerToken = await _system.TokenAsync("js-owner");
        using var start = new HttpRequestMessage(HttpMethod.Post, "/api/live/start") { Content = JsonContent.Create(new { title = "JS" }) };
        start.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ownerToken);
        var stream = await (await _system.Gateway.SendAsync(start)).Content.ReadFromJsonAsync<JsonElement>();
        var roomName = stream.GetProperty("roomName").GetString()!;
        await using var dotnetClient = await _system.ConnectChatAsync(await _system.TokenAsync("dotnet-viewer"));
        var seenByDotnet = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        dotnetClient.On<JsonElement>("chat:message", message => seenByDotnet.TrySetResult(message));
        await Eventually.HoldsAsync(async () => (await dotnetClient.InvokeAsync<JoinedRoom>("JoinRoom", roomName)).Joined,
            "Chat opened the room");

        var result = await NodeScripts.SignalRChatRoundTripAsync(_system.Gateway.BaseAddress!, await _system.TokenAsync("js-viewer"), roomName, "Hello from JS 🐾");

        Assert.True(result.GetProperty("joined").GetBoolean());
        Assert.Equal("js-viewer", result.GetProperty("received").GetProperty("userId").GetString());
        var relayed = await seenByDotnet.Task.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal("Hello from JS 🐾", relayed.GetProperty("text").GetString());
    }
}
