using PawfectLive.Contracts;
using PawfectLive.FunctionalTests.Chat;
using Xunit.Abstractions;

namespace PawfectLive.FunctionalTests.ChatSettings;

/// <summary>Chat settings (chat off, slow mode, established users), the word filter and the pinned message, as Chat enforces them from Streams' events.</summary>
[Collection(ChatCollection.Name)]
public sealed class ChatSettingsTests
{
    private readonly ChatFixture _fixture;

    public ChatSettingsTests(ChatFixture fixture, ITestOutputHelper output) => _fixture = fixture.WithLogsTo(output);

    private static string NewUser(string role) => ChatFixture.NewUser(role);

    private Task PublishSettingsAsync(string streamId, string roomName, ChatRoomSettings settings, long version) =>
        _fixture.Bus.PublishAsync(new ChatSettingsChangedIntegrationEvent(Guid.NewGuid(), streamId, roomName, settings, "owner", DateTimeOffset.UtcNow, version));

    private static async Task<string?> RefusalOfAsync(ChatClient client, Func<Task<bool>> send)
    {
        var before = client.Received("error").Count;
        if (await send())
        {
            return null;
        }
        await Eventually.HoldsAsync(() => Task.FromResult(client.Received("error").Count > before), "the refusal arrives");
        return client.Received("error")[^1].GetProperty("reason").GetString();
    }

    [Fact]
    public async Task Chat_off_refuses_viewers_messages_and_reactions_but_not_the_owner_moderators_or_admins_and_everyone_hears_the_change()
    {
        var (ownerId, streamId, roomName) = await _fixture.GoLiveAsync(streamVersion: 1);
        var moderatorId = NewUser("mod");
        await _fixture.Bus.PublishAsync(new ModeratorAppointedIntegrationEvent(Guid.NewGuid(), streamId, roomName, moderatorId, ownerId, DateTimeOffset.UtcNow, 2));
        await using var viewer = await _fixture.InstanceA.ConnectAsync(NewUser("viewer"));
        await using var owner = await _fixture.InstanceB.ConnectAsync(ownerId);
        await using var moderator = await _fixture.InstanceA.ConnectAsync(moderatorId);
        await using var admin = await _fixture.InstanceB.ConnectAsync(NewUser("admin"), admin: true);
        foreach (var client in new[] { viewer, owner, moderator, admin })
        {
            Assert.True((await client.JoinAsync(roomName)).Joined);
        }

        await PublishSettingsAsync(streamId, roomName, ChatRoomSettings.Default with { ChatEnabled = false }, 3);

        var notice = await viewer.WaitForAsync("chat:settings");
        Assert.False(notice.GetProperty("chatEnabled").GetBoolean());
        Assert.Equal(roomName, notice.GetProperty("roomName").GetString());
        Assert.Equal(3, notice.GetProperty("version").GetInt64()); // a client drops any later notice of a lower version
        await owner.WaitForAsync("chat:settings");
        Assert.Equal("chat-off", await RefusalOfAsync(viewer, () => viewer.SendAsync(roomName, "hello?")));
        Assert.Equal("chat-off", await RefusalOfAsync(viewer, () => viewer.ReactAsync(roomName, "🐾")));
        Assert.True(await owner.SendAsync(roomName, "chat is off for a bit"));
        Assert.True(await moderator.SendAsync(roomName, "mods can still talk"));
        Assert.True(await admin.ReactAsync(roomName, "🐾"));
        var late = await _fixture.InstanceA.ConnectAsync(NewUser("late"));
        await using (late)
        {
            Assert.False((await late.JoinAsync(roomName)).Settings!.ChatEnabled);
        }

        // An older change arriving late is ignored; the newer one turns the chat back on.
        await PublishSettingsAsync(streamId, roomName, ChatRoomSettings.Default, 4);
        await Eventually.HoldsAsync(() => viewer.SendAsync(roomName, "back"), "chat is on again");
        await PublishSettingsAsync(streamId, roomName, ChatRoomSettings.Default with { ChatEnabled = false }, 3);
        await Task.Delay(500);
        Assert.True(await viewer.SendAsync(roomName, "still on"));
        Assert.Equal(2, viewer.Received("chat:settings").Count);
    }

