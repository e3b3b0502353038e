using MassTransit;
using Microsoft.AspNetCore.SignalR;
using PawfectLive.Chat.Hubs;
using PawfectLive.Chat.Infrastructure;
using PawfectLive.Contracts;

namespace PawfectLive.Chat.IntegrationEvents.EventHandling;

/// <summary>Opens the chat room of a stream that went live. Idempotent: opening twice changes nothing.</summary>
public sealed class StreamStartedConsumer(ChatRoomStore rooms) : IConsumer<StreamStartedIntegrationEvent>
{
    public Task Consume(ConsumeContext<StreamStartedIntegrationEvent> context) =>
        rooms.OpenAsync(context.Message.RoomName, context.Message.StreamId, context.Message.OwnerId);
}

/// <summary>Tells the room its stream ended, then closes it to new joins and messages.</summary>
public sealed class StreamEndedConsumer(ChatRoomStore rooms, IHubContext<LiveHub> hub) : IConsumer<StreamEndedIntegrationEvent>
{
    public async Task Consume(ConsumeContext<StreamEndedIntegrationEvent> context)
    {
        var ended = context.Message;
        await rooms.CloseAsync(ended.RoomName);
        await hub.Clients.Group(LiveHub.RoomGroup(ended.RoomName)).SendAsync(
            ChatEvents.StreamEnded, new { roomName = ended.RoomName, streamId = ended.StreamId, reason = ended.Reason, endedAt = ended.EndedAt },
            context.CancellationToken);
    }
}

/// <summary>Pushes the exact viewer count to the room.</summary>
public sealed class ViewerCountChangedConsumer(IHubContext<LiveHub> hub) : IConsumer<ViewerCountChangedIntegrationEvent>
{
    public Task Consume(ConsumeContext<ViewerCountChangedIntegrationEvent> context) =>
        hub.Clients.Group(LiveHub.RoomGroup(context.Message.RoomName)).SendAsync(
            ChatEvents.Viewers,
            new { roomName = context.Message.RoomName, viewers = context.Message.Viewers, peakViewers = context.Message.PeakViewers },
            context.CancellationToken);
}

/// <summary>Blocks the user in chat at once; they can no longer join or send.</summary>
public sealed class UserBlockedConsumer(ChatRoomStore rooms) : IConsumer<UserBlockedIntegrationEvent>
{
    public Task Consume(ConsumeContext<UserBlockedIntegrationEvent> context) =>
        rooms.BlockAsync(context.Message.RoomName, context.Message.UserId);
}

public sealed class UserUnblockedConsumer(ChatRoomStore rooms) : IConsumer<UserUnblockedIntegrationEvent>
{
    public Task Consume(ConsumeContext<UserUnblockedIntegrationEvent> context) =>
        rooms.UnblockAsync(context.Message.RoomName, context.Message.UserId);
}
