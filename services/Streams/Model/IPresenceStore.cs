namespace PawfectLive.Streams.Model;

/// <summary>Who is in each live stream's room now, by participant sid (its own document per stream, apart from the stream).</summary>
public interface IPresenceStore
{
    /// <summary>
    /// Applies <paramref name="change"/> to the presence of a stream (an empty one when it has none yet) atomically, like
    /// <see cref="IStreamStore.UpdateAsync"/>, and returns the presence afterwards.
    /// </summary>
    Task<StreamPresence> UpdatePresenceAsync(string streamId, Func<StreamPresence, bool> change, CancellationToken cancellationToken);

    Task<StreamPresence?> GetPresenceAsync(string streamId, CancellationToken cancellationToken);

    /// <summary>Drops a stream's presence (its stream has ended).</summary>
    Task DeletePresenceAsync(string streamId, CancellationToken cancellationToken);
}
