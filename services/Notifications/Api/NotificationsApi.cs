using Microsoft.AspNetCore.Http.HttpResults;
using PawfectLive.Notifications.Application;
using PawfectLive.ServiceDefaults.Problems;

namespace PawfectLive.Notifications.Api;

/// <summary>Follows, mutes and the follower figures.</summary>
public static class FollowsApi
{
    public const string WritePolicy = "notification-writes";

    public static IEndpointRouteBuilder MapFollowsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api").WithTags("Follows");

        api.MapPut("/follows/{ownerId}", FollowAsync).RequireAuthorization().RequireRateLimiting(WritePolicy)
            .ProducesProblems(400, 401, 409, 429)
            .WithName("Follow").WithSummary("Follow an owner (idempotent): their go-live alerts reach you");
        api.MapDelete("/follows/{ownerId}", UnfollowAsync).RequireAuthorization().RequireRateLimiting(WritePolicy)
            .ProducesProblems(400, 401, 429)
            .WithName("Unfollow").WithSummary("Stop following an owner (idempotent)");
        api.MapGet("/follows", ListFollowingAsync).RequireAuthorization()
            .ProducesProblems(401)
            .WithName("ListFollowing").WithSummary("The owners you follow, newest follow first");
        api.MapGet("/owners/{ownerId}", GetOwnerAsync).AllowAnonymous()
            .ProducesProblems(400)
            .WithName("GetOwner").WithSummary("An owner's follower count (public); signed in, also whether you follow and mute them");
        api.MapGet("/followers", ListFollowersAsync).RequireAuthorization()
            .ProducesProblems(400, 401)
            .WithName("ListFollowers").WithSummary("Your followers, in user-id order (paged)");
        api.MapDelete("/followers/{userId}", RemoveFollowerAsync).RequireAuthorization().RequireRateLimiting(WritePolicy)
            .ProducesProblems(400, 401, 429)
            .WithName("RemoveFollower").WithSummary("Owner: remove one of your followers (idempotent)");
        api.MapPut("/mutes/{ownerId}", MuteAsync).RequireAuthorization().RequireRateLimiting(WritePolicy)
            .ProducesProblems(400, 401, 409, 429)
            .WithName("MuteOwner").WithSummary("Mute one owner's alerts (idempotent)");
        api.MapDelete("/mutes/{ownerId}", UnmuteAsync).RequireAuthorization().RequireRateLimiting(WritePolicy)
            .ProducesProblems(400, 401, 429)
            .WithName("UnmuteOwner").WithSummary("Unmute one owner's alerts (idempotent)");
        api.MapGet("/notifications/settings", GetSettingsAsync).RequireAuthorization()
            .ProducesProblems(401)
            .WithName("GetNotificationSettings").WithSummary("Your alert settings: mute all, muted owners");
        api.MapPut("/notifications/settings", UpdateSettingsAsync).RequireAuthorization().RequireRateLimiting(WritePolicy)
            .ProducesProblems(400, 401, 429)
            .WithName("UpdateNotificationSettings").WithSummary("Mute or unmute all alerts");
        return app;
    }

    public static async Task<Results<Ok<OwnerResponse>, ProblemHttpResult>> FollowAsync(string ownerId, HttpContext http, FollowService follows)
    {
        var caller = http.User.ToCaller();
        var result = await follows.FollowAsync(caller, ownerId, http.RequestAborted);
        return result.Error is { } error ? error.ToProblem() : await OwnerAsync(caller, ownerId, http, follows);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> UnfollowAsync(string ownerId, HttpContext http, FollowService follows)
    {
        var result = await follows.UnfollowAsync(http.User.ToCaller(), ownerId, http.RequestAborted);
        return result.Error is { } error ? error.ToProblem() : TypedResults.NoContent();
    }

    public static async Task<Ok<FollowingResponse>> ListFollowingAsync(HttpContext http, FollowService follows) =>
        TypedResults.Ok(new FollowingResponse([.. (await follows.ListFollowingAsync(http.User.ToCaller(), http.RequestAborted)).Select(FollowResponse.From)]));

    public static Task<Results<Ok<OwnerResponse>, ProblemHttpResult>> GetOwnerAsync(string ownerId, HttpContext http, FollowService follows) =>
        OwnerAsync(http.User.Identity?.IsAuthenticated == true ? http.User.ToCaller() : null, ownerId, http, follows);

    public static async Task<Results<Ok<FollowersResponse>, ProblemHttpResult>> ListFollowersAsync(
        HttpContext http, FollowService follows, int? limit = null, string? cursor = null)
    {
        var result = await follows.ListFollowersAsync(http.User.ToCaller(), limit, cursor, http.RequestAborted);
        return result.Value is { } page ? TypedResults.Ok(new FollowersResponse(page.Items, page.NextCursor)) : result.Error!.ToProblem();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveFollowerAsync(string userId, HttpContext http, FollowService follows)
    {
        var result = await follows.RemoveFollowerAsync(http.User.ToCaller(), userId, http.RequestAborted);
        return result.Error is { } error ? error.ToProblem() : TypedResults.NoContent();
    }

    public static Task<Results<Ok<NotificationSettingsResponse>, ProblemHttpResult>> MuteAsync(string ownerId, HttpContext http, FollowService follows) =>
        SetMutedAsync(ownerId, true, http, follows);

    public static Task<Results<Ok<NotificationSettingsResponse>, ProblemHttpResult>> UnmuteAsync(string ownerId, HttpContext http, FollowService follows) =>
        SetMutedAsync(ownerId, false, http, follows);

    public static async Task<Ok<NotificationSettingsResponse>> GetSettingsAsync(HttpContext http, FollowService follows) =>
        TypedResults.Ok(NotificationSettingsResponse.From(await follows.GetPreferencesAsync(http.User.ToCaller(), http.RequestAborted)));

    public static async Task<Results<Ok<NotificationSettingsResponse>, ProblemHttpResult>> UpdateSettingsAsync(
        UpdateNotificationSettingsRequest? request, HttpContext http, FollowService follows)
    {
        if (request?.MuteAll is not { } muteAll)
        {
            return ProblemResults.Validation("muteAll", "muteAll (true or false) is required.");
        }
        return TypedResults.Ok(NotificationSettingsResponse.From(await follows.SetMuteAllAsync(http.User.ToCaller(), muteAll, http.RequestAborted)));
    }

    private static async Task<Results<Ok<NotificationSettingsResponse>, ProblemHttpResult>> SetMutedAsync(
        string ownerId, bool muted, HttpContext http, FollowService follows)
    {
        var result = await follows.SetOwnerMutedAsync(http.User.ToCaller(), ownerId, muted, http.RequestAborted);
        return result.Value is { } preferences ? TypedResults.Ok(NotificationSettingsResponse.From(preferences)) : result.Error!.ToProblem();
    }

    private static async Task<Results<Ok<OwnerResponse>, ProblemHttpResult>> OwnerAsync(Caller? caller, string ownerId, HttpContext http, FollowService follows)
    {
        var result = await follows.GetOwnerAsync(caller, ownerId, http.RequestAborted);
        return result.Value is { } view ? TypedResults.Ok(OwnerResponse.From(view)) : result.Error!.ToProblem();
    }
}

/// <summary>The inbox.</summary>
public static class InboxApi
{
    public static IEndpointRouteBuilder MapInboxApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/notifications").WithTags("Inbox").RequireAuthorization();

        api.MapGet("/", ListAsync)
            .ProducesProblems(400, 401)
            .WithName("ListNotifications").WithSummary("Your alerts, newest first (paged), with the unread count");
        api.MapGet("/unread-count", UnreadAsync)
            .ProducesProblems(401)
            .WithName("CountUnreadNotifications").WithSummary("How many of your alerts are unread");
        api.MapPost("/{id}/read", MarkReadAsync)
            .ProducesProblems(401, 404)
            .WithName("MarkNotificationRead").WithSummary("Mark one alert read (idempotent)");
        api.MapPost("/read-all", MarkAllReadAsync)
            .ProducesProblems(401)
            .WithName("MarkAllNotificationsRead").WithSummary("Mark every alert read");
        return app;
    }

    public static async Task<Results<Ok<InboxResponse>, ProblemHttpResult>> ListAsync(
        HttpContext http, InboxService inbox, int? limit = null, string? cursor = null)
    {
        var result = await inbox.ListAsync(http.User.ToCaller(), limit, cursor, http.RequestAborted);
        return result.Value is { } page
            ? TypedResults.Ok(new InboxResponse([.. page.Items.Select(NotificationResponse.From)], page.NextCursor, page.Unread))
            : result.Error!.ToProblem();
    }

    public static async Task<Ok<UnreadCountResponse>> UnreadAsync(HttpContext http, InboxService inbox) =>
        TypedResults.Ok(new UnreadCountResponse(await inbox.CountUnreadAsync(http.User.ToCaller().UserId, http.RequestAborted)));

    public static async Task<Results<NoContent, ProblemHttpResult>> MarkReadAsync(string id, HttpContext http, InboxService inbox)
    {
        var result = await inbox.MarkReadAsync(http.User.ToCaller(), id, http.RequestAborted);
        return result.Error is { } error ? error.ToProblem() : TypedResults.NoContent();
    }

    public static async Task<Ok<MarkedReadResponse>> MarkAllReadAsync(HttpContext http, InboxService inbox) =>
        TypedResults.Ok(new MarkedReadResponse(await inbox.MarkAllReadAsync(http.User.ToCaller(), http.RequestAborted)));
}