    [Fact]
    public async Task Slow_mode_lets_one_message_per_interval_through_across_instances_and_says_how_long_to_wait()
    {
        var (ownerId, streamId, roomName) = await _fixture.GoLiveAsync(streamVersion: 1);
        var chattyId = NewUser("chatty");
        await using var onA = await _fixture.InstanceA.ConnectAsync(chattyId);
        await using var onB = await _fixture.InstanceB.ConnectAsync(chattyId);
        await using var owner = await _fixture.InstanceA.ConnectAsync(ownerId);
        foreach (var client in new[] { onA, onB, owner })
        {
            await client.JoinAsync(roomName);
        }

        await PublishSettingsAsync(streamId, roomName, ChatRoomSettings.Default with { SlowModeSeconds = 30 }, 2);
        Assert.Equal(30, (await onA.WaitForAsync("chat:settings")).GetProperty("slowModeSeconds").GetInt32());

        Assert.True(await onA.SendAsync(roomName, "first"));
        Assert.Equal("slow-mode", await RefusalOfAsync(onB, () => onB.SendAsync(roomName, "second, from the other instance")));
        Assert.InRange(onB.Received("error")[^1].GetProperty("retryAfterSeconds").GetInt32(), 25, 30);
        Assert.True(await onA.ReactAsync(roomName, "❤️"), "reactions are not slowed");
        Assert.True(await owner.SendAsync(roomName, "owner one"));
        Assert.True(await owner.SendAsync(roomName, "owner two"), "the owner is exempt");
    }

    [Fact]
    public async Task The_established_users_mode_refuses_messages_of_users_who_joined_too_recently()
    {
        var (ownerId, streamId, roomName) = await _fixture.GoLiveAsync(streamVersion: 1);
        await using var newcomer = await _fixture.InstanceA.ConnectAsync(NewUser("newcomer"));
        await using var owner = await _fixture.InstanceB.ConnectAsync(ownerId);
        await newcomer.JoinAsync(roomName);
        await owner.JoinAsync(roomName);

        await PublishSettingsAsync(streamId, roomName, ChatRoomSettings.Default with { EstablishedMinutes = 10 }, 2);
        await newcomer.WaitForAsync("chat:settings");

        Assert.Equal("not-established", await RefusalOfAsync(newcomer, () => newcomer.SendAsync(roomName, "hi all")));
        Assert.InRange(newcomer.Received("error")[^1].GetProperty("retryAfterSeconds").GetInt32(), 590, 600);
        Assert.True(await newcomer.ReactAsync(roomName, "🐶"), "reactions are still allowed");
        Assert.True(await owner.SendAsync(roomName, "welcome"));

        await PublishSettingsAsync(streamId, roomName, ChatRoomSettings.Default, 3);
        await Eventually.HoldsAsync(() => newcomer.SendAsync(roomName, "hi all"), "the mode is off again");
    }

    [Theory]
    [InlineData("you are a SHIT dog")]
    [InlineData("sh1t happens")]
    [InlineData("shiiiiit")]
    [InlineData("s.h.i.t")]
    [InlineData("s h i t")]
    [InlineData("ｓｈｉｔ")]
    [InlineData("shitty")]
    [InlineData("I love squirrels")]
    [InlineData("SQUÍRRËL!")]
    [InlineData("sqυirrel")]
    [InlineData("go chase the mail man")]
    public async Task The_word_filter_refuses_global_and_stream_words_on_normalised_text_and_never_broadcasts_them(string text)
    {
        var (_, streamId, roomName) = await _fixture.GoLiveAsync(streamVersion: 1);
        await using var sender = await _fixture.InstanceA.ConnectAsync(NewUser("sender"));
        await using var listener = await _fixture.InstanceB.ConnectAsync(NewUser("listener"));
        await sender.JoinAsync(roomName);
        await listener.JoinAsync(roomName);
        await PublishSettingsAsync(streamId, roomName, ChatRoomSettings.Default with { BlockedWords = ["squirrel", "mail man"] }, 2);
        await Eventually.HoldsAsync(async () => await RefusalOfAsync(sender, () => sender.SendAsync(roomName, "squirrel")) == "filtered", "the stream's words apply");

        Assert.Equal("filtered", await RefusalOfAsync(sender, () => sender.SendAsync(roomName, text)));

        Assert.True(await sender.SendAsync(roomName, "a classic assessment of the mailbox"), "no false positives on innocent words");
        await listener.WaitForAsync("chat:message", m => m.GetProperty("text").GetString()!.StartsWith("a classic", StringComparison.Ordinal));
        Assert.DoesNotContain(listener.Received("chat:message"), m => m.GetProperty("text").GetString() == text);
    }

