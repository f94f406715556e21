using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace StageGen.Generator.Spec;

/// <summary>
/// A simple, documented heuristic for <c>pattern</c>s that make a backtracking regex engine take exponential time
/// (ReDoS), reported as SG2003. It looks for a group repeated by <c>*</c>, <c>+</c> or <c>{n,}</c>/<c>{n,m}</c> (m &gt; 1)
/// that either
/// <list type="bullet">
/// <item>itself holds a quantifier (<c>(a+)+</c>, <c>(a*)*</c>, <c>(\w+\s?)*</c>, <c>((ab)*c)+</c>), or</item>
/// <item>has alternatives that can start with the same character (<c>(a|a)*</c>, <c>(a|ab)+</c>, <c>(\d|1)*</c>,
/// <c>(x|)*</c>): character classes are compared over ASCII.</item>
/// </list>
/// It can warn about a pattern that is harmless (<c>([a-z]+\.)*</c>, where the dot ends every round) and miss exotic
/// ones; the runtime matches every pattern in linear time either way (non-backtracking engine).
/// </summary>
internal static class PatternRisk
{
    private const int ShownGroupLength = 60;

    /// <summary>What makes <paramref name="pattern"/> risky, for the diagnostic message, or null.</summary>
    public static string? Find(string pattern)
    {
        var frames = new Stack<Frame>();
        frames.Push(new Frame(-1));
        var i = 0;
        while (i < pattern.Length)
        {
            var frame = frames.Peek();
            var c = pattern[i];
            Token? atom;
            switch (c)
            {
                case '\\':
                    atom = Escape(pattern, ref i);
                    break;
                case '[':
                    atom = Class(pattern, ref i);
                    break;
                case '(':
                    if (OpenGroup(pattern, ref i) is { } opened)
                    {
                        frames.Push(new Frame(opened));
                    }

                    continue;
                case ')':
                    if (frames.Count == 1)
                    {
                        // Unbalanced: the pattern was compiled already, so this cannot happen; stay safe.
                        i++;
                        continue;
                    }

                    var group = frames.Pop();
                    i++;
                    var parent = frames.Peek();
                    var groupQuantifier = Quantifier(pattern, ref i);
                    if (groupQuantifier == Repeat.Many)
                    {
                        var shown = Shorten(pattern.Substring(group.Start, i - group.Start));
                        if (group.HasQuantifier)
                        {
                            return $"'{shown}' repeats a group that itself has a quantifier";
                        }

                        if (group.AlternativesOverlap())
                        {
                            return $"'{shown}' repeats alternatives that can match the same character";
                        }
                    }

                    parent.HasQuantifier |= group.HasQuantifier || groupQuantifier != Repeat.None;
                    parent.Add(Token.Unknown);
                    continue;
                case '|':
                    frame.NextAlternative();
                    i++;
                    continue;
                case '^':
                case '$':
                    i++;
                    continue;
                case '.':
                    i++;
                    atom = new Token(".", null);
                    break;
                default:
                    i++;
                    atom = new Token(null, c);
                    break;
            }

            if (atom is { } token)
            {
                frame.Add(token);
                if (Quantifier(pattern, ref i) != Repeat.None)
                {
                    frame.HasQuantifier = true;
                }
            }
        }

        return null;
    }

    private static string Shorten(string text) => text.Length <= ShownGroupLength ? text : text.Substring(0, ShownGroupLength) + "…";

