using System.ComponentModel.DataAnnotations;

namespace PawfectLive.Notifications.Infrastructure.Push;

/// <summary>
/// Firebase Cloud Messaging (HTTP v1) for phones: a Google service account (its project, e-mail and PEM private key)
/// whose signed assertion is exchanged for an OAuth access token. Off by default.
/// </summary>
public sealed class FcmOptions : IValidatableObject
{
    public const string SectionName = "Fcm";

    public bool Enabled { get; set; }
    public string? ProjectId { get; set; }
    public string? ClientEmail { get; set; }

    /// <summary>The service account's RSA private key, PEM (as in its JSON key file).</summary>
    public string? PrivateKey { get; set; }

    public Uri TokenUri { get; set; } = new("https://oauth2.googleapis.com/token");

    /// <summary>FCM's API root; the send method is <c>{Endpoint}/v1/projects/{ProjectId}/messages:send</c>.</summary>
    public Uri Endpoint { get; set; } = new("https://fcm.googleapis.com");

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }
        if (string.IsNullOrWhiteSpace(ProjectId) || string.IsNullOrWhiteSpace(ClientEmail) || string.IsNullOrWhiteSpace(PrivateKey))
        {
            yield return new ValidationResult("Fcm:ProjectId, Fcm:ClientEmail and Fcm:PrivateKey are required when Fcm:Enabled is true.");
            yield break;
        }
        using var rsa = System.Security.Cryptography.RSA.Create();
        var valid = true;
        try
        {
            rsa.ImportFromPem(PrivateKey.Replace("\\n", "\n", StringComparison.Ordinal));
        }
        catch (ArgumentException)
        {
            valid = false;
        }
        if (!valid)
        {
            yield return new ValidationResult("Fcm:PrivateKey is not a PEM RSA private key.");
        }
    }
}
