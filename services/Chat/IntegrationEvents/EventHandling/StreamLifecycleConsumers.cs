using MassTransit;
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
public sealed class StreamEndedConsumer(ChatRoomStore rooms, RoomFanOut fanOut) : IConsumer<StreamEndedIntegrationEvent>
{
    public async Task Consume(ConsumeContext<StreamEndedIntegrationEvent> context)
    {
        var ended = context.Message;
        if (!await rooms.CloseAsync(ended.RoomName, ended.StreamId, ended.OwnerId, ended.StreamVersion))
        {
            return; // already closed by this event (a redelivery), or a newer state is known
        }
        await fanOut.Room(ended.RoomName).StreamEnded(
            new StreamEndedNotice(ended.RoomName, ended.StreamId, ended.Reason, ended.EndedAt));
    }
}

/// <summary>Pushes the exact viewer count to the room and remembers it for late joiners.</summary>
public sealed class ViewerCountChangedConsumer(ChatRoomStore rooms, RoomFanOut fanOut) : IConsumer<ViewerCountChangedIntegrationEvent>
{
    public async Task Consume(ConsumeContext<ViewerCountChangedIntegrationEvent> context)
    {
        var changed = context.Message;
        if (!await rooms.SetViewersAsync(changed.RoomName, changed.Viewers, changed.StreamVersion))
        {
            return; // an older count than the room already heard
        }
        await fanOut.Room(changed.RoomName).Viewers(
            new ViewerCount(changed.RoomName, changed.Viewers, changed.PeakViewers));
    }
}

/// <summary>
/// Blocks the user in chat at once: no more joins or sends, and every connection they have in the room (on any Chat
/// instance) leaves it and is told why.
/// </summary>
public sealed class UserBlockedConsumer(ChatRoomStore rooms, RoomFanOut fanOut) : IConsumer<UserBlockedIntegrationEvent>
{
    public async Task Consume(ConsumeContext<UserBlockedIntegrationEvent> context)
    {
        var blocked = context.Message;
        if (await rooms.SetBlockedAsync(blocked.RoomName, blocked.UserId, blocked: true, blocked.StreamVersion))
        {
            await fanOut.EvictAsync(blocked.RoomName, blocked.UserId, BlockedRefusal(blocked.RoomName));
        }
        // else a newer decision (an unblock after this block) is already applied
    }

    public static ChatError BlockedRefusal(string roomName) => new("blocked", "You were blocked from this stream.", roomName);
}

