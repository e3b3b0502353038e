using PawfectLive.Streams.Features.Lifecycle;

namespace PawfectLive.Streams.Features.Analytics;

/// <summary>One of the owner's streams with the headline figures of its stats.</summary>
public sealed record PastStreamResponse(LiveStreamResponse Stream, StreamSummary Summary)
{
    public static PastStreamResponse From(PastStream past) => new(LiveStreamResponse.From(past.Stream), new StreamSummary(
        past.Stats.DurationSeconds, past.Stats.PeakViewers, past.Stats.UniqueViewers, past.Stats.TotalWatchSeconds,
        past.Stats.AverageWatchSeconds, past.Stats.Chat.Messages, past.Stats.Chat.Reactions));
}

public sealed record StreamSummary(
    double DurationSeconds, int PeakViewers, int UniqueViewers, double TotalWatchSeconds, double AverageWatchSeconds, int Messages, int Reactions);

public sealed record PastStreamsResponse(IReadOnlyList<PastStreamResponse> Items, string? NextCursor);
