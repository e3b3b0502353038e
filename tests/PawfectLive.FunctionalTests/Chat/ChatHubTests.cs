using Microsoft.AspNetCore.SignalR.Client;
using PawfectLive.Contracts;
using Xunit.Abstractions;

namespace PawfectLive.FunctionalTests.Chat;

[Collection(ChatCollection.Name)]
public sealed class ChatHubTests
{
    private readonly ChatFixture _fixture;
    private readonly ITestOutputHelper _output;

    public ChatHubTests(ChatFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture.WithLogsTo(output);
        _output = output;
    }

    private static string NewUser(string role) => ChatFixture.NewUser(role);

    [Fact]
    public async Task A_room_opens_only_when_its_stream_is_live()
    {
        await using var viewer = await _fixture.InstanceA.ConnectAsync(NewUser("viewer"));

        var refused = await viewer.JoinAsync("live_nobody_1");

        Assert.False(refused.Joined);
        Assert.Equal("room-not-live", refused.Error?.Reason);
        var error = await viewer.WaitForAsync("error");
        Assert.Equal("room-not-live", error.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Messages_are_trimmed_and_broadcast_to_the_room_with_their_metadata_and_text_is_echoed_verbatim()
    {
        var (_, _, roomName) = await _fixture.GoLiveAsync();
        await using var alice = await _fixture.InstanceA.ConnectAsync(NewUser("alice"));
        await using var bob = await _fixture.InstanceA.ConnectAsync(NewUser("bob"));
        await alice.JoinAsync(roomName);
        await bob.JoinAsync(roomName);

        Assert.True(await alice.SendAsync(roomName, "   <script>alert('hi')</script> 🐶  "));

        var message = await bob.WaitForAsync("chat:message");
        Assert.Equal("<script>alert('hi')</script> 🐶", message.GetProperty("text").GetString());
        Assert.Equal(roomName, message.GetProperty("roomName").GetString());
        Assert.Equal(alice.UserId, message.GetProperty("userId").GetString());
        Assert.Equal($"User {alice.UserId}", message.GetProperty("displayName").GetString());
        Assert.False(string.IsNullOrEmpty(message.GetProperty("id").GetString()));
        Assert.True(message.GetProperty("sentAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-1));
        await alice.WaitForAsync("chat:message");
    }

    [Theory]
    [InlineData("")]
    [InlineData("    ")]
    [InlineData(null)]
    public async Task Empty_messages_are_refused(string? text)
    {
        var (_, _, roomName) = await _fixture.GoLiveAsync();
        await using var alice = await _fixture.InstanceA.ConnectAsync(NewUser("alice"));
        await alice.JoinAsync(roomName);

        Assert.False(await alice.SendAsync(roomName, text!));

        Assert.Equal("invalid-message", (await alice.WaitForAsync("error")).GetProperty("reason").GetString());
        Assert.Empty(alice.Received("chat:message"));
    }

    [Fact]
    public async Task Messages_over_500_characters_are_refused_but_500_emoji_pass()
    {
        var (_, _, roomName) = await _fixture.GoLiveAsync();
        await using var alice = await _fixture.InstanceA.ConnectAsync(NewUser("alice"));
        await alice.JoinAsync(roomName);

        Assert.False(await alice.SendAsync(roomName, new string('a', 501)));
        Assert.True(await alice.SendAsync(roomName, string.Concat(Enumerable.Repeat("🐾", 500))));
    }

    [Fact]
    public async Task Sending_to_a_room_you_did_not_join_is_refused()
    {
        var (_, _, roomName) = await _fixture.GoLiveAsync();
        await using var alice = await _fixture.InstanceA.ConnectAsync(NewUser("alice"));

        Assert.False(await alice.SendAsync(roomName, "hello"));
        Assert.Equal("not-joined", (await alice.WaitForAsync("error")).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Reactions_from_the_allowed_set_are_broadcast_and_others_refused()
    {
        var (_, _, roomName) = await _fixture.GoLiveAsync();
        await using var alice = await _fixture.InstanceA.ConnectAsync(NewUser("alice"));
        await using var bob = await _fixture.InstanceA.ConnectAsync(NewUser("bob"));
        await alice.JoinAsync(roomName);
        await bob.JoinAsync(roomName);

        Assert.True(await alice.ReactAsync(roomName, "🔥"));
        Assert.False(await alice.ReactAsync(roomName, "💩"));

        var reaction = await bob.WaitForAsync("reaction");
        Assert.Equal("🔥", reaction.GetProperty("emoji").GetString());
        Assert.Equal(alice.UserId, reaction.GetProperty("userId").GetString());
        Assert.Equal("invalid-reaction", (await alice.WaitForAsync("error")).GetProperty("reason").GetString());
        Assert.Single(bob.Received("reaction"));
    }

    [Fact]
    public async Task Late_joiners_receive_the_last_50_messages_oldest_first()
    {
        var (_, _, roomName) = await _fixture.GoLiveAsync();
        await using var alice = await _fixture.InstanceA.ConnectAsync(NewUser("alice"));
        await alice.JoinAsync(roomName);
        for (var i = 1; i <= 55; i++)
        {
            Assert.True(await alice.SendAsync(roomName, $"message {i}"));
        }
        await using var late = await _fixture.InstanceB.ConnectAsync(NewUser("late"));

        var joined = await late.JoinAsync(roomName);

        var history = joined.History.Select(m => m.Text).ToList();
        Assert.Equal(Enumerable.Range(6, 50).Select(i => $"message {i}"), history);
    }

    // Extra instances get their own virtual host: a disposed test host must not compete for the fixture's queues.
    [Fact]
    public async Task History_survives_a_Chat_restart()
    {
        var (_, _, roomName) = await _fixture.GoLiveAsync();
        await using (var first = new ChatApp(await _fixture.Infrastructure.RabbitMq.NewVirtualHostConnectionStringAsync(), _fixture.Infrastructure.Redis.ConnectionString))
        {
            first.Logs.Attach(_output);
            await using var alice = await first.ConnectAsync(NewUser("alice"));
            await alice.JoinAsync(roomName);
            await alice.SendAsync(roomName, "before the restart");
        }

        await using var restarted = new ChatApp(await _fixture.Infrastructure.RabbitMq.NewVirtualHostConnectionStringAsync(), _fixture.Infrastructure.Redis.ConnectionString);

        restarted.Logs.Attach(_output);
        await using var bob = await restarted.ConnectAsync(NewUser("bob"));
        var joined = await bob.JoinAsync(roomName);

        Assert.Contains(joined.History, m => m.Text == "before the restart");
    }

    [Fact]
    public async Task A_message_sent_on_one_instance_reaches_a_client_on_another()
    {
        var (_, _, roomName) = await _fixture.GoLiveAsync();
        await using var onA = await _fixture.InstanceA.ConnectAsync(NewUser("on-a"));
        await using var onB = await _fixture.InstanceB.ConnectAsync(NewUser("on-b"));
        await onA.JoinAsync(roomName);
        await onB.JoinAsync(roomName);

        await onA.SendAsync(roomName, "across instances");
        await onA.ReactAsync(roomName, "❤️");

        Assert.Equal("across instances", (await onB.WaitForAsync("chat:message")).GetProperty("text").GetString());
        Assert.Equal("❤️", (await onB.WaitForAsync("reaction")).GetProperty("emoji").GetString());
    }

    [Fact]
    public async Task The_per_user_rate_limit_refuses_with_a_retry_after()
    {
        await using var strict = new ChatApp(await _fixture.Infrastructure.RabbitMq.NewVirtualHostConnectionStringAsync(), _fixture.Infrastructure.Redis.ConnectionString,
            new Dictionary<string, string?> { ["Chat:MessagesPerWindow"] = "3", ["Chat:RateLimitWindow"] = "00:00:30" });
        strict.Logs.Attach(_output);
        var (_, _, roomName) = await _fixture.GoLiveAsync();
        await using var spammer = await strict.ConnectAsync(NewUser("spammer"));
        await using var calm = await strict.ConnectAsync(NewUser("calm"));
        await spammer.JoinAsync(roomName);
        await calm.JoinAsync(roomName);

        var results = new List<bool>();
        for (var i = 0; i < 5; i++)
        {
            results.Add(await spammer.SendAsync(roomName, $"spam {i}"));
        }

        Assert.Equal([true, true, true, false, false], results);
        var error = await spammer.WaitForAsync("error", e => e.GetProperty("reason").GetString() == "rate-limited");
        Assert.InRange(error.GetProperty("retryAfterSeconds").GetInt32(), 1, 30);
        Assert.True(await calm.SendAsync(roomName, "others are unaffected"));
    }

    [Fact]
    public async Task A_blocked_user_is_removed_at_once_on_every_instance_and_cannot_rejoin_or_send()
    {
        var (ownerId, streamId, roomName) = await _fixture.GoLiveAsync();
        var trollId = NewUser("troll");
        await using var trollOnA = await _fixture.InstanceA.ConnectAsync(trollId);
        await using var trollOnB = await _fixture.InstanceB.ConnectAsync(trollId);
        await using var owner = await _fixture.InstanceA.ConnectAsync(ownerId);
        await trollOnA.JoinAsync(roomName);
        await trollOnB.JoinAsync(roomName);
        await owner.JoinAsync(roomName);

        await _fixture.Bus.PublishAsync(new UserBlockedIntegrationEvent(Guid.NewGuid(), streamId, roomName, trollId, ownerId, DateTimeOffset.UtcNow));

        Assert.Equal("blocked", (await trollOnA.WaitForAsync("error")).GetProperty("reason").GetString());
        Assert.Equal("blocked", (await trollOnB.WaitForAsync("error")).GetProperty("reason").GetString());
        await owner.SendAsync(roomName, "after the block");
        await owner.WaitForAsync("chat:message");
        await Task.Delay(300);
        Assert.Empty(trollOnA.Received("chat:message"));
        Assert.Empty(trollOnB.Received("chat:message"));
        Assert.False(await trollOnA.SendAsync(roomName, "let me back"));
        Assert.Equal("blocked", (await trollOnA.JoinAsync(roomName)).Error?.Reason);

        await _fixture.Bus.PublishAsync(new UserUnblockedIntegrationEvent(Guid.NewGuid(), streamId, roomName, trollId, ownerId, DateTimeOffset.UtcNow));
        await Eventually.HoldsAsync(async () => (await trollOnA.JoinAsync(roomName)).Joined, "the unblocked user may rejoin");
    }

    [Fact]
    public async Task StreamEnded_tells_the_room_and_closes_it()
    {
        var (ownerId, streamId, roomName) = await _fixture.GoLiveAsync();
        await using var viewer = await _fixture.InstanceB.ConnectAsync(NewUser("viewer"));
        await viewer.JoinAsync(roomName);

        await _fixture.Bus.PublishAsync(new StreamEndedIntegrationEvent(Guid.NewGuid(), streamId, ownerId, roomName, StreamEndReasons.Admin, DateTimeOffset.UtcNow));

        var ended = await viewer.WaitForAsync("stream:ended");
        Assert.Equal("admin", ended.GetProperty("reason").GetString());
        Assert.Equal(streamId, ended.GetProperty("streamId").GetString());
        Assert.False(await viewer.SendAsync(roomName, "anyone?"));
        Assert.Equal("room-not-live", (await viewer.WaitForAsync("error")).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Viewer_counts_are_pushed_to_the_room_and_given_to_late_joiners()
    {
        var (_, streamId, roomName) = await _fixture.GoLiveAsync();
        await using var viewer = await _fixture.InstanceA.ConnectAsync(NewUser("viewer"));
        await viewer.JoinAsync(roomName);

        await _fixture.Bus.PublishAsync(new ViewerCountChangedIntegrationEvent(Guid.NewGuid(), streamId, roomName, 7, 9, DateTimeOffset.UtcNow));

        var viewers = await viewer.WaitForAsync("viewers");
        Assert.Equal(7, viewers.GetProperty("viewers").GetInt32());
        Assert.Equal(9, viewers.GetProperty("peakViewers").GetInt32());
        await using var late = await _fixture.InstanceB.ConnectAsync(NewUser("late"));
        Assert.Equal(7, (await late.JoinAsync(roomName)).Viewers);
    }

    [Fact]
    public async Task The_owner_and_admins_may_delete_a_message_and_others_may_not()
    {
        var (ownerId, _, roomName) = await _fixture.GoLiveAsync();
        await using var owner = await _fixture.InstanceA.ConnectAsync(ownerId);
        await using var viewer = await _fixture.InstanceB.ConnectAsync(NewUser("viewer"));
        await using var admin = await _fixture.InstanceB.ConnectAsync(NewUser("admin"), admin: true);
        await owner.JoinAsync(roomName);
        await viewer.JoinAsync(roomName);
        await viewer.SendAsync(roomName, "rude words");
        await viewer.SendAsync(roomName, "more rude words");
        var messages = await Task.WhenAll(
            viewer.WaitForAsync("chat:message", m => m.GetProperty("text").GetString() == "rude words"),
            viewer.WaitForAsync("chat:message", m => m.GetProperty("text").GetString() == "more rude words"));

        Assert.False(await viewer.DeleteAsync(roomName, messages[0].GetProperty("id").GetString()!));
        Assert.True(await owner.DeleteAsync(roomName, messages[0].GetProperty("id").GetString()!));
        Assert.True(await admin.DeleteAsync(roomName, messages[1].GetProperty("id").GetString()!));

        var deleted = await viewer.WaitForAsync("chat:deleted");
        Assert.Equal(messages[0].GetProperty("id").GetString(), deleted.GetProperty("messageId").GetString());
        await using var late = await _fixture.InstanceA.ConnectAsync(NewUser("late"));
        Assert.DoesNotContain((await late.JoinAsync(roomName)).History, m => m.Text.Contains("rude"));
    }

    [Fact]
    public async Task A_moderator_may_delete_messages_until_removed_and_an_older_appointment_does_not_bring_them_back()
    {
        var (_, streamId, roomName) = await _fixture.GoLiveAsync(streamVersion: 1);
        var moderatorId = NewUser("mod");
        await using var moderator = await _fixture.InstanceB.ConnectAsync(moderatorId);
        await using var viewer = await _fixture.InstanceA.ConnectAsync(NewUser("viewer"));
        await moderator.JoinAsync(roomName);
        await viewer.JoinAsync(roomName);
        var texts = new[] { "spam one", "spam two", "spam three" };
        foreach (var text in texts)
        {
            await viewer.SendAsync(roomName, text);
        }
        var messages = await Task.WhenAll(texts.Select(text => viewer.WaitForAsync("chat:message", m => m.GetProperty("text").GetString() == text)));
        string Id(int i) => messages[i].GetProperty("id").GetString()!;
        // Deleting a message that does not exist tells, without deleting anything, whether the caller may delete.
        async Task<string?> RefusalOfDeletingNothingAsync()
        {
            var before = moderator.Received("error").Count;
            Assert.False(await moderator.DeleteAsync(roomName, "no-such-message"));
            await Eventually.HoldsAsync(() => Task.FromResult(moderator.Received("error").Count > before), "the refusal arrived");
            return moderator.Received("error")[^1].GetProperty("reason").GetString();
        }
        Assert.Equal("forbidden", await RefusalOfDeletingNothingAsync());

        await _fixture.Bus.PublishAsync(new ModeratorAppointedIntegrationEvent(Guid.NewGuid(), streamId, roomName, moderatorId, "owner", DateTimeOffset.UtcNow, 2));
        await Eventually.HoldsAsync(async () => await RefusalOfDeletingNothingAsync() == "message-not-found", "Chat made them a moderator");
        Assert.True(await moderator.DeleteAsync(roomName, Id(0)));
        await _fixture.Bus.PublishAsync(new ModeratorRemovedIntegrationEvent(Guid.NewGuid(), streamId, roomName, moderatorId, "owner", DateTimeOffset.UtcNow, 4));
        await Eventually.HoldsAsync(async () => await RefusalOfDeletingNothingAsync() == "forbidden", "Chat removed them as moderator");
        await _fixture.Bus.PublishAsync(new ModeratorAppointedIntegrationEvent(Guid.NewGuid(), streamId, roomName, moderatorId, "owner", DateTimeOffset.UtcNow, 3));
        await Task.Delay(500);

        Assert.False(await moderator.DeleteAsync(roomName, Id(1)));
        await using var late = await _fixture.InstanceA.ConnectAsync(NewUser("late"));
        Assert.Equal(["spam two", "spam three"], (await late.JoinAsync(roomName)).History.Select(m => m.Text).Where(t => t.StartsWith("spam", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_timed_out_user_keeps_the_room_but_cannot_send_until_the_timeout_is_lifted_or_over()
    {
        var (ownerId, streamId, roomName) = await _fixture.GoLiveAsync(streamVersion: 1);
        var loudId = NewUser("loud");
        await using var loud = await _fixture.InstanceA.ConnectAsync(loudId);
        await using var listener = await _fixture.InstanceB.ConnectAsync(NewUser("listener"));
        await loud.JoinAsync(roomName);
        await listener.JoinAsync(roomName);

        await _fixture.Bus.PublishAsync(new UserTimedOutIntegrationEvent(Guid.NewGuid(), streamId, roomName, loudId, DateTimeOffset.UtcNow.AddMinutes(10), ownerId, DateTimeOffset.UtcNow, 2));
        await Eventually.HoldsAsync(async () => !await loud.SendAsync(roomName, "still here?"), "the timeout applies");
        var refusal = await loud.WaitForAsync("error", e => e.GetProperty("reason").GetString() == "timed-out");
        Assert.InRange(refusal.GetProperty("retryAfterSeconds").GetInt32(), 500, 600);
        Assert.False(await loud.ReactAsync(roomName, "🐾"));
        Assert.True((await loud.JoinAsync(roomName)).Joined, "a timed-out user still watches and reads");
        Assert.False(await loud.SendAsync(roomName, "during the timeout"));

        // Lifted at v4; the older timeout (v3) arriving late does not bring it back.
        await _fixture.Bus.PublishAsync(new UserTimeoutLiftedIntegrationEvent(Guid.NewGuid(), streamId, roomName, loudId, ownerId, DateTimeOffset.UtcNow, 4));
        await Eventually.HoldsAsync(() => loud.SendAsync(roomName, "sorry"), "the lifted timeout no longer applies");
        await _fixture.Bus.PublishAsync(new UserTimedOutIntegrationEvent(Guid.NewGuid(), streamId, roomName, loudId, DateTimeOffset.UtcNow.AddMinutes(10), ownerId, DateTimeOffset.UtcNow, 3));
        await Task.Delay(500);
        Assert.True(await loud.SendAsync(roomName, "still fine"));

        // A short timeout ends by itself.
        await _fixture.Bus.PublishAsync(new UserTimedOutIntegrationEvent(Guid.NewGuid(), streamId, roomName, loudId, DateTimeOffset.UtcNow.AddSeconds(2), ownerId, DateTimeOffset.UtcNow, 5));
        await Eventually.HoldsAsync(async () => !await loud.SendAsync(roomName, "quick"), "the short timeout applies");
        await Eventually.HoldsAsync(() => loud.SendAsync(roomName, "back"), "the short timeout ran out", TimeSpan.FromSeconds(10));
        await listener.WaitForAsync("chat:message", m => m.GetProperty("text").GetString() == "back");
        Assert.DoesNotContain(listener.Received("chat:message"), m => m.GetProperty("text").GetString() == "during the timeout");
    }

    [Fact]
    public async Task Connecting_without_a_valid_token_fails()
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(_fixture.InstanceA.Server.BaseAddress, "/hubs/live"), options =>
            {
                options.HttpMessageHandlerFactory = _ => _fixture.InstanceA.Server.CreateHandler();
                options.AccessTokenProvider = () => Task.FromResult<string?>(TestUsers.TokenSignedWithAnotherKey("intruder"));
            })
            .Build();

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, failure.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task Connecting_with_a_token_that_names_no_user_fails(string? subject)
    {
        var failure = await Assert.ThrowsAsync<HttpRequestException>(
            () => _fixture.InstanceA.ConnectWithTokenAsync("nobody", TestUsers.TokenWithoutSubject(subject)));

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, failure.StatusCode);
    }

    [Fact]
    public async Task Messages_are_bounded_in_bytes_too_and_control_characters_are_refused()
    {
        var (_, _, roomName) = await _fixture.GoLiveAsync();
        await using var alice = await _fixture.InstanceA.ConnectAsync(NewUser("alice"));
        await alice.JoinAsync(roomName);
        var zalgo = "a" + new string('\u0301', 5000); // one character on screen, 10 KB on the wire

        Assert.False(await alice.SendAsync(roomName, zalgo));
        Assert.False(await alice.SendAsync(roomName, "ring \u0007 the bell"));
        Assert.False(await alice.SendAsync(roomName, "two\nlines"));
        Assert.True(await alice.SendAsync(roomName, "café 🐾"));
        Assert.Equal(3, alice.Received("error").Count(e => e.GetProperty("reason").GetString() == "invalid-message"));
    }

    [Fact]
    public async Task A_user_holds_at_most_the_configured_number_of_connections()
    {
        await using var capped = new ChatApp(await _fixture.Infrastructure.RabbitMq.NewVirtualHostConnectionStringAsync(), _fixture.Infrastructure.Redis.ConnectionString,
            new Dictionary<string, string?> { ["Chat:MaxConnectionsPerUser"] = "2" });
        capped.Logs.Attach(_output);
        var userId = NewUser("many");

        await using var first = await capped.ConnectAsync(userId);
        await using var second = await capped.ConnectAsync(userId);
        await using var third = await capped.ConnectAsync(userId);

        // The handshake completes before the hub's OnConnectedAsync, so which of the three is over the cap is a race: exactly
        // one is told so and closed (the client sees the close at once, or - long polling under the test server can miss
        // it - at its next call, which the server no longer takes); the other two stay.
        ChatClient[] clients = [first, second, third];
        ChatClient? refused = null;
        await Eventually.HoldsAsync(() => Task.FromResult(
            (refused = clients.SingleOrDefault(c => c.Received("error").Any(e => e.GetProperty("reason").GetString() == "too-many-connections"))) is not null),
            "one connection is told it is over the cap");
        await Eventually.HoldsAsync(async () => refused!.Connection.State == Microsoft.AspNetCore.SignalR.Client.HubConnectionState.Disconnected
            || !await AcceptsCallsAsync(refused), "the connection over the cap is closed");
        var kept = clients.Where(c => c != refused).ToList();
        foreach (var client in kept)
        {
            Assert.True(await AcceptsCallsAsync(client));
        }
        await kept[0].DisposeAsync();

        // Once the server has seen that close, the freed place takes a new connection.
        await Eventually.HoldsAsync(async () =>
        {
            var again = await capped.ConnectAsync(userId);
            await Task.Delay(300);
            if (await AcceptsCallsAsync(again) && again.Received("error").Count == 0)
            {
                return true;
            }
            await again.DisposeAsync();
            return false;
        }, "a connection takes the freed place");
    }

    [Fact]
    public async Task A_StreamStarted_arriving_after_its_StreamEnded_does_not_reopen_the_room()
    {
        var (ownerId, streamId, roomName) = await _fixture.GoLiveAsync(streamVersion: 1);
        await using var viewer = await _fixture.InstanceA.ConnectAsync(NewUser("viewer"));

        await _fixture.Bus.PublishAsync(new StreamEndedIntegrationEvent(Guid.NewGuid(), streamId, ownerId, roomName, "owner", DateTimeOffset.UtcNow, StreamVersion: 2));
        await Eventually.HoldsAsync(async () => !(await viewer.JoinAsync(roomName)).Joined, "the room closes");
        await _fixture.Bus.PublishAsync(new StreamStartedIntegrationEvent(Guid.NewGuid(), streamId, ownerId, roomName, "title", [], DateTimeOffset.UtcNow, StreamVersion: 1));

        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal("room-not-live", (await viewer.JoinAsync(roomName)).Error?.Reason);
    }

    [Fact]
    public async Task Block_decisions_applied_out_of_order_end_at_the_newest_one()
    {
        var (ownerId, streamId, roomName) = await _fixture.GoLiveAsync(streamVersion: 1);
        var unblockedLast = NewUser("unblocked");
        var blockedLast = NewUser("blocked");
        await using var unblockedClient = await _fixture.InstanceA.ConnectAsync(unblockedLast);
        await using var blockedClient = await _fixture.InstanceA.ConnectAsync(blockedLast);

        // unblockedLast: block v2, unblock v3, then block v2 redelivered late. blockedLast: block v5 arrives before unblock v4.
        await _fixture.Bus.PublishAsync(new UserBlockedIntegrationEvent(Guid.NewGuid(), streamId, roomName, unblockedLast, ownerId, DateTimeOffset.UtcNow, StreamVersion: 2));
        await Eventually.HoldsAsync(async () => !(await unblockedClient.JoinAsync(roomName)).Joined, "the first block applies");
        await _fixture.Bus.PublishAsync(new UserUnblockedIntegrationEvent(Guid.NewGuid(), streamId, roomName, unblockedLast, ownerId, DateTimeOffset.UtcNow, StreamVersion: 3));
        await Eventually.HoldsAsync(async () => (await unblockedClient.JoinAsync(roomName)).Joined, "the unblock applies");
        await _fixture.Bus.PublishAsync(new UserBlockedIntegrationEvent(Guid.NewGuid(), streamId, roomName, unblockedLast, ownerId, DateTimeOffset.UtcNow, StreamVersion: 2));
        await _fixture.Bus.PublishAsync(new UserBlockedIntegrationEvent(Guid.NewGuid(), streamId, roomName, blockedLast, ownerId, DateTimeOffset.UtcNow, StreamVersion: 5));
        await Eventually.HoldsAsync(async () => !(await blockedClient.JoinAsync(roomName)).Joined, "the newest block applies");
        await _fixture.Bus.PublishAsync(new UserUnblockedIntegrationEvent(Guid.NewGuid(), streamId, roomName, blockedLast, ownerId, DateTimeOffset.UtcNow, StreamVersion: 4));

        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.True((await unblockedClient.JoinAsync(roomName)).Joined, "a stale block does not undo the newer unblock");
        Assert.Equal("blocked", (await blockedClient.JoinAsync(roomName)).Error?.Reason);
        Assert.Empty(unblockedClient.Received("error").Where(e => e.GetProperty("message").GetString()!.Contains("were blocked")).Skip(1));
    }

    [Fact]
    public async Task A_snapshot_repairs_events_Chat_missed_without_undoing_newer_ones()
    {
        var (ownerId, streamId, roomName) = await _fixture.GoLiveAsync(streamVersion: 1);
        var missedBlock = NewUser("troll");
        var unblockedLater = NewUser("forgiven");
        await using var troll = await _fixture.InstanceA.ConnectAsync(missedBlock);
        await using var forgiven = await _fixture.InstanceB.ConnectAsync(unblockedLater);
        await troll.JoinAsync(roomName);
        // Chat heard forgiven's unblock at v4, and never heard troll's block at v3.
        await _fixture.Bus.PublishAsync(new UserUnblockedIntegrationEvent(Guid.NewGuid(), streamId, roomName, unblockedLater, ownerId, DateTimeOffset.UtcNow, StreamVersion: 4));
        await Task.Delay(500);

        // Streams' snapshot at v3 (written before the unblock reached it) lists both as blocked.
        await _fixture.Bus.PublishAsync(new StreamSnapshotIntegrationEvent(
            Guid.NewGuid(), streamId, ownerId, roomName, IsLive: true, [missedBlock, unblockedLater], Viewers: 7, PeakViewers: 9, DateTimeOffset.UtcNow, StreamVersion: 3));

        Assert.Equal("blocked", (await troll.WaitForAsync("error")).GetProperty("reason").GetString());
        Assert.Equal("blocked", (await troll.JoinAsync(roomName)).Error?.Reason);
        Assert.True((await forgiven.JoinAsync(roomName)).Joined, "the newer unblock stands");
        Assert.Equal(7, (await forgiven.JoinAsync(roomName)).Viewers);

        // The stream ended while Chat was away: the next snapshot closes the room and tells it, once.
        var endedAt = DateTimeOffset.UtcNow.AddSeconds(-20);
        for (var repeat = 0; repeat < 2; repeat++)
        {
            await _fixture.Bus.PublishAsync(new StreamSnapshotIntegrationEvent(
                Guid.NewGuid(), streamId, ownerId, roomName, IsLive: false, [missedBlock], Viewers: 0, PeakViewers: 9, DateTimeOffset.UtcNow,
                StreamVersion: 6, StreamEndReasons.Owner, endedAt));
        }
        var ended = await forgiven.WaitForAsync("stream:ended");
        Assert.Equal(("owner", streamId), (ended.GetProperty("reason").GetString(), ended.GetProperty("streamId").GetString()));
        await Eventually.HoldsAsync(async () => (await forgiven.JoinAsync(roomName)).Error?.Reason == "room-not-live", "the room closes");
        await Task.Delay(500);
        Assert.Single(forgiven.Received("stream:ended"));
    }

    [Fact]
    public async Task A_repeated_snapshot_of_an_applied_version_only_keeps_the_room_alive_and_a_newer_one_applies()
    {
        var (ownerId, streamId, roomName) = await _fixture.GoLiveAsync(streamVersion: 1);
        var blocked = NewUser("blocked");
        StreamSnapshotIntegrationEvent Snapshot(long version, int viewers) => new(
            Guid.NewGuid(), streamId, ownerId, roomName, IsLive: true, [blocked], viewers, viewers, DateTimeOffset.UtcNow, version);
        await using var viewer = await _fixture.InstanceA.ConnectAsync(NewUser("viewer"));
        await viewer.JoinAsync(roomName);
        await _fixture.Bus.PublishAsync(Snapshot(5, viewers: 3));
        await viewer.WaitForAsync("viewers", v => v.GetProperty("viewers").GetInt32() == 3);

        // Chat's copy loses what version 5 said (as if a key had been lost) and its room key nears its end.
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(_fixture.Infrastructure.Redis.ConnectionString);
        var database = redis.GetDatabase();
        await database.SetRemoveAsync($"chat:room:{roomName}:blocked", blocked);
        await database.KeyExpireAsync($"chat:room:{roomName}", TimeSpan.FromSeconds(30));

        await _fixture.Bus.PublishAsync(Snapshot(5, viewers: 3));
        await Eventually.HoldsAsync(async () => await database.KeyTimeToLiveAsync($"chat:room:{roomName}") > TimeSpan.FromMinutes(1),
            "the repeated snapshot keeps the room's keys alive");
        Assert.False(await database.SetContainsAsync($"chat:room:{roomName}:blocked", blocked), "version 5 was applied already: nothing re-applied");

        await _fixture.Bus.PublishAsync(Snapshot(6, viewers: 4));
        await viewer.WaitForAsync("viewers", v => v.GetProperty("viewers").GetInt32() == 4);
        Assert.True(await database.SetContainsAsync($"chat:room:{roomName}:blocked", blocked), "the newer snapshot is applied whole");
    }

    [Fact]
    public async Task Every_key_Chat_writes_to_Redis_expires()
    {
        var (ownerId, streamId, roomName) = await _fixture.GoLiveAsync(streamVersion: 1);
        await using var viewer = await _fixture.InstanceA.ConnectAsync(NewUser("viewer"));
        await viewer.JoinAsync(roomName);
        Assert.True(await viewer.SendAsync(roomName, "hello"));
        await _fixture.Bus.PublishAsync(new ViewerCountChangedIntegrationEvent(Guid.NewGuid(), streamId, roomName, 3, 3, DateTimeOffset.UtcNow, StreamVersion: 2));
        await _fixture.Bus.PublishAsync(new UserBlockedIntegrationEvent(Guid.NewGuid(), streamId, roomName, "someone", ownerId, DateTimeOffset.UtcNow, StreamVersion: 3));
        await _fixture.Bus.PublishAsync(new UserUnblockedIntegrationEvent(Guid.NewGuid(), streamId, roomName, "someone-else", ownerId, DateTimeOffset.UtcNow, StreamVersion: 4));
        await _fixture.Bus.PublishAsync(new ModeratorAppointedIntegrationEvent(Guid.NewGuid(), streamId, roomName, "helper", ownerId, DateTimeOffset.UtcNow, StreamVersion: 5));
        await viewer.WaitForAsync("viewers");
        await Eventually.HoldsAsync(async () => (await viewer.JoinAsync(roomName)).Joined && await BlockDecisionsAsync(roomName) == 2, "both block decisions are stored");
        await Eventually.HoldsAsync(async () => (await ModeratorsAsync(roomName)).Contains("helper"), "the moderator is stored");
        await _fixture.Bus.PublishAsync(new UserTimedOutIntegrationEvent(Guid.NewGuid(), streamId, roomName, "loud", DateTimeOffset.UtcNow.AddHours(1), ownerId, DateTimeOffset.UtcNow, StreamVersion: 6));
        await Eventually.HoldsAsync(async () =>
        {
            await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(_fixture.Infrastructure.Redis.ConnectionString);
            return await connection.GetDatabase().HashExistsAsync($"chat:room:{roomName}:timeouts", "loud");
        }, "the timeout is stored");

        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(_fixture.Infrastructure.Redis.ConnectionString);
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var keys = server.Keys(pattern: "*").ToList();
        Assert.Contains(keys, key => key.ToString() == $"chat:room:{roomName}:blocked");
        Assert.Contains(keys, key => key.ToString() == $"chat:room:{roomName}:moderators");
        Assert.Contains(keys, key => key.ToString() == $"chat:room:{roomName}:timeouts");
        foreach (var key in keys)
        {
            // A key that ran out between the listing and this look (a rate-limit window of an earlier test) had its TTL.
            var ttl = await redis.GetDatabase().KeyTimeToLiveAsync(key);
            Assert.True(ttl > TimeSpan.Zero || !await redis.GetDatabase().KeyExistsAsync(key), $"{key} has no TTL");
        }
    }

    [Fact]
    public async Task A_snapshot_repairs_moderators_Chat_missed_without_undoing_newer_decisions()
    {
        var (ownerId, streamId, roomName) = await _fixture.GoLiveAsync(streamVersion: 1);
        // Chat heard "newer" appointed at v4, and never heard "missed" appointed at v2 nor "gone" removed at v3.
        await _fixture.Bus.PublishAsync(new ModeratorAppointedIntegrationEvent(Guid.NewGuid(), streamId, roomName, "gone", ownerId, DateTimeOffset.UtcNow, StreamVersion: 1));
        await _fixture.Bus.PublishAsync(new ModeratorAppointedIntegrationEvent(Guid.NewGuid(), streamId, roomName, "newer", ownerId, DateTimeOffset.UtcNow, StreamVersion: 4));
        await Eventually.HoldsAsync(async () => (await ModeratorsAsync(roomName)).Count == 2, "both appointments are stored");

        // Streams' snapshot at v3 (read before "newer" was appointed) lists only "missed".
        await _fixture.Bus.PublishAsync(new StreamSnapshotIntegrationEvent(
            Guid.NewGuid(), streamId, ownerId, roomName, IsLive: true, [], Viewers: 0, PeakViewers: 0, DateTimeOffset.UtcNow, StreamVersion: 3,
            ModeratorIds: ["missed"]));

        await Eventually.HoldsAsync(async () => (await ModeratorsAsync(roomName)).Order().SequenceEqual(["missed", "newer"]), "the snapshot repaired what Chat missed");
    }

    private async Task<IReadOnlyList<string>> ModeratorsAsync(string roomName)
    {
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(_fixture.Infrastructure.Redis.ConnectionString);
        return [.. (await redis.GetDatabase().SetMembersAsync($"chat:room:{roomName}:moderators")).Select(member => member.ToString())];
    }

    private async Task<long> BlockDecisionsAsync(string roomName)
    {
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(_fixture.Infrastructure.Redis.ConnectionString);
        return await redis.GetDatabase().HashLengthAsync($"chat:room:{roomName}:blockversions");
    }

    private static async Task<bool> AcceptsCallsAsync(ChatClient client)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            await client.Connection.InvokeAsync("LeaveRoom", "no-such-room", timeout.Token);
            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return false;
        }
    }
}
