using System;
using System.Text;
using System.Text.RegularExpressions;

namespace StageGen.Runtime;

/// <summary>Checks generated validators share; each says what JSON Schema means by its keyword.</summary>
public static class ValidationRules
{
    /// <summary>A string's length as JSON Schema counts it: in Unicode code points, not UTF-16 units.</summary>
    public static int Length(string value)
    {
        var length = value.Length;
        foreach (var c in value)
        {
            if (char.IsHighSurrogate(c))
            {
                length--;
            }
        }

        return length;
    }

    /// <summary>
    /// Whether a string is text: it has no unpaired surrogate. JSON strings are text, and UTF-8 has no form for an
    /// unpaired surrogate, so such a string cannot be sent as it is.
    /// </summary>
    public static bool IsText(string value) => Utf16Text.IndexOfUnpairedSurrogate(value) < 0;

    /// <summary>Whether a number can be sent as JSON at all (JSON has no NaN or infinity).</summary>
    public static bool IsFinite(double value) => double.IsFinite(value);
}

/// <summary>
/// A spec <c>pattern</c>: unanchored, as JSON Schema says, and safe against catastrophic backtracking. It runs on .NET's
/// non-backtracking engine (linear time); patterns that engine cannot run (backreferences, lookarounds) fall back to the
/// backtracking engine with a match timeout.
/// </summary>
public sealed class SpecPattern
{
    /// <summary>How long a fallback (backtracking) match may run before the value is reported as not matching.</summary>
    public static readonly TimeSpan FallbackTimeout = TimeSpan.FromMilliseconds(100);

    private readonly Regex _regex;

    /// <summary>Compiles the pattern.</summary>
    public SpecPattern(string pattern)
    {
        Pattern = pattern;
        var dotNetPattern = AnchorEndAsEcmaScript(pattern);
        try
        {
            _regex = new Regex(dotNetPattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
        }
        catch (NotSupportedException)
        {
            _regex = new Regex(dotNetPattern, RegexOptions.CultureInvariant, FallbackTimeout);
        }
    }

    /// <summary>The pattern as written in the spec.</summary>
    public string Pattern { get; }

    /// <summary>
    /// Rewrites each <c>$</c> anchor as <c>\z</c>. In ECMA-262 (without the <c>m</c> flag) <c>$</c> matches only at the
    /// very end of the input; .NET's also matches before a final <c>\n</c>, so <c>^[a-z]+$</c> would accept
    /// <c>"prod\n"</c>. Escaped <c>\$</c> and <c>$</c> inside a character class are literal and stay as they are.
    /// </summary>
    private static string AnchorEndAsEcmaScript(string pattern)
    {
        if (pattern.IndexOf('$') < 0)
        {
            return pattern;
        }

        var builder = new StringBuilder(pattern.Length + 4);
        var classStart = -1; // index of the '[' of the character class we are in, or -1
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                builder.Append(c).Append(pattern[++i]);
                continue;
            }

            if (classStart >= 0)
            {
                // As .NET parses it, a ']' right after '[' or '[^' is a literal, not the end of the class.
                var first = i == classStart + 1 || (i == classStart + 2 && pattern[classStart + 1] == '^');
                if (c == ']' && !first)
                {
                    classStart = -1;
                }
            }
            else if (c == '[')
            {
                classStart = i;
            }
            else if (c == '$')
            {
                builder.Append("\\z");
                continue;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>Whether the value matches; a fallback match that times out counts as no match.</summary>
    public bool IsMatch(string value)
    {
        try
        {
            return _regex.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
