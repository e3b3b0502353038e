using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PawfectLive.Contracts;
using PawfectLive.TestInfrastructure;

namespace PawfectLive.Benchmarks;

public sealed record WebhookResult(
    string Path, int Events, double EventsPerSecond, double AcknowledgedPerSecond, double LagP50Ms, double LagP99Ms, int RoomsExact, int Rooms, long Rejected);

/// <summary>
/// Signed participant_joined webhooks (distinct sids, many rooms), as fast as they are accepted, until every room's
/// count is final: into our system (through the gateway or direct to Webhooks), or into the seed's Node baseline.
/// Lag (ours only): for each room, the time from the k-th acknowledged join to the first count of at least k that
/// Streams publishes.
/// </summary>
public static class WebhookLoad
{
    public static async Task<WebhookResult> RunAsync(
        string path, string webhooksUrl, string streamsUrl, string rabbitMq, string apiKey, string apiSecret,
        IReadOnlyList<(string StreamId, string RoomName)> rooms, int joinsPerRoom, int concurrency, double? offeredPerSecond = null)
    {
        await using var probe = await EventProbe.StartAsync(rabbitMq, typeof(ViewerCountChangedIntegrationEvent));
        var clock = Stopwatch.StartNew();
        var sent = await SendAsync(webhooksUrl, apiKey, apiSecret, [.. rooms.Select(r => r.RoomName)], joinsPerRoom, concurrency, offeredPerSecond);
        var acknowledgedIn = clock.Elapsed;

        // Wait until every room shows its full count, as LiveKit would see it reflected in /active.
        await UntilAsync(() => Task.FromResult(probe.Of<ViewerCountChangedIntegrationEvent>()
            .Where(e => e.Viewers == joinsPerRoom).Select(e => e.RoomName).ToHashSet() is var done && rooms.All(r => done.Contains(r.RoomName))));
        var elapsed = clock.Elapsed;

        // Lags from receive times the probe recorded.
        var lags = new List<double>();
        var received = probe.ReceivedWithTimes<ViewerCountChangedIntegrationEvent>();
        foreach (var room in rooms)
        {
            var ackTimes = sent.Acks[room.RoomName].Order().ToArray();
            // Counts are announced coalesced: the k-th join is visible once any count >= k is published.
            var published = received.Where(r => r.Message.RoomName == room.RoomName).OrderBy(r => r.At).ToList();
            for (var k = 1; k <= ackTimes.Length; k++)
            {
                var seen = published.FirstOrDefault(r => r.Message.Viewers >= k);
                if (seen.Message is not null)
                {
                    lags.Add(Math.Max(0, (seen.At - ackTimes[k - 1]).TotalMilliseconds));
                }
            }
        }
        lags.Sort();

        using var streams = new HttpClient { BaseAddress = new Uri(streamsUrl) };
        var exact = 0;
        foreach (var room in rooms)
        {
            var stream = await streams.GetFromJsonAsync<JsonElement>($"/api/live/{room.StreamId}");
            exact += stream.GetProperty("viewers").GetInt32() == joinsPerRoom ? 1 : 0;
        }
        var events = rooms.Count * joinsPerRoom;
        Console.WriteLine($"  {path}: {events / elapsed.TotalSeconds:N0} events/s, lag p99 {Pick(lags, 0.99):N0} ms, {exact}/{rooms.Count} exact");
        return new WebhookResult(path, events, events / elapsed.TotalSeconds, events / acknowledgedIn.TotalSeconds,
            Pick(lags, 0.5), Pick(lags, 0.99), exact, rooms.Count, sent.Rejected);
    }

    /// <summary>
    /// The same load into the seed's stack (a running bench/js/webhook-baseline.mjs: Express + livekit-server-sdk's
    /// WebhookReceiver, counts in memory); <paramref name="tag"/> keeps each run's rooms apart.
    /// </summary>
    public static async Task<WebhookResult> RunBaselineAsync(string url, string tag, string apiKey, string apiSecret, int roomCount, int joinsPerRoom, int concurrency)
    {
        var rooms = Enumerable.Range(0, roomCount).Select(i => $"live_baseline-{tag}-{i}_{1_700_000_000_000 + i}").ToList();
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        async Task<Dictionary<string, int>> CountsAsync() => await http.GetFromJsonAsync<Dictionary<string, int>>("/counts") ?? [];

        var clock = Stopwatch.StartNew();
        var sent = await SendAsync(url, apiKey, apiSecret, rooms, joinsPerRoom, concurrency, offeredPerSecond: null);
        var acknowledgedIn = clock.Elapsed;
        await UntilAsync(async () => (await CountsAsync()) is var counts && rooms.All(room => counts.GetValueOrDefault(room) == joinsPerRoom));
        var elapsed = clock.Elapsed;

        var final = await CountsAsync();
        var events = roomCount * joinsPerRoom;
        Console.WriteLine($"  Node baseline: {events / elapsed.TotalSeconds:N0} events/s");
        return new WebhookResult("Node baseline (Express + livekit-server-sdk)", events, events / elapsed.TotalSeconds, events / acknowledgedIn.TotalSeconds,
            double.NaN, double.NaN, rooms.Count(room => final.GetValueOrDefault(room) == joinsPerRoom), roomCount, sent.Rejected);
    }

