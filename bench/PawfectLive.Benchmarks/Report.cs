using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace PawfectLive.Benchmarks;

/// <summary>Collects the figures and writes bench/RESULTS.md.</summary>
public sealed class Report(int seconds)
{
    private readonly StringBuilder _sections = new();

    private static string F(double value, string format = "N0") => value.ToString(format, CultureInfo.InvariantCulture);

    private static string Verdict(bool met) => met ? "met" : "**missed**";

    public void Active(LoadResult direct, LoadResult gateway) =>
        HttpLoad("## 1. Browse: `GET /api/live/active` with 1,000 live streams (first page of 50)", "requests/s", direct, gateway,
            $"Gateway overhead: throughput ratio gateway/direct = {F(gateway.RequestsPerSecond / direct.RequestsPerSecond, "N2")}; " +
            $"p50 ratio = {F(gateway.P50Ms / direct.P50Ms, "N2")}. Target ≥ 10,000 req/s through the gateway: {Verdict(gateway.RequestsPerSecond >= 10_000)}.");

    public void Watch(LoadResult direct, LoadResult gateway) =>
        HttpLoad("## 2. Token issuance: `GET /api/live/{id}/watch` (JWT validation + subscriber token)", "tokens/s", direct, gateway,
            $"Target ≥ 5,000 tokens/s: {Verdict(gateway.RequestsPerSecond >= 5_000)} (through the gateway).");

    private void HttpLoad(string heading, string unit, LoadResult direct, LoadResult gateway, string verdict)
    {
        _sections.AppendLine(heading)
            .AppendLine()
            .AppendLine($"| path | {unit} | p50 ms | p99 ms | errors |")
            .AppendLine("|---|---:|---:|---:|---:|");
        foreach (var (path, load) in new[] { ("direct to Streams", direct), ("through the gateway", gateway) })
        {
            _sections.AppendLine($"| {path} | {F(load.RequestsPerSecond)} | {F(load.P50Ms, "N2")} | {F(load.P99Ms, "N2")} | {load.Errors} |");
        }
        _sections.AppendLine().AppendLine(verdict).AppendLine();
    }

    public void Webhooks(WebhookResult gateway, WebhookResult direct, WebhookResult baseline)
    {
        _sections.AppendLine("## 3. Webhook ingest, until every count is final (ours: Webhooks → RabbitMQ → Streams → count published)")
            .AppendLine()
            .AppendLine($"{gateway.Events:N0} signed `participant_joined` events per run, {gateway.Rooms} rooms × {gateway.Events / gateway.Rooms} distinct sids, shuffled, 32 concurrent senders, " +
                "the same sender for all three. The baseline is the seed's path: Express + livekit-server-sdk's `WebhookReceiver`, counts `$inc`-ed in memory (no de-duplication, no durability, no events).")
            .AppendLine()
            .AppendLine("| path | events/s (until every count is final) | acknowledged/s | lag p50 ms | lag p99 ms | rooms with the exact count | 5xx answered (retried) |")
            .AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var result in new[] { gateway, direct, baseline })
        {
            _sections.AppendLine($"| {result.Path} | {F(result.EventsPerSecond)} | {F(result.AcknowledgedPerSecond)} | {(double.IsNaN(result.LagP50Ms) ? "–" : F(result.LagP50Ms, "N1"))} | " +
                $"{(double.IsNaN(result.LagP99Ms) ? "–" : F(result.LagP99Ms, "N1"))} | {result.RoomsExact}/{result.Rooms} | {result.Rejected} |");
        }
        var ratio = gateway.EventsPerSecond / baseline.EventsPerSecond;
        _sections.AppendLine()
            .AppendLine("Lag: for each room, from the k-th acknowledged webhook to the first published count of at least k (counts are announced coalesced, every 100 ms per room). " +
                $"Ratio ours through the gateway / baseline = {F(ratio, "N2")}; target ≥ 0.5: {Verdict(ratio >= 0.5)}. " +
                $"Exact final counts: {Verdict(gateway.RoomsExact == gateway.Rooms && direct.RoomsExact == direct.Rooms)}.")
            .AppendLine();
    }

    public void FanOut(FanOutResult signalR, FanOutResult socketIo, int clients, int rate)
    {
        _sections.AppendLine($"## 4. Chat fan-out: one room, {clients:N0} clients, {rate} messages/s from 10 senders")
            .AppendLine()
            .AppendLine("Same Node.js harness and clock for both; each server runs alone on loopback (SignalR: our Chat service with its Redis backplane; Socket.IO 4: a minimal broadcast server).")
            .AppendLine()
            .AppendLine("| server | connected | sent | delivered | deliveries/s | p50 ms | p99 ms |")
            .AppendLine("|---|---:|---:|---:|---:|---:|---:|")
            .AppendLine($"| PawfectLive Chat (SignalR) | {signalR.Connected} | {signalR.Sent} | {signalR.Delivered:N0} | {F(signalR.DeliveriesPerSecond)} | {F(signalR.P50Ms, "N1")} | {F(signalR.P99Ms, "N1")} |")
            .AppendLine($"| Socket.IO 4 | {socketIo.Connected} | {socketIo.Sent} | {socketIo.Delivered:N0} | {F(socketIo.DeliveriesPerSecond)} | {F(socketIo.P50Ms, "N1")} | {F(socketIo.P99Ms, "N1")} |")
            .AppendLine()
            .AppendLine($"Ratios SignalR/Socket.IO: deliveries/s {F(signalR.DeliveriesPerSecond / socketIo.DeliveriesPerSecond, "N2")}, p99 {F(signalR.P99Ms / socketIo.P99Ms, "N2")}. " +
                $"Target more deliveries/s at a lower p99: {Verdict(signalR.DeliveriesPerSecond >= socketIo.DeliveriesPerSecond && signalR.P99Ms < socketIo.P99Ms)}.")
            .AppendLine();
    }

    public void Memory(long before, long during, int clients)
    {
        _sections.AppendLine($"## 5. Memory: {clients:N0} idle chat connections")
            .AppendLine()
            .AppendLine($"Chat resident memory {before / 1048576.0:N1} MiB before, {during / 1048576.0:N1} MiB with {clients:N0} idle WebSocket connections in one room: " +
                $"**{(during - before) / 1048576.0:N1} MiB per 1,000 connections** ({(during - before) / (double)clients / 1024:N1} KiB each).")
            .AppendLine();
    }

    public string ToMarkdown()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = File.Exists("/proc/meminfo") ? File.ReadLines("/proc/meminfo").First().Split(':', 2)[1].Trim() : "?";
        return new StringBuilder()
            .AppendLine("# PawfectLive benchmark results")
            .AppendLine()
            .AppendLine($"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC with `./bench/run.sh` (each load {seconds} s, loopback only, load generators on the same machine).")
            .AppendLine()
            .AppendLine($"Machine: {Environment.ProcessorCount} cores ({cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}), {memory} memory, " +
                $"{RuntimeInformation.OSDescription}, .NET {Environment.Version}. Services are Release builds in Production mode, Streams on its embedded store; " +
                "wrk (2 threads, 64 connections) for HTTP.")
            .AppendLine()
            .Append(_sections)
            .ToString();
    }
}