    /// <summary>Reads <c>\x</c>; null for a zero-width assertion (<c>\b</c>, <c>\A</c>, ...).</summary>
    private static Token? Escape(string pattern, ref int i)
    {
        var start = i;
        i++; // the backslash
        if (i >= pattern.Length)
        {
            return new Token(null, '\\');
        }

        var c = pattern[i++];
        switch (c)
        {
            case 'b':
            case 'B':
            case 'A':
            case 'z':
            case 'Z':
            case 'G':
                return null;
            case 'd':
            case 'D':
            case 'w':
            case 'W':
            case 's':
            case 'S':
                return new Token(pattern.Substring(start, i - start), null);
            case 'p':
            case 'P':
                if (i < pattern.Length && pattern[i] == '{')
                {
                    var close = pattern.IndexOf('}', i);
                    i = close < 0 ? pattern.Length : close + 1;
                }

                return new Token(pattern.Substring(start, i - start), null);
            case 'u':
                return HexLiteral(pattern, ref i, 4) ?? new Token(null, 'u');
            case 'x':
                return HexLiteral(pattern, ref i, 2) ?? new Token(null, 'x');
            case 't':
                return new Token(null, '\t');
            case 'n':
                return new Token(null, '\n');
            case 'r':
                return new Token(null, '\r');
            case 'f':
                return new Token(null, '\f');
            case 'v':
                return new Token(null, '\v');
            case 'c':
                i = Math.Min(pattern.Length, i + 1);
                return Token.Unknown;
            case 'k':
                if (i < pattern.Length && pattern[i] is '<' or '\'')
                {
                    var close = pattern.IndexOf(pattern[i] == '<' ? '>' : '\'', i + 1);
                    i = close < 0 ? pattern.Length : close + 1;
                }

                return Token.Unknown;
            default:
                if (char.IsDigit(c))
                {
                    while (i < pattern.Length && char.IsDigit(pattern[i]))
                    {
                        i++;
                    }

                    return Token.Unknown; // a backreference (or an octal escape)
                }

                return new Token(null, c); // an escaped literal: \. \$ \- \/ ...
        }
    }

    private static Token? HexLiteral(string pattern, ref int i, int digits)
    {
        if (i + digits <= pattern.Length
            && int.TryParse(pattern.Substring(i, digits), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var code))
        {
            i += digits;
            return new Token(null, (char)code);
        }

        return null;
    }

    /// <summary>Reads a character class <c>[...]</c> (a <c>]</c> right after <c>[</c> or <c>[^</c> is literal, as .NET reads it).</summary>
    private static Token Class(string pattern, ref int i)
    {
        var start = i++;
        if (i < pattern.Length && pattern[i] == '^')
        {
            i++;
        }

        if (i < pattern.Length && pattern[i] == ']')
        {
            i++;
        }

        var depth = 1;
        while (i < pattern.Length && depth > 0)
        {
            var c = pattern[i++];
            if (c == '\\')
            {
                i++;
            }
            else if (c == '-' && i < pattern.Length && pattern[i] == '[')
            {
                i++;
                depth++; // subtraction: [a-z-[aeiou]]; any other '[' in a class is a literal
            }
            else if (c == ']')
            {
                depth--;
            }
        }

        i = Math.Min(i, pattern.Length);
        return new Token(pattern.Substring(start, i - start), null);
    }

    /// <summary>
    /// Reads a group opening and returns its start, or null for a construct that opens no group (an inline option
    /// list <c>(?i)</c> or a comment <c>(?#...)</c>), which is skipped whole.
    /// </summary>
    private static int? OpenGroup(string pattern, ref int i)
    {
        var start = i++;
        if (i >= pattern.Length || pattern[i] != '?')
        {
            return start;
        }

        i++;
        if (i < pattern.Length && pattern[i] == '#')
        {
            var close = pattern.IndexOf(')', i);
            i = close < 0 ? pattern.Length : close + 1;
            return null;
        }

        // Inline options: (?i) opens no group; (?i: and (?i-s: open one.
        var j = i;
        while (j < pattern.Length && (char.IsLetter(pattern[j]) || pattern[j] == '-'))
        {
            j++;
        }

        if (j > i && j < pattern.Length && pattern[j] is ')' or ':')
        {
            var optionsOnly = pattern[j] == ')';
            i = j + 1;
            return optionsOnly ? null : start;
        }

        if (i + 1 < pattern.Length && pattern[i] == '<' && pattern[i + 1] is '=' or '!')
        {
            i += 2; // lookbehind
        }
        else if (i < pattern.Length && pattern[i] is '<' or '\'')
        {
            var close = pattern.IndexOf(pattern[i] == '<' ? '>' : '\'', i + 1);
            i = close < 0 ? pattern.Length : close + 1; // named group
        }
        else if (i < pattern.Length && pattern[i] is '=' or '!' or ':' or '>')
        {
            i++;
        }

        return start;
    }

