using System.ComponentModel.DataAnnotations;

namespace PawfectLive.Streams.Features.Stage;

/// <summary>Co-hosts (<c>Streams:Stage</c>).</summary>
public sealed class StageOptions
{
    public const string SectionName = "Streams:Stage";

    /// <summary>How many guests may be on a stream's stage at once, besides the owner.</summary>
    [Range(1, 12)]
    public int MaxGuests { get; set; } = 3;

    /// <summary>How many stage actions (raise or lower a paw, leave) one user may take on one stream per minute.</summary>
    [Range(1, 600)]
    public int ActionsPerMinute { get; set; } = 10;
}
