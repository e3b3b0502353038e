using Microsoft.AspNetCore.Http.HttpResults;
using PawfectLive.ServiceDefaults.Problems;

namespace PawfectLive.Streams.Features.ChatSettings;

/// <summary>A stream's chat rules (slow mode, chat off, established users), the owner's blocked words and the pinned message.</summary>
public static class ChatSettingsApi
{
    public static RouteGroupBuilder MapChatSettingsApi(this IEndpointRouteBuilder app)
    {
        var api = ModerationRateLimit.LimitModerationWrites(app.MapGroup("api/live").WithTags("Chat settings"));

        api.MapGet("/{id}/chat-settings", GetAsync).RequireAuthorization()
            .ProducesProblems(400, 401, 403, 404)
            .WithName("GetChatSettings").WithSummary("A stream's chat rules and pinned message");
        api.MapPatch("/{id}/chat-settings", ChangeAsync).RequireAuthorization()
            .ProducesProblems(400, 401, 403, 404, 410)
            .WithName("ChangeChatSettings").WithSummary("Owner, moderator or admin: change slow mode, chat on/off, established-users mode");
        api.MapGet("/{id}/blocked-words", BlockedWordsAsync).RequireAuthorization()
            .ProducesProblems(400, 401, 403, 404)
            .WithName("GetBlockedWords").WithSummary("Owner, moderator or admin: the stream's blocked words");
        api.MapPut("/{id}/blocked-words", SetBlockedWordsAsync).RequireAuthorization()
            .ProducesProblems(400, 401, 403, 404, 410)
            .WithName("SetBlockedWords").WithSummary("Owner or admin: replace the stream's blocked words");
        api.MapPut("/{id}/pinned", PinAsync).RequireAuthorization()
            .ProducesProblems(400, 401, 403, 404, 410)
            .WithName("PinMessage").WithSummary("Owner, moderator or admin: pin a message for every member");
        api.MapDelete("/{id}/pinned", UnpinAsync).RequireAuthorization()
            .ProducesProblems(400, 401, 403, 404, 410)
            .WithName("UnpinMessage").WithSummary("Owner, moderator or admin: unpin the pinned message");

        return api;
    }

    public static async Task<Results<Ok<ChatSettingsResponse>, ProblemHttpResult>> GetAsync(
        string id, HttpContext http, ChatSettingsService settings) =>
        ToResponse(await settings.GetAsync(http.User.ToCaller(), id, http.RequestAborted), http);

    public static async Task<Results<Ok<ChatSettingsResponse>, ProblemHttpResult>> ChangeAsync(
        string id, ChatSettingsRequest? request, HttpContext http, ChatSettingsService settings) =>
        ToResponse(await settings.ChangeRulesAsync(http.User.ToCaller(), id,
            request?.SlowModeSeconds, request?.ChatEnabled, request?.EstablishedMinutes, http.RequestAborted), http);

    public static async Task<Results<Ok<BlockedWordsResponse>, ProblemHttpResult>> BlockedWordsAsync(
        string id, HttpContext http, ChatSettingsService settings)
    {
        var result = await settings.BlockedWordsAsync(http.User.ToCaller(), id, http.RequestAborted);
        return result.Value is { } words ? TypedResults.Ok(new BlockedWordsResponse(id, words)) : result.Error!.ToProblem(http);
    }

    public static async Task<Results<Ok<BlockedWordsResponse>, ProblemHttpResult>> SetBlockedWordsAsync(
        string id, BlockedWordsRequest? request, HttpContext http, ChatSettingsService settings)
    {
        var result = await settings.SetBlockedWordsAsync(http.User.ToCaller(), id, request?.Words, http.RequestAborted);
        return result.Value is { } changed
            ? TypedResults.Ok(new BlockedWordsResponse(changed.StreamId, changed.Settings.BlockedWords))
            : result.Error!.ToProblem(http);
    }

    public static async Task<Results<Ok<ChatSettingsResponse>, ProblemHttpResult>> PinAsync(
        string id, PinMessageRequest? request, HttpContext http, ChatSettingsService settings) =>
        ToResponse(await settings.PinAsync(http.User.ToCaller(), id, request?.Text, request?.MessageId, http.RequestAborted), http);

    public static async Task<Results<Ok<ChatSettingsResponse>, ProblemHttpResult>> UnpinAsync(
        string id, HttpContext http, ChatSettingsService settings) =>
        ToResponse(await settings.UnpinAsync(http.User.ToCaller(), id, http.RequestAborted), http);

    private static Results<Ok<ChatSettingsResponse>, ProblemHttpResult> ToResponse(Result<StreamChatSettings> result, HttpContext http) =>
        result.Value is { } settings ? TypedResults.Ok(ChatSettingsResponse.From(settings)) : result.Error!.ToProblem(http);
}
