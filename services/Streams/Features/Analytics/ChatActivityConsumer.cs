using MassTransit;
using PawfectLive.Contracts;

namespace PawfectLive.Streams.Features.Analytics;

/// <summary>Keeps Chat's per-minute counts of a stream's room for its stats (a room of no stream is ignored).</summary>
public sealed class ChatActivityConsumer(IStreamStore store, IChatActivityStore chatActivity) : IConsumer<ChatActivityIntegrationEvent>
{
    public async Task Consume(ConsumeContext<ChatActivityIntegrationEvent> context)
    {
        var activity = context.Message;
        if (await store.FindIdByRoomNameAsync(activity.RoomName, context.CancellationToken) is not { } streamId)
        {
            return;
        }
        var minute = activity.Minute.UtcDateTime;
        await chatActivity.RecordChatMinuteAsync(new ChatMinute
        {
            Id = ChatMinute.IdOf(streamId, minute, activity.ChatInstance),
            StreamId = streamId,
            Minute = minute,
            Instance = activity.ChatInstance,
            Messages = activity.Messages,
            Reactions = activity.Reactions.ToDictionary(),
        }, context.CancellationToken);
    }
}
