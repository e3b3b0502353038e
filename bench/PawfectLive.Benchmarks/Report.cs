using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace PawfectLive.Benchmarks;

/// <summary>What one repetition measured; a part not run (BENCH_ONLY) stays null.</summary>
public sealed class Repetition
{
    public LoadResult? ActiveDirect { get; set; }
    public LoadResult? ActiveGateway { get; set; }
    public LoadResult? WatchDirect { get; set; }
    public LoadResult? WatchGateway { get; set; }
    public WebhookResult? WebhooksGateway { get; set; }
    public WebhookResult? WebhooksDirect { get; set; }
    public WebhookResult? WebhooksBaseline { get; set; }
    public WebhookResult? WebhooksHalfLoad { get; set; }
    public FanOutRun? FanOutOurs { get; set; }
    public FanOutRun? FanOutSocketIo { get; set; }
    public FanOutRun? FanOutSocketIoRedis { get; set; }
    public FanOutRun? FanOutGatewayOneChat { get; set; }
    public FanOutRun? FanOutGatewayTwoChats { get; set; }
    public IdleMemory? MemoryOurs { get; set; }
    public IdleMemory? MemorySocketIo { get; set; }
    public LoadResult? Stats { get; set; }
    public ColdStart? ColdJit { get; set; }
    public ColdStart? ColdReadyToRun { get; set; }
    public LoadResult? StatsStream { get; set; }
    public List<FollowerFanOut> Followers { get; } = [];
}

/// <summary>Collects the repetitions and writes bench/RESULTS.md: every figure as min–max over the repetitions.</summary>
public sealed class Report(int seconds, int repetitions, int fanOutStepSeconds)
{
    private readonly List<Repetition> _runs = [];

    public void Add(Repetition repetition) => _runs.Add(repetition);

    private static string F(double value, string format) => double.IsNaN(value) ? "–" : value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>"min–max" of a figure over the repetitions that measured it.</summary>
    private string Range<T>(Func<Repetition, T?> part, Func<T, double> figure, string format = "N0") where T : class =>
        Range(run => part(run) is { } measured ? figure(measured) : null, format);

    /// <summary>"min–max" of a figure computed from each repetition (null or NaN where it was not measured).</summary>
    private string Range(Func<Repetition, double?> figure, string format)
    {
        var values = _runs.Select(figure).OfType<double>().Where(value => !double.IsNaN(value)).ToList();
        if (values.Count == 0)
        {
            return "–";
        }
        var (min, max) = (F(values.Min(), format), F(values.Max(), format));
        return min == max ? min : $"{min}–{max}";
    }

    /// <summary>How many repetitions met a target, as "met (3 of 3)" or "**missed** (1 of 3)".</summary>
    private string Verdict(Func<Repetition, bool?> met)
    {
        var outcomes = _runs.Select(met).OfType<bool>().ToList();
        var count = outcomes.Count(outcome => outcome);
        return $"{(count == outcomes.Count ? "met" : "**missed**")} ({count} of {outcomes.Count})";
    }

    private static double? Ratio(double? numerator, double? denominator) =>
        numerator is { } n && denominator is { } d && d != 0 ? n / d : null;

    public string ToMarkdown(TimeSpan took)
    {
        var markdown = new StringBuilder()
            .AppendLine("# PawfectLive benchmark results")
            .AppendLine()
            .AppendLine($"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC with `./bench/run.sh`: one warm-up, then {repetitions} repetitions of every part; " +
                $"each figure is the min–max over the repetitions. The bench took {took.TotalMinutes:N1} minutes (start-up and warm-up included).")
            .AppendLine()
            .AppendLine(Machine())
            .AppendLine()
            .AppendLine("Absolute figures vary 3–4× between machines and runs; the targets are ratios against a baseline measured in the same run.")
            .AppendLine();
        Browse(markdown);
        Webhooks(markdown);
        FanOut(markdown);
        Memory(markdown);
        Stats(markdown);
        ColdStart(markdown);
        FollowerAlerts(markdown);
        return markdown.ToString();
    }

