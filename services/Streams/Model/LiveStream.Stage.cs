namespace PawfectLive.Streams.Model;

/// <summary>The stage: viewers the owner brings into the picture as co-hosts ("playdates").</summary>
public sealed partial class LiveStream
{
    public StreamStage Stage { get; set; } = new();

    public bool IsOnStage(string userId) => Stage.GuestIds.Contains(userId);

    /// <summary>
    /// The owner invites a viewer. With the viewer's raised paw already there, the viewer goes on stage at once (if there
    /// is room); otherwise the invitation waits for the viewer's acceptance.
    /// </summary>
    public StageOutcome InviteToStage(string userId, int maxGuests, DateTime at) =>
        Stage.RequestIds.Contains(userId) ? Promote(userId, maxGuests, at) : AddPending(Stage.InvitedIds, userId, maxGuests, at);

    /// <summary>A viewer raises a paw; with the owner's invitation already there this is the acceptance, and they go on stage.</summary>
    public StageOutcome RequestStage(string userId, int maxGuests, DateTime at) =>
        Stage.InvitedIds.Contains(userId) ? Promote(userId, maxGuests, at) : AddPending(Stage.RequestIds, userId, int.MaxValue, at);

    /// <summary>Takes a user off the stage entirely: guest, invitation and raised paw. False when they were none of those.</summary>
    public bool LeaveStage(string userId, DateTime at) =>
        (Stage.GuestIds.Remove(userId) | Stage.InvitedIds.Remove(userId) | Stage.RequestIds.Remove(userId)) && Changed(at);

    private StageOutcome Promote(string userId, int maxGuests, DateTime at)
    {
        if (IsOnStage(userId))
        {
            return StageOutcome.Unchanged;
        }
        if (Stage.GuestIds.Count >= maxGuests)
        {
            return StageOutcome.Full;
        }
        Stage.InvitedIds.Remove(userId);
        Stage.RequestIds.Remove(userId);
        Stage.GuestIds.Add(userId);
        Changed(at);
        return StageOutcome.OnStage;
    }

    private StageOutcome AddPending(List<string> pending, string userId, int maxGuests, DateTime at)
    {
        if (IsOnStage(userId) || pending.Contains(userId))
        {
            return StageOutcome.Unchanged;
        }
        if (Stage.GuestIds.Count >= maxGuests)
        {
            return StageOutcome.Full;
        }
        if (pending.Count >= StreamStage.MaxPending)
        {
            return StageOutcome.Full;
        }
        pending.Add(userId);
        Changed(at);
        return StageOutcome.Pending;
    }
}

/// <summary>What a stage action did.</summary>
public enum StageOutcome
{
    Unchanged,
    Pending,
    OnStage,
    Full,
}

/// <summary>Who is on the stage (guests publishing camera and microphone), who is invited, and who raised a paw.</summary>
public sealed class StreamStage
{
    /// <summary>Invitations and raised paws kept at most (each list).</summary>
    public const int MaxPending = 200;

    public List<string> GuestIds { get; set; } = [];
    public List<string> InvitedIds { get; set; } = [];
    public List<string> RequestIds { get; set; } = [];

    public PawfectLive.Contracts.StageState ToContract() => new([.. GuestIds], [.. InvitedIds], [.. RequestIds]);
}
