using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace PawfectLive.Chat.Infrastructure;

/// <summary>Caps the hub connections one user holds on this instance (<see cref="ChatOptions.MaxConnectionsPerUser"/>).</summary>
public sealed class ConnectionLimiter(IOptions<ChatOptions> options)
{
    private readonly ConcurrentDictionary<string, int> _connections = new();

    public bool TryAcquire(string userId)
    {
        while (true)
        {
            var current = _connections.GetOrAdd(userId, 0);
            if (current >= options.Value.MaxConnectionsPerUser)
            {
                return false;
            }
            if (_connections.TryUpdate(userId, current + 1, current))
            {
                return true;
            }
        }
    }

    public void Release(string userId)
    {
        while (_connections.TryGetValue(userId, out var current))
        {
            if (current <= 1 ? _connections.TryRemove(new KeyValuePair<string, int>(userId, current)) : _connections.TryUpdate(userId, current - 1, current))
            {
                return;
            }
        }
    }
}
