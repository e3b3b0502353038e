using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;

namespace PawfectLive.SystemTests;

/// <summary>
/// Every chat hub method × every kind of signed-in caller → the outcome the chat protocol promises, through the gateway.
/// (Without a valid token nobody reaches the hub: the HTTP matrix checks <c>/hubs/live/negotiate</c> for that.) Chat
/// learns of blocks, moderators and timeouts from Streams' events a moment later, so each outcome is awaited.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class HubAuthorizationMatrixTests
{
    private readonly PawfectLiveAppFixture _system;

    public HubAuthorizationMatrixTests(PawfectLiveAppFixture system, ITestOutputHelper output) => _system = system.WithLogsTo(output);

    public enum Caller { Viewer, Blocked, TimedOut, Moderator, Owner, Admin }

    private const string Ok = "ok";

    // method, then the outcome (ok, or the refusal's reason) for: Viewer, Blocked, TimedOut, Moderator, Owner, Admin
    private static readonly (string Method, string[] Expected)[] Matrix =
    [
        ("JoinRoom", [Ok, "blocked", Ok, Ok, Ok, Ok]),
        ("SendMessage", [Ok, "blocked", "timed-out", Ok, Ok, Ok]),
        ("SendReaction", [Ok, "blocked", "timed-out", Ok, Ok, Ok]),
        ("DeleteMessage", ["forbidden", "forbidden", "forbidden", Ok, Ok, Ok]),
    ];

    public static TheoryData<string, Caller, string> Cases()
    {
        var cases = new TheoryData<string, Caller, string>();
        foreach (var (method, expected) in Matrix)
        {
            foreach (var caller in Enum.GetValues<Caller>())
            {
                cases.Add(method, caller, expected[(int)caller]);
            }
        }
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_hub_method_answers_each_caller_as_the_protocol_says(string method, Caller caller, string expected)
    {
        var ownerId = $"h-owner-{Guid.NewGuid():N}"[..22];
        var callerId = caller == Caller.Owner ? ownerId : $"h-{caller.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}"[..22];
        using var owner = _system.ClientWith(await _system.TokenAsync(ownerId));
        var started = await owner.StartStreamAsync(new { title = "hub matrix" });
        var scene = caller switch
        {
            Caller.Blocked => owner.PostAsJsonAsync($"/api/live/{started.StreamId}/block", new { userId = callerId }),
            Caller.TimedOut => owner.PostAsJsonAsync($"/api/live/{started.StreamId}/timeouts", new { userId = callerId, seconds = 600 }),
            Caller.Moderator => owner.PostAsJsonAsync($"/api/live/{started.StreamId}/moderators", new { userId = callerId }),
            _ => null,
        };
        if (scene is not null)
        {
            Assert.Equal(HttpStatusCode.OK, (await scene).StatusCode);
        }

        await using var ownerChat = await _system.ConnectChatAsync(await _system.TokenAsync(ownerId));
        await Eventually.HoldsAsync(async () => (await ownerChat.InvokeAsync<JsonElement>("JoinRoom", started.RoomName)).GetProperty("joined").GetBoolean(),
            "Chat opened the room");
        await using var chat = await _system.ConnectChatAsync(await _system.TokenAsync(callerId, admin: caller == Caller.Admin));
        var refusals = new List<string>();
        chat.On<JsonElement>("error", error => { lock (refusals) { refusals.Add(error.GetProperty("reason").GetString()!); } });

        var outcome = "";
        await Eventually.HoldsAsync(async () => (outcome = await CallAsync(chat, ownerChat, method, started.RoomName, refusals)) == expected,
            $"{method} as {caller} answers {expected}", TimeSpan.FromSeconds(15));
        Assert.Equal(expected, outcome);
    }

    /// <summary>Calls the method as the caller (joining first, but for DeleteMessage): ok, or the refusal's reason.</summary>
    private static async Task<string> CallAsync(HubConnection chat, HubConnection ownerChat, string method, string roomName, List<string> refusals)
    {
        async Task<string> Refusal()
        {
            await Eventually.HoldsAsync(() => { lock (refusals) { return Task.FromResult(refusals.Count > 0); } }, "the refusal arrives");
            lock (refusals)
            {
                var reason = refusals[^1];
                refusals.Clear();
                return reason;
            }
        }

        var joined = method == "DeleteMessage" ? default : await chat.InvokeAsync<JsonElement>("JoinRoom", roomName); // deleting needs no join
        if (method != "DeleteMessage" && !joined.GetProperty("joined").GetBoolean())
        {
            refusals.Clear();
            return joined.GetProperty("error").GetProperty("reason").GetString()!;
        }
        switch (method)
        {
            case "JoinRoom":
                return Ok;
            case "SendMessage":
                return await chat.InvokeAsync<bool>("SendMessage", roomName, $"hello {Guid.NewGuid():N}") ? Ok : await Refusal();
            case "SendReaction":
                return await chat.InvokeAsync<bool>("SendReaction", roomName, "🐾") ? Ok : await Refusal();
            default:
                var text = $"delete me {Guid.NewGuid():N}";
                var sent = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
                using (ownerChat.On<JsonElement>("chat:message", message =>
                {
                    if (message.GetProperty("text").GetString() == text)
                    {
                        sent.TrySetResult(message.GetProperty("id").GetString()!);
                    }
                }))
                {
                    Assert.True(await ownerChat.InvokeAsync<bool>("SendMessage", roomName, text));
                    var messageId = await sent.Task.WaitAsync(TimeSpan.FromSeconds(10));
                    return await chat.InvokeAsync<bool>("DeleteMessage", roomName, messageId) ? Ok : await Refusal();
                }
        }
    }
}
