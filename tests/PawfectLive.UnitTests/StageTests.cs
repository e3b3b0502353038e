using PawfectLive.Streams.Model;

namespace PawfectLive.UnitTests;

/// <summary>The stage's rules on the aggregate: invitations, raised paws, guests, limits, leaving, blocks and a viewer's rights.</summary>
public sealed class StageTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTime At = T0.UtcDateTime.AddMinutes(1);
    private const int MaxGuests = 2;

    private static LiveStream NewStream() => LiveStream.Start("0123456789abcdef01234567", "rex-owner", "Rex", ["dogs"], null, T0);

    [Fact]
    public void An_invitation_waits_for_a_raised_paw_and_both_together_make_a_guest()
    {
        var stream = NewStream();

        Assert.Equal(StageOutcome.Waiting, stream.InviteToStage("bella", MaxGuests, At));
        Assert.False(stream.IsOnStage("bella"));
        Assert.Equal(["bella"], stream.Stage.InvitedIds);

        Assert.Equal(StageOutcome.OnStage, stream.RequestStage("bella", MaxGuests, At));
        Assert.True(stream.IsOnStage("bella"));
        Assert.Empty(stream.Stage.InvitedIds);
        Assert.Empty(stream.Stage.RequestIds);
    }

    [Fact]
    public void A_raised_paw_waits_for_an_invitation_and_the_invitation_is_the_acceptance()
    {
        var stream = NewStream();

        Assert.Equal(StageOutcome.Waiting, stream.RequestStage("max", MaxGuests, At));
        Assert.Equal(["max"], stream.Stage.RequestIds);
        Assert.Equal(StageOutcome.OnStage, stream.InviteToStage("max", MaxGuests, At));
        Assert.Equal(["max"], stream.Stage.GuestIds);
    }

    [Fact]
    public void Repeating_an_invitation_a_paw_or_a_promotion_changes_nothing_and_keeps_the_version()
    {
        var stream = NewStream();
        stream.InviteToStage("bella", MaxGuests, At);
        var version = stream.Version;

        Assert.Equal(StageOutcome.Unchanged, stream.InviteToStage("bella", MaxGuests, At));
        Assert.Equal(version, stream.Version);

        stream.RequestStage("bella", MaxGuests, At);
        version = stream.Version;
        Assert.Equal(StageOutcome.Unchanged, stream.RequestStage("bella", MaxGuests, At));
        Assert.Equal(StageOutcome.Unchanged, stream.InviteToStage("bella", MaxGuests, At));
        Assert.Equal(version, stream.Version);
    }

    [Fact]
    public void A_full_stage_refuses_a_further_guest_and_keeps_the_paw_raised()
    {
        var stream = NewStream();
        foreach (var guest in new[] { "a", "b" })
        {
            stream.InviteToStage(guest, MaxGuests, At);
            stream.RequestStage(guest, MaxGuests, At);
        }
        stream.RequestStage("c", MaxGuests, At);

        Assert.Equal(StageOutcome.Full, stream.InviteToStage("c", MaxGuests, At));
        Assert.Equal(["a", "b"], stream.Stage.GuestIds);
        Assert.Equal(["c"], stream.Stage.RequestIds);
        Assert.Equal(StageOutcome.Full, stream.InviteToStage("d", MaxGuests, At));
        Assert.DoesNotContain("d", stream.Stage.InvitedIds);
    }

    [Fact]
    public void Raised_paws_are_bounded()
    {
        var stream = NewStream();
        for (var i = 0; i < StreamStage.MaxPending; i++)
        {
            Assert.Equal(StageOutcome.Waiting, stream.RequestStage($"viewer-{i}", MaxGuests, At));
        }

        Assert.Equal(StageOutcome.Full, stream.RequestStage("one-too-many", MaxGuests, At));
        Assert.Equal(StreamStage.MaxPending, stream.Stage.RequestIds.Count);
    }

    [Fact]
    public void Leaving_takes_a_user_off_every_list_once()
    {
        var stream = NewStream();
        stream.InviteToStage("bella", MaxGuests, At);
        stream.RequestStage("bella", MaxGuests, At);
        stream.InviteToStage("max", MaxGuests, At);

        Assert.Equal(StageOutcome.OffStage, stream.LeaveStage("bella", At));
        Assert.Equal(StageOutcome.OffStage, stream.LeaveStage("max", At));
        Assert.Equal(StageOutcome.Unchanged, stream.LeaveStage("max", At));
        Assert.False(stream.Stage.Involves("bella") || stream.Stage.Involves("max"));
    }

    [Fact]
    public void A_block_takes_the_user_off_the_stage_and_off_its_lists()
    {
        var stream = NewStream();
        stream.InviteToStage("guest", MaxGuests, At);
        stream.RequestStage("guest", MaxGuests, At);
        stream.InviteToStage("invited", MaxGuests, At);
        stream.RequestStage("asking", MaxGuests, At);

        foreach (var user in new[] { "guest", "invited", "asking" })
        {
            Assert.True(stream.Stage.Involves(user));
            Assert.True(stream.Block(user, At));
            Assert.False(stream.Stage.Involves(user));
        }
    }

    [Theory]
    [InlineData(StageOutcome.Unchanged, false)]
    [InlineData(StageOutcome.Waiting, true)]
    [InlineData(StageOutcome.OnStage, true)]
    [InlineData(StageOutcome.OffStage, true)]
    [InlineData(StageOutcome.Full, false)]
    public void Only_a_change_of_the_stage_is_written(StageOutcome outcome, bool changed) =>
        Assert.Equal(changed, outcome.ChangedTheStage());

    [Fact]
    public void A_guest_publishes_media_a_timed_out_user_sends_no_data_and_an_admin_always_may()
    {
        var stream = NewStream();
        stream.InviteToStage("guest", MaxGuests, At);
        stream.RequestStage("guest", MaxGuests, At);
        stream.TimeOut("loud", At.AddMinutes(5), At);

        Assert.Equal(ViewerRights.PlainViewer, stream.RightsOf("viewer", isAdmin: false, At));
        Assert.Equal(new ViewerRights(OnStage: true, MayPublishData: true), stream.RightsOf("guest", isAdmin: false, At));
        Assert.Equal(new ViewerRights(OnStage: false, MayPublishData: false), stream.RightsOf("loud", isAdmin: false, At));
        Assert.Equal(ViewerRights.PlainViewer, stream.RightsOf("loud", isAdmin: false, At.AddMinutes(6)));

        stream.ChangeChatRules(slowModeSeconds: null, chatEnabled: false, establishedMinutes: null, At);
        Assert.Equal(new ViewerRights(OnStage: true, MayPublishData: false), stream.RightsOf("guest", isAdmin: false, At));
        Assert.Equal(new ViewerRights(OnStage: false, MayPublishData: true), stream.RightsOf("admin", isAdmin: true, At));
        Assert.Equal(new ViewerRights(OnStage: false, MayPublishData: false), stream.RightsOf("viewer", isAdmin: false, At));
    }
}
