using MassTransit;
using Microsoft.AspNetCore.SignalR;
using PawfectLive.Chat.Hubs;
using PawfectLive.Chat.Infrastructure;
using PawfectLive.Contracts;

namespace PawfectLive.Chat.IntegrationEvents.EventHandling;

/// <summary>Opens the chat room of a stream that went live, unless its end is already known. Idempotent.</summary>
public sealed class StreamStartedConsumer(ChatRoomStore rooms) : IConsumer<StreamStartedIntegrationEvent>
{
    public Task Consume(ConsumeContext<StreamStartedIntegrationEvent> context) =>
        rooms.OpenAsync(context.Message.RoomName, context.Message.StreamId, context.Message.OwnerId, context.Message.StreamVersion);
}

/// <summary>Tells the room its stream ended, then closes it to new joins and messages.</summary>
public sealed class StreamEndedConsumer(ChatRoomStore rooms, IHubContext<LiveHub, ILiveClient> hub) : IConsumer<StreamEndedIntegrationEvent>
{
    public async Task Consume(ConsumeContext<StreamEndedIntegrationEvent> context)
    {
        var ended = context.Message;
        if (!await rooms.CloseAsync(ended.RoomName, ended.StreamId, ended.OwnerId, ended.StreamVersion))
        {
            return; // already closed by this event (a redelivery), or a newer state is known
        }
        await hub.Clients.Group(LiveHub.RoomGroup(ended.RoomName)).StreamEnded(
            new StreamEndedNotice(ended.RoomName, ended.StreamId, ended.Reason, ended.EndedAt));
    }
}

/// <summary>Pushes the exact viewer count to the room and remembers it for late joiners.</summary>
public sealed class ViewerCountChangedConsumer(ChatRoomStore rooms, IHubContext<LiveHub, ILiveClient> hub) : IConsumer<ViewerCountChangedIntegrationEvent>
{
    public async Task Consume(ConsumeContext<ViewerCountChangedIntegrationEvent> context)
    {
        var changed = context.Message;
        if (!await rooms.SetViewersAsync(changed.RoomName, changed.Viewers, changed.StreamVersion))
        {
            return; // an older count than the room already heard
        }
        await hub.Clients.Group(LiveHub.RoomGroup(changed.RoomName)).Viewers(
            new ViewerCount(changed.RoomName, changed.Viewers, changed.PeakViewers));
    }
}

/// <summary>
/// Blocks the user in chat at once: no more joins or sends, and every connection they have in the room (on any Chat
/// instance) leaves it and is told why.
/// </summary>
public sealed class UserBlockedConsumer(ChatRoomStore rooms, RoomEvictions evictions) : IConsumer<UserBlockedIntegrationEvent>
{
    public async Task Consume(ConsumeContext<UserBlockedIntegrationEvent> context)
    {
        var blocked = context.Message;
        if (await rooms.SetBlockedAsync(blocked.RoomName, blocked.UserId, blocked: true, blocked.StreamVersion))
        {
            await evictions.EvictAsync(blocked.RoomName, blocked.UserId, context.CancellationToken);
        }
        // else a newer decision (an unblock after this block) is already applied
    }
}

/// <summary>Puts a user's connections (on any Chat instance) out of a room and tells them why.</summary>
public sealed class RoomEvictions(ChatRoomStore rooms, IHubContext<LiveHub, ILiveClient> hub, ILogger<RoomEvictions> logger)
{
    public async Task EvictAsync(string roomName, string userId, CancellationToken cancellationToken)
    {
        var connections = await rooms.TakeMembersAsync(roomName, userId);
        foreach (var connectionId in connections)
        {
            await hub.Groups.RemoveFromGroupAsync(connectionId, LiveHub.RoomGroup(roomName), cancellationToken);
        }
        await hub.Clients.Clients(connections).Refused(new ChatError("blocked", "You were blocked from this stream.", roomName));
        ChatLog.BlockedUserRemoved(logger, userId, connections.Count, roomName);
    }
}

