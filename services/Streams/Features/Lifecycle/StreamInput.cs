using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PawfectLive.Streams.Features.Lifecycle;

/// <summary>Validates and normalises what an owner sends to <c>/start</c>.</summary>
public static partial class StreamInput
{
    public const int MaxTitleLength = 120;
    public const int MaxTitleBytes = 480;
    public const int MaxTags = 10;
    public const int MaxTagLength = 32;
    public const int MaxCoverUrlLength = 2048;

    public sealed record Normalized(string? Title, List<string> Tags, string? CoverUrl);

    public static Normalized Normalize(string? title, IReadOnlyList<string>? tags, string? coverUrl, Dictionary<string, string[]> errors)
    {
        var normalizedTitle = NormalizeTitle(title, errors);
        var normalizedTags = NormalizeTags(tags, errors);
        var normalizedCoverUrl = NormalizeCoverUrl(coverUrl, errors);
        return new Normalized(normalizedTitle, normalizedTags, normalizedCoverUrl);
    }

    private static string? NormalizeTitle(string? title, Dictionary<string, string[]> errors)
    {
        if (title is null)
        {
            return null;
        }
        var trimmed = title.Trim().Normalize(NormalizationForm.FormC);
        if (trimmed.Any(c => char.IsControl(c)))
        {
            errors["title"] = ["title must not contain control characters."];
            return null;
        }
        // Count what a person sees (grapheme clusters), so an emoji is one character; and bytes, so one letter with
        // thousands of combining marks is not "one character" in every /active page.
        if (new StringInfo(trimmed).LengthInTextElements > MaxTitleLength || Encoding.UTF8.GetByteCount(trimmed) > MaxTitleBytes)
        {
            errors["title"] = [$"title must be at most {MaxTitleLength} characters and {MaxTitleBytes} bytes."];
            return null;
        }
        return trimmed.Length == 0 ? null : trimmed;
    }

    private static List<string> NormalizeTags(IReadOnlyList<string>? tags, Dictionary<string, string[]> errors)
    {
        if (tags is null)
        {
            return [];
        }
        if (tags.Count > MaxTags)
        {
            errors["tags"] = [$"At most {MaxTags} tags are allowed."];
            return [];
        }

        var normalized = new List<string>();
        foreach (var tag in tags)
        {
            var value = NormalizeTag(tag);
            if (value is null)
            {
                errors["tags"] = [$"Each tag must be 1-{MaxTagLength} letters, digits, '-' or '_' (a leading '#' is dropped)."];
                return [];
            }
            if (!normalized.Contains(value))
            {
                normalized.Add(value);
            }
        }
        return normalized;
    }

    /// <summary>Trimmed, without a leading '#', lower-case; null when not a valid tag.</summary>
    public static string? NormalizeTag(string? tag)
    {
        if (tag is null)
        {
            return null;
        }
        var value = tag.Trim().TrimStart('#').Normalize(NormalizationForm.FormC).ToLowerInvariant();
        return value.Length is > 0 and <= MaxTagLength && TagPattern().IsMatch(value) ? value : null;
    }

    private static string? NormalizeCoverUrl(string? coverUrl, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(coverUrl))
        {
            return null;
        }
        var trimmed = coverUrl.Trim();
        if (trimmed.Length > MaxCoverUrlLength
            || !Uri.TryCreate(trimmed, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https")
            || string.IsNullOrEmpty(uri.Host))
        {
            errors["coverUrl"] = ["coverUrl must be an absolute http(s) URL."];
            return null;
        }
        return uri.AbsoluteUri;
    }

    [GeneratedRegex(@"^[\p{L}\p{N}_-]+$")]
    private static partial Regex TagPattern();
}
