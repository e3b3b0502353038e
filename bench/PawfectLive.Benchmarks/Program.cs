using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using PawfectLive.Benchmarks;
using PawfectLive.TestInfrastructure;

// Measures the hot paths on this machine against the seed's Node stack in the same run, loopback only: one warm-up,
// then every part repeated (3 times by default); see bench/README.md.
int Setting(string name, int fallback) => int.Parse(Environment.GetEnvironmentVariable(name) ?? fallback.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
var seconds = Setting("BENCH_SECONDS", 3);
var repetitions = Setting("BENCH_REPETITIONS", 3);
var fanOutStepSeconds = Setting("BENCH_FANOUT_STEP_SECONDS", 2);
int[] Rates(string name, string fallback) => [.. (Environment.GetEnvironmentVariable(name) ?? fallback).Split(',').Select(int.Parse)];
var fanOutRates = Rates("BENCH_FANOUT_RATES", "20,40,80,160,320");
var scaleOutRates = Rates("BENCH_SCALEOUT_RATES", "20,40,80");
var only = Environment.GetEnvironmentVariable("BENCH_ONLY")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
bool Runs(string part) => only is null || only.Contains(part);
var report = new Report(seconds, repetitions, fanOutStepSeconds);
const string apiKey = "benchkey";
const string apiSecret = "bench-secret-not-for-production";
const int webhookRooms = 40, joinsPerRoom = 150, senders = 32, clients = 1000;
var benchClock = System.Diagnostics.Stopwatch.StartNew();

// LiveKit answers as in production (the Twirp double: rooms, participants, egress, ingress), so the services' LiveKit
// work (the reconciler after every change, the periodic pass) costs what it costs against a reachable LiveKit.
await using var liveKit = await LiveKitTwirpDouble.StartAsync(apiKey, apiSecret);
await using var rabbitMq = new RabbitMqNode();
await using var redis = new RedisNode();
await Task.WhenAll(rabbitMq.StartAsync(), redis.StartAsync());
var dataDirectory = Directory.CreateTempSubdirectory("pawfect-bench-").FullName;
var common = new Dictionary<string, string>(TestUsers.Configuration.ToDictionary(p => p.Key.Replace(":", "__"), p => p.Value!))
{
    ["ConnectionStrings__rabbitmq"] = rabbitMq.ConnectionString,
    ["ConnectionStrings__redis"] = redis.ConnectionString,
    ["LiveKit__Url"] = liveKit.Url,
    ["LiveKit__ApiKey"] = apiKey,
    ["LiveKit__ApiSecret"] = apiSecret,
    ["Streams__EmbeddedDatabasePath"] = Path.Combine(dataDirectory, "streams.db"),
    ["Streams__StartCooldown"] = "00:00:00",
    ["Streams__StartsPerWindow"] = "1000",
    ["Streams__StartWindow"] = "00:00:01",
    ["Chat__MessagesPerWindow"] = "1000",
    ["Chat__RateLimitWindow"] = "00:00:01",
    // The seeded streams have no room in the LiveKit double (nobody publishes here): they stay live for the whole run.
    ["Streams__Reconciliation__RoomGracePeriod"] = "1.00:00:00",
};
// To compare batching intervals (docs/chat-protocol.md, Delivery): BENCH_CHAT_FANOUT_INTERVAL=00:00:00.020
if (Environment.GetEnvironmentVariable("BENCH_CHAT_FANOUT_INTERVAL") is { Length: > 0 } fanOutInterval)
{
    common["Chat__FanOutInterval"] = fanOutInterval;
}
Dictionary<string, string> GatewayTo(ServiceProcess streams, ServiceProcess webhooks, params ServiceProcess[] chats)
{
    var settings = new Dictionary<string, string>(common)
    {
        ["services__streams__http__0"] = streams.BaseUrl,
        ["services__webhooks__http__0"] = webhooks.BaseUrl,
    };
    for (var i = 0; i < chats.Length; i++)
    {
        settings[$"services__chat__http__{i}"] = chats[i].BaseUrl;
    }
    return settings;
}

// Streams as production ships it (ReadyToRun), for the cold-start part.
var readyToRunStreams = Path.Combine(dataDirectory, "streams-r2r");
if (Runs("cold"))
{
    Console.WriteLine("Publishing Streams with ReadyToRun...");
    using var publish = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("dotnet",
        ["publish", Path.Combine(RepositoryPaths.Root, "services", "Streams"), "-c", "Release", "-r", "linux-x64", "--self-contained", "false",
            "-o", readyToRunStreams, "-nologo", "-v", "q"]))!;
    await publish.WaitForExitAsync();
    if (publish.ExitCode != 0)
    {
        throw new InvalidOperationException("dotnet publish of Streams with ReadyToRun failed");
    }
}

