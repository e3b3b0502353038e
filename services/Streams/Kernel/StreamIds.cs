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
    public static string EncodeCursor(LiveStream last) => Encode(last.StartedAt, last.Id);

    /// <summary>The position a cursor names, or null when it is not one we made.</summary>
    public static StreamCursor? DecodeCursor(string cursor) =>
        Decode(cursor) is var (at, id) ? new StreamCursor(at, id) : null;

    /// <summary>The cursor that continues the upcoming schedules after <paramref name="last"/>: base64url of <c>{startsAt ticks}:{id}</c>.</summary>
    public static string EncodeCursor(StreamSchedule last) => Encode(last.StartsAt, last.Id);

    public static ScheduleCursor? DecodeScheduleCursor(string cursor) =>
        Decode(cursor) is var (at, id) ? new ScheduleCursor(at, id) : null;

    private static string Encode(DateTime at, string id) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            $"{DateTime.SpecifyKind(at, DateTimeKind.Utc).Ticks.ToString(CultureInfo.InvariantCulture)}:{id}"));

    private static (DateTime At, string Id)? Decode(string cursor)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)).Split(':');
            return parts.Length == 2
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks <= DateTime.MaxValue.Ticks
                && IsValid(parts[1])
                ? (new DateTime(ticks, DateTimeKind.Utc), parts[1])
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
