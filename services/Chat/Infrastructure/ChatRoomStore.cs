using System.Text.Json;
using Microsoft.Extensions.Options;
using PawfectLive.Contracts;
using StackExchange.Redis;

namespace PawfectLive.Chat.Infrastructure;

public sealed record ChatMessage(string Id, string RoomName, string UserId, string? DisplayName, string Text, DateTimeOffset SentAt);

/// <summary>A room as Chat holds it; <see cref="SettingsVersion"/> and <see cref="StageVersion"/> are the stream versions they came from (0: none yet).</summary>
public sealed record ChatRoom(string RoomName, string StreamId, string OwnerId, bool IsLive, int Viewers, ChatRoomSettings Settings, StageState Stage,
    long SettingsVersion = 0, long StageVersion = 0);

/// <summary>
/// Chat's own view of rooms, kept in Redis so every Chat instance shares it and it survives restarts:
/// which rooms are live (from Streams events), who is blocked, who moderates, who is timed out, the chat settings, when
/// each user first joined, slow-mode waits, and the recent history.
/// </summary>
public sealed class ChatRoomStore(IConnectionMultiplexer redis, IOptions<ChatOptions> options)
{
    private IDatabase Database => redis.GetDatabase();

    private static RedisKey RoomKey(string roomName) => $"chat:room:{roomName}";
    private static RedisKey BlockedKey(string roomName) => $"chat:room:{roomName}:blocked";
    private static RedisKey HistoryKey(string roomName) => $"chat:room:{roomName}:history";

    // Each write of Streams' state applies only if it is newer than what the room holds (the stream version of the event
    // that carries it; 0 = unversioned, always applied), atomically in Redis, so redeliveries and reordering across
    // queues cannot roll a room back. Every key gets a TTL (Chat:HistoryRetention) on each write, and Streams' snapshots
    // of live streams refresh it (KeepAndCheckSnapshotAsync), so a room Chat never hears the end of still goes away.
    private static readonly LuaScript SetLiveScript = LuaScript.Prepare("""
        local current = tonumber(redis.call('HGET', @room, 'version') or '-1')
        local version = tonumber(@version)
        if version ~= 0 and current >= version then return 0 end
        redis.call('HSET', @room, 'streamId', @streamId, 'ownerId', @ownerId, 'live', @live, 'version', @version)
        redis.call('EXPIRE', @room, @ttl)
        return 1
        """);

    // A per-user membership of the room (blocked, moderator): the set, and the stream version of each user's last decision.
    private static readonly LuaScript SetMembershipScript = LuaScript.Prepare("""
        local current = tonumber(redis.call('HGET', @versions, @userId) or '-1')
        local version = tonumber(@version)
        if version ~= 0 and current >= version then return 0 end
        if @member == '1' then redis.call('SADD', @members, @userId) else redis.call('SREM', @members, @userId) end
        redis.call('HSET', @versions, @userId, @version)
        redis.call('EXPIRE', @members, @ttl)
        redis.call('EXPIRE', @versions, @ttl)
        return 1
        """);

    // A user's timeout (until, in unix milliseconds; 0 lifts it), with the stream version of the user's last decision.
    private static readonly LuaScript SetTimeoutScript = LuaScript.Prepare("""
        local current = tonumber(redis.call('HGET', @versions, @userId) or '-1')
        local version = tonumber(@version)
        if version ~= 0 and current >= version then return 0 end
        if @until == '0' then redis.call('HDEL', @timeouts, @userId) else redis.call('HSET', @timeouts, @userId, @until) end
        redis.call('HSET', @versions, @userId, @version)
        redis.call('EXPIRE', @timeouts, @ttl)
        redis.call('EXPIRE', @versions, @ttl)
        return 1
        """);

