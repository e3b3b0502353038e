using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PawfectLive.ServiceDefaults.Authentication;
using PawfectLive.ServiceDefaults.Problems;

namespace PawfectLive.Streams.Kernel;

/// <summary>From HTTP to the application and back: the caller from the token, each <see cref="StreamError"/> as its problem.</summary>
public static class StreamProblems
{
    public static Caller ToCaller(this ClaimsPrincipal user) => new(user.GetUserId()!, user.IsAdmin(), user.FindFirst("name")?.Value);

    public static ProblemHttpResult ToProblem(this StreamError error, HttpContext http)
    {
        switch (error)
        {
            case StreamError.Invalid invalid:
                return ProblemResults.Validation(invalid.Errors);
            case StreamError.NotFound notFound:
                return ProblemResults.Create(StatusCodes.Status404NotFound, ProblemTypes.StreamNotFound, "Stream not found.",
                    $"No stream has id '{notFound.StreamId}'.");
            case StreamError.NotOwner notOwner:
                return ProblemResults.Create(StatusCodes.Status403Forbidden, ProblemTypes.NotStreamOwner, "Not the stream's owner.",
                    notOwner switch
                    {
                        { ModeratorsMay: true } => "Only the stream's owner, its moderators or an admin may do this.",
                        { AdminsMay: true } => "Only the stream's owner or an admin may do this.",
                        _ => "Only the stream's owner may do this.",
                    });
            case StreamError.ModerationNotAllowed notAllowed:
                return ProblemResults.Create(StatusCodes.Status403Forbidden, ProblemTypes.NotAllowedToModerate, "Not allowed to moderate this user.",
                    notAllowed.Detail);
            case StreamError.Blocked:
                return ProblemResults.Create(StatusCodes.Status403Forbidden, ProblemTypes.Blocked, "You are blocked from this stream.",
                    "The stream's owner or an admin blocked you from watching this stream.");
            case StreamError.Ended ended:
                return ProblemResults.Create(StatusCodes.Status410Gone, ProblemTypes.StreamEnded, "The stream has ended.",
                    $"Stream '{ended.StreamId}' is no longer live.");
            case StreamError.AlreadyLive alreadyLive:
                return ProblemResults.Create(StatusCodes.Status409Conflict, ProblemTypes.AlreadyLive, "You are already live.",
                    $"Stop stream '{alreadyLive.LiveStreamId}' before starting another.",
                    new Dictionary<string, object?> { ["liveStreamId"] = alreadyLive.LiveStreamId });
            case StreamError.RateLimited rateLimited:
                var seconds = (int)Math.Ceiling(rateLimited.RetryAfter.TotalSeconds);
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return ProblemResults.Create(StatusCodes.Status429TooManyRequests, ProblemTypes.RateLimited, "Too many requests.",
                    rateLimited.Detail,
                    new Dictionary<string, object?> { ["retryAfterSeconds"] = seconds });
            case StreamError.GoLiveDisabled:
                return ProblemResults.Create(StatusCodes.Status503ServiceUnavailable, ProblemTypes.GoLiveDisabled, "Going live is switched off.",
                    "Starting streams is temporarily disabled (FEATURE_GO_LIVE is off). Watching still works.");
            case StreamError.ReportNotFound notFound:
                return ProblemResults.Create(StatusCodes.Status404NotFound, ProblemTypes.ReportNotFound, "Report not found.",
                    $"No report has id '{notFound.ReportId}'.");
            case StreamError.ReportResolved resolved:
                return ProblemResults.Create(StatusCodes.Status409Conflict, ProblemTypes.ReportResolved, "The report is resolved already.",
                    $"Report '{resolved.ReportId}' was resolved before; nothing was done.");
            case StreamError.RecordingNotConfigured:
                return ProblemResults.Create(StatusCodes.Status503ServiceUnavailable, ProblemTypes.RecordingNotConfigured, "Recording is not available.",
                    "This deployment has no recording storage configured (Recording:Bucket); nothing was started.");
            case StreamError.RecordingNotFound notFound:
                return ProblemResults.Create(StatusCodes.Status404NotFound, ProblemTypes.RecordingNotFound, "The stream has no recording.",
                    $"Nobody asked to record stream '{notFound.StreamId}'.");
            case StreamError.ReplayNotFound notFound:
                return ProblemResults.Create(StatusCodes.Status404NotFound, ProblemTypes.ReplayNotFound, "No replay.", notFound.Detail);
            case StreamError.ReplayNotReady notReady:
                return ProblemResults.Create(StatusCodes.Status409Conflict, ProblemTypes.ReplayNotReady, "The replay is not ready.",
                    $"The recording of stream '{notReady.StreamId}' is {notReady.Status}; its replay is playable once it is ready.",
                    new Dictionary<string, object?> { ["recordingStatus"] = notReady.Status });
            case StreamError.IngressNotFound notFound:
                return ProblemResults.Create(StatusCodes.Status404NotFound, ProblemTypes.IngressNotFound, "The stream has no external encoder.",
                    $"No ingress was created for stream '{notFound.StreamId}'.");
            case StreamError.IngressExists exists:
                return ProblemResults.Create(StatusCodes.Status409Conflict, ProblemTypes.IngressExists, "The stream has an external encoder already.",
                    $"The stream has a {exists.Type} ingress; one per stream.", new Dictionary<string, object?> { ["ingressType"] = exists.Type });
            case StreamError.IngressUnavailable unavailable:
                return ProblemResults.Create(StatusCodes.Status503ServiceUnavailable, ProblemTypes.IngressUnavailable, "LiveKit could not create the ingress.",
                    $"{unavailable.Detail} Nothing was created; the stream goes on.");
            case StreamError.StageFull full:
                return ProblemResults.Create(StatusCodes.Status409Conflict, ProblemTypes.StageFull, "The stage is full.",
                    $"A stage holds at most {full.MaxGuests} guests; take one off first.", new Dictionary<string, object?> { ["maxGuests"] = full.MaxGuests });
            case StreamError.StageNotAllowed notAllowed:
                return ProblemResults.Create(StatusCodes.Status409Conflict, ProblemTypes.StageNotAllowed, "This user cannot go on stage.",
                    $"'{notAllowed.UserId}' {notAllowed.Reason}.");
            case StreamError.UserNotWatching notWatching:
                return ProblemResults.Create(StatusCodes.Status404NotFound, ProblemTypes.UserNotWatching, "That user is not watching.",
                    $"'{notWatching.UserId}' is neither watching this stream nor asking to join the stage; only they can be invited.");
            case StreamError.ScheduleNotFound notFound:
                return ProblemResults.Create(StatusCodes.Status404NotFound, ProblemTypes.ScheduleNotFound, "Scheduled stream not found.",
                    $"No scheduled stream has id '{notFound.ScheduleId}'.");
            case StreamError.ScheduleClosed closed:
                return ProblemResults.Create(StatusCodes.Status409Conflict, ProblemTypes.ScheduleClosed, "The scheduled stream is closed.",
                    $"Scheduled stream '{closed.ScheduleId}' is {closed.Status}; only a scheduled one can be changed or started.",
                    new Dictionary<string, object?> { ["scheduleStatus"] = closed.Status });
            case StreamError.TooManySchedules tooMany:
                return ProblemResults.Create(StatusCodes.Status409Conflict, ProblemTypes.TooManySchedules, "Too many scheduled streams.",
                    $"An owner may have at most {tooMany.Max} scheduled streams ahead; cancel one first.",
                    new Dictionary<string, object?> { ["maxScheduled"] = tooMany.Max });
            default:
                throw new ArgumentOutOfRangeException(nameof(error), error, "Unmapped stream error.");
        }
    }
}