    private enum Repeat
    {
        None,
        AtMostOnce,
        Many,
    }

    private static Repeat Quantifier(string pattern, ref int i)
    {
        if (i >= pattern.Length)
        {
            return Repeat.None;
        }

        Repeat repeat;
        switch (pattern[i])
        {
            case '*':
            case '+':
                i++;
                repeat = Repeat.Many;
                break;
            case '?':
                i++;
                repeat = Repeat.AtMostOnce;
                break;
            case '{':
                var match = BoundsRegex.Match(pattern, i);
                if (!match.Success || match.Index != i)
                {
                    return Repeat.None;
                }

                i += match.Length;
                var max = match.Groups[2].Success
                    ? match.Groups[3].Length == 0 ? long.MaxValue : ParseCount(match.Groups[3].Value)
                    : ParseCount(match.Groups[1].Value);
                repeat = max > 1 ? Repeat.Many : Repeat.AtMostOnce;
                break;
            default:
                return Repeat.None;
        }

        if (i < pattern.Length && pattern[i] == '?')
        {
            i++; // lazy
        }

        return repeat;
    }

    private static long ParseCount(string digits) =>
        long.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : long.MaxValue;

    private static readonly Regex BoundsRegex = new(@"\G\{(\d+)(,(\d*))?\}", RegexOptions.CultureInvariant);

    /// <summary>
    /// What an alternative starts with: a literal character, a class (<c>[a-z]</c>, <c>\d</c>, <c>.</c>) or something
    /// the heuristic does not look into (a group, a backreference), which counts as overlapping anything.
    /// </summary>
    private readonly struct Token
    {
        public static readonly Token Unknown = new(null, null);

        public Token(string? @class, char? literal)
        {
            ClassText = @class;
            Literal = literal;
        }

        public string? ClassText { get; }

        public char? Literal { get; }

        public bool IsUnknown => ClassText is null && Literal is null;

        public bool Matches(char c)
        {
            if (Literal is { } literal)
            {
                return literal == c;
            }

            try
            {
                return Regex.IsMatch(c.ToString(), "^(?:" + ClassText + ")$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException)
            {
                return true;
            }
            catch (RegexMatchTimeoutException)
            {
                return true;
            }
        }
    }

    private sealed class Frame
    {
        private readonly List<Token?> _firsts = new() { null };

        public Frame(int start) => Start = start;

        public int Start { get; }

        public bool HasQuantifier { get; set; }

        public void Add(Token token)
        {
            if (_firsts[_firsts.Count - 1] is null)
            {
                _firsts[_firsts.Count - 1] = token;
            }
        }

        public void NextAlternative() => _firsts.Add(null);

        public bool AlternativesOverlap()
        {
            if (_firsts.Count < 2)
            {
                return false;
            }

            for (var a = 0; a < _firsts.Count; a++)
            {
                if (_firsts[a] is not { } first || first.IsUnknown)
                {
                    return true; // an empty alternative matches along with any other
                }

                for (var b = a + 1; b < _firsts.Count; b++)
                {
                    if (_firsts[b] is not { } second || second.IsUnknown || Overlap(first, second))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool Overlap(Token a, Token b)
        {
            if (a.Literal is { } x)
            {
                return b.Matches(x);
            }

            if (b.Literal is { } y)
            {
                return a.Matches(y);
            }

            for (var c = (char)0; c < 128; c++)
            {
                if (a.Matches(c) && b.Matches(c))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
