using Microsoft.AspNetCore.Http.HttpResults;
using PawfectLive.ServiceDefaults.Authentication;
using PawfectLive.ServiceDefaults.Problems;

namespace PawfectLive.Gateway;

/// <summary>
/// <c>POST /dev/token</c> mints a user or admin token for local use. Exists only in the Development environment
/// with <c>DevTokens:Enabled=true</c> (the AppHost sets both); never in Production.
/// </summary>
public static class DevelopmentTokens
{
    public sealed record DevTokenRequest(string? UserId, string? Name, bool Admin = false);

    public sealed record DevTokenResponse(string AccessToken, string UserId, bool Admin);

    public static bool IsEnabled(IHostApplicationBuilder builder) =>
        builder.Environment.IsDevelopment() && builder.Configuration.GetValue<bool>("DevTokens:Enabled");

    public static WebApplication MapDevelopmentTokens(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment() || !app.Configuration.GetValue<bool>("DevTokens:Enabled"))
        {
            return app;
        }

        app.MapPost("/dev/token", Results<Ok<DevTokenResponse>, ProblemHttpResult> (DevTokenRequest request, DevelopmentTokenIssuer issuer) =>
            {
                var userId = request.UserId?.Trim();
                if (string.IsNullOrEmpty(userId) || userId.Length > 64 || !userId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                {
                    return ProblemResults.Validation("userId", "userId must be 1-64 ASCII letters, digits, '-' or '_'.");
                }
                return TypedResults.Ok(new DevTokenResponse(issuer.Issue(userId, request.Name, request.Admin), userId, request.Admin));
            })
            .WithName("IssueDevelopmentToken")
            .WithSummary("Development only: mint a user or admin token");
        return app;
    }
}
