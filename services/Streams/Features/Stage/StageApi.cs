using Microsoft.AspNetCore.Http.HttpResults;
using PawfectLive.ServiceDefaults.Problems;

namespace PawfectLive.Streams.Features.Stage;

/// <summary>The stage: co-hosts the owner brings into the picture.</summary>
public static class StageApi
{
    public static RouteGroupBuilder MapStageApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/live").WithTags("Stage");

        api.MapGet("/{id}/stage", GetAsync).AllowAnonymous()
            .ProducesProblems(400, 404)
            .WithName("GetStage").WithSummary("Who is on stage, invited, and asking (public)");
        api.MapPost("/{id}/stage/invitations", InviteAsync).RequireAuthorization()
            .ProducesProblems(400, 401, 403, 404, 409, 410)
            .WithName("InviteToStage").WithSummary("Owner: invite a watching viewer on stage (with their raised paw they go on stage at once)");
        api.MapPost("/{id}/stage/requests", RequestAsync).RequireAuthorization()
            .ProducesProblems(400, 401, 403, 404, 409, 410)
            .WithName("RequestStage").WithSummary("Raise a paw to join the stage (accepts the owner's invitation if there is one)");
        api.MapDelete("/{id}/stage/{userId}", RemoveAsync).RequireAuthorization()
            .ProducesProblems(400, 401, 403, 404, 410)
            .WithName("LeaveStage").WithSummary("Owner, admin or the user: take a guest off stage, withdraw an invitation or lower a paw");

        return api;
    }

    public static async Task<Results<Ok<StageResponse>, ProblemHttpResult>> GetAsync(string id, HttpContext http, StageService stage)
    {
        var result = await stage.GetAsync(id, http.RequestAborted);
        return result.Value is { } view ? TypedResults.Ok(StageResponse.From(view)) : result.Error!.ToProblem(http);
    }

    public static async Task<Results<Ok<StageResponse>, ProblemHttpResult>> InviteAsync(
        string id, StageInvitationRequest? request, HttpContext http, StageService stage)
    {
        var result = await stage.InviteAsync(http.User.ToCaller(), id, request?.UserId, http.RequestAborted);
        return result.Value is { } view ? TypedResults.Ok(StageResponse.From(view)) : result.Error!.ToProblem(http);
    }

    public static async Task<Results<Ok<StageResponse>, ProblemHttpResult>> RequestAsync(string id, HttpContext http, StageService stage)
    {
        var result = await stage.RequestAsync(http.User.ToCaller(), id, http.RequestAborted);
        return result.Value is { } view ? TypedResults.Ok(StageResponse.From(view)) : result.Error!.ToProblem(http);
    }

    public static async Task<Results<Ok<StageResponse>, ProblemHttpResult>> RemoveAsync(string id, string userId, HttpContext http, StageService stage)
    {
        var result = await stage.RemoveAsync(http.User.ToCaller(), id, userId, http.RequestAborted);
        return result.Value is { } view ? TypedResults.Ok(StageResponse.From(view)) : result.Error!.ToProblem(http);
    }
}
