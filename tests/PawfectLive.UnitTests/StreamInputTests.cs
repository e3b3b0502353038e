using PawfectLive.Streams.Features.Lifecycle;


namespace PawfectLive.UnitTests;

public sealed class StreamInputTests
{
    private static (StreamInput.Normalized Input, Dictionary<string, string[]> Errors) Normalize(
        string? title = null, IReadOnlyList<string>? tags = null, string? coverUrl = null)
    {
        var errors = new Dictionary<string, string[]>();
        return (StreamInput.Normalize(title, tags, coverUrl, errors), errors);
    }

    [Fact]
    public void Titles_are_trimmed_and_an_emoji_counts_as_one_character()
    {
        var (input, errors) = Normalize(title: "  " + new string('a', 119) + "🐶  ");

        Assert.Empty(errors);
        Assert.Equal(120, new System.Globalization.StringInfo(input.Title!).LengthInTextElements);
    }

    [Theory]
    [InlineData(121)]
    [InlineData(500)]
    public void Titles_over_120_characters_are_refused(int length)
    {
        var (_, errors) = Normalize(title: new string('x', length));

        Assert.Equal(["title"], errors.Keys);
    }

    [Fact]
    public void Titles_are_bounded_in_bytes_too()
    {
        var zalgo = "a" + new string('\u0301', 2000); // one character on screen

        Assert.Equal(["title"], Normalize(title: zalgo).Errors.Keys);
        Assert.Empty(Normalize(title: string.Concat(Enumerable.Repeat("🐾", 120))).Errors);
    }

    [Fact]
    public void Titles_with_control_characters_are_refused_and_blank_titles_mean_none()
    {
        Assert.Equal(["title"], Normalize(title: "bad\u0007title").Errors.Keys);
        var (blank, errors) = Normalize(title: "   ");
        Assert.Empty(errors);
        Assert.Null(blank.Title);
    }

    [Fact]
    public void Tags_are_lower_cased_without_hash_and_de_duplicated_in_order()
    {
        var (input, errors) = Normalize(tags: ["#Dogs", "cats", "DOGS", " park_life "]);

        Assert.Empty(errors);
        Assert.Equal(["dogs", "cats", "park_life"], input.Tags);
    }

    [Theory]
    [InlineData("two words")]
    [InlineData("#")]
    [InlineData("<script>")]
    [InlineData("a-tag-that-is-far-too-long-to-be-a-tag")]
    public void Invalid_tags_are_refused(string tag)
    {
        Assert.Equal(["tags"], Normalize(tags: ["ok", tag]).Errors.Keys);
    }

    [Fact]
    public void More_than_ten_tags_are_refused()
    {
        Assert.Equal(["tags"], Normalize(tags: [.. Enumerable.Range(0, 11).Select(i => $"t{i}")]).Errors.Keys);
    }

    [Theory]
    [InlineData("https://cdn.example/rex.jpg", "https://cdn.example/rex.jpg")]
    [InlineData(" http://example.com ", "http://example.com/")]
    public void Cover_urls_must_be_absolute_http(string coverUrl, string expected)
    {
        var (input, errors) = Normalize(coverUrl: coverUrl);

        Assert.Empty(errors);
        Assert.Equal(expected, input.CoverUrl);
    }

    [Theory]
    [InlineData("ftp://example.com/a.jpg")]
    [InlineData("/relative.jpg")]
    [InlineData("javascript:alert(1)")]
    public void Other_cover_urls_are_refused(string coverUrl)
    {
        Assert.Equal(["coverUrl"], Normalize(coverUrl: coverUrl).Errors.Keys);
    }

    [Fact]
    public void Every_broken_field_is_reported_at_once()
    {
        var (_, errors) = Normalize(title: new string('x', 200), tags: ["bad tag"], coverUrl: "nope");

        Assert.Equal(["coverUrl", "tags", "title"], errors.Keys.Order());
    }
}
