using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using MongoDB.Bson;
using PawfectLive.Contracts;
using PawfectLive.ServiceDefaults.Authentication;
using PawfectLive.Streams.Infrastructure;
using PawfectLive.Streams.IntegrationEvents.Events;
using PawfectLive.Streams.Model;

namespace PawfectLive.Streams.Api;

/// <summary>Blocklist, abuse reports and the admin kill switch.</summary>
public static class ModerationApi
{
    public const int MaxUserIdLength = 128;
    public const int MaxReasonLength = 1000;

    public static RouteGroupBuilder MapModerationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/live").WithTags("Moderation");

        api.MapPost("/{id}/end", EndAsync).RequireAuthorization(JwtAuthOptions.AdminPolicy)
            .WithName("EndStreamAsAdmin").WithSummary("Admin kill switch: end any stream and delete its room");
        api.MapPost("/{id}/block", BlockAsync).RequireAuthorization()
            .WithName("BlockUser").WithSummary("Owner or admin: block a user from the stream");
        api.MapDelete("/{id}/block/{userId}", UnblockAsync).RequireAuthorization()
            .WithName("UnblockUser").WithSummary("Owner or admin: lift a block");
        api.MapPost("/{id}/report", ReportAsync).RequireAuthorization()
            .WithName("ReportStream").WithSummary("Report a stream for admin review");
        api.MapGet("/reports", ListReportsAsync).RequireAuthorization(JwtAuthOptions.AdminPolicy)
            .WithName("ListReports").WithSummary("Admin: abuse reports, newest first");

        return api;
    }

    public static async Task<Results<Ok<LiveStreamResponse>, ProblemHttpResult>> EndAsync(
        string id, HttpContext http, StreamsServices services)
    {
        var (stream, problem) = await services.FindStreamAsync(id, http.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        var adminId = http.User.GetUserId()!;
        services.Logger.AdminAction(adminId, "ended", id);
        return TypedResults.Ok(LiveStreamResponse.From(await services.EndAndReadAsync(stream!, StreamEndReasons.Admin, adminId, http.RequestAborted)));
    }

    public static async Task<Results<Ok<BlockStatusResponse>, ProblemHttpResult>> BlockAsync(
        string id, BlockUserRequest? request, HttpContext http, StreamsServices services)
    {
        var userId = request?.UserId?.Trim();
        if (string.IsNullOrEmpty(userId) || userId.Length > MaxUserIdLength || userId.Any(char.IsControl))
        {
            return Problems.Validation("userId", $"userId must be 1-{MaxUserIdLength} characters.");
        }
        var (stream, problem) = await FindModeratedStreamAsync(id, http, services);
        if (problem is not null)
        {
            return problem;
        }
        if (userId == stream!.OwnerId)
        {
            return Problems.Validation("userId", "The owner cannot be blocked from their own stream.");
        }

        var actorId = http.User.GetUserId()!;
        var now = services.Time.GetUtcNow();
        var blocked = new UserBlockedIntegrationEvent(Guid.NewGuid(), stream.Id, stream.RoomName, userId, actorId, now);
        var removeFromRoom = new RemoveLiveKitParticipantCommand(Guid.NewGuid(), stream.Id, stream.RoomName, userId);
        List<OutboxMessage> events =
        [
            Outbox.Entry(blocked.EventId, blocked, now.UtcDateTime),
            Outbox.Entry(removeFromRoom.EventId, removeFromRoom, now.UtcDateTime),
        ];
        if (await services.Store.BlockAsync(stream.Id, userId, now.UtcDateTime, events, http.RequestAborted))
        {
            services.Outbox.Notify();
            LogModeration(services, http, "blocked " + userId, stream.Id);
        }
        return TypedResults.Ok(new BlockStatusResponse(stream.Id, userId, Blocked: true));
    }

    public static async Task<Results<Ok<BlockStatusResponse>, ProblemHttpResult>> UnblockAsync(
        string id, string userId, HttpContext http, StreamsServices services)
    {
        var (stream, problem) = await FindModeratedStreamAsync(id, http, services);
        if (problem is not null)
        {
            return problem;
        }

        var actorId = http.User.GetUserId()!;
        var now = services.Time.GetUtcNow();
        var unblocked = new UserUnblockedIntegrationEvent(Guid.NewGuid(), stream!.Id, stream.RoomName, userId, actorId, now);
        if (await services.Store.UnblockAsync(stream.Id, userId, now.UtcDateTime, [Outbox.Entry(unblocked.EventId, unblocked, now.UtcDateTime)], http.RequestAborted))
        {
            services.Outbox.Notify();
            LogModeration(services, http, "unblocked " + userId, stream.Id);
        }
        return TypedResults.Ok(new BlockStatusResponse(stream.Id, userId, Blocked: false));
    }

    public static async Task<Results<Accepted<AbuseReportResponse>, ProblemHttpResult>> ReportAsync(
        string id, ReportStreamRequest? request, HttpContext http, StreamsServices services)
    {
        var reason = request?.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > MaxReasonLength)
        {
            return Problems.Validation("reason", $"reason must be 1-{MaxReasonLength} characters.");
        }
        if ((await services.FindStreamAsync(id, http.RequestAborted)).Problem is { } problem)
        {
            return problem;
        }

        var report = new AbuseReport
        {
            Id = ObjectId.GenerateNewId().ToString(),
            StreamId = id,
            ReporterId = http.User.GetUserId()!,
            Reason = reason,
            CreatedAt = services.Time.GetUtcNow().UtcDateTime,
        };
        await services.Store.InsertReportAsync(report, http.RequestAborted);
        return TypedResults.Accepted($"/api/live/reports", AbuseReportResponse.From(report));
    }

    public static async Task<Results<Ok<AbuseReportsResponse>, ProblemHttpResult>> ListReportsAsync(
        int? limit, string? cursor, StreamsServices services, CancellationToken cancellationToken)
    {
        var pageSize = limit ?? services.Options.DefaultPageSize;
        if (pageSize is < 1 or > StreamsOptions.MaxPageSize)
        {
            return Problems.Validation("limit", $"limit must be between 1 and {StreamsOptions.MaxPageSize}.");
        }
        if (cursor is not null && !LiveStreamsApi.IsStreamId(cursor))
        {
            return Problems.Validation("cursor", "cursor is not a value returned by a previous page.");
        }
        var page = await services.Store.ListReportsAsync(pageSize, cursor, cancellationToken);
        return TypedResults.Ok(new AbuseReportsResponse(page.Select(AbuseReportResponse.From).ToList(), page.Count == pageSize ? page[^1].Id : null));
    }

    /// <summary>The stream, if it exists and the caller owns it or is an admin; otherwise the problem to answer.</summary>
    private static async Task<(LiveStream? Stream, ProblemHttpResult? Problem)> FindModeratedStreamAsync(
        string id, HttpContext http, StreamsServices services)
    {
        var (stream, problem) = await services.FindStreamAsync(id, http.RequestAborted);
        if (problem is not null)
        {
            return (null, problem);
        }
        if (stream!.OwnerId != http.User.GetUserId() && !http.User.IsAdmin())
        {
            return (null, Problems.NotStreamOwnerOrAdmin());
        }
        return (stream, null);
    }

    private static void LogModeration(StreamsServices services, HttpContext http, string action, string streamId)
    {
        var actorId = http.User.GetUserId()!;
        if (http.User.IsAdmin())
        {
            services.Logger.AdminAction(actorId, action, streamId);
        }
        else
        {
            services.Logger.OwnerModeration(actorId, action, streamId);
        }
    }
}
