namespace PawfectLive.Streams.Kernel;

public static class StreamStoreExtensions
{
    private const int PageSize = 100;

    /// <summary>Every live stream with its whole state, read page by page.</summary>
    public static async Task<IReadOnlyList<LiveStream>> ListAllLiveAsync(this IStreamStore store, CancellationToken cancellationToken)
    {
        var all = new List<LiveStream>();
        StreamCursor? cursor = null;
        while (true)
        {
            var page = await store.ListLiveAsync(new LiveStreamQuery(PageSize, cursor, Whole: true), cancellationToken);
            all.AddRange(page);
            if (page.Count < PageSize)
            {
                return all;
            }
            cursor = new StreamCursor(page[^1].StartedAt, page[^1].Id);
        }
    }
}