/// <summary>
/// Converges the room on Streams' periodic snapshot of its stream: live or closed, the blocklist, the moderators, the
/// timeouts, the chat settings, the viewer count —
/// each applied only where the snapshot is newer than what the room holds, so it repairs events Chat missed (past the
/// retry budget, or while it was down) without undoing newer ones. The room hears what changed, as it would have
/// from the missed events. A live stream's snapshot of a version already applied only keeps the room's keys alive (one
/// Redis round trip), since most streams do not change between two passes.
/// </summary>
public sealed class StreamSnapshotConsumer(
    ChatRoomStore rooms, RoomStateUpdates roomState, RoomFanOut fanOut)
    : IConsumer<StreamSnapshotIntegrationEvent>
{
    public async Task Consume(ConsumeContext<StreamSnapshotIntegrationEvent> context)
    {
        var snapshot = context.Message;
        var room = fanOut.Room(snapshot.RoomName);
        if (snapshot.IsLive)
        {
            if (await rooms.KeepAndCheckSnapshotAsync(snapshot.RoomName, snapshot.StreamVersion))
            {
                return; // this version is applied already: nothing in it is newer than the room
            }
            await rooms.OpenAsync(snapshot.RoomName, snapshot.StreamId, snapshot.OwnerId, snapshot.StreamVersion);
        }
        else if (await rooms.CloseAsync(snapshot.RoomName, snapshot.StreamId, snapshot.OwnerId, snapshot.StreamVersion))
        {
            await room.StreamEnded(new StreamEndedNotice(
                snapshot.RoomName, snapshot.StreamId, snapshot.EndedReason ?? "", snapshot.EndedAt ?? snapshot.OccurredAt));
        }

        var (roomName, version) = (snapshot.RoomName, snapshot.StreamVersion);
        await ConvergeAsync(snapshot.BlockedUserIds, await rooms.BlockedUsersAsync(roomName),
            async userId =>
            {
                if (await rooms.SetBlockedAsync(roomName, userId, blocked: true, version))
                {
                    await fanOut.EvictAsync(roomName, userId, UserBlockedConsumer.BlockedRefusal(roomName));
                }
            },
            userId => rooms.SetBlockedAsync(roomName, userId, blocked: false, version));
        await ConvergeAsync(snapshot.ModeratorIds ?? [], await rooms.ModeratorsAsync(roomName),
            userId => rooms.SetModeratorAsync(roomName, userId, moderator: true, version),
            userId => rooms.SetModeratorAsync(roomName, userId, moderator: false, version));
        var timeouts = (snapshot.Timeouts ?? []).ToDictionary(timeout => timeout.UserId, timeout => timeout.Until, StringComparer.Ordinal);
        await ConvergeAsync(timeouts.Keys, await rooms.TimedOutUsersAsync(roomName),
            userId => rooms.SetTimeoutAsync(roomName, userId, timeouts[userId], version),
            userId => rooms.SetTimeoutAsync(roomName, userId, until: null, version));

        if (snapshot.ChatSettings is { } settings)
        {
            await roomState.ApplySettingsAsync(roomName, settings, version);
        }
        if (snapshot.Stage is { } stage)
        {
            await roomState.ApplyStageAsync(roomName, stage, version);
        }

        var before = await rooms.GetAsync(snapshot.RoomName);
        if (snapshot.IsLive && await rooms.SetViewersAsync(snapshot.RoomName, snapshot.Viewers, snapshot.StreamVersion) && before?.Viewers != snapshot.Viewers)
        {
            await room.Viewers(new ViewerCount(snapshot.RoomName, snapshot.Viewers, snapshot.PeakViewers));
        }
        await rooms.MarkSnapshotAppliedAsync(snapshot.RoomName, snapshot.StreamVersion);
    }

    /// <summary>
    /// Applies a per-user list of the snapshot: each listed user is set, each user Chat holds but the snapshot does not
    /// list is cleared (both guarded by the per-user versions in Redis).
    /// </summary>
    private static async Task ConvergeAsync(
        IEnumerable<string> listed, IReadOnlyList<string> held, Func<string, Task> set, Func<string, Task> clear)
    {
        var wanted = listed.ToHashSet(StringComparer.Ordinal);
        foreach (var userId in wanted)
        {
            await set(userId);
        }
        foreach (var userId in held.Where(userId => !wanted.Contains(userId)))
        {
            await clear(userId);
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

/// <summary>The room takes the stream's new chat settings (unless newer ones are applied) and its members hear what changed.</summary>
/// <summary>The stage changed: Chat keeps it (versioned) and pushes <c>stage:updated</c> to the room.</summary>
public sealed class StageChangedConsumer(RoomStateUpdates roomState) : IConsumer<StageChangedIntegrationEvent>
{
    public Task Consume(ConsumeContext<StageChangedIntegrationEvent> context) =>
        roomState.ApplyStageAsync(context.Message.RoomName, context.Message.Stage, context.Message.StreamVersion);
}

public sealed class ChatSettingsChangedConsumer(RoomStateUpdates roomState) : IConsumer<ChatSettingsChangedIntegrationEvent>
{
    public Task Consume(ConsumeContext<ChatSettingsChangedIntegrationEvent> context) =>
        roomState.ApplySettingsAsync(context.Message.RoomName, context.Message.Settings, context.Message.StreamVersion);
}

/// <summary>
/// Applies the state of a room that Streams owns — its chat settings and its stage, each whole and versioned in Redis —
/// and, when it changed, tells every member (on any Chat instance): <c>chat:settings</c> for the rules, <c>chat:pinned</c>
/// for the pinned message, <c>stage:updated</c> for the stage. The blocked words are never sent to members.
/// </summary>
public sealed class RoomStateUpdates(ChatRoomStore rooms, RoomFanOut fanOut)
{
    /// <summary>Takes the room's stage (whole, versioned) and, when it changed, tells every member.</summary>
    public async Task ApplyStageAsync(string roomName, StageState stage, long version)
    {
        var before = (await rooms.GetAsync(roomName))?.Stage ?? StageState.Empty;
        if (!await rooms.SetStageAsync(roomName, stage, version) || Same(before, stage))
        {
            return;
        }
        await fanOut.Room(roomName).StageUpdated(StageNotice.Of(roomName, stage, version));

        static bool Same(StageState a, StageState b) =>
            a.Guests.SequenceEqual(b.Guests) && a.Invited.SequenceEqual(b.Invited) && a.Requests.SequenceEqual(b.Requests);
    }

    /// <summary>Takes the room's chat settings and pinned message and tells every member what changed.</summary>
    public async Task ApplySettingsAsync(string roomName, ChatRoomSettings settings, long version)
    {
        var before = (await rooms.GetAsync(roomName))?.Settings ?? ChatRoomSettings.Default;
        if (!await rooms.SetSettingsAsync(roomName, settings, version))
        {
            return; // newer settings are applied already
        }
        var room = fanOut.Room(roomName);
        if ((before.SlowModeSeconds, before.ChatEnabled, before.EstablishedMinutes) != (settings.SlowModeSeconds, settings.ChatEnabled, settings.EstablishedMinutes))
        {
            await room.ChatSettings(ChatSettingsNotice.Of(roomName, settings, version));
        }
        if (before.Pinned != settings.Pinned)
        {
            await room.Pinned(new PinnedNotice(roomName, settings.Pinned, version));
        }
    }
}
