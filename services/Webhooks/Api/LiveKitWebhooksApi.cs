using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PawfectLive.Contracts;
using PawfectLive.LiveKit;
using PawfectLive.ServiceDefaults.Problems;
using PawfectLive.Webhooks.Infrastructure;

namespace PawfectLive.Webhooks.Api;

public static class LiveKitWebhooksApi
{
    public static IEndpointRouteBuilder MapLiveKitWebhooksApi(this IEndpointRouteBuilder app)
    {
        // Authenticated by LiveKit's own signature, not by a user token.
        app.MapPost("api/webhooks/livekit", ReceiveAsync)
            .AllowAnonymous()
            .WithTags("LiveKit webhooks")
            // Documented, not enforced: LiveKit sends application/webhook+json, and any other type fails the signature anyway.
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.RequestBody = new Microsoft.OpenApi.OpenApiRequestBody
                {
                    Required = true,
                    Description = "LiveKit's WebhookEvent as protojson; the signature covers these exact bytes.",
                    Content = new Dictionary<string, Microsoft.OpenApi.OpenApiMediaType>
                    {
                        ["application/webhook+json"] = new() { Schema = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.Object } },
                    },
                };
                return Task.CompletedTask;
            })
            .Produces(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithName("ReceiveLiveKitWebhook")
            .WithSummary("Ingest a signed LiveKit webhook")
            .WithDescription("Authorization: a JWT signed with the LiveKit API secret whose sha256 claim is the base64 SHA-256 of the raw body. Duplicates (same event id) are acknowledged without effect.");
        return app;
    }

    public static async Task<IResult> ReceiveAsync(
        HttpContext http,
        WebhookReceiver receiver,
        WebhookDeduplicator deduplicator,
        IPublishEndpoint events,
        WebhooksMetrics metrics,
        IOptions<WebhooksOptions> options,
        TimeProvider time,
        ILogger<WebhookReceiver> logger)
    {
        var body = await ReadBodyAsync(http.Request, options.Value.MaxBodyBytes, http.RequestAborted);
        if (body is null)
        {
            metrics.Count(null, "rejected");
            return Problem(StatusCodes.Status413PayloadTooLarge, ProblemTypes.PayloadTooLarge, "The webhook body is too large.",
                $"Bodies over {options.Value.MaxBodyBytes} bytes are refused.");
        }

        var rejection = receiver.Verify(body, http.Request.Headers.Authorization);
        if (rejection != WebhookRejection.None)
        {
            metrics.Count(null, "rejected");
            WebhooksLog.Rejected(logger, rejection.ToString());
            return Problem(StatusCodes.Status401Unauthorized, ProblemTypes.InvalidWebhookSignature, "The webhook is not signed by LiveKit.",
                $"Signature check failed: {rejection}.");
        }

        WebhookEvent webhook;
        try
        {
            webhook = WebhookReceiver.Parse(body);
        }
        catch (JsonException ex)
        {
            metrics.Count(null, "rejected");
            return Problem(StatusCodes.Status400BadRequest, ProblemTypes.MalformedWebhook, "The webhook body is not valid JSON.", ex.Message);
        }
        if (string.IsNullOrEmpty(webhook.Id) || string.IsNullOrEmpty(webhook.Event))
        {
            metrics.Count(webhook.Event, "rejected");
            return Problem(StatusCodes.Status400BadRequest, ProblemTypes.MalformedWebhook, "The webhook lacks its id or event name.",
                "Both 'id' and 'event' are required.");
        }

        var claimed = false;
        try
        {
            if (!(claimed = await deduplicator.TryClaimAsync(webhook.Id)))
            {
                // Handled already, or being handled by a concurrent delivery (which LiveKit retries if it fails).
                metrics.Count(webhook.Event, "duplicate");
                WebhooksLog.Duplicate(logger, webhook.Event, webhook.Id);
                return TypedResults.Ok();
            }

            var message = ToIntegrationEvent(webhook);
            if (message is not null)
            {
                // Publisher confirms: this returns only once RabbitMQ holds the message. If it cannot, LiveKit gets a
                // 503 and retries, so an acknowledged webhook is never lost (consumers absorb the rare repeat).
                // The wait is bounded even where the client does not honour the token: a confirm lost with a channel
                // that closed mid-publish would otherwise hold the request (and LiveKit's sender) until the proxy gives up.
                using var publishTimeout = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
                publishTimeout.CancelAfter(options.Value.PublishTimeout);
                await events.Publish(message, message.GetType(), publishTimeout.Token)
                    .WaitAsync(options.Value.PublishTimeout, http.RequestAborted);
            }
            deduplicator.MarkHandled(webhook.Id);
            metrics.Count(webhook.Event, message is null ? "ignored" : "accepted");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !http.RequestAborted.IsCancellationRequested)
        {
            if (claimed)
            {
                await ReleaseClaimAsync(deduplicator, webhook.Id, logger);
            }
            metrics.Count(webhook.Event, "failed");
            WebhooksLog.HandOffFailed(logger, webhook.Event, webhook.Id, ex);
            http.Response.Headers.RetryAfter = "2";
            return Problem(StatusCodes.Status503ServiceUnavailable, ProblemTypes.EventBusUnavailable, "The event could not be handed on.",
                "The webhook was not accepted; retry it.");
        }

        if (OccurredAt(webhook) is { } occurredAt)
        {
            metrics.RecordLag(time.GetUtcNow() - occurredAt);
        }
        WebhooksLog.Accepted(logger, webhook.Event, webhook.Id, webhook.Room?.Name, webhook.Participant?.Identity);
        return TypedResults.Ok();
    }

    /// <summary>Gives the event back for LiveKit's retry (if Redis cannot be told, the claim runs out within seconds).</summary>
    private static async Task ReleaseClaimAsync(WebhookDeduplicator deduplicator, string eventId, ILogger logger)
    {
        try
        {
            await deduplicator.ReleaseAsync(eventId);
        }
        catch (Exception ex)
        {
            WebhooksLog.ClaimNotReleased(logger, eventId, ex);
        }
    }

    /// <summary>What our services care about; null for events we acknowledge but ignore (room_started, track_unpublished...).</summary>
    internal static object? ToIntegrationEvent(WebhookEvent webhook)
    {
        var occurredAt = OccurredAt(webhook) ?? DateTimeOffset.UnixEpoch;
        var room = webhook.Room?.Name;
        var participant = webhook.Participant;
        return webhook.Event switch
        {
            WebhookEventNames.RoomFinished when room is not null =>
                new RoomFinishedIntegrationEvent(webhook.Id!, room, occurredAt),
            WebhookEventNames.ParticipantJoined when room is not null && participant?.Sid is not null =>
                new ViewerJoinedIntegrationEvent(webhook.Id!, room, participant.Sid, participant.Identity ?? "", occurredAt,
                    ParticipantKinds.NonStandard(participant.Kind), participant.Permission?.Hidden ?? false,
                    participant.Permission is { } permission
                        ? new JoinedPermission(permission.CanSubscribe, permission.CanPublish, permission.CanPublishData, permission.CanPublishSources, permission.Recorder)
                        : null,
                    participant.Metadata),
            WebhookEventNames.ParticipantLeft or WebhookEventNames.ParticipantConnectionAborted
                when room is not null && participant?.Sid is not null =>
                new ViewerLeftIntegrationEvent(webhook.Id!, room, participant.Sid, participant.Identity ?? "", occurredAt),
            WebhookEventNames.TrackPublished when room is not null && participant?.Sid is not null =>
                new TrackPublishedIntegrationEvent(webhook.Id!, room, participant.Sid, participant.Identity ?? "", webhook.Track?.Sid,
                    webhook.Track?.Source, occurredAt, ParticipantKinds.NonStandard(participant.Kind)),
            WebhookEventNames.EgressStarted or WebhookEventNames.EgressUpdated or WebhookEventNames.EgressEnded
                when webhook.EgressInfo is { EgressId: { Length: > 0 } egressId, RoomName: { Length: > 0 } egressRoom } egress =>
                ToEgressUpdated(webhook.Id!, egressId, egressRoom, egress, occurredAt),
            WebhookEventNames.IngressStarted or WebhookEventNames.IngressEnded
                when webhook.IngressInfo is { IngressId: { Length: > 0 } ingressId, RoomName: { Length: > 0 } ingressRoom } ingress =>
                new IngressUpdatedIntegrationEvent(webhook.Id!, ingressRoom, ingressId, webhook.Event == WebhookEventNames.IngressStarted,
                    ingress.State?.Status, NullIfEmpty(ingress.State?.Error),
                    // LiveKit's own time of the change, to the nanosecond, so a reconnect's end and start order right.
                    FromNanoseconds(Math.Max(ingress.State?.UpdatedAt ?? 0, Math.Max(ingress.State?.StartedAt ?? 0, ingress.State?.EndedAt ?? 0))) ?? occurredAt),
            _ => null,
        };
    }

    /// <summary>An egress report: LiveKit's times are unix nanoseconds and durations nanoseconds; results arrive once it ended.</summary>
    private static EgressUpdatedIntegrationEvent ToEgressUpdated(string webhookId, string egressId, string room, WebhookEgressInfo egress, DateTimeOffset occurredAt)
    {
        var segments = egress.SegmentResults is [var firstSegments, ..] ? firstSegments : null;
        var file = egress.FileResults is [var firstFile, ..] ? firstFile : null;
        var durationNanoseconds = segments?.Duration is > 0 ? segments.Duration : file?.Duration ?? 0;
        return new EgressUpdatedIntegrationEvent(webhookId, room, egressId, egress.Status ?? EgressStatuses.Starting, NullIfEmpty(egress.Error),
            FromNanoseconds(egress.UpdatedAt) ?? occurredAt, occurredAt,
            DurationSeconds: durationNanoseconds > 0 ? durationNanoseconds / 1e9 : null,
            SizeBytes: segments?.Size is > 0 ? segments.Size : null,
            FileSizeBytes: file?.Size is > 0 ? file.Size : null,
            StartedAt: FromNanoseconds(egress.StartedAt),
            EndedAt: FromNanoseconds(egress.EndedAt));
    }

    /// <summary>Any positive int64 of nanoseconds is a valid time (it ends in 2262).</summary>
    private static DateTimeOffset? FromNanoseconds(long unixNanoseconds) =>
        unixNanoseconds > 0 ? DateTimeOffset.UnixEpoch.AddTicks(unixNanoseconds / 100) : null;

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    /// <summary>The event's <c>createdAt</c>, when it is a plausible unix time.</summary>
    private static DateTimeOffset? OccurredAt(WebhookEvent webhook) =>
        webhook.CreatedAt is > 0 and < 253_402_300_800 ? DateTimeOffset.FromUnixTimeSeconds(webhook.CreatedAt) : null;

    /// <summary>The raw bytes (never re-serialised: the signature covers them exactly); null when over the limit.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static ProblemHttpResult Problem(int status, string type, string title, string detail) =>
        ProblemResults.Create(status, type, title, detail);
}

internal static partial class WebhooksLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information,
        Message = "LiveKit webhook {EventName} {EventId} accepted (room {RoomName}, participant {Identity})")]
    public static partial void Accepted(ILogger logger, string eventName, string eventId, string? roomName, string? identity);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "LiveKit webhook {EventName} {EventId} is a duplicate")]
    public static partial void Duplicate(ILogger logger, string eventName, string eventId);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Error, Message = "LiveKit webhook {EventName} {EventId} could not be handed to RabbitMQ; answered 503")]
    public static partial void HandOffFailed(ILogger logger, string eventName, string eventId, Exception exception);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "The claim of LiveKit webhook {EventId} could not be given back after a failed hand-off: LiveKit's retries count as duplicates until the claim runs out (publish timeout + 5 s)")]
    public static partial void ClaimNotReleased(ILogger logger, string eventId, Exception exception);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "LiveKit webhook rejected: {Reason}")]
    public static partial void Rejected(ILogger logger, string reason);
}
