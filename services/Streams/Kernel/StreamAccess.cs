namespace PawfectLive.Streams.Kernel;

/// <summary>
/// Finds a stream for a caller and says who may act on it: anyone (public metadata), its owner, its moderators or an
/// admin. Every feature asks here, so each access rule is written once.
/// </summary>
public sealed class StreamAccess(IStreamStore store)
{
    /// <summary>The stream with this id: invalid (400) for an id that is no stream id, not found (404) for an unknown one.</summary>
    public async Task<Result<LiveStream>> GetAsync(string? id, CancellationToken cancellationToken, string field = "id")
    {
        id = StreamIds.Normalize(id);
        if (!StreamIds.IsValid(id))
        {
            return new StreamError.Invalid(field, $"{field} must be a 24-character hexadecimal stream id.");
        }
        return await store.GetAsync(id!, cancellationToken) is { } stream ? stream : new StreamError.NotFound(id!);
    }

    /// <summary>The stream, if the caller may moderate it: its owner, an admin, or (where they may) one of its moderators.</summary>
    public async Task<Result<LiveStream>> FindModeratedAsync(Caller caller, string id, bool moderatorsMay, CancellationToken cancellationToken)
    {
        var found = await GetAsync(id, cancellationToken);
        if (found.Value is { } stream && !IsOwnerOrAdmin(caller, stream) && !(moderatorsMay && stream.IsModerator(caller.UserId)))
        {
            return new StreamError.NotOwner(AdminsMay: true, ModeratorsMay: moderatorsMay);
        }
        return found;
    }

    /// <summary>The stream, if the caller is its owner (admins do not act as owners here: a recording or an encoder is the owner's).</summary>
    public async Task<Result<LiveStream>> FindOwnedAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        var found = await GetAsync(id, cancellationToken);
        return found.Value is { } stream && stream.OwnerId != caller.UserId ? new StreamError.NotOwner(AdminsMay: false) : found;
    }

    public static bool IsOwnerOrAdmin(Caller caller, LiveStream stream) => caller.IsAdmin || stream.OwnerId == caller.UserId;

    /// <summary>In which role the caller acts on the stream: <c>admin</c>, <c>owner</c> or <c>moderator</c>.</summary>
    public static string RoleOf(Caller caller, LiveStream stream) =>
        caller.IsAdmin ? AuditRoles.Admin : stream.OwnerId == caller.UserId ? AuditRoles.Owner : AuditRoles.Moderator;
}
