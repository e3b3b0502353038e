using System.ComponentModel.DataAnnotations;

namespace PawfectLive.Streams.Features.Reconciliation;

/// <summary>How Streams repairs what missed events leave wrong (<c>Streams:Reconciliation</c>).</summary>
public sealed class ReconciliationOptions
{
    public const string SectionName = "Streams:Reconciliation";

    public bool Enabled { get; set; } = true;

    /// <summary>Time between two passes.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a live stream's room may be missing in LiveKit (never created, or gone) before the stream ends.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan RoomGracePeriod { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Ended streams keep being announced in snapshots this long, so consumers that missed the end catch up.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan EndedSnapshotWindow { get; set; } = TimeSpan.FromMinutes(10);
}