/// <summary>Push devices.</summary>
public static class PushApi
{
    public static IEndpointRouteBuilder MapPushApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/push").WithTags("Push");

        api.MapGet("/config", Configuration).AllowAnonymous()
            .WithName("GetPushConfiguration").WithSummary("The VAPID public key browsers subscribe with, and which push kinds are on (public)");
        api.MapPost("/subscriptions", RegisterAsync).RequireAuthorization().RequireRateLimiting(FollowsApi.WritePolicy)
            .ProducesProblems(400, 401, 409, 429, 503)
            .WithName("RegisterPushSubscription").WithSummary("Register a browser's Web Push subscription or a phone's FCM token (idempotent per device)");
        api.MapGet("/subscriptions", ListAsync).RequireAuthorization()
            .ProducesProblems(401)
            .WithName("ListPushSubscriptions").WithSummary("Your registered push devices");
        api.MapDelete("/subscriptions/{id}", RemoveAsync).RequireAuthorization()
            .ProducesProblems(401, 404)
            .WithName("RemovePushSubscription").WithSummary("Remove one of your push devices");
        return app;
    }

    public static Ok<PushConfigurationResponse> Configuration(PushSubscriptionService subscriptions, IEnumerable<Infrastructure.Push.IPushProvider> providers) =>
        TypedResults.Ok(new PushConfigurationResponse(subscriptions.VapidPublicKey,
            providers.Any(p => p.Kind == PushKinds.WebPush && p.IsEnabled), providers.Any(p => p.Kind == PushKinds.Fcm && p.IsEnabled)));

    public static async Task<Results<Created<PushSubscriptionResponse>, Ok<PushSubscriptionResponse>, ProblemHttpResult>> RegisterAsync(
        RegisterPushSubscriptionRequest? request, HttpContext http, PushSubscriptionService subscriptions)
    {
        var registration = new PushRegistration(request?.Kind, request?.Endpoint, request?.Keys?.P256dh, request?.Keys?.Auth, request?.Token);
        var result = await subscriptions.RegisterAsync(http.User.ToCaller(), registration, http.RequestAborted);
        if (result.Error is { } error)
        {
            return error.ToProblem();
        }
        var (subscription, added) = result.Value;
        var response = PushSubscriptionResponse.From(subscription);
        return added ? TypedResults.Created($"/api/push/subscriptions/{subscription.Id}", response) : TypedResults.Ok(response);
    }

    public static async Task<Ok<PushSubscriptionsResponse>> ListAsync(HttpContext http, PushSubscriptionService subscriptions) =>
        TypedResults.Ok(new PushSubscriptionsResponse([.. (await subscriptions.ListAsync(http.User.ToCaller(), http.RequestAborted)).Select(PushSubscriptionResponse.From)]));

    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(string id, HttpContext http, PushSubscriptionService subscriptions)
    {
        var result = await subscriptions.RemoveAsync(http.User.ToCaller(), id, http.RequestAborted);
        return result.Error is { } error ? error.ToProblem() : TypedResults.NoContent();
    }
}

