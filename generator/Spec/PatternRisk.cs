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
/// ones; the runtime matches every pattern in linear time either way (non-backtracking engine). It reads the pattern
/// through its tokens (<see cref="EcmaPattern.Tokenize"/>, read once by the reader), and tests a class's characters on its .NET translation.
/// </summary>
internal static class PatternRisk
{
    private const int ShownGroupLength = 60;

    /// <summary>What makes <paramref name="pattern"/> (read as <paramref name="tokens"/>) risky, for the diagnostic message, or null.</summary>
    public static string? Find(string pattern, List<PatternToken> tokens)
    {
        var frames = new Stack<Frame>();
        frames.Push(new Frame(-1));
        for (var k = 0; k < tokens.Count; k++)
        {
            var frame = frames.Peek();
            var token = tokens[k];
            switch (token.Kind)
            {
                case PatternTokenKind.GroupOpen:
                    frames.Push(new Frame(token.Start));
                    break;
                case PatternTokenKind.GroupClose when frames.Count > 1:
                    var group = frames.Pop();
                    var parent = frames.Peek();
                    var quantifier = k + 1 < tokens.Count && tokens[k + 1].Kind == PatternTokenKind.Quantifier ? tokens[++k] : null;
                    if (quantifier is { Max: > 1 })
                    {
                        var shown = Shorten(pattern.Substring(group.Start, quantifier.End - group.Start));
                        if (group.HasQuantifier)
                        {
                            return $"'{shown}' repeats a group that itself has a quantifier";
                        }

                        if (group.AlternativesOverlap())
                        {
                            return $"'{shown}' repeats alternatives that can match the same character";
                        }
                    }

                    parent.HasQuantifier |= group.HasQuantifier || quantifier is not null;
                    parent.Add(Token.Unknown);
                    break;
                case PatternTokenKind.Alternation:
                    frame.NextAlternative();
                    break;
                case PatternTokenKind.Quantifier:
                    frame.HasQuantifier = true;
                    break;
                case PatternTokenKind.Literal:
                    frame.Add(new Token(null, token.Text![0]));
                    break;
                case PatternTokenKind.Set:
                    frame.Add(new Token(token.Net, null));
                    break;
                case PatternTokenKind.Backreference:
                    frame.Add(Token.Unknown);
                    break;
            }
        }

        return null;
    }

    private static string Shorten(string text) => text.Length <= ShownGroupLength ? text : text.Substring(0, ShownGroupLength) + "…";

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
