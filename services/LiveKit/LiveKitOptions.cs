using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace PawfectLive.LiveKit;

public sealed class LiveKitOptions : IValidatableObject
{
    public const string SectionName = "LiveKit";

    /// <summary>The API key and secret of <c>livekit-server --dev</c>: public knowledge, for local use only.</summary>
    public const string DevelopmentApiKey = "devkey";
    public const string DevelopmentApiSecret = "secret";

    /// <summary>Where clients connect (ws:// or wss://); the RoomService API is reached at the same host over http(s).</summary>
    [Required]
    public string Url { get; set; } = "";

    [Required]
    public string ApiKey { get; set; } = "";

    [Required]
    public string ApiSecret { get; set; } = "";

    /// <summary>Lifetime of publisher and subscriber tokens handed to the app.</summary>
    [Range(typeof(TimeSpan), "00:00:30", "1.00:00:00")]
    public TimeSpan TokenTtl { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Tolerated clock difference when checking webhook signatures.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan WebhookClockSkew { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Timeout of one RoomService call.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The RoomService base address: the client URL with ws(s) mapped to http(s).</summary>
    /// <remarks>A method, not a property: validation reads every property, and an invalid <see cref="Url"/> must come
    /// out as its validation message, not as a <see cref="UriFormatException"/>.</remarks>
    public Uri GetApiBaseAddress()
    {
        var builder = new UriBuilder(Url);
        builder.Scheme = builder.Scheme switch { "wss" => "https", "ws" => "http", var other => other };
        builder.Port = new Uri(Url).IsDefaultPort ? -1 : builder.Port;
        return builder.Uri;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("ws" or "wss" or "http" or "https"))
        {
            yield return new ValidationResult("LiveKit:Url must be an absolute ws://, wss://, http:// or https:// URL.", [nameof(Url)]);
        }
    }
}

/// <summary>Outside Development, LiveKit's public development secret is refused at start: anyone could sign webhooks and tokens with it.</summary>
public sealed class LiveKitProductionValidation(IHostEnvironment environment) : IValidateOptions<LiveKitOptions>
{
    public ValidateOptionsResult Validate(string? name, LiveKitOptions options) =>
        !environment.IsDevelopment() && options.ApiSecret == LiveKitOptions.DevelopmentApiSecret
            ? ValidateOptionsResult.Fail(
                $"LiveKit:ApiSecret is LiveKit's public development secret; outside Development ({environment.EnvironmentName}) " +
                "configure the LiveKit server's real API key and secret (LIVEKIT_API_KEY, LIVEKIT_API_SECRET).")
            : ValidateOptionsResult.Success;
}