    // A part of the room's state kept whole as JSON (the chat settings, the stage), with the stream version it came with.
    private static readonly LuaScript SetVersionedFieldScript = LuaScript.Prepare("""
        local current = tonumber(redis.call('HGET', @room, @versionField) or '-1')
        local version = tonumber(@version)
        if version ~= 0 and current >= version then return 0 end
        redis.call('HSET', @room, @field, @value, @versionField, @version)
        redis.call('EXPIRE', @room, @ttl)
        return 1
        """);

    private static readonly LuaScript SetViewersScript = LuaScript.Prepare("""
        if redis.call('EXISTS', @room) == 0 then return 0 end
        local current = tonumber(redis.call('HGET', @room, 'viewersVersion') or '-1')
        local version = tonumber(@version)
        if version ~= 0 and current > version then return 0 end
        redis.call('HSET', @room, 'viewers', @viewers, 'viewersVersion', @version)
        redis.call('EXPIRE', @room, @ttl)
        return 1
        """);

    private static RedisKey BlockVersionsKey(string roomName) => $"chat:room:{roomName}:blockversions";
    private static RedisKey ModeratorsKey(string roomName) => $"chat:room:{roomName}:moderators";
    private static RedisKey ModeratorVersionsKey(string roomName) => $"chat:room:{roomName}:moderatorversions";
    private static RedisKey TimeoutsKey(string roomName) => $"chat:room:{roomName}:timeouts";
    private static RedisKey TimeoutVersionsKey(string roomName) => $"chat:room:{roomName}:timeoutversions";
    private static RedisKey FirstJoinsKey(string roomName) => $"chat:room:{roomName}:firstjoins";
    private static RedisKey SlowModeKey(string roomName, string userId) => $"chat:room:{roomName}:slow:{userId}";

    /// <summary>Opens the room of a stream that went live, unless a newer state (its end) is already known. True if applied.</summary>
    public Task<bool> OpenAsync(string roomName, string streamId, string ownerId, long version) =>
        SetLiveAsync(roomName, streamId, ownerId, live: true, version);

    /// <summary>Closes the room to joins and sends, unless a newer state is known; keeps it (and its blocklist) a while. True if applied.</summary>
    public Task<bool> CloseAsync(string roomName, string streamId, string ownerId, long version) =>
        SetLiveAsync(roomName, streamId, ownerId, live: false, version);

    /// <summary>Restarts the TTL of the room's state: its stream is still live.</summary>
    /// <summary>
    /// Keeps a live room's keys from expiring (one round trip) and tells whether Streams' snapshot of
    /// <paramref name="version"/> is already applied — a stream that did not change since its last snapshot needs nothing
    /// else, which is most live streams at every pass.
    /// </summary>
    public async Task<bool> KeepAndCheckSnapshotAsync(string roomName, long version) =>
        (int)await Database.ScriptEvaluateAsync(KeepScript, new
        {
            room = RoomKey(roomName),
            blocked = BlockedKey(roomName),
            blockVersions = BlockVersionsKey(roomName),
            moderators = ModeratorsKey(roomName),
            moderatorVersions = ModeratorVersionsKey(roomName),
            timeouts = TimeoutsKey(roomName),
            timeoutVersions = TimeoutVersionsKey(roomName),
            firstJoins = FirstJoinsKey(roomName),
            version,
            ttl = TtlSeconds,
        }) == 1;

    /// <summary>Remembers that the snapshot of <paramref name="version"/> was applied whole (never an older one).</summary>
    public Task MarkSnapshotAppliedAsync(string roomName, long version) =>
        Database.ScriptEvaluateAsync(MarkSnapshotScript, new { room = RoomKey(roomName), version });

