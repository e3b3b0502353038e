using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using PawfectLive.Chat;

namespace PawfectLive.FunctionalTests.Chat;

/// <summary>One real Chat instance on real RabbitMQ and Redis; several may run side by side.</summary>
public sealed class ChatApp(string rabbitMqConnectionString, string redisConnectionString, IDictionary<string, string?>? settings = null)
    : ServiceHost<ChatOptions>("chat", With(new Dictionary<string, string?>
    {
        ["ConnectionStrings:rabbitmq"] = rabbitMqConnectionString,
        ["ConnectionStrings:redis"] = redisConnectionString,
        ["Chat:MessagesPerWindow"] = "1000",
        ["Chat:BlockedWords:0"] = "shit",
    }, settings))
{
    /// <summary>A SignalR .NET client on this instance, recording every server event it receives.</summary>
    public Task<ChatClient> ConnectAsync(string userId, bool admin = false) => ConnectWithTokenAsync(userId, TestUsers.Token(userId, admin));

    /// <summary>A client that presents <paramref name="token"/> as it is (valid or not).</summary>
    public async Task<ChatClient> ConnectWithTokenAsync(string userId, string token)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(Server.BaseAddress, "/hubs/live"), options =>
            {
                options.HttpMessageHandlerFactory = _ => Server.CreateHandler();
                options.AccessTokenProvider = () => Task.FromResult<string?>(token);
                options.Transports = HttpTransportType.LongPolling;
            })
            .Build();
        var client = new ChatClient(userId, connection);
        await connection.StartAsync();
        return client;
    }
}

/// <summary>A connected chat user and what the server sent it.</summary>
public sealed class ChatClient : IAsyncDisposable
{
    private readonly List<(string Event, JsonElement Payload)> _received = [];

    public ChatClient(string userId, HubConnection connection)
    {
        UserId = userId;
        Connection = connection;
        foreach (var name in new[] { "chat:message", "chat:deleted", "reaction", "viewers", "stream:ended", "chat:settings", "chat:pinned", "error" })
        {
            connection.On<JsonElement>(name, payload =>
            {
                lock (_received)
                {
                    _received.Add((name, payload));
                }
            });
        }
    }

    public string UserId { get; }
    public HubConnection Connection { get; }

    public IReadOnlyList<JsonElement> Received(string eventName)
    {
        lock (_received)
        {
            return _received.Where(r => r.Event == eventName).Select(r => r.Payload).ToList();
        }
    }

    public async Task<JsonElement> WaitForAsync(string eventName, Func<JsonElement, bool>? match = null, TimeSpan? timeout = null)
    {
        JsonElement found = default;
        await Eventually.HoldsAsync(() =>
        {
            var hit = Received(eventName).Where(match ?? (_ => true)).ToList();
            if (hit.Count > 0)
            {
                found = hit[0];
            }
            return Task.FromResult(hit.Count > 0);
        }, $"{UserId} receives {eventName}", timeout ?? TimeSpan.FromSeconds(15));
        return found;
    }

    public Task<JoinedRoom> JoinAsync(string roomName) => Connection.InvokeAsync<JoinedRoom>("JoinRoom", roomName);

    public Task<bool> SendAsync(string roomName, string text) => Connection.InvokeAsync<bool>("SendMessage", roomName, text);

    public Task<bool> ReactAsync(string roomName, string emoji) => Connection.InvokeAsync<bool>("SendReaction", roomName, emoji);

    public Task<bool> DeleteAsync(string roomName, string messageId) => Connection.InvokeAsync<bool>("DeleteMessage", roomName, messageId);

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
