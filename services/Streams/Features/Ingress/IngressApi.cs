using Microsoft.AspNetCore.Http.HttpResults;
using PawfectLive.ServiceDefaults.Problems;

namespace PawfectLive.Streams.Features.Ingress;

/// <summary>External encoders (LiveKit Ingress): documented with recordings and replays.</summary>
public static class IngressApi
{
    public static RouteGroupBuilder MapIngressApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/live").WithTags("Recording and replays").RequireAuthorization();

        api.MapPost("/{id}/ingress", CreateIngressAsync)
            .ProducesProblems(400, 401, 403, 404, 409, 410, 503)
            .WithName("CreateIngress").WithSummary("Owner: an RTMP or WHIP endpoint and stream key for an external encoder (OBS)");
        api.MapGet("/{id}/ingress", GetIngressAsync)
            .ProducesProblems(400, 401, 403, 404)
            .WithName("GetIngress").WithSummary("Owner: the stream's external encoder endpoint and its status");

        return api;
    }

    public static async Task<Results<Created<IngressResponse>, Ok<IngressResponse>, ProblemHttpResult>> CreateIngressAsync(
        string id, CreateIngressRequest? request, HttpContext http, IngressService ingresses)
    {
        var result = await ingresses.CreateAsync(http.User.ToCaller(), id, request?.Type, http.RequestAborted);
        if (result.Error is { } error)
        {
            return error.ToProblem(http);
        }
        var (stream, ingress, created) = result.Value;
        var response = IngressResponse.From(stream, ingress);
        return created ? TypedResults.Created($"/api/live/{stream.Id}/ingress", response) : TypedResults.Ok(response);
    }

    public static async Task<Results<Ok<IngressResponse>, ProblemHttpResult>> GetIngressAsync(
        string id, HttpContext http, IngressService ingresses)
    {
        var result = await ingresses.GetAsync(http.User.ToCaller(), id, http.RequestAborted);
        return result.Error is { } error ? error.ToProblem(http) : TypedResults.Ok(IngressResponse.From(result.Value.Stream, result.Value.Ingress));
    }
}
