using System.ComponentModel.DataAnnotations;
using PawfectLive.LiveKit;

namespace PawfectLive.Streams.Features.Recording;

/// <summary>
/// Recordings (<c>Recording</c>): the S3-compatible storage LiveKit's Egress uploads to and the public base URL replays
/// are played from. Recording is offered only when <see cref="Bucket"/> is set; the keys come in as secrets (the AppHost's
/// <c>recording-access-key</c> and <c>recording-secret</c> parameters).
/// </summary>
public sealed class RecordingOptions : IValidatableObject
{
    public const string SectionName = "Recording";

    /// <summary>The storage's endpoint for S3-compatible services (MinIO, R2, ...); empty for AWS S3 itself.</summary>
    public string Endpoint { get; set; } = "";

    public string Bucket { get; set; } = "";

    public string Region { get; set; } = "";

    public string AccessKey { get; set; } = "";

    public string Secret { get; set; } = "";

    /// <summary>Path-style addressing (<c>endpoint/bucket/key</c>), which most S3-compatible services need.</summary>
    public bool ForcePathStyle { get; set; }

    /// <summary>Where the bucket's objects are served to players (a CDN or the bucket's public URL); a replay is this plus its key.</summary>
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>The folder of every recording in the bucket: <c>{PathPrefix}/{streamId}/{recordingId}/...</c>.</summary>
    [RegularExpression("^[A-Za-z0-9._/-]{0,100}$")]
    public string PathPrefix { get; set; } = "replays";

    /// <summary>LiveKit's RoomComposite layout (speaker, grid, single-speaker).</summary>
    [RegularExpression("^[a-z-]{1,40}$")]
    public string Layout { get; set; } = "speaker";

    [Range(1, 60)]
    public int SegmentDurationSeconds { get; set; } = 6;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Bucket);

    public S3Upload ToS3Upload() => new(AccessKey, Secret, Region, Endpoint, Bucket, ForcePathStyle);

    /// <summary>The public URL of a stored object.</summary>
    public string PublicUrl(string key) => $"{PublicBaseUrl.TrimEnd('/')}/{key}";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsConfigured)
        {
            yield break;
        }
        if (string.IsNullOrWhiteSpace(AccessKey) || string.IsNullOrWhiteSpace(Secret))
        {
            yield return new ValidationResult("Recording:AccessKey and Recording:Secret are required when Recording:Bucket is set.", [nameof(AccessKey), nameof(Secret)]);
        }
        if (!Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
        {
            yield return new ValidationResult("Recording:PublicBaseUrl must be an absolute http(s) URL when Recording:Bucket is set.", [nameof(PublicBaseUrl)]);
        }
        if (Endpoint.Length > 0 && !Uri.TryCreate(Endpoint, UriKind.Absolute, out _))
        {
            yield return new ValidationResult("Recording:Endpoint must be an absolute URL (or empty for AWS S3).", [nameof(Endpoint)]);
        }
    }
}
