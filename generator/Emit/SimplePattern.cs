using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using StageGen.Generator.Spec;

namespace StageGen.Generator.Emit;

/// <summary>
/// A spec <c>pattern</c> simple enough to check without a regular expression, as a C# expression over a string. Most
/// patterns in API specs are of a few shapes, and for them a generated check is exact and far cheaper than any regex
/// engine:
/// <list type="bullet">
/// <item>a literal, anchored or not: <c>\$context\.requestId</c> is <c>value.Contains("$context.requestId")</c>;</item>
/// <item>with <c>^</c>: fixed single characters or classes, then at most one repeated one:
/// <c>^[A-Za-z0-9_]+$</c>, <c>^[a-z][a-z0-9-]*$</c>, <c>^v[0-9]{1,3}$</c>;</item>
/// <item>an anchored alternation of those: <c>^(\$default|[A-Za-z0-9_-]+)$</c>.</item>
/// </list>
/// Character classes are explicit characters and ranges (negated too), <c>\d</c>, <c>\w</c> and <c>\s</c>; outside classes
/// also <c>\D</c>, <c>\W</c>, <c>\S</c> and <c>.</c>, all with ECMA-262's meanings (<see cref="EcmaPattern"/>). Everything
/// else (groups inside a sequence, lookarounds, ...) is left to the runtime's <c>SpecPattern</c>. Semantics are
/// ECMA-262's: unanchored, <c>$</c> only at the very end, UTF-16 code units.
/// </summary>
internal sealed class SimplePattern
{
    private const int MaxClassSize = 512;

    private readonly List<Alternative> _alternatives;

    private SimplePattern(List<Alternative> alternatives) => _alternatives = alternatives;

    /// <summary>The character sets the expression uses, in order; each becomes a <c>SearchValues&lt;char&gt;</c> field.</summary>
    public IEnumerable<string> CharacterSets =>
        _alternatives.SelectMany(a => a.Items).Where(i => i.Set is not null).Select(i => i.Set!).Distinct();

    /// <summary>Parses <paramref name="pattern"/>, or returns null when it is not one of the simple shapes.</summary>
    public static SimplePattern? TryParse(string pattern)
    {
        var body = pattern;
        var start = body.StartsWith("^", System.StringComparison.Ordinal);
        if (start)
        {
            body = body.Substring(1);
        }

        var end = EndsWithAnchor(body);
        if (end)
        {
            body = body.Substring(0, body.Length - 1);
        }

        var alternatives = new List<Alternative>();
        if (start && end && WholeGroup(body) is { } group)
        {
            foreach (var text in SplitTopLevel(group))
            {
                if (Parse(text, start: true, end: true) is not { } alternative)
                {
                    return null;
                }

                alternatives.Add(alternative);
            }
        }
        else if (Parse(body, start, end) is { } single)
        {
            alternatives.Add(single);
        }
        else
        {
            return null;
        }

        return new SimplePattern(alternatives);
    }

    /// <summary>The check as a C# boolean expression over the string <paramref name="value"/>.</summary>
    /// <param name="value">A string expression that can be evaluated several times (a local).</param>
    /// <param name="setField">The name of the <c>SearchValues&lt;char&gt;</c> field holding a character set.</param>
    public string Expression(string value, System.Func<string, string> setField)
    {
        var parts = _alternatives.Select(a => a.Expression(value, setField)).ToList();
        return parts.Count == 1 ? parts[0] : string.Join(" || ", parts.Select(p => "(" + p + ")"));
    }

    private static bool EndsWithAnchor(string body)
    {
        if (!body.EndsWith("$", System.StringComparison.Ordinal))
        {
            return false;
        }

        // An escaped \$ is a literal dollar sign, not the anchor.
        var backslashes = 0;
        for (var i = body.Length - 2; i >= 0 && body[i] == '\\'; i--)
        {
            backslashes++;
        }

        return backslashes % 2 == 0;
    }