    private static readonly LuaScript KeepScript = LuaScript.Prepare("""
        redis.call('EXPIRE', @room, @ttl)
        redis.call('EXPIRE', @blocked, @ttl)
        redis.call('EXPIRE', @blockVersions, @ttl)
        redis.call('EXPIRE', @moderators, @ttl)
        redis.call('EXPIRE', @moderatorVersions, @ttl)
        redis.call('EXPIRE', @timeouts, @ttl)
        redis.call('EXPIRE', @timeoutVersions, @ttl)
        redis.call('EXPIRE', @firstJoins, @ttl)
        local applied = tonumber(redis.call('HGET', @room, 'snapshotVersion') or '-1')
        local version = tonumber(@version)
        if version ~= 0 and applied >= version then return 1 end
        return 0
        """);

    private static readonly LuaScript MarkSnapshotScript = LuaScript.Prepare("""
        if redis.call('EXISTS', @room) == 0 then return 0 end
        local applied = tonumber(redis.call('HGET', @room, 'snapshotVersion') or '-1')
        if tonumber(@version) > applied then redis.call('HSET', @room, 'snapshotVersion', @version) end
        return 1
        """);

    private long TtlSeconds => (long)Math.Ceiling(options.Value.HistoryRetention.TotalSeconds);

    private async Task<bool> SetLiveAsync(string roomName, string streamId, string ownerId, bool live, long version) =>
        (int)await Database.ScriptEvaluateAsync(SetLiveScript, new
        {
            room = RoomKey(roomName),
            streamId,
            ownerId,
            live = live ? 1 : 0,
            version,
            ttl = TtlSeconds,
        }) == 1;

    public async Task<ChatRoom?> GetAsync(string roomName)
    {
        var fields = await Database.HashGetAllAsync(RoomKey(roomName));
        if (fields.Length == 0)
        {
            return null;
        }
        var values = fields.ToDictionary(field => field.Name.ToString(), field => field.Value);
        var settings = values.GetValueOrDefault("settings") is { HasValue: true } json
            ? JsonSerializer.Deserialize<ChatRoomSettings>(json.ToString()) ?? ChatRoomSettings.Default
            : ChatRoomSettings.Default;
        var stage = values.GetValueOrDefault("stage") is { HasValue: true } stageJson
            ? JsonSerializer.Deserialize<StageState>(stageJson.ToString()) ?? StageState.Empty
            : StageState.Empty;
        return new ChatRoom(roomName, values.GetValueOrDefault("streamId").ToString(), values.GetValueOrDefault("ownerId").ToString(),
            values.GetValueOrDefault("live") == 1, (int)values.GetValueOrDefault("viewers", 0), settings, stage,
            Math.Max(0, (long)values.GetValueOrDefault("settingsVersion", 0)), Math.Max(0, (long)values.GetValueOrDefault("stageVersion", 0)));
    }

    /// <summary>Takes the room's chat settings unless newer ones are known. True if applied.</summary>
    public Task<bool> SetSettingsAsync(string roomName, ChatRoomSettings settings, long version) =>
        SetVersionedFieldAsync(roomName, "settings", JsonSerializer.Serialize(settings), version);

    /// <summary>Takes the room's stage unless a newer one is known. True if applied.</summary>
    public Task<bool> SetStageAsync(string roomName, StageState stage, long version) =>
        SetVersionedFieldAsync(roomName, "stage", JsonSerializer.Serialize(stage), version);

    private async Task<bool> SetVersionedFieldAsync(string roomName, string field, string value, long version) =>
        (int)await Database.ScriptEvaluateAsync(SetVersionedFieldScript, new
        {
            room = RoomKey(roomName),
            field,
            versionField = field + "Version",
            value,
            version,
            ttl = TtlSeconds,
        }) == 1;

    /// <summary>Remembers when the user first joined the room (for the established-users mode); later joins change nothing.</summary>
    public async Task RecordFirstJoinAsync(string roomName, string userId, DateTimeOffset at)
    {
        await Database.HashSetAsync(FirstJoinsKey(roomName), userId, at.ToUnixTimeMilliseconds(), When.NotExists);
        await Database.KeyExpireAsync(FirstJoinsKey(roomName), options.Value.HistoryRetention);
    }

