using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using PawfectLive.Benchmarks;
using PawfectLive.TestInfrastructure;

// Measures the hot paths on this machine, loopback only, each bounded in time; see bench/README.md.
var seconds = int.Parse(Environment.GetEnvironmentVariable("BENCH_SECONDS") ?? "10", CultureInfo.InvariantCulture);
var only = Environment.GetEnvironmentVariable("BENCH_ONLY")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
bool Runs(string part) => only is null || only.Contains(part);
var report = new Report(seconds);
const string apiKey = "benchkey";
const string apiSecret = "bench-secret-not-for-production";

await using var rabbitMq = new RabbitMqNode();
await using var redis = new RedisNode();
await Task.WhenAll(rabbitMq.StartAsync(), redis.StartAsync());
var dataDirectory = Directory.CreateTempSubdirectory("pawfect-bench-").FullName;
var common = new Dictionary<string, string>(TestUsers.Configuration.ToDictionary(p => p.Key.Replace(":", "__"), p => p.Value!))
{
    ["ConnectionStrings__rabbitmq"] = rabbitMq.ConnectionString,
    ["ConnectionStrings__redis"] = redis.ConnectionString,
    ["LiveKit__Url"] = "ws://127.0.0.1:1",
    ["LiveKit__ApiKey"] = apiKey,
    ["LiveKit__ApiSecret"] = apiSecret,
    ["Streams__EmbeddedDatabasePath"] = Path.Combine(dataDirectory, "streams.db"),
    ["Streams__StartCooldown"] = "00:00:00",
    ["Streams__StartsPerWindow"] = "1000",
    ["Streams__StartWindow"] = "00:00:01",
    ["Chat__MessagesPerWindow"] = "1000",
    ["Chat__RateLimitWindow"] = "00:00:01",
};

Console.WriteLine("Starting Streams, Chat, Webhooks and the gateway (Release builds)...");
await using var streams = await ServiceProcess.StartAsync("streams", "services/Streams", common);
await using var chat = await ServiceProcess.StartAsync("chat", "services/Chat", common);
await using var webhooks = await ServiceProcess.StartAsync("webhooks", "services/Webhooks", common);
await using var gateway = await ServiceProcess.StartAsync("gateway", "gateway", new Dictionary<string, string>(common)
{
    ["services__streams__http__0"] = streams.BaseUrl,
    ["services__chat__http__0"] = chat.BaseUrl,
    ["services__webhooks__http__0"] = webhooks.BaseUrl,
});

// 1,000 live streams.
Console.WriteLine("Seeding 1,000 live streams...");
var seeded = new List<(string StreamId, string RoomName)>();
using (var http = new HttpClient { BaseAddress = new Uri(streams.BaseUrl) })
{
    await Parallel.ForEachAsync(Enumerable.Range(0, 1000), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, cancellationToken) =>
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/live/start")
        {
            Content = JsonContent.Create(new { title = $"Bench stream {i}", tags = new[] { i % 2 == 0 ? "dogs" : "cats" } }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestUsers.Token($"bench-owner-{i}"));
        var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        lock (seeded)
        {
            seeded.Add((body.GetProperty("streamId").GetString()!, body.GetProperty("roomName").GetString()!));
        }
    });
}

// Let every StreamStarted reach Chat before measuring.
await Task.Delay(TimeSpan.FromSeconds(2));
await rabbitMq.WaitUntilDrainedAsync(TimeSpan.FromSeconds(120));

// 1. Browse: GET /api/live/active.
if (Runs("active"))
{
    Console.WriteLine("Measuring GET /api/live/active...");
    var activeDirect = await Wrk.RunAsync($"{streams.BaseUrl}/api/live/active", seconds);
    var activeGateway = await Wrk.RunAsync($"{gateway.BaseUrl}/api/live/active", seconds);
    report.Active(activeDirect, activeGateway);
}

// 2. Token issuance: GET /api/live/{id}/watch.
if (Runs("watch"))
{
    Console.WriteLine("Measuring GET /api/live/{id}/watch...");
    var viewerToken = $"Bearer {TestUsers.Token("bench-viewer")}";
    var watchDirect = await Wrk.RunAsync($"{streams.BaseUrl}/api/live/{seeded[0].StreamId}/watch", seconds, authorization: viewerToken);
    var watchGateway = await Wrk.RunAsync($"{gateway.BaseUrl}/api/live/{seeded[0].StreamId}/watch", seconds, authorization: viewerToken);
    report.Watch(watchDirect, watchGateway);
}