Console.WriteLine("Starting Streams, two Chat instances, Webhooks and two gateways (Release builds)...");
await using var streams = await ServiceProcess.StartAsync("streams", "services/Streams", common, showLogs: true);
await using var chat = await ServiceProcess.StartAsync("chat", "services/Chat", common, showLogs: true);
await using var secondChat = await ServiceProcess.StartAsync("chat-2", "services/Chat", common, showLogs: true);
await using var webhooks = await ServiceProcess.StartAsync("webhooks", "services/Webhooks", common, showLogs: true);
await using var gateway = await ServiceProcess.StartAsync("gateway", "gateway", GatewayTo(streams, webhooks, chat), showLogs: true);
await using var twoChatGateway = await ServiceProcess.StartAsync("gateway-2", "gateway", GatewayTo(streams, webhooks, chat, secondChat), showLogs: true);

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

// Rooms for the webhook runs: each run gets rooms of its own, so every count starts at 0.
var unusedRooms = new Queue<(string StreamId, string RoomName)>(seeded.Take(seeded.Count - 1));
List<(string StreamId, string RoomName)> TakeRooms(int count) => [.. Enumerable.Range(0, count).Select(_ => unusedRooms.Dequeue())];
var chatRoom = seeded[^1].RoomName;
var tokensFile = Path.Combine(dataDirectory, "tokens.json");
var moreTokensFile = Path.Combine(dataDirectory, "more-tokens.json");
await File.WriteAllTextAsync(tokensFile, JsonSerializer.Serialize(Enumerable.Range(0, clients).Select(i => TestUsers.Token($"bench-chat-{i}"))));
await File.WriteAllTextAsync(moreTokensFile, JsonSerializer.Serialize(Enumerable.Range(clients, clients).Select(i => TestUsers.Token($"bench-chat-{i}"))));
var viewerToken = $"Bearer {TestUsers.Token("bench-viewer")}";
using var webhookBaseline = await FanOut.StartNodeServerAsync("webhook-baseline.mjs", FreePorts.Find(), apiKey, apiSecret);
var baselineUrl = webhookBaseline.BaseUrl;

// A stream with 10,000 viewer sessions for the stats (7): one join webhook per viewer, direct to Webhooks.
(string StreamId, string RoomName)? statsStream = null;
string? statsOwnerToken = null;
if (Runs("stats"))
{
    Console.WriteLine("Seeding 10,000 viewer sessions...");
    statsStream = TakeRooms(1)[0];
    await WebhookLoad.RunAsync("stats seed", webhooks.BaseUrl, streams.BaseUrl, rabbitMq.ConnectionString, apiKey, apiSecret, [statsStream.Value], 10_000, senders);
    var roomName = statsStream.Value.RoomName; // live_{ownerId}_{unixMillis}
    statsOwnerToken = $"Bearer {TestUsers.Token(roomName["live_".Length..roomName.LastIndexOf('_')])}";
    await Wrk.RunAsync($"{streams.BaseUrl}/api/live/{statsStream.Value.StreamId}/stats", 3, connections: 4, authorization: statsOwnerToken);
}

// Warm-up, once, through every path: measured cold, .NET's tiered JIT (with dynamic PGO) was still recompiling hot
// methods 30 s into the load and took a third of the services' CPU; see bench/README.md.
Console.WriteLine("Warming up...");
if (Runs("active") || Runs("watch"))
{
    // The gateway longest: 3 s left YARP's code still being recompiled (15% of the gateway's CPU in the measured run).
    await Wrk.RunAsync($"{gateway.BaseUrl}/api/live/active", 8);
    await Wrk.RunAsync($"{gateway.BaseUrl}/api/live/{seeded[0].StreamId}/watch", 5, authorization: viewerToken);
}
if (Runs("webhooks"))
{
    await WebhookLoad.RunAsync("warm-up", gateway.BaseUrl, streams.BaseUrl, rabbitMq.ConnectionString, apiKey, apiSecret, TakeRooms(100), joinsPerRoom, senders);
    await WebhookLoad.RunBaselineAsync(baselineUrl, "warm-up", apiKey, apiSecret, 10, joinsPerRoom, senders);
}
if (Runs("fanout"))
{
    await FanOut.RunAsync("warm-up", "signalr", gateway.BaseUrl, tokensFile, chatRoom, clients, [40], fanOutStepSeconds);
    await FanOut.RunAsync("warm-up", "signalr", twoChatGateway.BaseUrl, tokensFile, chatRoom, clients, [40], fanOutStepSeconds);
}

