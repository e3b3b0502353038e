using Microsoft.Extensions.Options;
using PawfectLive.ServiceDefaults.Authentication;

namespace PawfectLive.TestInfrastructure;

/// <summary>User tokens like the main PawfectMatch app issues, signed with the tests' key (or deliberately not).</summary>
public sealed class TestUsers
{
    public const string Issuer = "pawfectmatch-test";
    public const string Audience = "pawfectlive";
    public const string SigningKey = "test-only-signing-key-for-pawfectlive-tests-0123456789";
    public const string OtherSigningKey = "another-signing-key-that-the-services-do-not-trust-0123";

    public static IReadOnlyDictionary<string, string?> Configuration { get; } = new Dictionary<string, string?>
    {
        ["Authentication:Jwt:Issuer"] = Issuer,
        ["Authentication:Jwt:Audience"] = Audience,
        ["Authentication:Jwt:SigningKey"] = SigningKey,
    };

    public static string Token(string userId, bool admin = false, string? name = null) =>
        Issuer_(SigningKey).Issue(userId, name ?? $"User {userId}", admin);

    /// <summary>Expired five minutes ago (beyond the 30 s clock skew).</summary>
    public static string ExpiredToken(string userId) =>
        Issuer_(SigningKey, TimeProvider.System, DateTimeOffset.UtcNow.AddHours(-1)).Issue(userId, lifetime: TimeSpan.FromMinutes(55));

    public static string TokenSignedWithAnotherKey(string userId) => Issuer_(OtherSigningKey).Issue(userId);

    /// <summary>Validly signed, unexpired, but naming no user: no <c>sub</c> claim at all, or a blank one.</summary>
    public static string TokenWithoutSubject(string? subject = null, bool admin = false)
    {
        var claims = new Dictionary<string, object> { ["name"] = "Nobody" };
        if (subject is not null)
        {
            claims["sub"] = subject;
        }
        if (admin)
        {
            claims["role"] = JwtAuthOptions.AdminRole;
        }
        return new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Claims = claims,
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new Microsoft.IdentityModel.Tokens.SigningCredentials(
                new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(SigningKey)),
                Microsoft.IdentityModel.Tokens.SecurityAlgorithms.HmacSha256),
        });
    }

    private static DevelopmentTokenIssuer Issuer_(string key, TimeProvider? time = null, DateTimeOffset? now = null) =>
        new(Options.Create(new JwtAuthOptions { Issuer = Issuer, Audience = Audience, SigningKey = key }),
            now is { } fixedNow ? new FixedTime(fixedNow) : time ?? TimeProvider.System);

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
