namespace PawfectLive.Streams.Model;

/// <summary>The stage: viewers the owner brings into the picture as co-hosts ("playdates").</summary>
public sealed partial class LiveStream
{
    public StreamStage Stage { get; set; } = new();

    public bool IsOnStage(string userId) => Stage.GuestIds.Contains(userId);

    /// <summary>What <paramref name="userId"/> may do in the room now, as a viewer (see <see cref="ViewerRights"/>).</summary>
    public ViewerRights RightsOf(string userId, bool isAdmin, DateTime at) => new(IsOnStage(userId), isAdmin || MayPublishData(userId, at));

    /// <summary>
    /// The owner invites a viewer. With the viewer's raised paw already there, the viewer goes on stage at once (if there
    /// is room); otherwise the invitation waits for the viewer's acceptance.
    /// </summary>
    public StageOutcome InviteToStage(string userId, int maxGuests, DateTime at) =>
        Stage.RequestIds.Contains(userId) ? Promote(userId, maxGuests, at) : AddPending(Stage.InvitedIds, userId, maxGuests, at);

    /// <summary>A viewer raises a paw; with the owner's invitation already there this is the acceptance, and they go on stage.</summary>
    public StageOutcome RequestStage(string userId, int maxGuests, DateTime at) =>
        Stage.InvitedIds.Contains(userId) ? Promote(userId, maxGuests, at) : AddPending(Stage.RequestIds, userId, int.MaxValue, at);

    /// <summary>Takes a user off the stage entirely: guest, invitation and raised paw.</summary>
    public StageOutcome LeaveStage(string userId, DateTime at) =>
        Stage.Remove(userId) && Changed(at) ? StageOutcome.OffStage : StageOutcome.Unchanged;

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
        return StageOutcome.Waiting;
    }
}
