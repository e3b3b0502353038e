namespace PawfectLive.Streams.Features.Lifecycle;

/// <summary>The start rate limit: a cooldown after each start, and at most N starts per sliding window.</summary>
public static class StartRateLimit
{
    /// <summary>How far back start times matter: the longer of the window and the cooldown.</summary>
    public static TimeSpan LookBack(StreamsOptions options) =>
        options.StartWindow > options.StartCooldown ? options.StartWindow : options.StartCooldown;

    /// <summary>How long the owner must wait before starting again, given their recent start times; null to go ahead.</summary>
    public static TimeSpan? RetryAfter(IReadOnlyCollection<DateTime> recentStarts, DateTime now, StreamsOptions options)
    {
        if (recentStarts.Count == 0)
        {
            return null;
        }

        var sinceLatest = now - recentStarts.Max();
        if (sinceLatest < options.StartCooldown)
        {
            return options.StartCooldown - sinceLatest;
        }
        var inWindow = recentStarts.Where(startedAt => startedAt > now - options.StartWindow).Order().ToList();
        if (inWindow.Count >= options.StartsPerWindow)
        {
            return inWindow[inWindow.Count - options.StartsPerWindow] + options.StartWindow - now;
        }
        return null;
    }
}
