using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace PawfectLive.ServiceDefaults.Authentication;

public static partial class AuthenticationExtensions
{
    /// <summary>Paths whose WebSocket clients cannot send headers and pass the token in the query.</summary>
    public const string HubsPathPrefix = "/hubs";

    /// <summary>
    /// JWT bearer authentication as every service does it, bound from <c>Authentication:Jwt</c> and validated
    /// at start-up, plus the <c>admin</c> authorization policy.
    /// </summary>
    public static IHostApplicationBuilder AddDefaultAuthentication(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<JwtAuthOptions>(JwtAuthOptions.SectionName);
        builder.Services.AddSingleton<IValidateOptions<JwtAuthOptions>, JwtAuthProductionValidation>();

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<JwtAuthOptions>>((bearer, jwtOptions) =>
                Configure(bearer, jwtOptions.Value, requireHttpsMetadata: !builder.Environment.IsDevelopment()));

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(JwtAuthOptions.AdminPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(JwtAuthOptions.AdminRole));

        return builder;
    }

    private static void Configure(JwtBearerOptions bearer, JwtAuthOptions options, bool requireHttpsMetadata)
    {
        bearer.MapInboundClaims = false;
        bearer.Authority = string.IsNullOrEmpty(options.Authority) ? null : options.Authority;
        // Outside Development an http:// authority is refused at start (JwtAuthProductionValidation), never silently allowed.
        bearer.RequireHttpsMetadata = requireHttpsMetadata;
        bearer.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = options.Issuer,
            ValidAudience = options.Audience,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = options.ClockSkew,
            NameClaimType = "sub",
            RoleClaimType = options.RoleClaimType,
            ValidateIssuerSigningKey = true,
            IssuerSigningKey = string.IsNullOrEmpty(options.SigningKey)
                ? null
                : new SymmetricSecurityKey(Encoding.UTF8.GetBytes(options.SigningKey)),
            ValidAlgorithms = string.IsNullOrEmpty(options.SigningKey) ? null : [SecurityAlgorithms.HmacSha256],
        };
        bearer.Events = new JwtBearerEvents
        {
            OnMessageReceived = context =>
            {
                var accessToken = context.Request.Query["access_token"];
                if (!string.IsNullOrEmpty(accessToken) && context.HttpContext.Request.Path.StartsWithSegments(HubsPathPrefix))
                {
                    context.Token = accessToken;
                }
                return Task.CompletedTask;
            },
            // Every user token names its user: without a usable `sub` nothing can be owned, blocked or reported, so the
            // token is refused here, for every route and the hub alike.
            OnTokenValidated = context =>
            {
                if (!IsUsableUserId(context.Principal?.FindFirstValue("sub")))
                {
                    const string reason = "The token has no usable sub claim (1-128 characters, no control characters).";
                    var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("PawfectLive.Authentication");
                    LogAuthenticationFailed(logger, context.Request.Method, context.Request.Path, "MissingSubject", reason);
                    context.Fail(reason);
                }
                else if (context.HttpContext.Request.Path.StartsWithSegments(HubsPathPrefix) && context.Principal?.Identity is ClaimsIdentity identity)
                {
                    context.Principal = HubPrincipal(identity);
                }
                return Task.CompletedTask;
            },
            OnAuthenticationFailed = context =>
            {
                var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>()
                    .CreateLogger("PawfectLive.Authentication");
                LogAuthenticationFailed(logger, context.Request.Method, context.Request.Path, context.Exception.GetType().Name, context.Exception.Message);
                return Task.CompletedTask;
            },
        };
    }

    /// <summary>
    /// What a hub connection keeps of its user for the connection's lifetime (hours): the claims the hub reads (sub,
    /// name, roles), without the parsed token and its other claims, which cost about 4 KB per open connection.
    /// </summary>
    private static ClaimsPrincipal HubPrincipal(ClaimsIdentity identity) =>
        new(new ClaimsIdentity(
            identity.Claims
                .Where(claim => claim.Type is "sub" or "name" || claim.Type == identity.RoleClaimType)
                .Select(claim => new Claim(claim.Type, claim.Value, claim.ValueType, claim.Issuer)),
            identity.AuthenticationType, identity.NameClaimType, identity.RoleClaimType));

    public const int MaxUserIdLength = 128;

    /// <summary>A user id we accept: 1-128 characters, not blank, no control characters.</summary>
    public static bool IsUsableUserId(string? userId) =>
        !string.IsNullOrWhiteSpace(userId) && userId.Length <= MaxUserIdLength && !userId.Any(char.IsControl);

    /// <summary>The PawfectMatch user id (<c>sub</c> claim), or null for anonymous callers.</summary>
    public static string? GetUserId(this ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindFirstValue("sub") : null;

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(JwtAuthOptions.AdminRole);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning,
        Message = "Authentication failed for {Method} {Path}: {FailureType} {FailureMessage}")]
    private static partial void LogAuthenticationFailed(ILogger logger, string method, PathString path, string failureType, string failureMessage);
}
