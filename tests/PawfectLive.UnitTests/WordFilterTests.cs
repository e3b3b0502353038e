using Microsoft.Extensions.Options;
using PawfectLive.Chat;
using PawfectLive.Chat.Infrastructure;

namespace PawfectLive.UnitTests;

public sealed class WordFilterTests
{
    private static readonly WordFilter Filter = new(Options.Create(new ChatOptions { BlockedWords = ["darn", "kill yourself", "ass"] }));

    [Theory]
    [InlineData("darn")]
    [InlineData("DARN it")]
    [InlineData("d4rn")]
    [InlineData("daaaarnnn")]
    [InlineData("d.a.r.n")]
    [InlineData("d a r n")]
    [InlineData("d-a-r-n!")]
    [InlineData("dárn")]
    [InlineData("ｄａｒｎ")]
    [InlineData("dаrn")] // Cyrillic а
    [InlineData("d\u200Barn")] // zero-width space
    [InlineData("darned")]
    [InlineData("please kill yourself")]
    [InlineData("k1ll   y0urself")]
    [InlineData("what an ass")]
    [InlineData("a$$")]
    public void Evasions_of_a_global_word_are_caught(string text) => Assert.True(Filter.IsBlocked(text, []), text);

    [Theory]
    [InlineData("")]
    [InlineData("what a good dog")]
    [InlineData("a classic assessment")]
    [InlineData("pass the ball")]
    [InlineData("kill the lights, yourself excluded")]
    [InlineData("wow!")]
    [InlineData("I have 5 cats")]
    public void Innocent_text_passes(string text) => Assert.False(Filter.IsBlocked(text, []), text);

    [Fact]
    public void A_streams_own_words_are_normalised_the_same_way()
    {
        Assert.True(Filter.IsBlocked("look, a SQUIRREL!", ["Squirrel"]));
        Assert.True(Filter.IsBlocked("the mail-man is here", ["mail man"]));
        Assert.False(Filter.IsBlocked("the mailbox is here", ["mail man"]));
        Assert.False(Filter.IsBlocked("squirrel", ["  "]));
    }

    [Fact]
    public void Normalised_words_fold_case_marks_look_alikes_repeats_and_spelled_apart_letters()
    {
        Assert.Equal(["helo", "word"], WordFilter.Words("HÉLLLO   w0rd"));
        Assert.Equal(["abc", "dog"], WordFilter.Words("a.b.c dog"));
        Assert.Equal(["wow"], WordFilter.Words("wow!"));
        Assert.Equal(["shit"], WordFilter.Words("sh!t"));
    }
}