/// <summary>"Remind me" on scheduled streams (the schedules themselves are Streams').</summary>
public static class RemindersApi
{
    public static IEndpointRouteBuilder MapRemindersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/schedules/{id}/reminder").WithTags("Reminders").RequireAuthorization();

        api.MapPut("/", AddAsync).RequireRateLimiting(FollowsApi.WritePolicy)
            .ProducesProblems(401, 404, 409, 429)
            .WithName("RemindMe").WithSummary("Remind me of a scheduled stream (idempotent): a reminder before it starts, and its live-now alert");
        api.MapDelete("/", RemoveAsync).RequireRateLimiting(FollowsApi.WritePolicy)
            .ProducesProblems(401, 404, 429)
            .WithName("DontRemindMe").WithSummary("Withdraw a reminder (idempotent)");
        api.MapGet("/", GetAsync)
            .ProducesProblems(401, 404)
            .WithName("GetReminder").WithSummary("Whether you asked to be reminded of a scheduled stream");
        return app;
    }

    public static async Task<Results<Ok<ReminderResponse>, ProblemHttpResult>> AddAsync(string id, HttpContext http, ReminderService reminders)
    {
        var result = await reminders.AddAsync(http.User.ToCaller(), id, http.RequestAborted);
        return result.Error is { } error ? error.ToProblem() : TypedResults.Ok(new ReminderResponse(id.Trim().ToLowerInvariant(), true));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(string id, HttpContext http, ReminderService reminders)
    {
        var result = await reminders.RemoveAsync(http.User.ToCaller(), id, http.RequestAborted);
        return result.Error is { } error ? error.ToProblem() : TypedResults.NoContent();
    }

    public static async Task<Results<Ok<ReminderResponse>, ProblemHttpResult>> GetAsync(string id, HttpContext http, ReminderService reminders)
    {
        var result = await reminders.IsRemindedAsync(http.User.ToCaller(), id, http.RequestAborted);
        return result.Error is { } error ? error.ToProblem() : TypedResults.Ok(new ReminderResponse(id.Trim().ToLowerInvariant(), result.Value));
    }
}
