using System.Buffers;
using System.Collections.Frozen;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;
using PawfectLive.Chat.Hubs;
using StackExchange.Redis;

namespace PawfectLive.Chat.Infrastructure;

/// <summary>
/// Delivers what a room hears to its members on every Chat instance, batched per connection.
/// <para>
/// Each room has a Redis channel; an instance subscribes to it while it holds a member of the room, so a room's events
/// travel once per instance, in the order they were published. On each instance a room's events are written to its
/// members in batches: the first event after a quiet <see cref="ChatOptions.FanOutInterval"/> goes out at once, later
/// ones wait for the interval to end and then leave together — every member receives every event, in order, in one
/// WebSocket frame per batch (several SignalR messages in a frame, as the protocol allows), so the frames per member
/// stay at most one per interval however busy the room is. Viewer counts are absolute: a batch carries only the last.
/// A block evicts its user's connections from the room on every instance through the same channel, so nothing the room
/// hears after the block reaches them.
/// </para>
/// </summary>
public sealed partial class RoomFanOut(
    IConnectionMultiplexer redis, IOptions<ChatOptions> options, TimeProvider time, ChatMetrics metrics, ILogger<RoomFanOut> logger)
{
    private const string ChannelPrefix = "pawfectlive-chat:room:";
    private const string EvictionEvent = "room:evict";

    /// <summary>The payload type of every server event, by its wire name (from <see cref="ILiveClient"/>).</summary>
    private static readonly FrozenDictionary<string, Type> PayloadTypes = typeof(ILiveClient).GetMethods()
        .ToFrozenDictionary(method => method.GetCustomAttribute<HubMethodNameAttribute>()!.Name, method => method.GetParameters()[0].ParameterType);

    private readonly Dictionary<string, LocalRoom> _rooms = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>The room's members on every instance, as one client.</summary>
    public ILiveClient Room(string roomName) => new RoomClient(this, roomName);

    /// <summary>Takes the user's connections out of the room on every instance and tells each of them <paramref name="refusal"/>.</summary>
    public Task EvictAsync(string roomName, string userId, ChatError refusal) =>
        PublishAsync(roomName, EvictionEvent, new RoomEviction(userId, refusal));

    /// <summary>This instance's connection joins the room; returns once the room's channel is subscribed.</summary>
    public async Task JoinAsync(string roomName, HubConnectionContext connection, string userId)
    {
        LocalRoom room;
        lock (_gate)
        {
            if (!_rooms.TryGetValue(roomName, out room!))
            {
                room = new LocalRoom(roomName);
                room.Subscription = SubscribeAsync(room);
                _rooms.Add(roomName, room);
            }
            room.Add(connection, userId);
        }
        try
        {
            await room.Subscription!;
        }
        catch
        {
            await LeaveAsync(roomName, connection.ConnectionId);
            throw;
        }
    }

    public async Task LeaveAsync(string roomName, string connectionId)
    {
        LocalRoom? room;
        lock (_gate)
        {
            if (!_rooms.TryGetValue(roomName, out room) || !room.Remove(connectionId))
            {
                return;
            }
        }
        await ForgetIfEmptyAsync(room);
    }

    /// <summary>Once the room has no member on this instance, forgets it and stops listening to its channel.</summary>
    private async Task ForgetIfEmptyAsync(LocalRoom room)
    {
        lock (_gate)
        {
            if (!room.IsEmpty || _rooms.GetValueOrDefault(room.Name) != room)
            {
                return;
            }
            _rooms.Remove(room.Name);
        }
        // A subscription that failed has nothing to give up (its join failed too).
        if (await room.Subscription!.ContinueWith(subscribed => subscribed.IsCompletedSuccessfully ? subscribed.Result : null, TaskScheduler.Default)
            is { } queue)
        {
            await queue.UnsubscribeAsync();
        }
    }

    internal Task PublishAsync(string roomName, string eventName, object payload)
    {
        var name = Encoding.UTF8.GetBytes(eventName);
        var body = JsonSerializer.SerializeToUtf8Bytes(payload, payload.GetType(), JsonSerializerOptions.Web);
        var envelope = new byte[name.Length + 1 + body.Length];
        name.CopyTo(envelope, 0);
        envelope[name.Length] = (byte)'\n';
        body.CopyTo(envelope, name.Length + 1);
        return redis.GetSubscriber().PublishAsync(Channel(roomName), envelope);
    }

    private static RedisChannel Channel(string roomName) => RedisChannel.Literal(ChannelPrefix + roomName);

    private async Task<ChannelMessageQueue> SubscribeAsync(LocalRoom room)
    {
        var queue = await redis.GetSubscriber().SubscribeAsync(Channel(room.Name));
        // One message at a time, in publication order.
        queue.OnMessage(message => Receive(room, message.Message));
        return queue;
    }

    private void Receive(LocalRoom room, RedisValue value)
    {
        ReadOnlySpan<byte> envelope = (byte[])value!;
        var separator = envelope.IndexOf((byte)'\n');
        var eventName = Encoding.UTF8.GetString(envelope[..separator]);
        var body = envelope[(separator + 1)..];
        if (eventName == EvictionEvent)
        {
            Evict(room, JsonSerializer.Deserialize<RoomEviction>(body, JsonSerializerOptions.Web)!);
            return;
        }
        if (!PayloadTypes.TryGetValue(eventName, out var type))
        {
            return; // an event a newer instance knows: its members hear it from there
        }
        var payload = JsonSerializer.Deserialize(body, type, JsonSerializerOptions.Web)!;
        if (room.Enqueue(new RoomEvent(eventName, payload), eventName == ChatEvents.Viewers))
        {
            _ = Task.Run(() => PumpAsync(room));
        }
    }

    private void Evict(LocalRoom room, RoomEviction eviction)
    {
        var removed = room.RemoveUser(eviction.UserId);
        if (removed.Count == 0)
        {
            return;
        }
        var refusal = new InvocationMessage(ChatEvents.Error, [eviction.Refusal]);
        foreach (var connection in removed)
        {
            _ = connection.WriteAsync(refusal).AsTask();
        }
        _ = ForgetIfEmptyAsync(room);
        RoomFanOutLog.Evicted(logger, eviction.UserId, removed.Count, room.Name);
    }

    /// <summary>Writes the room's batches until nothing is pending; one pump per room at a time keeps the order.</summary>
    private async Task PumpAsync(LocalRoom room)
    {
        var interval = options.Value.FanOutInterval;
        while (true)
        {
            try
            {
                var wait = room.LastFlush + interval - time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time);
                }
                var (events, members) = room.TakeBatch(time.GetUtcNow());
                if (events is null)
                {
                    return;
                }
                await WriteAsync(events, members);
            }
            catch (Exception exception)
            {
                RoomFanOutLog.BatchFailed(logger, exception, room.Name);
            }
        }
    }

    private async Task WriteAsync(RoomEvent[] events, HubConnectionContext[] members)
    {
        // Serialised once per protocol in use (JSON, MessagePack), whatever the number of members.
        var frames = new List<(IHubProtocol Protocol, SerializedHubMessage Frame)>(2);
        List<Task>? slow = null;
        foreach (var member in members)
        {
            var frame = FrameFor(member.Protocol);
            var write = member.WriteAsync(frame);
            if (!write.IsCompletedSuccessfully)
            {
                (slow ??= []).Add(write.AsTask());
            }
        }
        metrics.FanOut(events.Length, members.Length);
        if (slow is not null)
        {
            // A member that reads slowly holds the room's next batch, which grows meanwhile (never a message lost).
            await Task.WhenAll(slow);
        }

        SerializedHubMessage FrameFor(IHubProtocol protocol)
        {
            foreach (var (known, frame) in frames)
            {
                if (known == protocol)
                {
                    return frame;
                }
            }
            var buffer = new ArrayBufferWriter<byte>(events.Length * 256);
            foreach (var roomEvent in events)
            {
                protocol.WriteMessage(new InvocationMessage(roomEvent.EventName, [roomEvent.Payload]), buffer);
            }
            var serialized = new SerializedHubMessage([new SerializedMessage(protocol.Name, buffer.WrittenMemory)]);
            frames.Add((protocol, serialized));
            return serialized;
        }
    }

    private sealed record RoomEvent(string EventName, object Payload);

    private sealed record RoomEviction(string UserId, ChatError Refusal);

    /// <summary>A room's members on this instance and the events waiting for its next batch.</summary>
    private sealed class LocalRoom(string name)
    {
        private readonly Dictionary<string, (HubConnectionContext Connection, string UserId)> _members = new(StringComparer.Ordinal);
        private readonly List<RoomEvent> _pending = [];
        private HubConnectionContext[]? _snapshot;
        private bool _pumping;

        public string Name { get; } = name;
        public Task<ChannelMessageQueue>? Subscription { get; set; }
        public DateTimeOffset LastFlush { get; private set; } = DateTimeOffset.MinValue;

        public bool IsEmpty
        {
            get { lock (_members) { return _members.Count == 0; } }
        }

        public void Add(HubConnectionContext connection, string userId)
        {
            lock (_members)
            {
                _members[connection.ConnectionId] = (connection, userId);
                _snapshot = null;
            }
        }

        public bool Remove(string connectionId)
        {
            lock (_members)
            {
                _snapshot = null;
                return _members.Remove(connectionId);
            }
        }

        public List<HubConnectionContext> RemoveUser(string userId)
        {
            lock (_members)
            {
                var removed = _members.Values.Where(member => member.UserId == userId).Select(member => member.Connection).ToList();
                foreach (var connection in removed)
                {
                    _members.Remove(connection.ConnectionId);
                }
                _snapshot = null;
                return removed;
            }
        }

        /// <summary>Adds an event to the next batch; true if a pump must be started for the room.</summary>
        public bool Enqueue(RoomEvent roomEvent, bool replacesEarlierOfItsKind)
        {
            lock (_members)
            {
                if (replacesEarlierOfItsKind)
                {
                    _pending.RemoveAll(pending => pending.EventName == roomEvent.EventName);
                }
                _pending.Add(roomEvent);
                if (_pumping)
                {
                    return false;
                }
                _pumping = true;
                return true;
            }
        }

        /// <summary>The pending events and the members to write them to, or no events (and the pump stops).</summary>
        public (RoomEvent[]? Events, HubConnectionContext[] Members) TakeBatch(DateTimeOffset now)
        {
            lock (_members)
            {
                if (_pending.Count == 0)
                {
                    _pumping = false;
                    return (null, []);
                }
                var events = _pending.ToArray();
                _pending.Clear();
                LastFlush = now;
                return (events, _snapshot ??= [.. _members.Values.Select(member => member.Connection)]);
            }
        }
    }

    /// <summary>Publishes each server event to the room's channel.</summary>
    private sealed class RoomClient(RoomFanOut fanOut, string roomName) : ILiveClient
    {
        public Task ChatMessage(ChatMessage message) => fanOut.PublishAsync(roomName, ChatEvents.Message, message);
        public Task MessageDeleted(MessageDeleted deleted) => fanOut.PublishAsync(roomName, ChatEvents.MessageDeleted, deleted);
        public Task Reaction(ReactionMessage reaction) => fanOut.PublishAsync(roomName, ChatEvents.Reaction, reaction);
        public Task Viewers(ViewerCount count) => fanOut.PublishAsync(roomName, ChatEvents.Viewers, count);
        public Task StreamEnded(StreamEndedNotice notice) => fanOut.PublishAsync(roomName, ChatEvents.StreamEnded, notice);
        public Task ChatSettings(ChatSettingsNotice settings) => fanOut.PublishAsync(roomName, ChatEvents.Settings, settings);
        public Task Pinned(PinnedNotice pinned) => fanOut.PublishAsync(roomName, ChatEvents.Pinned, pinned);
        public Task StageUpdated(StageNotice stage) => fanOut.PublishAsync(roomName, ChatEvents.Stage, stage);
        public Task Refused(ChatError refusal) => fanOut.PublishAsync(roomName, ChatEvents.Error, refusal);
    }
}

internal static partial class RoomFanOutLog
{
    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Removed blocked user {UserId} ({Connections} connections on this instance) from room {RoomName}")]
    public static partial void Evicted(ILogger logger, string userId, int connections, string roomName);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "A batch of room {RoomName} could not be written to its members")]
    public static partial void BatchFailed(ILogger logger, Exception exception, string roomName);
}
