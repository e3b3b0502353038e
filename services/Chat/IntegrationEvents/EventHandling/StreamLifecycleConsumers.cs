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
public sealed class UserBlockedConsumer(ChatRoomStore rooms, IHubContext<LiveHub, ILiveClient> hub, ILogger<UserBlockedConsumer> logger)
    : IConsumer<UserBlockedIntegrationEvent>
{
    public async Task Consume(ConsumeContext<UserBlockedIntegrationEvent> context)
    {
        var blocked = context.Message;
        if (!await rooms.SetBlockedAsync(blocked.RoomName, blocked.UserId, blocked: true, blocked.StreamVersion))
        {
            return; // a newer decision (an unblock after this block) is already applied
        }
        var connections = await rooms.TakeMembersAsync(blocked.RoomName, blocked.UserId);
        foreach (var connectionId in connections)
        {
            await hub.Groups.RemoveFromGroupAsync(connectionId, LiveHub.RoomGroup(blocked.RoomName), context.CancellationToken);
        }
        await hub.Clients.Clients(connections).Refused(new ChatError("blocked", "You were blocked from this stream.", blocked.RoomName));
        ChatLog.BlockedUserRemoved(logger, blocked.UserId, connections.Count, blocked.RoomName);
    }
}

public sealed class UserUnblockedConsumer(ChatRoomStore rooms) : IConsumer<UserUnblockedIntegrationEvent>
{
    public Task Consume(ConsumeContext<UserUnblockedIntegrationEvent> context) =>
        rooms.SetBlockedAsync(context.Message.RoomName, context.Message.UserId, blocked: false, context.Message.StreamVersion);
}
