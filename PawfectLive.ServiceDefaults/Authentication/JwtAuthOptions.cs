using System.ComponentModel.DataAnnotations;
using System.Text;

namespace PawfectLive.ServiceDefaults.Authentication;

/// <summary>
/// How users' JWT bearer tokens (issued by the main PawfectMatch app) are validated.
/// Either a shared HS256 <see cref="SigningKey"/> or an OpenID <see cref="Authority"/>.
/// </summary>
public sealed class JwtAuthOptions : IValidatableObject
{
    public const string SectionName = "Authentication:Jwt";
    public const string AdminRole = "admin";
    public const string AdminPolicy = "admin";

    [Required]
    public string Issuer { get; set; } = "";

    [Required]
    public string Audience { get; set; } = "";

    /// <summary>HS256 key shared with the issuer; at least 32 bytes.</summary>
    public string? SigningKey { get; set; }

    /// <summary>OpenID Connect authority whose published keys sign the tokens.</summary>
    public string? Authority { get; set; }

    /// <summary>Name of the claim that carries roles; the role <c>admin</c> marks admins.</summary>
    public string RoleClaimType { get; set; } = "role";

    /// <summary>Tolerated clock difference between the issuer and us.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var hasKey = !string.IsNullOrEmpty(SigningKey);
        var hasAuthority = !string.IsNullOrEmpty(Authority);
        if (hasKey == hasAuthority)
        {
            yield return new ValidationResult(
                "Configure exactly one of SigningKey (HS256) or Authority (OpenID Connect).",
                [nameof(SigningKey), nameof(Authority)]);
        }
        else if (hasKey && Encoding.UTF8.GetByteCount(SigningKey!) < 32)
        {
            yield return new ValidationResult("SigningKey must be at least 32 bytes (256 bits).", [nameof(SigningKey)]);
        }
    }
}
