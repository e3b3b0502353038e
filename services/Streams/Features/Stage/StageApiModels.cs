namespace PawfectLive.Streams.Features.Stage;

/// <summary>Who the owner invites on stage.</summary>
public sealed record StageInvitationRequest(string? UserId);

/// <summary>A stream's stage: guests (publishing camera and microphone), invited users, raised paws, and the limit.</summary>
public sealed record StageResponse(string StreamId, IReadOnlyList<string> Guests, IReadOnlyList<string> Invited, IReadOnlyList<string> Requests, int MaxGuests)
{
    public static StageResponse From(StageView view) => new(view.StreamId, view.Stage.Guests, view.Stage.Invited, view.Stage.Requests, view.MaxGuests);
}
