using System.Collections.Concurrent;
using MassTransit;
using PawfectLive.Contracts;

namespace PawfectLive.Chat.Infrastructure;

/// <summary>
/// Counts messages and reactions per room and minute on this instance and publishes the counts every
/// <see cref="FlushInterval"/> for rooms with news (<see cref="ChatActivityIntegrationEvent"/>, absolute counts, so a
/// repeat or a reordering changes nothing). What was counted in the last interval before a crash is lost; a restarted
/// instance counts under a new instance id.
/// </summary>
public sealed partial class ChatActivity(IBus bus, TimeProvider time, ILogger<ChatActivity> logger) : BackgroundService
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(5);

    /// <summary>This instance's id in the events (new at every start).</summary>
    public string Instance { get; } = Guid.NewGuid().ToString("N")[..12];

    private sealed class MinuteCounts
    {
        public int Messages;
        public readonly ConcurrentDictionary<string, int> Reactions = new();
        public int Changed;
    }

    private readonly ConcurrentDictionary<(string Room, long Minute), MinuteCounts> _counts = new();

    public void MessageSent(string roomName) => Interlocked.Increment(ref CountsOf(roomName).Messages);

    public void ReactionSent(string roomName, string emoji) => CountsOf(roomName).Reactions.AddOrUpdate(emoji, 1, (_, count) => count + 1);

    private MinuteCounts CountsOf(string roomName)
    {
        var counts = _counts.GetOrAdd((roomName, time.GetUtcNow().ToUnixTimeSeconds() / 60), _ => new MinuteCounts());
        Volatile.Write(ref counts.Changed, 1);
        return counts;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(FlushInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await FlushAsync(stoppingToken);
        }
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        var currentMinute = time.GetUtcNow().ToUnixTimeSeconds() / 60;
        foreach (var ((room, minute), counts) in _counts)
        {
            if (Interlocked.Exchange(ref counts.Changed, 0) == 1)
            {
                try
                {
                    await bus.Publish(new ChatActivityIntegrationEvent(Guid.NewGuid(), room, Instance, DateTimeOffset.FromUnixTimeSeconds(minute * 60),
                        Volatile.Read(ref counts.Messages), new Dictionary<string, int>(counts.Reactions), time.GetUtcNow()), cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Volatile.Write(ref counts.Changed, 1); // the next flush tries again
                    LogPublishFailed(logger, room, ex.Message);
                }
            }
            if (minute < currentMinute - 1 && Volatile.Read(ref counts.Changed) == 0)
            {
                _counts.TryRemove((room, minute), out _); // closed minutes, published: forget them
            }
        }
    }

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Publishing the chat activity of room {RoomName} failed; the next flush retries: {Error}")]
    private static partial void LogPublishFailed(ILogger logger, string roomName, string error);
}
