using System;
using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace StageGen.Runtime;

/// <summary>
/// Whether a .NET string is text. A string may hold an unpaired surrogate, which no UTF-8 can carry: encoders replace
/// it with U+FFFD, so the other side would see a different value. Values are checked and refused instead.
/// </summary>
internal static class Utf16Text
{
    // One contiguous range, searched vectorized. (Measured: MemoryExtensions.IndexOfAnyInRange allocated 96 bytes a call.)
    private static readonly SearchValues<char> Surrogates = SearchValues.Create(CreateSurrogates());

    /// <summary>The index of the first unpaired surrogate in <paramref name="text"/>, or -1 when there is none.</summary>
    public static int IndexOfUnpairedSurrogate(ReadOnlySpan<char> text)
    {
        // Text without surrogates (nearly all of it) is one vectorized scan.
        var offset = 0;
        while (true)
        {
            var found = text.Slice(offset).IndexOfAny(Surrogates);
            if (found < 0)
            {
                return -1;
            }

            var i = offset + found;
            if (!char.IsHighSurrogate(text[i]) || i + 1 == text.Length || !char.IsLowSurrogate(text[i + 1]))
            {
                return i;
            }

            offset = i + 2;
        }
    }

    /// <summary>
    /// Throws when <paramref name="value"/> has an unpaired surrogate. The message names the value as
    /// <paramref name="what"/> with <paramref name="name"/> for <c>{0}</c>, built only then: the check allocates nothing.
    /// </summary>
    public static void ThrowIfUnpaired(string value, string what, string name, string? parameter)
    {
        var index = IndexOfUnpairedSurrogate(value);
        if (index >= 0)
        {
            Throw(string.Format(CultureInfo.InvariantCulture, what, name), value, index, parameter);
        }
    }

    [DoesNotReturn]
    private static void Throw(string what, string value, int index, string? parameter) =>
        throw new ArgumentException(
            $"{what} has an unpaired surrogate (U+{(int)value[index]:X4}) at index {index}: UTF-8 cannot carry it, so it is not sent.", parameter);

    private static char[] CreateSurrogates()
    {
        var surrogates = new char[0xE000 - 0xD800];
        for (var i = 0; i < surrogates.Length; i++)
        {
            surrogates[i] = (char)(0xD800 + i);
        }

        return surrogates;
    }
}