for (var repetition = 1; repetition <= repetitions; repetition++)
{
    Console.WriteLine($"Repetition {repetition} of {repetitions} ({benchClock.Elapsed:mm\\:ss} in)");
    var results = new Repetition();

    // 1. Browse: GET /api/live/active with 1,000 live streams; 2. token issuance: GET /api/live/{id}/watch.
    if (Runs("active"))
    {
        results.ActiveDirect = await Wrk.RunAsync($"{streams.BaseUrl}/api/live/active", seconds);
        results.ActiveGateway = await Wrk.RunAsync($"{gateway.BaseUrl}/api/live/active", seconds);
        Console.WriteLine($"  /active: direct {results.ActiveDirect.RequestsPerSecond:N0} req/s, gateway {results.ActiveGateway.RequestsPerSecond:N0} req/s");
    }
    if (Runs("watch"))
    {
        results.WatchDirect = await Wrk.RunAsync($"{streams.BaseUrl}/api/live/{seeded[0].StreamId}/watch", seconds, authorization: viewerToken);
        results.WatchGateway = await Wrk.RunAsync($"{gateway.BaseUrl}/api/live/{seeded[0].StreamId}/watch", seconds, authorization: viewerToken);
        Console.WriteLine($"  /watch: direct {results.WatchDirect.RequestsPerSecond:N0} tokens/s, gateway {results.WatchGateway.RequestsPerSecond:N0} tokens/s");
    }

    // 3. Webhook ingest until every count is final: saturation (ours through the gateway, ours direct, the Node
    // baseline), then lag at half of our saturation rate through the gateway.
    if (Runs("webhooks"))
    {
        results.WebhooksGateway = await WebhookLoad.RunAsync("ours, through the gateway", gateway.BaseUrl, streams.BaseUrl, rabbitMq.ConnectionString,
            apiKey, apiSecret, TakeRooms(webhookRooms), joinsPerRoom, senders);
        results.WebhooksDirect = await WebhookLoad.RunAsync("ours, direct to Webhooks", webhooks.BaseUrl, streams.BaseUrl, rabbitMq.ConnectionString,
            apiKey, apiSecret, TakeRooms(webhookRooms), joinsPerRoom, senders);
        results.WebhooksBaseline = await WebhookLoad.RunBaselineAsync(baselineUrl, $"r{repetition}", apiKey, apiSecret, webhookRooms, joinsPerRoom, senders);
        results.WebhooksHalfLoad = await WebhookLoad.RunAsync("ours, through the gateway at half load", gateway.BaseUrl, streams.BaseUrl, rabbitMq.ConnectionString,
            apiKey, apiSecret, TakeRooms(webhookRooms), joinsPerRoom / 2, senders, offeredPerSecond: results.WebhooksGateway.EventsPerSecond / 2);
    }

    // 4. Chat fan-out into one room of 1,000 clients, stepped send rates: ours, Socket.IO 4, Socket.IO 4 with its Redis
    // adapter; 5. ours through the gateway on one and on two Chat instances.
    if (Runs("fanout"))
    {
        results.FanOutOurs = await FanOut.RunAsync("PawfectLive Chat (SignalR), direct", "signalr", chat.BaseUrl, tokensFile, chatRoom, clients, fanOutRates, fanOutStepSeconds);
        using (var socketIo = await FanOut.StartSocketIoServerAsync(FreePorts.Find()))
        {
            results.FanOutSocketIo = await FanOut.RunAsync("Socket.IO 4", "socketio", socketIo.BaseUrl, "-", chatRoom, clients, fanOutRates, fanOutStepSeconds);
        }
        using (var socketIoRedis = await FanOut.StartSocketIoServerAsync(FreePorts.Find(), $"redis://{redis.ConnectionString}"))
        {
            results.FanOutSocketIoRedis = await FanOut.RunAsync("Socket.IO 4 + @socket.io/redis-adapter", "socketio", socketIoRedis.BaseUrl, "-", chatRoom, clients, fanOutRates, fanOutStepSeconds);
        }
        results.FanOutGatewayOneChat = await FanOut.RunAsync("ours through the gateway, one Chat instance", "signalr", gateway.BaseUrl, tokensFile, chatRoom, clients, fanOutRates, fanOutStepSeconds);
        results.FanOutGatewayTwoChats = await FanOut.RunAsync("ours through the gateway, two Chat instances", "signalr", twoChatGateway.BaseUrl, tokensFile, chatRoom, clients, scaleOutRates, fanOutStepSeconds);
    }

    // 6. Memory of idle connections, each server fresh: the first 1,000, then 1,000 more.
    if (Runs("memory"))
    {
        await using (var freshChat = await ServiceProcess.StartAsync("chat-memory", "services/Chat", common))
        {
            results.MemoryOurs = await FanOut.IdleMemoryAsync("signalr", freshChat.BaseUrl, tokensFile, moreTokensFile, chatRoom, clients, freshChat.ProcessId);
        }
        using (var freshSocketIo = await FanOut.StartSocketIoServerAsync(FreePorts.Find()))
        {
            results.MemorySocketIo = await FanOut.IdleMemoryAsync("socketio", freshSocketIo.BaseUrl, "-", "-", chatRoom, clients, freshSocketIo.ProcessId);
        }
        Console.WriteLine($"  memory of 1,000 idle connections (first / next): ours {results.MemoryOurs.FirstPerThousandMiB:N1} / {results.MemoryOurs.PerThousandMiB:N1} MiB, " +
            $"Socket.IO {results.MemorySocketIo.FirstPerThousandMiB:N1} / {results.MemorySocketIo.PerThousandMiB:N1} MiB");
    }
    // 7. Stats of the stream with 10,000 viewer sessions, and its plain read for the ratio; few connections: latency.
    if (statsStream is { } measured)
    {
        results.Stats = await Wrk.RunAsync($"{streams.BaseUrl}/api/live/{measured.StreamId}/stats", seconds, connections: 4, authorization: statsOwnerToken);
        results.StatsStream = await Wrk.RunAsync($"{streams.BaseUrl}/api/live/{measured.StreamId}", seconds, connections: 4);
        Console.WriteLine($"  /stats (10,000 sessions): p99 {results.Stats.P99Ms:N1} ms; /api/live/{{id}} p99 {results.StatsStream.P99Ms:N1} ms");
    }
    // 8. Cold start: a fresh Streams instance, as built and as published with ReadyToRun.
    if (Runs("cold"))
    {
        results.ColdJit = await ColdStartAsync("streams-cold", null);
        results.ColdReadyToRun = await ColdStartAsync("streams-cold-r2r", Path.Combine(readyToRunStreams, "PawfectLive.Streams.dll"));
        Console.WriteLine($"  cold start, first 10 s / next 10 s: as built {results.ColdJit.First.RequestsPerSecond:N0} / {results.ColdJit.Next.RequestsPerSecond:N0} req/s, " +
            $"ReadyToRun {results.ColdReadyToRun.First.RequestsPerSecond:N0} / {results.ColdReadyToRun.Next.RequestsPerSecond:N0} req/s");
    }
    // 9. A go-live alert to every follower of one owner (10,000 and 100,000): inboxes and pushes.
    if (Runs("followers"))
    {
        foreach (var size in Rates("BENCH_FOLLOWERS", "10000,100000"))
        {
            results.Followers.Add(await Followers.RunAsync(size, streams, common, dataDirectory));
        }
    }
    report.Add(results);
}

