using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PawfectLive.Notifications.Application;
using PawfectLive.ServiceDefaults.Authentication;
using PawfectLive.ServiceDefaults.Problems;

namespace PawfectLive.Notifications.Api;

/// <summary>From HTTP to the application and back: the caller from the token, each <see cref="NotificationError"/> as its problem.</summary>
public static class NotificationProblems
{
    public static Caller ToCaller(this ClaimsPrincipal user) => new(user.GetUserId()!, user.FindFirst("name")?.Value);

    public static ProblemHttpResult ToProblem(this NotificationError error) => error switch
    {
        NotificationError.Invalid invalid => ProblemResults.Validation(invalid.Errors),
        NotificationError.FollowLimit limit => ProblemResults.Create(StatusCodes.Status409Conflict, ProblemTypes.FollowLimit, "Too many follows.",
            $"A user may follow (and mute) at most {limit.Max} owners; unfollow one first.", new Dictionary<string, object?> { ["max"] = limit.Max }),
        NotificationError.ReminderLimit limit => ProblemResults.Create(StatusCodes.Status409Conflict, ProblemTypes.FollowLimit, "Too many reminders.",
            $"A user may be reminded of at most {limit.Max} scheduled streams at once.", new Dictionary<string, object?> { ["max"] = limit.Max }),
        NotificationError.SubscriptionLimit limit => ProblemResults.Create(StatusCodes.Status409Conflict, ProblemTypes.PushSubscriptionLimit,
            "Too many push devices.", $"A user may register at most {limit.Max} push devices; remove one first.",
            new Dictionary<string, object?> { ["max"] = limit.Max }),
        NotificationError.NotificationNotFound notFound => ProblemResults.Create(StatusCodes.Status404NotFound, ProblemTypes.NotificationNotFound,
            "Notification not found.", $"Your inbox has no notification '{notFound.Id}'."),
        NotificationError.SubscriptionNotFound notFound => ProblemResults.Create(StatusCodes.Status404NotFound, ProblemTypes.PushSubscriptionNotFound,
            "Push subscription not found.", $"You have no push subscription '{notFound.Id}'."),
        NotificationError.ScheduleNotFound notFound => ProblemResults.Create(StatusCodes.Status404NotFound, ProblemTypes.ScheduleNotFound,
            "Scheduled stream not found.", $"No scheduled stream has id '{notFound.Id}'."),
        NotificationError.ScheduleClosed closed => ProblemResults.Create(StatusCodes.Status409Conflict, ProblemTypes.ScheduleClosed,
            "The scheduled stream is closed.", $"Scheduled stream '{closed.Id}' is {closed.Status}; there is nothing to be reminded of.",
            new Dictionary<string, object?> { ["scheduleStatus"] = closed.Status }),
        NotificationError.ProviderDisabled disabled => ProblemResults.Create(StatusCodes.Status503ServiceUnavailable, ProblemTypes.PushProviderDisabled,
            "Push of this kind is not available.", $"This deployment sends no '{disabled.Kind}' push messages (not configured); nothing was stored."),
        _ => throw new ArgumentOutOfRangeException(nameof(error), error, "Unmapped notification error."),
    };
}
