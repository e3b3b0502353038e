using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PawfectLive.ServiceDefaults.Authentication;

/// <summary>
/// Mints user tokens the way the main PawfectMatch app would, with the configured HS256 key.
/// For local development and tests only: production tokens come from PawfectMatch.
/// </summary>
public sealed class DevelopmentTokenIssuer(IOptions<JwtAuthOptions> options, TimeProvider timeProvider)
{
    public string Issue(string userId, string? displayName = null, bool admin = false, TimeSpan? lifetime = null)
    {
        var jwt = options.Value;
        if (string.IsNullOrEmpty(jwt.SigningKey))
        {
            throw new InvalidOperationException("Development tokens need Authentication:Jwt:SigningKey.");
        }

        var now = timeProvider.GetUtcNow();
        var claims = new List<Claim> { new("sub", userId) };
        if (!string.IsNullOrWhiteSpace(displayName))
        {
            claims.Add(new Claim("name", displayName));
        }
        if (admin)
        {
            claims.Add(new Claim(jwt.RoleClaimType, JwtAuthOptions.AdminRole));
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = jwt.Issuer,
            Audience = jwt.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.Add(lifetime ?? TimeSpan.FromHours(12)).UtcDateTime,
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(jwt.SigningKey)), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
