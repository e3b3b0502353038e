using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace PawfectLive.Chat.Infrastructure;

public sealed record ChatMessage(string Id, string RoomName, string UserId, string? DisplayName, string Text, DateTimeOffset SentAt);

public sealed record ChatRoom(string RoomName, string StreamId, string OwnerId, bool IsLive, int Viewers);

/// <summary>
/// Chat's own view of rooms, kept in Redis so every Chat instance shares it and it survives restarts:
/// which rooms are live (from Streams events), who is blocked, and the recent history.
/// </summary>
public sealed class ChatRoomStore(IConnectionMultiplexer redis, IOptions<ChatOptions> options)
{
    private IDatabase Database => redis.GetDatabase();

    private static RedisKey RoomKey(string roomName) => $"chat:room:{roomName}";
    private static RedisKey BlockedKey(string roomName) => $"chat:room:{roomName}:blocked";
    private static RedisKey HistoryKey(string roomName) => $"chat:room:{roomName}:history";
    private static RedisKey MembersKey(string roomName, string userId) => $"chat:room:{roomName}:members:{userId}";

    public Task OpenAsync(string roomName, string streamId, string ownerId) =>
        Database.HashSetAsync(RoomKey(roomName), [new("streamId", streamId), new("ownerId", ownerId), new("live", 1)]);

    public async Task CloseAsync(string roomName)
    {
        await Database.HashSetAsync(RoomKey(roomName), "live", 0);
        await Database.KeyExpireAsync(RoomKey(roomName), options.Value.HistoryRetention);
        await Database.KeyExpireAsync(BlockedKey(roomName), options.Value.HistoryRetention);
    }

    public async Task<ChatRoom?> GetAsync(string roomName)
    {
        var fields = await Database.HashGetAllAsync(RoomKey(roomName));
        if (fields.Length == 0)
        {
            return null;
        }
        var values = fields.ToDictionary(field => field.Name.ToString(), field => field.Value);
        return new ChatRoom(roomName, values.GetValueOrDefault("streamId").ToString(), values.GetValueOrDefault("ownerId").ToString(),
            values.GetValueOrDefault("live") == 1, (int)values.GetValueOrDefault("viewers", 0));
    }

    /// <summary>Remembers the latest exact viewer count for late joiners (only for rooms Chat knows).</summary>
    public async Task SetViewersAsync(string roomName, int viewers)
    {
        if (await Database.KeyExistsAsync(RoomKey(roomName)))
        {
            await Database.HashSetAsync(RoomKey(roomName), "viewers", viewers);
        }
    }

    /// <summary>
    /// Which connections (on any Chat instance) a user has in a room, so a block can remove every one of them:
    /// the Redis backplane routes group changes to the instance that holds the connection.
    /// </summary>
    public async Task AddMemberAsync(string roomName, string userId, string connectionId)
    {
        await Database.SetAddAsync(MembersKey(roomName, userId), connectionId);
        await Database.KeyExpireAsync(MembersKey(roomName, userId), options.Value.HistoryRetention);
    }

    public Task RemoveMemberAsync(string roomName, string userId, string connectionId) =>
        Database.SetRemoveAsync(MembersKey(roomName, userId), connectionId);

    public async Task<IReadOnlyList<string>> TakeMembersAsync(string roomName, string userId)
    {
        var members = await Database.SetMembersAsync(MembersKey(roomName, userId));
        await Database.KeyDeleteAsync(MembersKey(roomName, userId));
        return members.Select(member => member.ToString()).ToList();
    }

    public Task BlockAsync(string roomName, string userId) => Database.SetAddAsync(BlockedKey(roomName), userId);

    public Task UnblockAsync(string roomName, string userId) => Database.SetRemoveAsync(BlockedKey(roomName), userId);

    public Task<bool> IsBlockedAsync(string roomName, string userId) => Database.SetContainsAsync(BlockedKey(roomName), userId);

    public async Task AppendAsync(ChatMessage message)
    {
        var key = HistoryKey(message.RoomName);
        var transaction = Database.CreateTransaction();
        _ = transaction.ListRightPushAsync(key, JsonSerializer.Serialize(message));
        _ = transaction.ListTrimAsync(key, -Math.Max(1, options.Value.HistorySize), -1);
        _ = transaction.KeyExpireAsync(key, options.Value.HistoryRetention);
        await transaction.ExecuteAsync();
    }

    /// <summary>The recent history, oldest first.</summary>
    public async Task<IReadOnlyList<ChatMessage>> HistoryAsync(string roomName)
    {
        var size = options.Value.HistorySize;
        if (size == 0)
        {
            return [];
        }
        var entries = await Database.ListRangeAsync(HistoryKey(roomName), -size, -1);
        return entries.Select(entry => JsonSerializer.Deserialize<ChatMessage>(entry.ToString())!).ToList();
    }

    /// <summary>Removes a message from the history; false if it was not there.</summary>
    public async Task<bool> DeleteAsync(string roomName, string messageId)
    {
        var history = await HistoryAsync(roomName);
        var message = history.FirstOrDefault(m => m.Id == messageId);
        return message is not null && await Database.ListRemoveAsync(HistoryKey(roomName), JsonSerializer.Serialize(message)) > 0;
    }
}
