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

    public ChatMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _connected = meter.CreateUpDownCounter<long>("pawfectlive.chat.connections", "{connection}", "Connected SignalR clients.");
        _messages = meter.CreateCounter<long>("pawfectlive.chat.messages", "{message}", "Chat messages broadcast.");
        _reactions = meter.CreateCounter<long>("pawfectlive.chat.reactions", "{reaction}", "Reactions broadcast.");
        _rejected = meter.CreateCounter<long>("pawfectlive.chat.rejected", "{message}", "Refused chat actions by reason.");
        _filtered = meter.CreateCounter<long>("pawfectlive.chat.messages.filtered", "{message}",
            "Chat messages refused by the word filter (also counted in pawfectlive.chat.rejected with reason filtered).");
    }

    public void ClientConnected() => _connected.Add(1);
    public void ClientDisconnected() => _connected.Add(-1);
    public void MessageSent() => _messages.Add(1);
    public void ReactionSent() => _reactions.Add(1);
    public void MessageFiltered() => _filtered.Add(1);
    public void MessageRejected(string reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
