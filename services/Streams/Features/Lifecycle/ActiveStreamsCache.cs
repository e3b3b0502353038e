using Microsoft.AspNetCore.OutputCaching;

namespace PawfectLive.Streams.Features.Lifecycle;

/// <summary>Drops cached <c>/active</c> listings (output-cache entries tagged <see cref="Tag"/>) after a change that shows in them.</summary>
public sealed class ActiveStreamsCache(IOutputCacheStore store)
{
    public const string Tag = "active-streams";

    public ValueTask InvalidateAsync(CancellationToken cancellationToken) => store.EvictByTagAsync(Tag, cancellationToken);
}