    /// <summary>The inside of <c>( ... )</c> or <c>(?: ... )</c> when that group is the whole body, else null.</summary>
    private static string? WholeGroup(string body)
    {
        var open = body.StartsWith("(?:", System.StringComparison.Ordinal) ? 3 : body.StartsWith("(", System.StringComparison.Ordinal) ? 1 : 0;
        if (open == 0 || !body.EndsWith(")", System.StringComparison.Ordinal) || body.StartsWith("(?", System.StringComparison.Ordinal) && open == 1)
        {
            return null;
        }

        var inside = body.Substring(open, body.Length - open - 1);
        return Scan(inside).All(c => c.Depth >= 0) && Scan(inside).All(c => !(c.Depth == 0 && (c.Char == '(' || c.Char == ')') && !c.Escaped && !c.InClass))
            ? inside
            : null;
    }

    /// <summary>Splits on <c>|</c> outside classes and groups.</summary>
    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var current = new StringBuilder();
        foreach (var c in Scan(text))
        {
            if (c.Char == '|' && !c.Escaped && !c.InClass && c.Depth == 0)
            {
                yield return current.ToString();
                current.Clear();
                continue;
            }

            if (c.Escaped)
            {
                current.Append('\\');
            }

            current.Append(c.Char);
        }

        yield return current.ToString();
    }

    /// <summary>Walks a pattern: each character, whether it was escaped, whether it is in a class, and the group depth.</summary>
    private static IEnumerable<(char Char, bool Escaped, bool InClass, int Depth)> Scan(string text)
    {
        var inClass = false;
        var depth = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                yield return (text[++i], true, inClass, depth);
                continue;
            }

            if (inClass)
            {
                if (c == ']')
                {
                    inClass = false;
                }
            }
            else if (c == '[')
            {
                inClass = true;
            }
            else if (c == '(')
            {
                yield return (c, false, false, depth);
                depth++;
                continue;
            }
            else if (c == ')')
            {
                depth--;
            }

            yield return (c, false, inClass, depth);
        }
    }

    /// <summary>One alternative: items in order, anchored at the start and/or the end, or null if not a simple shape.</summary>
    private static Alternative? Parse(string text, bool start, bool end)
    {
        var items = new List<Item>();
        var i = 0;
        while (i < text.Length)
        {
            Item item;
            var c = text[i];
            if (c == '[')
            {
                if (ParseClass(text, ref i) is not { } set)
                {
                    return null;
                }

                item = set;
            }
            else if (c == '\\')
            {
                if (i + 1 >= text.Length)
                {
                    return null;
                }

                var escaped = text[i + 1];
                if (EcmaPattern.ClassEscape(char.ToLowerInvariant(escaped)) is { } shorthand)
                {
                    item = new Item(shorthand, char.IsUpper(escaped), 1, 1);
                }
                else if (IsLiteralEscape(escaped))
                {
                    item = Item.Literal(escaped);
                }
                else
                {
                    return null;
                }

                i += 2;
            }
            else if (c == '.')
            {
                item = new Item(EcmaPattern.LineTerminators, Negated: true, 1, 1);
                i++;
            }
            else if ("^$|?*+()[]{}".IndexOf(c) >= 0 || char.IsSurrogate(c))
            {
                return null;
            }
            else
            {
                item = Item.Literal(c);
                i++;
            }

            if (!ParseQuantifier(text, ref i, ref item))
            {
                return null;
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

        return new Alternative(items, start, end, literal);
    }

    /// <summary>A literal escape: <c>\</c> before a character that is not a letter or digit stands for that character.</summary>
    private static bool IsLiteralEscape(char c) => c < 128 && !char.IsLetterOrDigit(c);

    private static bool ParseQuantifier(string text, ref int i, ref Item item)
    {
        if (i >= text.Length)
        {
            return true;
        }

        int min, max;
        switch (text[i])
        {
            case '+':
                (min, max) = (1, int.MaxValue);
                i++;
                break;
            case '*':
                (min, max) = (0, int.MaxValue);
                i++;
                break;
            case '?':
                (min, max) = (0, 1);
                i++;
                break;
            case '{':
            {
                var close = text.IndexOf('}', i);
                if (close < 0 || !ParseBounds(text.Substring(i + 1, close - i - 1), out min, out max))
                {
                    return false;
                }

                i = close + 1;
                break;
            }

            default:
                return true;
        }

        // A lazy or possessive marker, or a second quantifier: not a simple shape.
        if (i < text.Length && text[i] is '?' or '+' or '*' or '{')
        {
            return false;
        }

        item = item with { Min = min, Max = max };
        return true;
    }

    /// <summary><c>n</c>, <c>n,</c> or <c>n,m</c> (the inside of <c>{...}</c>).</summary>
    private static bool ParseBounds(string text, out int min, out int max)
    {
        max = int.MaxValue;
        var bounds = text.Split(',');
        if (bounds.Length > 2 || !int.TryParse(bounds[0], NumberStyles.None, CultureInfo.InvariantCulture, out min))
        {
            min = 0;
            return false;
        }

        if (bounds.Length == 1)
        {
            max = min;
        }
        else if (bounds[1].Length > 0 && !int.TryParse(bounds[1], NumberStyles.None, CultureInfo.InvariantCulture, out max))
        {
            return false;
        }

        return max >= min && min <= 10_000;
    }

    /// <summary>Parses <c>[...]</c> or <c>[^...]</c> of characters, ranges and literal escapes.</summary>
    private static Item? ParseClass(string text, ref int i)
    {
        var position = i + 1;
        var negated = position < text.Length && text[position] == '^';
        if (negated)
        {
            position++;
        }

        if (position < text.Length && text[position] == ']')
        {
            return null; // "[]" and "[]a]" mean different things to different engines
        }

        var chars = new List<char>();
        while (true)
        {
            if (position >= text.Length)
            {
                return null;
            }

            if (text[position] == ']')
            {
                break;
            }

            if (text[position] == '\\' && position + 1 < text.Length && EcmaPattern.ClassEscape(text[position + 1]) is { } shorthand)
            {
                // \d, \w or \s; a '-' after one is a literal in ECMA-262 (Annex B), too subtle to be simple.
                position += 2;
                if (position < text.Length && text[position] == '-')
                {
                    return null;
                }

                chars.AddRange(shorthand);
                if (chars.Count > MaxClassSize)
                {
                    return null;
                }

                continue;
            }

            if (ClassChar(text, ref position) is not { } low)
            {
                return null;
            }

            if (position + 1 < text.Length && text[position] == '-' && text[position + 1] != ']')
            {
                position++;
                if (ClassChar(text, ref position) is not { } high || high < low || high - low >= MaxClassSize)
                {
                    return null;
                }

                for (var c = low; c < high; c++)
                {
                    chars.Add(c);
                }

                chars.Add(high);
            }
            else
            {
                chars.Add(low);
            }

            if (chars.Count > MaxClassSize)
            {
                return null;
            }
        }

        i = position + 1;
        if (chars.Count == 0)
        {
            return null;
        }

        // Sorted and distinct, so equal classes get one SearchValues field and the output is stable.
        chars.Sort();
        var set = new StringBuilder(chars.Count);
        for (var k = 0; k < chars.Count; k++)
        {
            if (k == 0 || chars[k] != chars[k - 1])
            {
                set.Append(chars[k]);
            }
        }

        return new Item(set.ToString(), negated, 1, 1);
    }

    private static char? ClassChar(string text, ref int position)
    {
        var c = text[position];
        if (c == '\\')
        {
            if (position + 1 >= text.Length || !IsLiteralEscape(text[position + 1]))
            {
                return null;
            }

            position += 2;
            return text[position - 1];
        }

        // '[' inside a class starts a set operation or a POSIX class in some engines.
        if (c == '[' || char.IsSurrogate(c))
        {
            return null;
        }

        position++;
        return c;
    }

    /// <summary>One character (a literal or a class) repeated <see cref="Min"/> to <see cref="Max"/> times.</summary>
    private sealed record Item(string? Set, bool Negated, int Min, int Max)
    {
        public char Char { get; init; }

        public static Item Literal(char c) => new(null, false, 1, 1) { Char = c };

        private const string Span = "global::System.MemoryExtensions";

        private string CharLiteral => Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(Char, quote: true);

        /// <summary>Whether the character at <paramref name="index"/> of <paramref name="value"/> is one this item accepts.</summary>
        public string Accepts(string value, string index, System.Func<string, string> setField) =>
            Set is null ? $"{value}[{index}] == {CharLiteral}"
            : $"{(Negated ? "!" : "")}{setField(Set)}.Contains({value}[{index}])";

        /// <summary>Whether every character of the span <paramref name="span"/> is one this item accepts.</summary>
        public string AcceptsAll(string span, System.Func<string, string> setField) =>
            Set is null ? $"!{Span}.ContainsAnyExcept({span}, {CharLiteral})"
            : Negated ? $"!{Span}.ContainsAny({span}, {setField(Set)})"
            : $"!{Span}.ContainsAnyExcept({span}, {setField(Set)})";
    }

    private sealed class Alternative(List<Item> items, bool start, bool end, bool literal)
    {
        public List<Item> Items { get; } = items;

        public string Expression(string value, System.Func<string, string> setField)
        {
            if (literal)
            {
                var text = CSharp.Literal(new string(Items.Select(item => item.Char).ToArray()));
                return (start, end) switch
                {
                    (true, true) => $"{value} == {text}",
                    (true, false) => $"{value}.StartsWith({text}, global::System.StringComparison.Ordinal)",
                    (false, true) => $"{value}.EndsWith({text}, global::System.StringComparison.Ordinal)",
                    _ => $"{value}.Contains({text}, global::System.StringComparison.Ordinal)",
                };
            }

            // Fixed items, one character each, then the last item (a variable run).
            var fixedItems = new List<Item>();
            foreach (var item in Items.Take(Items.Count - 1))
            {
                fixedItems.AddRange(Enumerable.Repeat(item with { Min = 1, Max = 1 }, item.Min));
            }

            var last = Items[Items.Count - 1];
            if (last.Min == last.Max && last.Min <= 4)
            {
                fixedItems.AddRange(Enumerable.Repeat(last with { Min = 1, Max = 1 }, last.Min));
                last = last with { Min = 0, Max = 0 };
            }

            var length = fixedItems.Count;
            var checks = new List<string>();
            var minimum = length + last.Min;
            if (end && last.Max != int.MaxValue)
            {
                var maximum = length + (long)last.Max;
                checks.Add(minimum == maximum ? $"{value}.Length == {minimum}" : $"{value}.Length >= {minimum} && {value}.Length <= {maximum}");
            }
            else if (minimum > 0)
            {
                checks.Add($"{value}.Length >= {minimum}");
            }

            for (var i = 0; i < fixedItems.Count; i++)
            {
                checks.Add(fixedItems[i].Accepts(value, i.ToString(CultureInfo.InvariantCulture), setField));
            }

            if (last.Max > 0)
            {
                // Anchored at the end, the run is the rest of the string; otherwise only its first Min characters must fit.
                var from = length.ToString(CultureInfo.InvariantCulture);
                var span = end
                    ? (length == 0 ? $"global::System.MemoryExtensions.AsSpan({value})" : $"global::System.MemoryExtensions.AsSpan({value}, {from})")
                    : $"global::System.MemoryExtensions.AsSpan({value}, {from}, {last.Min.ToString(CultureInfo.InvariantCulture)})";
                if (end || last.Min > 0)
                {
                    checks.Add(last.AcceptsAll(span, setField));
                }
            }

            return checks.Count == 0 ? "true" : string.Join(" && ", checks);
        }
    }
}
