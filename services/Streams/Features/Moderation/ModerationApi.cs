using Microsoft.AspNetCore.Http.HttpResults;
using PawfectLive.ServiceDefaults.Authentication;
using PawfectLive.ServiceDefaults.Problems;
using PawfectLive.Streams.Features.Lifecycle;

namespace PawfectLive.Streams.Features.Moderation;

/// <summary>Moderators, blocklist, timeouts and the admin kill switch.</summary>
public static class ModerationApi
{
    public static RouteGroupBuilder MapModerationApi(this IEndpointRouteBuilder app)
    {
        var api = ModerationRateLimit.LimitModerationWrites(app.MapGroup("api/live").WithTags("Moderation"));

        api.MapPost("/{id}/end", EndAsync).RequireAuthorization(JwtAuthOptions.AdminPolicy)
            .ProducesProblems(400, 401, 403, 404)
            .WithName("EndStreamAsAdmin").WithSummary("Admin kill switch: end any stream and delete its room");
        api.MapPost("/{id}/block", BlockAsync).RequireAuthorization()
            .ProducesProblems(400, 401, 403, 404)
            .WithName("BlockUser").WithSummary("Owner or admin: block a user from the stream");
        api.MapDelete("/{id}/block/{userId}", UnblockAsync).RequireAuthorization()
            .ProducesProblems(400, 401, 403, 404)
            .WithName("UnblockUser").WithSummary("Owner or admin: lift a block");
        api.MapGet("/{id}/moderators", ListModeratorsAsync).RequireAuthorization()
            .ProducesProblems(400, 401, 403, 404)
            .WithName("ListModerators").WithSummary("Owner, moderators or admin: the stream's moderators");
        api.MapPost("/{id}/moderators", AppointModeratorAsync).RequireAuthorization()
            .ProducesProblems(400, 401, 403, 404)
            .WithName("AppointModerator").WithSummary("Owner or admin: appoint a moderator of the stream");
        api.MapDelete("/{id}/moderators/{userId}", RemoveModeratorAsync).RequireAuthorization()
            .ProducesProblems(400, 401, 403, 404)
            .WithName("RemoveModerator").WithSummary("Owner or admin: remove a moderator");
        api.MapPost("/{id}/timeouts", TimeOutAsync).RequireAuthorization()
            .ProducesProblems(400, 401, 403, 404)
            .WithName("TimeOutUser").WithSummary("Owner, moderator or admin: time a user out of the stream's chat");
        api.MapDelete("/{id}/timeouts/{userId}", LiftTimeoutAsync).RequireAuthorization()
            .ProducesProblems(400, 401, 403, 404)
            .WithName("LiftTimeout").WithSummary("Owner, moderator or admin: lift a timeout early");
        return api;
    }

    public static async Task<Results<Ok<LiveStreamResponse>, ProblemHttpResult>> EndAsync(
        string id, EndStreamRequest? request, HttpContext http, LifecycleService lifecycle)
    {
        var result = await lifecycle.EndAsAdminAsync(http.User.ToCaller(), id, request?.Reason, http.RequestAborted);
        return result.Value is { } stream ? TypedResults.Ok(LiveStreamResponse.From(stream)) : result.Error!.ToProblem(http);
    }

    public static async Task<Results<Ok<BlockStatusResponse>, ProblemHttpResult>> BlockAsync(
        string id, BlockUserRequest? request, HttpContext http, ModerationService moderation) =>
        ToResponse(await moderation.BlockAsync(http.User.ToCaller(), id, request?.UserId, request?.Reason, http.RequestAborted), http);

    public static async Task<Results<Ok<BlockStatusResponse>, ProblemHttpResult>> UnblockAsync(
        string id, string userId, HttpContext http, ModerationService moderation) =>
        ToResponse(await moderation.UnblockAsync(http.User.ToCaller(), id, userId, http.RequestAborted), http);

    public static async Task<Results<Ok<ModeratorsResponse>, ProblemHttpResult>> ListModeratorsAsync(
        string id, HttpContext http, ModerationService moderation) =>
        ToResponse(await moderation.ListModeratorsAsync(http.User.ToCaller(), id, http.RequestAborted), http);

    public static async Task<Results<Ok<ModeratorsResponse>, ProblemHttpResult>> AppointModeratorAsync(
        string id, ModeratorRequest? request, HttpContext http, ModerationService moderation) =>
        ToResponse(await moderation.AppointModeratorAsync(http.User.ToCaller(), id, request?.UserId, http.RequestAborted), http);

    public static async Task<Results<Ok<ModeratorsResponse>, ProblemHttpResult>> RemoveModeratorAsync(
        string id, string userId, HttpContext http, ModerationService moderation) =>
        ToResponse(await moderation.RemoveModeratorAsync(http.User.ToCaller(), id, userId, http.RequestAborted), http);

    public static async Task<Results<Ok<TimeoutResponse>, ProblemHttpResult>> TimeOutAsync(
        string id, TimeoutRequest? request, HttpContext http, ModerationService moderation) =>
        ToResponse(await moderation.TimeOutAsync(http.User.ToCaller(), id, request?.UserId, request?.Seconds, request?.Reason, http.RequestAborted), http);

    public static async Task<Results<Ok<TimeoutResponse>, ProblemHttpResult>> LiftTimeoutAsync(
        string id, string userId, HttpContext http, ModerationService moderation) =>
        ToResponse(await moderation.LiftTimeoutAsync(http.User.ToCaller(), id, userId, http.RequestAborted), http);

    private static Results<Ok<TimeoutResponse>, ProblemHttpResult> ToResponse(Result<TimeoutStatus> result, HttpContext http) =>
        result.Value is { } status
            ? TypedResults.Ok(new TimeoutResponse(status.StreamId, status.UserId, status.Until))
            : result.Error!.ToProblem(http);

    private static Results<Ok<ModeratorsResponse>, ProblemHttpResult> ToResponse(Result<StreamModerators> result, HttpContext http) =>
        result.Value is { } moderators
            ? TypedResults.Ok(new ModeratorsResponse(moderators.StreamId, moderators.ModeratorIds))
            : result.Error!.ToProblem(http);

    private static Results<Ok<BlockStatusResponse>, ProblemHttpResult> ToResponse(Result<BlockStatus> result, HttpContext http) =>
        result.Value is { } status
            ? TypedResults.Ok(new BlockStatusResponse(status.StreamId, status.UserId, status.Blocked))
            : result.Error!.ToProblem(http);
}