    private void FollowerAlerts(StringBuilder markdown)
    {
        var sizes = _runs.SelectMany(run => run.Followers).Select(f => f.Followers).Distinct().Order().ToList();
        if (sizes.Count == 0)
        {
            return;
        }
        markdown.AppendLine("## 9. Go-live alert to every follower: inboxes and pushes")
            .AppendLine()
            .AppendLine("One owner with N followers, each with one Web Push subscription on a push-service double on loopback (answers 201 and counts). " +
                "From the owner's `POST /api/live/start` (to Streams) until a sample of 101 followers spread over every fan-out batch has the " +
                "alert in its inbox (`GET /api/notifications/unread-count` on Notifications), and until the double has received N pushes (each " +
                "encrypted for its subscription and VAPID-signed). Notifications on its embedded store; batches of 500 through RabbitMQ.")
            .AppendLine()
            .AppendLine("| followers | every sampled inbox (s) | every push sent (s) | pushes/s |")
            .AppendLine("|---:|---:|---:|---:|");
        foreach (var size in sizes)
        {
            FollowerFanOut? Of(Repetition run) => run.Followers.FirstOrDefault(f => f.Followers == size);
            markdown.AppendLine($"| {size:N0} | {Range(Of, f => f.InboxesDone.TotalSeconds, "N1")} | {Range(Of, f => f.PushesDone.TotalSeconds, "N1")} | " +
                $"{Range(Of, f => f.PushesPerSecond)} |");
        }
        markdown.AppendLine();
    }

