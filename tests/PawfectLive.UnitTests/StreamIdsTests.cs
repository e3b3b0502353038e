using System.Buffers.Text;
using System.Text;
using PawfectLive.Streams.Kernel;
using PawfectLive.Streams.Model;

namespace PawfectLive.UnitTests;

public sealed class StreamIdsTests
{
    [Fact]
    public void New_ids_are_24_hex_characters_and_valid()
    {
        var id = StreamIds.NewId();

        Assert.Matches("^[0-9a-f]{24}$", id);
        Assert.True(StreamIds.IsValid(id));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-an-id")]
    [InlineData("0123456789abcdef0123456")]
    [InlineData("0123456789abcdef012345678")]
    [InlineData("0123456789abcdef0123456g")]
    public void Anything_else_is_not_a_stream_id(string? id)
    {
        Assert.False(StreamIds.IsValid(id));
    }

    [Fact]
    public void A_cursor_names_the_position_of_the_last_stream_of_a_page()
    {
        var last = new LiveStream { Id = StreamIds.NewId(), StartedAt = new DateTime(2026, 11, 25, 12, 30, 15, 123, DateTimeKind.Utc) };

        var cursor = StreamIds.EncodeCursor(last);

        Assert.Equal(new StreamCursor(last.StartedAt, last.Id), StreamIds.DecodeCursor(cursor));
        Assert.DoesNotContain('=', cursor);
    }

    [Theory]
    [InlineData("!!!")]
    [InlineData("")]
    [InlineData("bm90LWEtY3Vyc29y")]
    public void Cursors_we_did_not_make_are_refused(string cursor)
    {
        Assert.Null(StreamIds.DecodeCursor(cursor));
    }

    [Theory]
    [InlineData("99999999999999999999:0123456789abcdef01234567")]
    [InlineData("-5:0123456789abcdef01234567")]
    [InlineData("638000000000000000:not-an-id")]
    [InlineData("638000000000000000:0123456789abcdef01234567:extra")]
    public void Cursors_with_impossible_parts_are_refused(string plain)
    {
        Assert.Null(StreamIds.DecodeCursor(Base64Url.EncodeToString(Encoding.UTF8.GetBytes(plain))));
    }
}
