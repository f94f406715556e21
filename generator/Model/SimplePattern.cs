using System;
using System.Collections.Generic;
using System.Linq;
using StageGen.Generator.Common;
using StageGen.Generator.Spec;

namespace StageGen.Generator.Model;

/// <summary>
/// A spec <c>pattern</c> simple enough to check without a regular expression, as the alternatives the validators check
/// one by one. Most patterns in API specs are of a few shapes, and for them a generated check is exact and far cheaper
/// than any regex engine (a few nanoseconds a check, and microseconds rather than milliseconds at start-up):
/// <list type="bullet">
/// <item>a literal, anchored or not: <c>\$context\.requestId</c> is <c>value.Contains("$context.requestId")</c>;</item>
/// <item>with <c>^</c>: fixed single characters or classes, then at most one repeated one:
/// <c>^[A-Za-z0-9_]+$</c>, <c>^[a-z][a-z0-9-]*$</c>, <c>^v[0-9]{1,3}$</c>;</item>
/// <item>an anchored alternation of those: <c>^(\$default|[A-Za-z0-9_-]+)$</c>.</item>
/// </list>
/// It reads the pattern's tokens (<see cref="EcmaPattern.Tokenize"/>), so characters and sets mean what they mean in
/// ECMA-262; everything else (groups inside a sequence, lookarounds, ...) is left to the runtime's <c>SpecPattern</c>.
/// Semantics are ECMA-262's: unanchored, <c>$</c> only at the very end, UTF-16 code units.
/// </summary>
internal static class SimplePattern
{
    private const int MaxClassSize = 512;

    /// <summary>
    /// How <paramref name="pattern"/> is checked and, unless by a regex, its alternatives (their sets not named yet).
    /// </summary>
    /// <remarks><paramref name="tokens"/> are the pattern's (<see cref="EcmaPattern.Tokenize"/>); null: it does not tokenize.</remarks>
    public static (PatternStrategy Strategy, List<PatternAlternative> Alternatives) Decide(string pattern, List<PatternToken>? tokens)
    {
        var alternatives = new List<PatternAlternative>();
        var none = (PatternStrategy.Regex, alternatives);
        if (tokens is null)
        {
            return none;
        }

        bool Is(PatternToken token, char anchor) => token.Kind == PatternTokenKind.Assertion && pattern[token.Start] == anchor;
        var start = tokens.Count > 0 && Is(tokens[0], '^');
        var end = tokens.Count > (start ? 1 : 0) && Is(tokens[tokens.Count - 1], '$');
        var body = tokens.Skip(start ? 1 : 0).Take(tokens.Count - (start ? 1 : 0) - (end ? 1 : 0)).ToList();
        if (start && end && WholeGroup(pattern, body) is { } group)
        {
            // Split on '|': the group holds no other group.
            var from = 0;
            for (var k = 0; k <= group.Count; k++)
            {
                if (k < group.Count && group[k].Kind != PatternTokenKind.Alternation)
                {
                    continue;
                }

                if (Parse(group.GetRange(from, k - from), start: true, end: true) is not { } alternative)
                {
                    return none;
                }

                alternatives.Add(alternative);
                from = k + 1;
            }

            return (PatternStrategy.AnchoredAlternation, alternatives);
        }

        if (Parse(body, start, end) is not { } single)
        {
            return none;
        }

        alternatives.Add(single);
        return (single.IsLiteral ? PatternStrategy.Literal : PatternStrategy.CharacterSets, alternatives);
    }

    /// <summary>The inside of <c>( ... )</c> or <c>(?: ... )</c> when that group is the whole body and holds no other, else null.</summary>
    private static List<PatternToken>? WholeGroup(string pattern, List<PatternToken> body)
    {
        if (body.Count < 2 || body[0].Kind != PatternTokenKind.GroupOpen || body[body.Count - 1].Kind != PatternTokenKind.GroupClose)
        {
            return null;
        }

        var opening = pattern.Substring(body[0].Start, body[0].End - body[0].Start);
        var inside = body.GetRange(1, body.Count - 2);
        return opening is "(" or "(?:" && inside.All(t => t.Kind is not (PatternTokenKind.GroupOpen or PatternTokenKind.GroupClose)) ? inside : null;
    }

    /// <summary>One alternative: items in order, anchored at the start and/or the end, or null if not a simple shape.</summary>
    private static PatternAlternative? Parse(List<PatternToken> tokens, bool start, bool end)
    {
        var items = new List<PatternItem>();
        for (var k = 0; k < tokens.Count; k++)
        {
            var token = tokens[k];
            PatternItem item;
            if (token.Kind == PatternTokenKind.Literal && token.Text is { Length: 1 } text && !char.IsSurrogate(text[0]))
            {
                item = new PatternItem(text[0], null, false, 1, 1);
            }
            else if (token.Kind == PatternTokenKind.Set && Set(token) is { } set)
            {
                item = new PatternItem(default, set, token.Negated, 1, 1);
            }
            else
            {
                return null;
            }

            if (k + 1 < tokens.Count && tokens[k + 1].Kind == PatternTokenKind.Quantifier)
            {
                var quantifier = tokens[++k];
                if (quantifier.Min > 10_000 || (quantifier.Max != long.MaxValue && quantifier.Max > int.MaxValue))
                {
                    return null;
                }

                item = item with { Min = (int)quantifier.Min, Max = quantifier.Max == long.MaxValue ? int.MaxValue : (int)quantifier.Max };
            }

            items.Add(item);
        }

        // Only the last item may repeat a variable number of times; the others stand for a fixed number of characters.
        if (items.Take(items.Count - 1).Any(item => item.Max != item.Min))
        {
            return null;
        }

        var literal = items.All(item => item.Set is null && item.Min == 1 && item.Max == 1);
        if (!literal && !start)
        {
            // A class (or a repeat) that may match anywhere needs a search; the regex does that well enough.
            return null;
        }

        return new PatternAlternative(items.ToEquatableArray(), start, end, literal);
    }

    /// <summary>
    /// A set's characters, sorted and distinct (so equal classes get one <c>SearchValues</c> field and the output is
    /// stable), or null when it is empty, large, has a surrogate or is not made of characters alone.
    /// </summary>
    private static string? Set(PatternToken token)
    {
        if (token.Ranges is not { } ranges)
        {
            return null;
        }

        var size = 0L;
        foreach (var range in ranges)
        {
            size += range.High - range.Low + 1;
        }

        if (size > MaxClassSize)
        {
            return null;
        }

        var chars = new char[size];
        var count = 0;
        foreach (var range in ranges)
        {
            for (int c = range.Low; c <= range.High; c++)
            {
                chars[count++] = (char)c;
            }
        }

        Array.Sort(chars, 0, count);
        var distinct = 0;
        for (var i = 0; i < count; i++)
        {
            if (char.IsSurrogate(chars[i]))
            {
                return null;
            }

            if (distinct == 0 || chars[distinct - 1] != chars[i])
            {
                chars[distinct++] = chars[i];
            }
        }

        return distinct == 0 ? null : new string(chars, 0, distinct);
    }
}
