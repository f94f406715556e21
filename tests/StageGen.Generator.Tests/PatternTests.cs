using System.Linq;
using StageGen.Generator.Model;
using StageGen.Generator.Spec;
using Xunit;

namespace StageGen.Generator.Tests;

/// <summary>The one reading of a spec pattern (its tokens) and the check the binder picks from it.</summary>
public sealed class PatternTests
{
    [Theory]
    [InlineData(@"^(\$default|[A-Za-z0-9_-]+)$", "Assertion@0 GroupOpen@1 Literal'$'@2 Literal'd'@4 Literal'e'@5 Literal'f'@6 Literal'a'@7 Literal'u'@8 Literal'l'@9 Literal't'@10 Alternation@11 Set@12 Quantifier+@25 GroupClose@26 Assertion@27")]
    [InlineData(@"a{2,}?\d(?<n>x)\k<n>", "Literal'a'@0 Quantifier{2,}@1 Set@6 GroupOpen@8 Literal'x'@13 GroupClose@14 Backreference@15")]
    [InlineData(@"\u{1F600}{2}}", "Literal'😀'@0 Quantifier{2}@9 Literal'}'@12")]
    public void A_pattern_is_read_once_into_located_tokens(string pattern, string tokens)
    {
        var read = EcmaPattern.Tokenize(pattern, out var error);
        Assert.Null(error);
        Assert.Equal(tokens, string.Join(" ", read!.Select(t => t.Kind + (t.Text is { } text ? "'" + text + "'" : "") + (t.Kind == PatternTokenKind.Quantifier ? pattern.Substring(t.Start, t.End - t.Start).TrimEnd('?') : "") + "@" + t.Start)));
        Assert.Equal(EcmaPattern.Translate(pattern, out _), string.Concat(read!.Select(t => t.Net)));
    }

    [Theory]
    [InlineData("[a-c\\d-]", "-0123456789abc", false)]
    [InlineData("[^\\s]", EcmaPattern.WhiteSpace, true)]
    [InlineData(".", EcmaPattern.LineTerminators, true)]
    [InlineData("\\W", EcmaPattern.WordCharacters, true)]
    public void A_set_token_carries_its_characters(string pattern, string chars, bool negated)
    {
        var set = Assert.Single(EcmaPattern.Tokenize(pattern, out _)!);
        Assert.Equal(negated, set.Negated);
        Assert.Equal(chars, new string(set.Ranges!.SelectMany(r => Enumerable.Range(r.Low, r.High - r.Low + 1)).Select(c => (char)c).OrderBy(c => c).ToArray()));
    }

    [Theory]
    [InlineData(@"\$context\.requestId", "Literal")]
    [InlineData(@"^v1", "Literal")]
    [InlineData(@"^[A-Za-z0-9_]+$", "CharacterSets")]
    [InlineData(@"^v[0-9]{1,3}$", "CharacterSets")]
    [InlineData(@"^(\$default|[A-Za-z0-9_-]+)$", "AnchoredAlternation")]
    [InlineData(@"^(?:a|b)$", "AnchoredAlternation")]
    [InlineData(@"^(?<n>a|b)$", "Regex")]
    [InlineData(@"^(a)(b)$", "Regex")]
    [InlineData(@"[a-z]+", "Regex")]
    [InlineData(@"^[a-z]+x$", "Regex")]
    [InlineData(@"^\p{L}+$", "Regex")]
    [InlineData(@"^(?=a)", "Regex")]
    [InlineData(@"^a\bb", "Regex")]
    [InlineData(@"^[\u0000-\uFFFF]$", "Regex")]
    public void The_binder_checks_simple_shapes_without_a_regex(string pattern, string strategy)
        => Assert.Equal(strategy, SimplePattern.Decide(pattern, EcmaPattern.Tokenize(pattern, out _)).Strategy.ToString());
}
