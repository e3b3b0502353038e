using System.Buffers.Text;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PawfectLive.Notifications.Infrastructure;
using PawfectLive.Notifications.Model;
using PawfectLive.TestInfrastructure;

namespace PawfectLive.Benchmarks;

/// <summary>How long a go-live alert takes to reach every follower of one owner: in each inbox, and as a sent push.</summary>
public sealed record FollowerFanOut(int Followers, TimeSpan InboxesDone, TimeSpan PushesDone, int Pushes)
{
    public double PushesPerSecond => Pushes / PushesDone.TotalSeconds;
}

/// <summary>
/// Part 9: one owner with N followers, each with one Web Push subscription on a push-service double on loopback (it
/// answers 201 and counts; the tests check real pushes against web-push-testing). The follows and subscriptions are
/// written into a fresh Notifications store before it starts; the owner then goes live through Streams, and the clock
/// runs from that request until (a) a sample of 100 followers spread over every batch has the alert in its inbox and (b)
/// the double has received N pushes.
/// </summary>
public static class Followers
{
    public static async Task<FollowerFanOut> RunAsync(int followers, ServiceProcess streams, IDictionary<string, string> common, string dataDirectory)
    {
        var ownerId = $"bench-star-{followers}";
        var pushes = 0;
        var port = FreePorts.Find();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        await using var pushService = builder.Build();
        pushService.MapPost("/push/{id}", (HttpContext http) =>
        {
            Interlocked.Increment(ref pushes);
            return Results.StatusCode(201);
        });
        await pushService.StartAsync();

        var path = Path.Combine(dataDirectory, $"notifications-{followers}.db");
        Console.WriteLine($"  seeding {followers:N0} followers with a push subscription each...");
        using (var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256))
        {
            // Through the store (so its indexes and file layout are the service's), then in bulk into its collections: one
            // transaction instead of 2N.
            using (new LiteDbNotificationsStore(path))
            {
            }
            var point = key.ExportParameters(false).Q;
            var p256dh = Base64Url.EncodeToString([0x04, .. point.X!, .. point.Y!]);
            var auth = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
            var at = DateTime.UtcNow;
            var connection = new LiteDB.ConnectionString
            {
                Filename = path,
                Connection = LiteDB.ConnectionType.Direct,
                Collation = new LiteDB.Collation(System.Globalization.CultureInfo.InvariantCulture.LCID, System.Globalization.CompareOptions.Ordinal),
            };
            using var database = new LiteDB.LiteDatabase(connection, new LiteDB.BsonMapper());
            database.GetCollection<Follow>("follows").InsertBulk(
                Enumerable.Range(0, followers).Select(i => Follow.Of($"fan-{i:D6}", ownerId, at)), 10_000);
            database.GetCollection<PushSubscription>("pushSubscriptions").InsertBulk(Enumerable.Range(0, followers).Select(i => new PushSubscription
            {
                Id = $"dev-{i:D6}",
                UserId = $"fan-{i:D6}",
                Endpoint = $"http://127.0.0.1:{port}/push/{i}",
                P256dh = p256dh,
                Auth = auth,
                CreatedAt = at,
            }), 10_000);
        }

        using var vapid = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var vapidKey = vapid.ExportParameters(true);
        var settings = new Dictionary<string, string>(common)
        {
            ["Notifications__EmbeddedDatabasePath"] = path,
            ["WebPush__PublicKey"] = Base64Url.EncodeToString([0x04, .. vapidKey.Q.X!, .. vapidKey.Q.Y!]),
            ["WebPush__PrivateKey"] = Base64Url.EncodeToString(vapidKey.D!),
            ["WebPush__AllowLoopbackEndpoints"] = "true",
        };
        await using var notifications = await ServiceProcess.StartAsync($"notifications-{followers}", "services/Notifications", settings, showLogs: true);

        var clock = Stopwatch.StartNew();
        using (var owner = streams.ClientFor(TestUsers.Token(ownerId)))
        {
            (await owner.PostAsJsonAsync("/api/live/start", new { title = "Bench star goes live" })).EnsureSuccessStatusCode();
        }
        var sample = Enumerable.Range(0, 100).Select(i => $"fan-{(long)i * followers / 100 + followers / 200:D6}").Append($"fan-{followers - 1:D6}").ToList();
        var pending = new HashSet<string>(sample);
        TimeSpan? inboxesDone = null;
        var deadline = TimeSpan.FromMinutes(10);
        while ((inboxesDone is null || Volatile.Read(ref pushes) < followers) && clock.Elapsed < deadline)
        {
            if (inboxesDone is null)
            {
                foreach (var fan in pending.ToList())
                {
                    using var client = notifications.ClientFor(TestUsers.Token(fan));
                    var unread = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/notifications/unread-count");
                    if (unread.GetProperty("unread").GetInt64() > 0)
                    {
                        pending.Remove(fan);
                    }
                }
                if (pending.Count == 0)
                {
                    inboxesDone = clock.Elapsed;
                }
            }
            await Task.Delay(50);
        }
        var pushesDone = clock.Elapsed;
        if (inboxesDone is null || pushes < followers)
        {
            throw new TimeoutException($"{followers:N0} followers: {pending.Count} sampled inboxes and {followers - pushes:N0} pushes still missing after {deadline}.");
        }
        Console.WriteLine($"  {followers:N0} followers: every sampled inbox after {inboxesDone.Value.TotalSeconds:N1} s, {pushes:N0} pushes after {pushesDone.TotalSeconds:N1} s");
        return new FollowerFanOut(followers, inboxesDone.Value, pushesDone, pushes);
    }
}
