using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

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

    /// <summary>Signing keys published in this repository for local use: anyone can mint tokens with them.</summary>
    public static readonly IReadOnlySet<string> KnownDevelopmentSigningKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "LOCAL-DEVELOPMENT-ONLY-pawfectlive-jwt-signing-key-not-a-secret",
    };

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
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
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

/// <summary>
/// What only Development may use: outside it, the repository's development signing key is refused (anyone could mint
/// admin tokens with it), and so is an <c>http://</c> authority (its signing keys could be swapped in transit).
/// </summary>
public sealed class JwtAuthProductionValidation(IHostEnvironment environment)
    : IValidateOptions<JwtAuthOptions>
{
    public ValidateOptionsResult Validate(string? name, JwtAuthOptions options)
    {
        if (environment.IsDevelopment())
        {
            return ValidateOptionsResult.Success;
        }
        List<string> failures = [];
        if (options.SigningKey is { } key && JwtAuthOptions.KnownDevelopmentSigningKeys.Contains(key))
        {
            failures.Add($"Authentication:Jwt:SigningKey is the development key published in this repository; outside Development " +
                $"({environment.EnvironmentName}) configure the PawfectMatch app's real key or an Authority.");
        }
        if (options.Authority is { } authority && authority.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"Authentication:Jwt:Authority must use https outside Development ({environment.EnvironmentName}).");
        }
        return failures.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(failures);
    }
}
