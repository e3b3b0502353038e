using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PawfectLive.TestInfrastructure;

public sealed record CollectedSpan(
    string ServiceName, string TraceId, string SpanId, string ParentSpanId, string Name, int Kind, IReadOnlyDictionary<string, string> Attributes);

/// <summary>
/// An in-memory OpenTelemetry collector: receives OTLP/HTTP protobuf trace exports from the services (each its own
/// process) and keeps their spans, so a test can follow one trace across processes.
/// </summary>
public sealed class OtlpTraceCollector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<CollectedSpan> _spans = new();
    private readonly ConcurrentQueue<byte[]> _exports = new();

    private OtlpTraceCollector(WebApplication app, int port)
    {
        _app = app;
        Endpoint = $"http://127.0.0.1:{port}";
    }

    public string Endpoint { get; }

    public IReadOnlyList<CollectedSpan> Spans => _spans.ToArray();

    /// <summary>Whether <paramref name="text"/> appeared anywhere in what the services exported: spans, logs or metrics.</summary>
    public bool Exported(string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        return _exports.Any(export => export.AsSpan().IndexOf(bytes) >= 0);
    }

    public static async Task<OtlpTraceCollector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var port = FreePorts.Find();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var collector = new OtlpTraceCollector(app, port);
        app.MapPost("/v1/traces", collector.ReceiveTracesAsync);
        app.MapPost("/v1/metrics", collector.KeepAsync);
        app.MapPost("/v1/logs", collector.KeepAsync);
        await app.StartAsync();
        return collector;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<IResult> KeepAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        _exports.Enqueue(buffer.ToArray());
        return Results.Ok();
    }

    private async Task<IResult> ReceiveTracesAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        _exports.Enqueue(buffer.ToArray());
        // ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
        foreach (var resourceSpans in Protobuf.Messages(buffer.ToArray(), 1))
        {
            var serviceName = "";
            foreach (var resource in Protobuf.Messages(resourceSpans, 1))
            {
                serviceName = Attributes(resource, 1).GetValueOrDefault("service.name", "");
            }
            foreach (var scopeSpans in Protobuf.Messages(resourceSpans, 2))
            {
                foreach (var span in Protobuf.Messages(scopeSpans, 2))
                {
                    var fields = Protobuf.Fields(span).ToList();
                    string Hex(int number) => Convert.ToHexStringLower(fields.FirstOrDefault(f => f.Number == number).Bytes.Span);
                    var name = System.Text.Encoding.UTF8.GetString(fields.FirstOrDefault(f => f.Number == 5).Bytes.Span);
                    var kind = (int)fields.FirstOrDefault(f => f.Number == 6).Varint;
                    _spans.Enqueue(new CollectedSpan(serviceName, Hex(1), Hex(2), Hex(4), name, kind, Attributes(span, 9)));
                }
            }
        }
        return Results.Ok();
    }

    /// <summary>KeyValue { string key = 1; AnyValue value = 2; } with AnyValue { string string_value = 1; ... }.</summary>
    private static Dictionary<string, string> Attributes(ReadOnlyMemory<byte> message, int fieldNumber)
    {
        var attributes = new Dictionary<string, string>();
        foreach (var keyValue in Protobuf.Messages(message, fieldNumber))
        {
            string? key = null;
            string? value = null;
            foreach (var field in Protobuf.Fields(keyValue))
            {
                if (field.Number == 1)
                {
                    key = System.Text.Encoding.UTF8.GetString(field.Bytes.Span);
                }
                else if (field.Number == 2)
                {
                    var stringValue = Protobuf.Fields(field.Bytes).FirstOrDefault(f => f.Number == 1 && f.WireType == 2);
                    value = stringValue.Bytes.IsEmpty ? null : System.Text.Encoding.UTF8.GetString(stringValue.Bytes.Span);
                }
            }
            if (key is not null && value is not null)
            {
                attributes[key] = value;
            }
        }
        return attributes;
    }

    /// <summary>Just enough of the protobuf wire format to read OTLP.</summary>
    private static class Protobuf
    {
        public readonly record struct Field(int Number, int WireType, ulong Varint, ReadOnlyMemory<byte> Bytes);

        public static IEnumerable<ReadOnlyMemory<byte>> Messages(ReadOnlyMemory<byte> message, int fieldNumber) =>
            Fields(message).Where(f => f.Number == fieldNumber && f.WireType == 2).Select(f => f.Bytes);

        public static IEnumerable<Field> Fields(ReadOnlyMemory<byte> message)
        {
            var position = 0;
            while (position < message.Length)
            {
                var tag = ReadVarint(message.Span, ref position);
                var number = (int)(tag >> 3);
                var wireType = (int)(tag & 7);
                switch (wireType)
                {
                    case 0:
                        yield return new Field(number, wireType, ReadVarint(message.Span, ref position), ReadOnlyMemory<byte>.Empty);
                        break;
                    case 1:
                        yield return new Field(number, wireType, 0, message.Slice(position, 8));
                        position += 8;
                        break;
                    case 2:
                        var length = (int)ReadVarint(message.Span, ref position);
                        yield return new Field(number, wireType, 0, message.Slice(position, length));
                        position += length;
                        break;
                    case 5:
                        yield return new Field(number, wireType, 0, message.Slice(position, 4));
                        position += 4;
                        break;
                    default:
                        throw new FormatException($"Unsupported protobuf wire type {wireType}.");
                }
            }
        }

        private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int position)
        {
            ulong value = 0;
            for (var shift = 0; ; shift += 7)
            {
                var b = data[position++];
                value |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    return value;
                }
            }
        }
    }
}
