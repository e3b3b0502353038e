using System.Buffers.Text;
using System.Globalization;
using System.Text;
using MongoDB.Bson;

namespace PawfectLive.Streams.Kernel;

/// <summary>Stream ids (24-hex ObjectIds) and the opaque paging cursor of <c>/active</c>.</summary>
public static class StreamIds
{
    public static string NewId() => ObjectId.GenerateNewId().ToString();

    public static bool IsValid(string? id) => id is { Length: 24 } && ObjectId.TryParse(id, out _);

    /// <summary>
    /// The one spelling of an id (lower-case hex, as we make them), taken at the edge: the stores compare ids differently
    /// (LiteDB ignores case, MongoDB does not), so an id in another case must never name another record.
    /// </summary>
    public static string? Normalize(string? id) => id?.Trim().ToLowerInvariant();

    /// <summary>The cursor that continues a listing after <paramref name="last"/>: base64url of <c>{startedAt ticks}:{id}</c>.</summary>
    public static string EncodeCursor(LiveStream last) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            $"{DateTime.SpecifyKind(last.StartedAt, DateTimeKind.Utc).Ticks.ToString(CultureInfo.InvariantCulture)}:{last.Id}"));

    /// <summary>The position a cursor names, or null when it is not one we made.</summary>
    public static StreamCursor? DecodeCursor(string cursor)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)).Split(':');
            return parts.Length == 2
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks <= DateTime.MaxValue.Ticks
                && IsValid(parts[1])
                ? new StreamCursor(new DateTime(ticks, DateTimeKind.Utc), parts[1])
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