/// <summary>
/// Converges the room on Streams' periodic snapshot of its stream: live or closed, the blocklist, the moderators, the
/// timeouts, the viewer count —
/// each applied only where the snapshot is newer than what the room holds, so it repairs events Chat missed (past the
/// retry budget, or while it was down) without undoing newer ones. The room hears what changed, as it would have
/// from the missed events.
/// </summary>
public sealed class StreamSnapshotConsumer(ChatRoomStore rooms, RoomEvictions evictions, IHubContext<LiveHub, ILiveClient> hub)
    : IConsumer<StreamSnapshotIntegrationEvent>
{
    public async Task Consume(ConsumeContext<StreamSnapshotIntegrationEvent> context)
    {
        var snapshot = context.Message;
        var room = LiveHub.RoomGroup(snapshot.RoomName);
        if (snapshot.IsLive)
        {
            await rooms.OpenAsync(snapshot.RoomName, snapshot.StreamId, snapshot.OwnerId, snapshot.StreamVersion);
            await rooms.KeepAsync(snapshot.RoomName);
        }
        else if (await rooms.CloseAsync(snapshot.RoomName, snapshot.StreamId, snapshot.OwnerId, snapshot.StreamVersion))
        {
            await hub.Clients.Group(room).StreamEnded(new StreamEndedNotice(
                snapshot.RoomName, snapshot.StreamId, snapshot.EndedReason ?? "", snapshot.EndedAt ?? snapshot.OccurredAt));
        }

        var blocked = snapshot.BlockedUserIds.ToHashSet(StringComparer.Ordinal);
        foreach (var userId in blocked)
        {
            if (await rooms.SetBlockedAsync(snapshot.RoomName, userId, blocked: true, snapshot.StreamVersion))
            {
                await evictions.EvictAsync(snapshot.RoomName, userId, context.CancellationToken);
            }
        }
        foreach (var userId in (await rooms.BlockedUsersAsync(snapshot.RoomName)).Where(userId => !blocked.Contains(userId)))
        {
            await rooms.SetBlockedAsync(snapshot.RoomName, userId, blocked: false, snapshot.StreamVersion);
        }

        var moderators = (snapshot.ModeratorIds ?? []).ToHashSet(StringComparer.Ordinal);
        foreach (var userId in moderators)
        {
            await rooms.SetModeratorAsync(snapshot.RoomName, userId, moderator: true, snapshot.StreamVersion);
        }
        foreach (var userId in (await rooms.ModeratorsAsync(snapshot.RoomName)).Where(userId => !moderators.Contains(userId)))
        {
            await rooms.SetModeratorAsync(snapshot.RoomName, userId, moderator: false, snapshot.StreamVersion);
        }

        var timeouts = (snapshot.Timeouts ?? []).ToDictionary(timeout => timeout.UserId, timeout => timeout.Until, StringComparer.Ordinal);
        foreach (var (userId, until) in timeouts)
        {
            await rooms.SetTimeoutAsync(snapshot.RoomName, userId, until, snapshot.StreamVersion);
        }
        foreach (var userId in (await rooms.TimedOutUsersAsync(snapshot.RoomName)).Where(userId => !timeouts.ContainsKey(userId)))
        {
            await rooms.SetTimeoutAsync(snapshot.RoomName, userId, until: null, snapshot.StreamVersion);
        }

        var before = await rooms.GetAsync(snapshot.RoomName);
        if (snapshot.IsLive && await rooms.SetViewersAsync(snapshot.RoomName, snapshot.Viewers, snapshot.StreamVersion) && before?.Viewers != snapshot.Viewers)
        {
            await hub.Clients.Group(room).Viewers(new ViewerCount(snapshot.RoomName, snapshot.Viewers, snapshot.PeakViewers));
        }
    }
}

public sealed class UserUnblockedConsumer(ChatRoomStore rooms) : IConsumer<UserUnblockedIntegrationEvent>
{
    public Task Consume(ConsumeContext<UserUnblockedIntegrationEvent> context) =>
        rooms.SetBlockedAsync(context.Message.RoomName, context.Message.UserId, blocked: false, context.Message.StreamVersion);
}

/// <summary>Moderators may delete messages in the room from now on (unless a newer decision is known).</summary>
public sealed class ModeratorAppointedConsumer(ChatRoomStore rooms) : IConsumer<ModeratorAppointedIntegrationEvent>
{
    public Task Consume(ConsumeContext<ModeratorAppointedIntegrationEvent> context) =>
        rooms.SetModeratorAsync(context.Message.RoomName, context.Message.UserId, moderator: true, context.Message.StreamVersion);
}

public sealed class ModeratorRemovedConsumer(ChatRoomStore rooms) : IConsumer<ModeratorRemovedIntegrationEvent>
{
    public Task Consume(ConsumeContext<ModeratorRemovedIntegrationEvent> context) =>
        rooms.SetModeratorAsync(context.Message.RoomName, context.Message.UserId, moderator: false, context.Message.StreamVersion);
}

/// <summary>The user may not send messages or reactions in the room until the timeout's end (unless a newer decision is known).</summary>
public sealed class UserTimedOutConsumer(ChatRoomStore rooms) : IConsumer<UserTimedOutIntegrationEvent>
{
    public Task Consume(ConsumeContext<UserTimedOutIntegrationEvent> context) =>
        rooms.SetTimeoutAsync(context.Message.RoomName, context.Message.UserId, context.Message.Until, context.Message.StreamVersion);
}

public sealed class UserTimeoutLiftedConsumer(ChatRoomStore rooms) : IConsumer<UserTimeoutLiftedIntegrationEvent>
{
    public Task Consume(ConsumeContext<UserTimeoutLiftedIntegrationEvent> context) =>
        rooms.SetTimeoutAsync(context.Message.RoomName, context.Message.UserId, until: null, context.Message.StreamVersion);
}