    [Fact]
    public async Task A_pinned_message_reaches_every_member_and_late_joiners_until_it_is_unpinned()
    {
        var (ownerId, streamId, roomName) = await _fixture.GoLiveAsync(streamVersion: 1);
        await using var onA = await _fixture.InstanceA.ConnectAsync(NewUser("viewer"));
        await using var onB = await _fixture.InstanceB.ConnectAsync(NewUser("viewer"));
        await onA.JoinAsync(roomName);
        await onB.JoinAsync(roomName);
        var pinned = new PinnedChatMessage("Treats at 5 pm 🦴", "m-123", ownerId, DateTimeOffset.UtcNow);

        await PublishSettingsAsync(streamId, roomName, ChatRoomSettings.Default with { Pinned = pinned }, 2);

        foreach (var client in new[] { onA, onB })
        {
            var notice = await client.WaitForAsync("chat:pinned");
            Assert.Equal("Treats at 5 pm 🦴", notice.GetProperty("pinned").GetProperty("text").GetString());
            Assert.Equal("m-123", notice.GetProperty("pinned").GetProperty("messageId").GetString());
        }
        Assert.Empty(onA.Received("chat:settings"));
        await using var late = await _fixture.InstanceA.ConnectAsync(NewUser("late"));
        Assert.Equal(("Treats at 5 pm 🦴", ownerId), ((await late.JoinAsync(roomName)).Pinned!.Text, (await late.JoinAsync(roomName)).Pinned!.PinnedBy));

        await PublishSettingsAsync(streamId, roomName, ChatRoomSettings.Default, 3);

        var unpinned = await onB.WaitForAsync("chat:pinned", n => n.GetProperty("pinned").ValueKind == System.Text.Json.JsonValueKind.Null);
        Assert.Equal(roomName, unpinned.GetProperty("roomName").GetString());
        Assert.Null((await late.JoinAsync(roomName)).Pinned);
    }

    [Fact]
    public async Task Each_instance_publishes_its_rooms_message_and_reaction_counts_per_minute_not_one_event_per_message()
    {
        var (_, _, roomName) = await _fixture.GoLiveAsync();
        await using var onA = await _fixture.InstanceA.ConnectAsync(NewUser("chatty"));
        await using var onB = await _fixture.InstanceB.ConnectAsync(NewUser("chatty"));
        await onA.JoinAsync(roomName);
        await onB.JoinAsync(roomName);
        var minute = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 * 60);

        for (var i = 0; i < 3; i++)
        {
            Assert.True(await onA.SendAsync(roomName, $"hello {i}"));
        }
        Assert.True(await onA.ReactAsync(roomName, "🐾"));
        Assert.True(await onB.ReactAsync(roomName, "🐾"));
        Assert.True(await onB.ReactAsync(roomName, "❤️"));
        Assert.False(await onB.SendAsync(roomName, ""), "a refused message is not counted");

        ChatActivityIntegrationEvent[] Latest() => [.. _fixture.Bus.Of<ChatActivityIntegrationEvent>()
            .Where(e => e.RoomName == roomName)
            .GroupBy(e => (e.ChatInstance, e.Minute))
            .Select(group => group.OrderByDescending(e => e.Messages + e.Reactions.Values.Sum()).First())];
        await Eventually.HoldsAsync(() => Task.FromResult(Latest().Sum(e => e.Messages) == 3 && Latest().Sum(e => e.Reactions.Values.Sum()) == 3),
            "both instances published their counts", TimeSpan.FromSeconds(20));

        var byInstance = Latest();
        Assert.Equal(2, byInstance.Select(e => e.ChatInstance).Distinct().Count());
        Assert.All(byInstance, e => Assert.True(e.Minute >= minute && e.Minute.Second == 0));
        Assert.Equal(2, byInstance.Sum(e => e.Reactions.GetValueOrDefault("🐾")));
        Assert.True(_fixture.Bus.Of<ChatActivityIntegrationEvent>().Count(e => e.RoomName == roomName) <= 4, "a few aggregates, not one per message");
    }

    [Fact]
    public async Task A_snapshot_repairs_missed_settings_without_undoing_newer_ones()
    {
        var (ownerId, streamId, roomName) = await _fixture.GoLiveAsync(streamVersion: 1);
        await using var viewer = await _fixture.InstanceA.ConnectAsync(NewUser("viewer"));
        await viewer.JoinAsync(roomName);

        await _fixture.Bus.PublishAsync(new StreamSnapshotIntegrationEvent(Guid.NewGuid(), streamId, ownerId, roomName, true, [], 0, 0,
            DateTimeOffset.UtcNow, 5, ChatSettings: ChatRoomSettings.Default with { ChatEnabled = false }));
        Assert.False((await viewer.WaitForAsync("chat:settings")).GetProperty("chatEnabled").GetBoolean());
        await PublishSettingsAsync(streamId, roomName, ChatRoomSettings.Default, 4);
        await Task.Delay(500);

        Assert.Equal("chat-off", await RefusalOfAsync(viewer, () => viewer.SendAsync(roomName, "an older event does not turn it on")));
    }
}
