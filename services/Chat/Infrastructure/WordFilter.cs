using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;

namespace PawfectLive.Chat.Infrastructure;

/// <summary>
/// Blocked words: the global list (<c>Chat:BlockedWords</c>) and a stream's own. Text and words are compared after the same
/// normalisation, so trivial evasions fail: fullwidth forms and diacritics folded (ｆ, é → f, e), case ignored,
/// common look-alikes mapped (0 → o, 1 → i, @ → a, $ → s, Cyrillic а → a, ...), runs of a repeated letter collapsed
/// (fuuuck → fuck), and letters spelled apart joined (f.u.c.k, f u c k). A blocked entry matches whole words in order
/// (phrases too); one of four or more letters also matches as the start of a longer word (shitty), shorter ones only
/// whole, so "class" never trips "ass".
/// </summary>
public sealed class WordFilter
{
    private const int MinPrefixLength = 4;

    // Digits and symbols, then Cyrillic and Greek letters that look like Latin ones (each character of the first string
    // stands for the one at the same place in the second).
    private static readonly FrozenDictionary<char, char> LookAlikes = Map(
        "01345789@$€авеёкмнорстухіјѕԁαβεικνορτυχ",
        "oieastbgaseabeekmhopctyxijsdabeikvoptux");

    // Latin letters with diacritics, folded by hand: the services run with invariant globalization, where string
    // normalisation does not decompose them.
    private static readonly FrozenDictionary<char, char> Diacritics = Map(
        "àáâãäåāăąǎçćĉċčďđèéêëēĕėęěĝğġģĥħìíîïĩīĭįıǐĵķĺļľŀłñńņňŉòóôõöøōŏőǒŕŗřśŝşšſßţťŧùúûüũūŭůűųǔŵýÿŷźżž",
        "aaaaaaaaaacccccddeeeeeeeeegggghhiiiiiiiiiijklllllnnnnnoooooooooorrrsssssstttuuuuuuuuuuuwyyyzzz");

    // Stand for a letter only inside a word ("sh!t"), not as punctuation after one ("wow!").
    private static readonly FrozenDictionary<char, char> InWordLookAlikes = Map("!|+", "iit");

    private readonly string[][] _global;

    public WordFilter(IOptions<ChatOptions> options) =>
        _global = [.. options.Value.BlockedWords.Select(Words).Where(words => words.Length > 0)];

    /// <summary>Whether <paramref name="text"/> contains a globally blocked word or one of <paramref name="streamWords"/>.</summary>
    public bool IsBlocked(string text, IReadOnlyList<string> streamWords)
    {
        var words = Words(text);
        return _global.Any(blocked => Contains(words, blocked))
            || streamWords.Any(entry => Words(entry) is { Length: > 0 } blocked && Contains(words, blocked));
    }

    /// <summary>The normalised words of a text (see the class summary).</summary>
    public static string[] Words(string text)
    {
        var normalised = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(text[i]) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
                or UnicodeCategory.EnclosingMark or UnicodeCategory.Format)
            {
                continue; // diacritics and invisible joiners
            }
            var c = char.ToLowerInvariant(text[i] is >= '\uFF01' and <= '\uFF5E' ? (char)(text[i] - 0xFEE0) : text[i]); // fullwidth forms
            c = Diacritics.GetValueOrDefault(c, c);
            var inWord = i + 1 < text.Length && char.IsLetterOrDigit(text[i + 1]) && normalised.Length > 0 && normalised[^1] != ' ';
            c = LookAlikes.TryGetValue(c, out var letter) ? letter
                : inWord && InWordLookAlikes.TryGetValue(c, out var inWordLetter) ? inWordLetter
                : char.IsLetterOrDigit(c) ? c : ' ';
            if (normalised.Length == 0 || normalised[^1] != c)
            {
                normalised.Append(c);
            }
        }

        var words = new List<string>();
        var spelledApart = new StringBuilder();
        foreach (var word in normalised.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (word.Length == 1)
            {
                if (spelledApart.Length == 0 || spelledApart[^1] != word[0])
                {
                    spelledApart.Append(word);
                }
                continue;
            }
            if (spelledApart.Length > 0)
            {
                words.Add(spelledApart.ToString());
                spelledApart.Clear();
            }
            words.Add(word);
        }
        if (spelledApart.Length > 0)
        {
            words.Add(spelledApart.ToString());
        }
        return [.. words];
    }

    private static FrozenDictionary<char, char> Map(string from, string to) =>
        from.Zip(to).ToFrozenDictionary(pair => pair.First, pair => pair.Second);

    private static bool Contains(string[] words, string[] blocked)
    {
        for (var start = 0; start + blocked.Length <= words.Length; start++)
        {
            var matches = true;
            for (var i = 0; i < blocked.Length && matches; i++)
            {
                var last = i == blocked.Length - 1;
                matches = words[start + i] == blocked[i]
                    || (last && blocked[i].Length >= MinPrefixLength && words[start + i].StartsWith(blocked[i], StringComparison.Ordinal));
            }
            if (matches)
            {
                return true;
            }
        }
        return false;
    }
}