// 3. Webhook ingest, end to end until the counts are updated.
if (Runs("webhooks"))
{
    Console.WriteLine("Measuring webhook ingest...");
    const int webhookRooms = 50, joinsPerRoom = 200, senders = 32;
    // Warm-up through the whole path first (JIT tiers, connection pools, store caches): measured cold, whichever run
    // came first was 1.5-2.5x slower than the same run warm.
    await WebhookLoad.RunAsync("warm-up", gateway.BaseUrl, streams.BaseUrl, rabbitMq.ConnectionString,
        apiKey, apiSecret, seeded.Skip(1 + 3 * webhookRooms).Take(10).ToList(), joinsPerRoom, senders);
    var throughGateway = await WebhookLoad.RunAsync("ours, through the gateway", gateway.BaseUrl, streams.BaseUrl, rabbitMq.ConnectionString,
        apiKey, apiSecret, seeded.Skip(1).Take(webhookRooms).ToList(), joinsPerRoom, senders);
    var direct = await WebhookLoad.RunAsync("ours, direct to Webhooks", webhooks.BaseUrl, streams.BaseUrl, rabbitMq.ConnectionString,
        apiKey, apiSecret, seeded.Skip(1 + webhookRooms).Take(webhookRooms).ToList(), joinsPerRoom, senders);
    var baseline = await WebhookLoad.RunBaselineAsync(apiKey, apiSecret, webhookRooms, joinsPerRoom, senders);
    var latencyRoom = seeded[1 + 2 * webhookRooms].RoomName;
    var hopGateway = await WebhookLoad.SequentialLatencyAsync(gateway.BaseUrl, apiKey, apiSecret, latencyRoom, 300);
    var hopDirect = await WebhookLoad.SequentialLatencyAsync(webhooks.BaseUrl, apiKey, apiSecret, latencyRoom, 300);
    Console.WriteLine($"One webhook at a time, acknowledged after: gateway p50 {hopGateway.P50Ms:N1} ms p99 {hopGateway.P99Ms:N1} ms; direct p50 {hopDirect.P50Ms:N1} ms p99 {hopDirect.P99Ms:N1} ms");
    report.Webhooks(throughGateway, direct, baseline);
}

// 4. Chat fan-out: SignalR (ours) and Socket.IO (the seed's stack), same harness.
var chatRoom = seeded[^1].RoomName;
var tokensFile = Path.Combine(dataDirectory, "tokens.json");
await File.WriteAllTextAsync(tokensFile, JsonSerializer.Serialize(Enumerable.Range(0, 1000).Select(i => TestUsers.Token($"bench-chat-{i}"))));
const int clients = 1000, messagesPerSecond = 40;
if (Runs("fanout"))
{
    Console.WriteLine("Measuring chat fan-out (SignalR, then Socket.IO)...");
    var signalR = await FanOut.RunAsync("signalr", chat.BaseUrl, tokensFile, chatRoom, clients, messagesPerSecond, seconds);
    var socketIoPort = FreePorts.Find();
    using (var socketIo = await FanOut.StartSocketIoServerAsync(socketIoPort))
    {
        var socketIoResult = await FanOut.RunAsync("socketio", $"http://127.0.0.1:{socketIoPort}", "-", chatRoom, clients, messagesPerSecond, seconds);
        report.FanOut(signalR, socketIoResult, clients, messagesPerSecond);
    }
}

// 5. Memory per 1,000 idle chat connections.
if (Runs("memory"))
{
    Console.WriteLine("Measuring memory of 1,000 idle chat connections...");
    GC.Collect();
    await Task.Delay(2000);
    var before = chat.ResidentBytes();
    var during = await FanOut.IdleAsync(chat.BaseUrl, tokensFile, chatRoom, clients, () => chat.ResidentBytes());
    report.Memory(before, during, clients);
}

var markdown = report.ToMarkdown();
Console.WriteLine(markdown);
if (only is null)
{
    await File.WriteAllTextAsync(Path.Combine(RepositoryPaths.Root, "bench", "RESULTS.md"), markdown);
}
Directory.Delete(dataDirectory, recursive: true);
