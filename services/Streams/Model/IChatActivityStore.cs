namespace PawfectLive.Streams.Model;

/// <summary>Per-minute chat message and reaction counts of each Chat instance, for analytics.</summary>
public interface IChatActivityStore
{
    /// <summary>Records one Chat instance's counts for a minute: each count only grows (the largest seen wins).</summary>
    Task RecordChatMinuteAsync(ChatMinute minute, CancellationToken cancellationToken);

    Task<IReadOnlyList<ChatMinute>> ListChatMinutesAsync(string streamId, CancellationToken cancellationToken);
}