    private sealed record Sent(Dictionary<string, ConcurrentQueue<DateTime>> Acks, long Rejected);

    /// <summary>
    /// Every join of every room, shuffled, from <paramref name="concurrency"/> senders that retry until acknowledged: as
    /// fast as they are acknowledged, or (with <paramref name="offeredPerSecond"/>) each sent at its time in a fixed
    /// schedule, whatever the answers to earlier ones (open loop, up to 4 × <paramref name="concurrency"/> in flight).
    /// </summary>
    private static async Task<Sent> SendAsync(
        string url, string apiKey, string apiSecret, IReadOnlyList<string> rooms, int joinsPerRoom, int concurrency, double? offeredPerSecond)
    {
        var acks = rooms.ToDictionary(room => room, _ => new ConcurrentQueue<DateTime>());
        var work = rooms.SelectMany(room => Enumerable.Range(0, joinsPerRoom).Select(i => (RoomName: room, Sid: $"PA_{room[^6..]}_{i}"))).ToList();
        Shuffle(work);
        long rejected = 0;
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        async Task SendOneAsync((string RoomName, string Sid) item, CancellationToken cancellationToken)
        {
            var body = Encoding.UTF8.GetBytes(new JsonObject
            {
                ["event"] = "participant_joined",
                ["id"] = $"EV_{Guid.NewGuid():N}",
                ["createdAt"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(),
                ["room"] = new JsonObject { ["name"] = item.RoomName },
                // As LiveKit sends it: the participant holds what its /watch token granted (a plain viewer).
                ["participant"] = new JsonObject
                {
                    ["sid"] = item.Sid,
                    ["identity"] = $"viewer-{item.Sid}",
                    ["state"] = "ACTIVE",
                    ["joinedAt"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(),
                    ["metadata"] = """{"onStage":false}""",
                    ["permission"] = new JsonObject { ["canSubscribe"] = true, ["canPublish"] = false, ["canPublishData"] = true },
                },
            }.ToJsonString());
            while (true)
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/webhook+json");
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/livekit") { Content = content };
                request.Headers.TryAddWithoutValidation("Authorization", Sign(body, apiKey, apiSecret));
                using var response = await http.SendAsync(request, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    acks[item.RoomName].Enqueue(DateTime.UtcNow);
                    return;
                }
                Interlocked.Increment(ref rejected);
                await Task.Delay(100, cancellationToken);
            }
        }

        if (offeredPerSecond is not { } rate)
        {
            await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (item, cancellationToken) =>
                await SendOneAsync(item, cancellationToken));
            return new Sent(acks, rejected);
        }
        using var inFlight = new SemaphoreSlim(4 * concurrency);
        var schedule = Stopwatch.StartNew();
        var sending = new List<Task>(work.Count);
        for (var i = 0; i < work.Count; i++)
        {
            if (TimeSpan.FromSeconds(i / rate) - schedule.Elapsed is { Ticks: > 0 } wait)
            {
                await Task.Delay(wait);
            }
            await inFlight.WaitAsync();
            var item = work[i];
            sending.Add(Task.Run(async () =>
            {
                try
                {
                    await SendOneAsync(item, CancellationToken.None);
                }
                finally
                {
                    inFlight.Release();
                }
            }));
        }
        await Task.WhenAll(sending);
        return new Sent(acks, rejected);
    }

    private static async Task UntilAsync(Func<Task<bool>> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline && !await done())
        {
            await Task.Delay(20);
        }
    }

    private static double Pick(List<double> sorted, double quantile) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(quantile * sorted.Count))];

    private static void Shuffle<T>(List<T> items)
    {
        var random = new Random(2026);
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>LiveKit's webhook signature: an HS256 JWT by the API key whose sha256 claim is the body's hash.</summary>
    private static string Sign(byte[] body, string apiKey, string apiSecret)
    {
        static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Encode("""{"alg":"HS256","typ":"JWT"}"""u8.ToArray());
        var claims = Encode(JsonSerializer.SerializeToUtf8Bytes(new { iss = apiKey, nbf = now, iat = now, exp = now + 300, sha256 = Convert.ToBase64String(SHA256.HashData(body)) }));
        return $"{header}.{claims}.{Encode(HMACSHA256.HashData(Encoding.UTF8.GetBytes(apiSecret), Encoding.ASCII.GetBytes($"{header}.{claims}")))}";
    }
}
