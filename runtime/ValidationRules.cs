using System;
using System.Buffers;
using System.ComponentModel;
using System.Linq;
using System.Text.RegularExpressions;

namespace StageGen.Runtime.CompilerServices;

/// <summary>Checks generated validators share; each says what JSON Schema means by its keyword.</summary>
/// <remarks>For generated code; not meant to be used directly.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ValidationRules
{
    // SearchValues rather than IndexOfAnyInRange, whose unoptimized (tier-0) code allocates.
    private static readonly SearchValues<char> Surrogates = SearchValues.Create(Enumerable.Range(0xD800, 0x800).Select(c => (char)c).ToArray());

    /// <summary>
    /// A string's length as JSON Schema counts it: in Unicode code points, not UTF-16 units. A surrogate pair is one code
    /// point, and so is a lone surrogate (a string can hold one; JSON can carry it as <c>"\uD800"</c>).
    /// </summary>
    public static int Length(string value)
    {
        // Most strings have no surrogate at all; the vectorized search settles them.
        var first = value.AsSpan().IndexOfAny(Surrogates);
        if (first < 0)
        {
            return value.Length;
        }

        var length = value.Length;
        for (var i = first; i < value.Length - 1; i++)
        {
            if (char.IsHighSurrogate(value[i]) && char.IsLowSurrogate(value[i + 1]))
            {
                length--;
                i++;
            }
        }

        return length;
    }

    /// <summary>
    /// Whether a string is text: it has no unpaired surrogate. JSON strings are text, and UTF-8 has no form for an
    /// unpaired surrogate, so such a string cannot be sent as it is.
    /// </summary>
    internal static bool IsText(string value) => Utf16Text.IndexOfUnpairedSurrogate(value) < 0;

    /// <summary>Whether a number can be sent as JSON at all (JSON has no NaN or infinity).</summary>
    public static bool IsFinite(double value) => double.IsFinite(value);
}

/// <summary>
/// A spec <c>pattern</c>, unanchored as JSON Schema says and safe against catastrophic backtracking. The generator
/// translates the spec's ECMA-262 pattern into .NET syntax with the same meaning (<c>\d</c> is <c>[0-9]</c>, <c>$</c> is
/// <c>\z</c>, ...); this runs the translation on .NET's non-backtracking engine (linear time). Patterns that engine
/// cannot run (backreferences, lookarounds, word boundaries) fall back to the backtracking engine with a match timeout.
/// </summary>
/// <remarks>For generated code; not meant to be used directly.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class SpecPattern
{
    /// <summary>How long a fallback (backtracking) match may run before the value is reported as not matching.</summary>
    internal static readonly TimeSpan FallbackTimeout = TimeSpan.FromMilliseconds(100);

    private readonly Regex _regex;

    /// <summary>Compiles the pattern, in .NET syntax with ECMA-262's meaning spelled out, as the generator writes it.</summary>
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

    /// <summary>The .NET pattern it runs.</summary>
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