async Task<ColdStart> ColdStartAsync(string name, string? assemblyPath)
{
    var settings = new Dictionary<string, string>(common)
    {
        ["ConnectionStrings__rabbitmq"] = await rabbitMq.NewVirtualHostConnectionStringAsync(),
        ["Streams__EmbeddedDatabasePath"] = Path.Combine(dataDirectory, $"{name}-{Guid.NewGuid():N}.db"),
    };
    await using var fresh = await ServiceProcess.StartAsync(name, "services/Streams", settings, assemblyPath);
    var ownerId = $"cold-owner-{Guid.NewGuid():N}"[..24];
    using var owner = fresh.ClientFor(TestUsers.Token(ownerId));
    var started = await (await owner.PostAsJsonAsync("/api/live/start", new { title = "cold" })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
    var watch = $"{fresh.BaseUrl}/api/live/{started.GetProperty("streamId").GetString()}/watch";
    var first = await Wrk.RunAsync(watch, 10, authorization: viewerToken);
    var next = await Wrk.RunAsync(watch, 10, authorization: viewerToken);
    return new ColdStart(first, next);
}

var markdown = report.ToMarkdown(benchClock.Elapsed);
Console.WriteLine(markdown);
if (only is null)
{
    await File.WriteAllTextAsync(Path.Combine(RepositoryPaths.Root, "bench", "RESULTS.md"), markdown);
}
Directory.Delete(dataDirectory, recursive: true);
