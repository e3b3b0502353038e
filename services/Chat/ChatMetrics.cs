using System.Diagnostics.Metrics;

namespace PawfectLive.Chat;

public sealed class ChatMetrics
{
    public const string MeterName = "PawfectLive.Chat";

    private readonly UpDownCounter<long> _connected;
    private readonly Counter<long> _messages;
    private readonly Counter<long> _reactions;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _filtered;
    private readonly Counter<long> _frames;
    private readonly Counter<long> _deliveries;

    public ChatMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _connected = meter.CreateUpDownCounter<long>("pawfectlive.chat.connections", "{connection}", "Connected SignalR clients.");
        _messages = meter.CreateCounter<long>("pawfectlive.chat.messages", "{message}", "Chat messages broadcast.");
        _reactions = meter.CreateCounter<long>("pawfectlive.chat.reactions", "{reaction}", "Reactions broadcast.");
        _rejected = meter.CreateCounter<long>("pawfectlive.chat.rejected", "{message}", "Refused chat actions by reason.");
        _filtered = meter.CreateCounter<long>("pawfectlive.chat.messages.filtered", "{message}",
            "Chat messages refused by the word filter (also counted in pawfectlive.chat.rejected with reason filtered).");
        _frames = meter.CreateCounter<long>("pawfectlive.chat.fanout.frames", "{frame}",
            "Frames written to room members (each carries one batch of the room's events).");
        _deliveries = meter.CreateCounter<long>("pawfectlive.chat.fanout.deliveries", "{event}",
            "Room events delivered to members (events × members); divided by frames, the mean batch size.");
    }

    public void ClientConnected() => _connected.Add(1);
    public void ClientDisconnected() => _connected.Add(-1);
    public void MessageSent() => _messages.Add(1);
    public void ReactionSent() => _reactions.Add(1);
    public void MessageFiltered() => _filtered.Add(1);
    public void FanOut(int events, int members)
    {
        _frames.Add(members);
        _deliveries.Add((long)events * members);
    }

    public void MessageRejected(string reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