    private void ColdStart(StringBuilder markdown)
    {
        if (_runs.All(run => run.ColdJit is null))
        {
            return;
        }
        markdown.AppendLine("## 8. Cold start: a fresh Streams instance's first 10 s of load against its next 10 s")
            .AppendLine()
            .AppendLine("A fresh Streams process (its own store and RabbitMQ virtual host), one stream started, then `GET /api/live/{id}/watch` " +
                "(JWT validation + a signed subscriber token; wrk, 2 threads, 64 connections) for 10 s from the first request, then for 10 s more. " +
                "As built (the JIT compiles everything on first use) and as published with ReadyToRun (`dotnet publish -r linux-x64 -p:PublishReadyToRun=true`, " +
                "what `Directory.Build.props` ships whenever a runtime identifier is given).")
            .AppendLine()
            .AppendLine("| Streams | first 10 s (requests/s) | p99 ms | next 10 s (requests/s) | p99 ms | first / next |")
            .AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (name, part) in new (string, Func<Repetition, ColdStart?>)[]
        {
            ("as built (JIT)", run => run.ColdJit),
            ("published with ReadyToRun", run => run.ColdReadyToRun),
        })
        {
            markdown.AppendLine($"| {name} | {Range(part, c => c.First.RequestsPerSecond)} | {Range(part, c => c.First.P99Ms, "N1")} | " +
                $"{Range(part, c => c.Next.RequestsPerSecond)} | {Range(part, c => c.Next.P99Ms, "N1")} | {Range(part, c => c.First.RequestsPerSecond / c.Next.RequestsPerSecond, "N2")} |");
        }
        markdown.AppendLine()
            .AppendLine($"First 10 s, ReadyToRun / as built: {Range(run => Ratio(run.ColdReadyToRun?.First.RequestsPerSecond, run.ColdJit?.First.RequestsPerSecond), "N2")} (no target).")
            .AppendLine();
    }

    private void Stats(StringBuilder markdown)
    {
        if (_runs.All(run => run.Stats is null))
        {
            return;
        }
        markdown.AppendLine($"## 7. Stats of a stream with 10,000 viewer sessions (wrk, 2 threads, 4 connections, {seconds} s, direct to Streams)")
            .AppendLine()
            .AppendLine("| route | requests/s | p50 ms | p99 ms | errors |")
            .AppendLine("|---|---:|---:|---:|---:|");
        foreach (var (route, part) in new (string, Func<Repetition, LoadResult?>)[]
        {
            ("`GET /api/live/{id}/stats` (10,000 sessions, 60 s buckets)", run => run.Stats),
            ("`GET /api/live/{id}` (the same stream)", run => run.StatsStream),
        })
        {
            markdown.AppendLine($"| {route} | {Range(part, load => load.RequestsPerSecond)} | {Range(part, load => load.P50Ms, "N2")} | " +
                $"{Range(part, load => load.P99Ms, "N2")} | {Range(part, load => load.Errors)} |");
        }
        markdown.AppendLine()
            .AppendLine($"Stats p99 target < 50 ms: {Verdict(run => run.Stats is { } stats ? stats.P99Ms < 50 : null)}. " +
                $"p99 stats / `GET /api/live/{{id}}`: {Range(run => Ratio(run.Stats?.P99Ms, run.StatsStream?.P99Ms), "N1")} (reported, no target).")
            .AppendLine();
    }

    private void Browse(StringBuilder markdown)
    {
        if (_runs.All(run => run.ActiveDirect is null && run.WatchDirect is null))
        {
            return;
        }
        markdown.AppendLine($"## 1. Browse and tokens through the gateway (wrk, 2 threads, 64 connections, {seconds} s per path)")
            .AppendLine()
            .AppendLine("| route | path | requests/s | p50 ms | p99 ms | errors |")
            .AppendLine("|---|---|---:|---:|---:|---:|");
        foreach (var (route, direct, gateway) in new (string, Func<Repetition, LoadResult?>, Func<Repetition, LoadResult?>)[]
        {
            ("`GET /api/live/active` (1,000 live streams, first page of 50)", run => run.ActiveDirect, run => run.ActiveGateway),
            ("`GET /api/live/{id}/watch` (JWT validation + subscriber token)", run => run.WatchDirect, run => run.WatchGateway),
        })
        {
            foreach (var (path, part) in new[] { ("direct to Streams", direct), ("through the gateway", gateway) })
            {
                markdown.AppendLine($"| {route} | {path} | {Range(part, load => load.RequestsPerSecond)} | {Range(part, load => load.P50Ms, "N2")} | " +
                    $"{Range(part, load => load.P99Ms, "N2")} | {Range(part, load => load.Errors)} |");
            }
        }
        markdown.AppendLine()
            .AppendLine($"`/active` throughput gateway/direct: {Range(run => Ratio(run.ActiveGateway?.RequestsPerSecond, run.ActiveDirect?.RequestsPerSecond), "N2")}; " +
                $"target ≥ 1.0: {Verdict(run => Ratio(run.ActiveGateway?.RequestsPerSecond, run.ActiveDirect?.RequestsPerSecond) is { } ratio ? ratio >= 1.0 : null)}. " +
                $"`/watch` gateway/direct: {Range(run => Ratio(run.WatchGateway?.RequestsPerSecond, run.WatchDirect?.RequestsPerSecond), "N2")} (no target).")
            .AppendLine();
    }

    private void Webhooks(StringBuilder markdown)
    {
        if (_runs.All(run => run.WebhooksGateway is null))
        {
            return;
        }
        var sample = _runs.First(run => run.WebhooksGateway is not null).WebhooksGateway!;
        markdown.AppendLine("## 2. Webhook ingest, until every count is final (ours: Webhooks → RabbitMQ → Streams → count published)")
            .AppendLine()
            .AppendLine($"Saturation: {sample.Events:N0} signed `participant_joined` events per run, {sample.Rooms} rooms × {sample.Events / sample.Rooms} distinct sids, shuffled, " +
                "32 concurrent senders that send the next as soon as one is acknowledged, the same sender for all three. The baseline is the seed's path: " +
                "Express + livekit-server-sdk's `WebhookReceiver`, counts `$inc`-ed in memory (no de-duplication, no durability, no events). " +
                "Half load: half as many events into fresh rooms, sent on a fixed schedule at half of that repetition's saturation rate through the gateway.")
            .AppendLine()
            .AppendLine("| path | events/s (until every count is final) | acknowledged/s | lag p50 ms | lag p99 ms | rooms with the exact count | 5xx answered (retried) |")
            .AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var (path, part) in new (string, Func<Repetition, WebhookResult?>)[]
        {
            ("ours, through the gateway", run => run.WebhooksGateway),
            ("ours, direct to Webhooks", run => run.WebhooksDirect),
            ("Node baseline (Express + livekit-server-sdk)", run => run.WebhooksBaseline),
            ("ours, through the gateway at half load", run => run.WebhooksHalfLoad),
        })
        {
            markdown.AppendLine($"| {path} | {Range(part, r => r.EventsPerSecond)} | {Range(part, r => r.AcknowledgedPerSecond)} | {Range(part, r => r.LagP50Ms, "N0")} | " +
                $"{Range(part, r => r.LagP99Ms, "N0")} | {Range(part, r => r.RoomsExact)}/{sample.Rooms} | {Range(part, r => r.Rejected)} |");
        }
        markdown.AppendLine()
            .AppendLine("Lag: for each room, from the k-th acknowledged webhook to the first published count of at least k (counts are announced coalesced, every 100 ms per room).")
            .AppendLine()
            .AppendLine($"- Ours through the gateway / baseline, events/s: {Range(run => Ratio(run.WebhooksGateway?.EventsPerSecond, run.WebhooksBaseline?.EventsPerSecond), "N2")}; " +
                $"target ≥ 1.0: {Verdict(run => Ratio(run.WebhooksGateway?.EventsPerSecond, run.WebhooksBaseline?.EventsPerSecond) is { } ratio ? ratio >= 1.0 : null)}. " +
                $"Direct / baseline: {Range(run => Ratio(run.WebhooksDirect?.EventsPerSecond, run.WebhooksBaseline?.EventsPerSecond), "N2")}.")
            .AppendLine($"- Lag p99 at half load < 250 ms: {Verdict(run => run.WebhooksHalfLoad is null ? null : run.WebhooksHalfLoad.LagP99Ms < 250)}.")
            .AppendLine($"- Every final count exact (all runs): {Verdict(run => run.WebhooksGateway is null ? null : new[] { run.WebhooksGateway, run.WebhooksDirect!, run.WebhooksHalfLoad! }.All(r => r.RoomsExact == r.Rooms))}.")
            .AppendLine();
    }

    private void FanOut(StringBuilder markdown)
    {
        if (_runs.All(run => run.FanOutOurs is null))
        {
            return;
        }
        markdown.AppendLine($"## 3. Chat fan-out: one room, 1,000 clients, 10 senders, the send rate stepped ({fanOutStepSeconds} s per step)")
            .AppendLine()
            .AppendLine("One Node.js harness (`bench/js/fanout.mjs`) holds every client and the clock, for every server. Ours: the Chat service with every feature on " +
                "(JWT-authenticated connections, room and block checks, rate limit, history, rooms across instances through Redis, batched per member every `Chat:FanOutInterval`). Socket.IO 4: a minimal broadcast server, alone and with " +
                "`@socket.io/redis-adapter` (the seed's stack once it runs two instances). Lost: deliveries expected (accepted messages × clients) that had not arrived when " +
                "the step's drain ended (2 s at most after its last send). A step counts as clean when nothing was lost and p99 < 250 ms.")
            .AppendLine()
            .AppendLine("| server | msg/s | deliveries/s | p50 ms | p99 ms | lost |")
            .AppendLine("|---|---:|---:|---:|---:|---:|");
        var servers = new (string Name, Func<Repetition, FanOutRun?> Part)[]
        {
            ("PawfectLive Chat (SignalR), direct", run => run.FanOutOurs),
            ("Socket.IO 4", run => run.FanOutSocketIo),
            ("Socket.IO 4 + Redis adapter", run => run.FanOutSocketIoRedis),
            ("PawfectLive, through the gateway, one Chat instance", run => run.FanOutGatewayOneChat),
            ("PawfectLive, through the gateway, two Chat instances", run => run.FanOutGatewayTwoChats),
        };
        foreach (var (name, part) in servers)
        {
            foreach (var rate in _runs.Select(part).OfType<FanOutRun>().SelectMany(run => run.Rates).Distinct().Order())
            {
                Func<Repetition, FanOutStep?> step = run => part(run)?.At(rate);
                if (_runs.All(run => step(run) is null))
                {
                    markdown.AppendLine($"| {name} | {rate} | not run: the step before was far past saturation (p99 > 1 s) | | | |");
                    continue;
                }
                markdown.AppendLine($"| {name} | {rate} | {Range(step, s => s.DeliveriesPerSecond)} | {Range(step, s => s.P50Ms, "N1")} | {Range(step, s => s.P99Ms, "N1")} | {Range(step, s => s.Lost)} |");
            }
        }
        markdown.AppendLine()
            .AppendLine("Highest clean rate (msg/s): " + string.Join("; ", servers.Select(server => $"{server.Name} {Range(server.Part, run => (double)run.HighestCleanRate)}")) + ".")
            .AppendLine()
            .AppendLine($"- Ours through the gateway (one Chat instance) / plain Socket.IO, highest clean rate: {Range(run => Ratio(run.FanOutGatewayOneChat?.HighestCleanRate, run.FanOutSocketIo?.HighestCleanRate), "N2")}; " +
                $"target ≥ 2.0: {Verdict(run => run.FanOutGatewayOneChat is null ? null : run.FanOutGatewayOneChat.HighestCleanRate >= 2 * run.FanOutSocketIo!.HighestCleanRate)}. " +
                $"Direct / plain Socket.IO: {Range(run => Ratio(run.FanOutOurs?.HighestCleanRate, run.FanOutSocketIo?.HighestCleanRate), "N2")}.")
            .AppendLine($"- Ours through the gateway (one Chat instance) / plain Socket.IO, p99 at 40 msg/s: {Range(run => Ratio(run.FanOutGatewayOneChat?.At(40)?.P99Ms, run.FanOutSocketIo?.At(40)?.P99Ms), "N2")}; " +
                $"target ≤ 1.0: {Verdict(run => run.FanOutGatewayOneChat?.At(40) is { } ours && run.FanOutSocketIo?.At(40) is { } theirs ? ours.P99Ms <= theirs.P99Ms : null)}. " +
                $"Direct / plain Socket.IO: {Range(run => Ratio(run.FanOutOurs?.At(40)?.P99Ms, run.FanOutSocketIo?.At(40)?.P99Ms), "N2")}.")
            .AppendLine($"- Scale-out, two Chat instances / one, through the gateway: highest clean rate {Range(run => Ratio(run.FanOutGatewayTwoChats?.HighestCleanRate, run.FanOutGatewayOneChat?.HighestCleanRate), "N2")}, " +
                $"p99 at 40 msg/s {Range(run => Ratio(run.FanOutGatewayTwoChats?.At(40)?.P99Ms, run.FanOutGatewayOneChat?.At(40)?.P99Ms), "N2")} (no target: on one 2-core machine a second instance adds no cores, only the cost of the split).")
            .AppendLine();
    }

    private void Memory(StringBuilder markdown)
    {
        if (_runs.All(run => run.MemoryOurs is null))
        {
            return;
        }
        markdown.AppendLine("## 4. Memory: idle connections in one room, each server freshly started")
            .AppendLine()
            .AppendLine("Resident memory (VmRSS) before any connection, with 1,000 idle clients, and with 1,000 more. The first 1,000 also pay for what a server " +
                "sets up once (for .NET, code compiled on first use and pools); the next 1,000 cost what connections themselves cost.")
            .AppendLine()
            .AppendLine("| server | resident before (MiB) | with 1,000 (MiB) | with 2,000 (MiB) | first 1,000 (MiB) | next 1,000 (MiB) |")
            .AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (name, part) in new (string, Func<Repetition, IdleMemory?>)[]
        {
            ("PawfectLive Chat (SignalR)", run => run.MemoryOurs),
            ("Socket.IO 4", run => run.MemorySocketIo),
        })
        {
            markdown.AppendLine($"| {name} | {Range(part, m => m.Before / 1048576.0, "N1")} | {Range(part, m => m.FirstSet / 1048576.0, "N1")} | " +
                $"{Range(part, m => m.SecondSet / 1048576.0, "N1")} | {Range(part, m => m.FirstPerThousandMiB, "N1")} | {Range(part, m => m.PerThousandMiB, "N1")} |");
        }
        markdown.AppendLine()
            .AppendLine($"Ours / Socket.IO per 1,000 connections (the next 1,000): {Range(run => Ratio(run.MemoryOurs?.PerThousandMiB, run.MemorySocketIo?.PerThousandMiB), "N2")}; " +
                $"target ≤ 1.0: {Verdict(run => run.MemoryOurs is null ? null : run.MemoryOurs.PerThousandMiB <= run.MemorySocketIo!.PerThousandMiB)}. " +
                $"The first 1,000: {Range(run => Ratio(run.MemoryOurs?.FirstPerThousandMiB, run.MemorySocketIo?.FirstPerThousandMiB), "N2")}.")
            .AppendLine();
    }

    private static string Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = File.Exists("/proc/meminfo") ? File.ReadLines("/proc/meminfo").First().Split(':', 2)[1].Trim() : "?";
        return $"Machine: {Environment.ProcessorCount} cores ({cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}), {memory} memory, " +
            $"{RuntimeInformation.OSDescription}, .NET {Environment.Version}, Node {NodeVersion()}. Services are Release builds in Production mode, Streams on its " +
            "embedded store, everything (load generators included) on the same cores, loopback only.";
    }

    private static string NodeVersion()
    {
        try
        {
            using var node = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("node", "--version") { RedirectStandardOutput = true })!;
            var version = node.StandardOutput.ReadToEnd().Trim();
            node.WaitForExit();
            return version;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "?";
        }
    }
}