    public async Task<DateTimeOffset?> FirstJoinedAsync(string roomName, string userId) =>
        await Database.HashGetAsync(FirstJoinsKey(roomName), userId) is { HasValue: true } value
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)value)
            : null;

    /// <summary>
    /// Starts the user's slow-mode wait in the room unless one is running: null when the message may go (the wait has
    /// begun), else how much of the running wait is left. Atomic, so two Chat instances cannot both let a message through.
    /// </summary>
    public async Task<TimeSpan?> TryStartSlowModeAsync(string roomName, string userId, TimeSpan interval)
    {
        var key = SlowModeKey(roomName, userId);
        if (await Database.StringSetAsync(key, 1, interval, When.NotExists))
        {
            return null;
        }
        return await Database.KeyTimeToLiveAsync(key) is { } left && left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1);
    }

    /// <summary>
    /// Remembers the latest exact viewer count for late joiners (only for rooms Chat knows, never an older count than the
    /// one it holds). True if applied, so the room should hear it.
    /// </summary>
    public async Task<bool> SetViewersAsync(string roomName, int viewers, long version) =>
        (int)await Database.ScriptEvaluateAsync(SetViewersScript, new { room = RoomKey(roomName), viewers, version, ttl = TtlSeconds }) == 1;

    /// <summary>Blocks (or unblocks) the user in the room unless a newer block decision is known. True if applied.</summary>
    public Task<bool> SetBlockedAsync(string roomName, string userId, bool blocked, long version) =>
        SetMembershipAsync(BlockedKey(roomName), BlockVersionsKey(roomName), userId, blocked, version);

    public async Task<IReadOnlyList<string>> BlockedUsersAsync(string roomName) =>
        [.. (await Database.SetMembersAsync(BlockedKey(roomName))).Select(member => member.ToString())];

    /// <summary>Makes the user a moderator of the room (or not) unless a newer decision is known. True if applied.</summary>
    public Task<bool> SetModeratorAsync(string roomName, string userId, bool moderator, long version) =>
        SetMembershipAsync(ModeratorsKey(roomName), ModeratorVersionsKey(roomName), userId, moderator, version);

    public async Task<IReadOnlyList<string>> ModeratorsAsync(string roomName) =>
        [.. (await Database.SetMembersAsync(ModeratorsKey(roomName))).Select(member => member.ToString())];

    public Task<bool> IsModeratorAsync(string roomName, string userId) => Database.SetContainsAsync(ModeratorsKey(roomName), userId);

    /// <summary>Times the user out until <paramref name="until"/> (null lifts it) unless a newer decision is known. True if applied.</summary>
    public async Task<bool> SetTimeoutAsync(string roomName, string userId, DateTimeOffset? until, long version) =>
        (int)await Database.ScriptEvaluateAsync(SetTimeoutScript, new
        {
            timeouts = TimeoutsKey(roomName),
            versions = TimeoutVersionsKey(roomName),
            userId,
            until = (until?.ToUnixTimeMilliseconds() ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture),
            version,
            ttl = TtlSeconds,
        }) == 1;

    /// <summary>Until when the user is timed out in the room, if a timeout was recorded (it may have expired).</summary>
    public async Task<DateTimeOffset?> TimedOutUntilAsync(string roomName, string userId) =>
        await Database.HashGetAsync(TimeoutsKey(roomName), userId) is { HasValue: true } value
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)value)
            : null;

    public async Task<IReadOnlyList<string>> TimedOutUsersAsync(string roomName) =>
        [.. (await Database.HashKeysAsync(TimeoutsKey(roomName))).Select(key => key.ToString())];

    private async Task<bool> SetMembershipAsync(RedisKey members, RedisKey versions, string userId, bool member, long version) =>
        (int)await Database.ScriptEvaluateAsync(SetMembershipScript, new
        {
            members,
            versions,
            userId,
            member = member ? "1" : "0",
            version,
            ttl = TtlSeconds,
        }) == 1;

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
