using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Text.Json;

namespace StageGen.Runtime.CompilerServices;

/// <summary>
/// The shape of a union's object variant (<c>oneOf</c>/<c>anyOf</c> without a discriminator): the members it requires,
/// those it declares, and those with one allowed value (name, value, name, value...). An object is matched against
/// the shapes of a union's variants by <see cref="JsonUnion.BestVariant"/>.
/// </summary>
/// <remarks>For generated code; not meant to be used directly.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class JsonVariantShape
{
    /// <summary>A shape: the members a variant requires, those it declares, and its one-value members as name, value pairs.</summary>
    public JsonVariantShape(string[] required, string[] declared, string[] fixedValues)
    {
        Required = required;
        Declared = declared;
        FixedValues = fixedValues;
    }

    internal string[] Required { get; }

    internal string[] Declared { get; }

    internal string[] FixedValues { get; }
}

/// <summary>How generated readers tell a union's variants apart; the reader passed in is a copy, left where it was.</summary>
/// <remarks>For generated code; not meant to be used directly.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class JsonUnion
{
    /// <summary>
    /// The string value of the member <paramref name="name"/> of the object the reader is on (the discriminator), or
    /// null when it has none or it is not a string.
    /// </summary>
    public static string? Discriminator(Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var found = reader.ValueTextEquals(name);
            reader.Read();
            if (found)
            {
                return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }

            reader.Skip();
        }

        return null;
    }

    /// <summary>
    /// The index of the variant the object the reader is on fits best, or -1 when it fits none. A variant fits when the
    /// object has every member it requires and each of its one-value members, where present, has that value; of those,
    /// the one that declares the most of the object's members is best, and the first of equals.
    /// </summary>
    public static int BestVariant(Utf8JsonReader reader, JsonVariantShape[] variants)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return -1;
        }

        // The object's members, with the value of those that are strings or numbers (as their text): what the shapes
        // are checked against.
        var members = new Dictionary<string, string?>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            members[name] = reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString(),
                JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan),
                _ => null,
            };
            reader.Skip();
        }

        var best = -1;
        var bestScore = -1;
        for (var i = 0; i < variants.Length; i++)
        {
            var score = Score(variants[i], members);
            if (score > bestScore)
            {
                best = i;
                bestScore = score;
            }
        }

        return best;
    }

    /// <summary>Whether the string the reader is on is a date (<c>yyyy-MM-dd</c>), as a <c>format: date</c> variant takes it.</summary>
    public static bool IsDate(Utf8JsonReader reader)
    {
        var text = reader.GetString();
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _);
    }

    private static int Score(JsonVariantShape variant, Dictionary<string, string?> members)
    {
        foreach (var required in variant.Required)
        {
            if (!members.ContainsKey(required))
            {
                return -1;
            }
        }

        for (var i = 0; i + 1 < variant.FixedValues.Length; i += 2)
        {
            if (members.TryGetValue(variant.FixedValues[i], out var value) && value != variant.FixedValues[i + 1])
            {
                return -1;
            }
        }

        var score = 0;
        foreach (var declared in variant.Declared)
        {
            if (members.ContainsKey(declared))
            {
                score++;
            }
        }

        // A variant that declares members but meets none of the object's (an object of another kind) does not fit,
        // unless the object is empty.
        return score == 0 && variant.Declared.Length > 0 && members.Count > 0 ? -1 : score;
    }
}
