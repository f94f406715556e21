using System;
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
        try
        {
            _regex = new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
        }
        catch (NotSupportedException)
        {
            _regex = new Regex(pattern, RegexOptions.CultureInvariant, FallbackTimeout);
        }
    }

    /// <summary>The pattern as written in the spec.</summary>
    public string Pattern { get; }

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
