using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace PawfectLive.ServiceDefaults.Problems;

/// <summary>The one builder of RFC 7807 responses: a <see cref="ProblemTypes"/> type, a fixed title, a useful detail.</summary>
public static class ProblemResults
{
    public const string ValidationTitle = "The request is invalid.";

    /// <summary>The members RFC 7807 and our problem writer own; an extension may never reuse one (a client would lose it).</summary>
    public static IReadOnlySet<string> ReservedMembers { get; } =
        new HashSet<string>(["type", "title", "status", "detail", "instance", "errors", "traceId"], StringComparer.OrdinalIgnoreCase);

    public static ProblemHttpResult Create(int status, string type, string title, string detail, IDictionary<string, object?>? extensions = null)
    {
        if (extensions?.Keys.FirstOrDefault(ReservedMembers.Contains) is { } reserved)
        {
            throw new ArgumentException($"Problem extension '{reserved}' would duplicate a standard member of '{type}'.", nameof(extensions));
        }
        return TypedResults.Problem(detail: detail, statusCode: status, title: title, type: type, extensions: extensions);
    }

    /// <summary>400 with the broken rule of each field in <c>errors</c>, and all of them in <c>detail</c>.</summary>
    public static ProblemHttpResult Validation(IReadOnlyDictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors.ToDictionary())
        {
            Status = StatusCodes.Status400BadRequest,
            Type = ProblemTypes.Validation,
            Title = ValidationTitle,
            Detail = string.Join(" ", errors.SelectMany(error => error.Value)),
        });

    public static ProblemHttpResult Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>Documents the problem responses a route may answer (400 as a validation problem with <c>errors</c>).</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder route, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            route = status == StatusCodes.Status400BadRequest ? route.ProducesValidationProblem() : route.ProducesProblem(status);
        }
        return route;
    }
}
