using PawfectLive.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;

namespace PawfectLive.Streams.Api;

/// <summary>RFC 7807 responses with stable <c>type</c> and <c>title</c> values clients can switch on.</summary>
public static class Problems
{

    public static ProblemHttpResult Validation(IDictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Type = ProblemTypes.For("validation"),
            Title = "The request is invalid.",
            Detail = string.Join(" ", errors.SelectMany(error => error.Value)),
        });

    public static ProblemHttpResult Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemHttpResult InvalidStreamId(string field = "id") =>
        Validation(field, $"{field} must be a 24-character hexadecimal stream id.");

    public static ProblemHttpResult StreamNotFound(string id) =>
        Create(StatusCodes.Status404NotFound, "stream-not-found", "Stream not found.", $"No stream has id '{id}'.");

    public static ProblemHttpResult NotStreamOwner() =>
        Create(StatusCodes.Status403Forbidden, "not-stream-owner", "Not the stream's owner.",
            "Only the stream's owner may do this.");

    public static ProblemHttpResult NotStreamOwnerOrAdmin() =>
        Create(StatusCodes.Status403Forbidden, "not-stream-owner", "Not the stream's owner.",
            "Only the stream's owner or an admin may do this.");

    public static ProblemHttpResult AlreadyLive(string liveStreamId) =>
        Create(StatusCodes.Status409Conflict, "already-live", "You are already live.",
            $"Stop stream '{liveStreamId}' before starting another.", new() { ["liveStreamId"] = liveStreamId });

    public static ProblemHttpResult GoLiveDisabled() =>
        Create(StatusCodes.Status503ServiceUnavailable, "go-live-disabled", "Going live is switched off.",
            "Starting streams is temporarily disabled (FEATURE_GO_LIVE is off). Watching still works.");

    public static ProblemHttpResult Blocked() =>
        Create(StatusCodes.Status403Forbidden, "blocked", "You are blocked from this stream.",
            "The stream's owner or an admin blocked you from watching this stream.");

    public static ProblemHttpResult StreamEnded(string id) =>
        Create(StatusCodes.Status410Gone, "stream-ended", "The stream has ended.", $"Stream '{id}' is no longer live.");

    public static ProblemHttpResult RateLimited(TimeSpan retryAfter, string detail) =>
        Create(StatusCodes.Status429TooManyRequests, "rate-limited", "Too many requests.", detail,
            new() { ["retryAfterSeconds"] = (int)Math.Ceiling(retryAfter.TotalSeconds) });

    private static ProblemHttpResult Create(int status, string type, string title, string detail, Dictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, type: ProblemTypes.For(type), extensions: extensions);
}
