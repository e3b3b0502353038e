using System.Text.Json;
using PawfectLive.Contracts;

namespace PawfectLive.Streams.Model;

/// <summary>An integration event waiting to be published: its CLR type name and JSON payload.</summary>
public sealed class OutboxMessage
{
    public string Id { get; set; } = "";
    public string Type { get; set; } = "";
    public string Payload { get; set; } = "";
    public DateTime CreatedAt { get; set; }

    /// <summary>W3C traceparent of the request that wrote the event, so its publication joins the same trace.</summary>
    public string? TraceParent { get; set; }

    public static OutboxMessage For(IntegrationEvent integrationEvent) => new()
    {
        Id = integrationEvent.EventId.ToString("N"),
        Type = integrationEvent.GetType().FullName!,
        Payload = JsonSerializer.Serialize(integrationEvent, integrationEvent.GetType()),
        CreatedAt = integrationEvent.OccurredAt.UtcDateTime,
        TraceParent = System.Diagnostics.Activity.Current?.Id,
    };
}
