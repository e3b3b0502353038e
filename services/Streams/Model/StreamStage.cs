namespace PawfectLive.Streams.Model;

/// <summary>Who is on the stage (guests publishing camera and microphone), who is invited, and who raised a paw.</summary>
public sealed class StreamStage
{
    /// <summary>Invitations and raised paws kept at most (each list).</summary>
    public const int MaxPending = 200;

    public List<string> GuestIds { get; set; } = [];
    public List<string> InvitedIds { get; set; } = [];
    public List<string> RequestIds { get; set; } = [];

    /// <summary>Whether the user is on the stage in any way: a guest, invited, or with a raised paw.</summary>
    public bool Involves(string userId) => GuestIds.Contains(userId) || InvitedIds.Contains(userId) || RequestIds.Contains(userId);

    /// <summary>Takes the user off the stage entirely (guest, invitation, raised paw); false when they were none of those.</summary>
    public bool Remove(string userId) => GuestIds.Remove(userId) | InvitedIds.Remove(userId) | RequestIds.Remove(userId);

    public PawfectLive.Contracts.StageState ToContract() => new([.. GuestIds], [.. InvitedIds], [.. RequestIds]);
}

/// <summary>What a stage action did.</summary>
public enum StageOutcome
{
    /// <summary>Nothing changed: the user was already where the action would put them.</summary>
    Unchanged,

    /// <summary>An invitation or a raised paw was recorded and waits for the other side.</summary>
    Waiting,

    /// <summary>Both sides hold: the user is a guest now.</summary>
    OnStage,

    /// <summary>The user was taken off the stage (as a guest, an invitation or a raised paw).</summary>
    OffStage,

    /// <summary>Refused: the stage, or its list of invitations or raised paws, is full.</summary>
    Full,
}

public static class StageOutcomeExtensions
{
    /// <summary>Whether the stage changed (and so is written, announced and mirrored into LiveKit).</summary>
    public static bool ChangedTheStage(this StageOutcome outcome) => outcome is StageOutcome.Waiting or StageOutcome.OnStage or StageOutcome.OffStage;
}
