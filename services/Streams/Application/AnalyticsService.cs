using Microsoft.Extensions.Options;

namespace PawfectLive.Streams.Application;

/// <summary>Creator analytics: a stream's figures (<see cref="StreamStatistics"/>) for its owner, its moderators and admins.</summary>
public sealed class AnalyticsService(
    Model.IStreamStore store, LiveStreamService streams, IOptionsMonitor<AnalyticsOptions> options, TimeProvider time)
{
    public const int MinBucketSeconds = 10;
    public const int MaxBucketSeconds = 3600;
    public const int DefaultBucketSeconds = 60;

    public async Task<Result<StreamStats>> StatsAsync(Caller caller, string id, int? bucketSeconds, CancellationToken cancellationToken)
    {
        if (bucketSeconds is < MinBucketSeconds or > MaxBucketSeconds)
        {
            return new StreamError.Invalid("bucketSeconds", $"bucketSeconds must be {MinBucketSeconds}-{MaxBucketSeconds}.");
        }
        var found = await streams.FindModeratedAsync(caller, id, moderatorsMay: true, cancellationToken);
        if (found.Value is not { } stream)
        {
            return found.Error!;
        }
        var sessions = store.ListViewerSessionsAsync(stream.Id, cancellationToken);
        var chat = store.ListChatMinutesAsync(stream.Id, cancellationToken);
        return StreamStatistics.Compute(stream, await sessions, time.GetUtcNow().UtcDateTime, options.CurrentValue.ReconnectGap,
            bucketSeconds ?? DefaultBucketSeconds, await chat);
    }
}
