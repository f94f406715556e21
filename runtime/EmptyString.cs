using System;

namespace StageGen.Runtime;

/// <summary>
/// The empty string as a value of its own: the variant of a union whose one value is <c>""</c>, as in Stripe's
/// <c>anyOf: [X, {enum: [""]}]</c>, where sending the empty string unsets a member. Every value is the same one.
/// </summary>
public readonly struct EmptyString : IEquatable<EmptyString>
{
    /// <summary>The empty string; converts to any union that has it as a variant.</summary>
    public static EmptyString Value => default;

    /// <inheritdoc />
    public bool Equals(EmptyString other) => true;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is EmptyString;

    /// <inheritdoc />
    public override int GetHashCode() => 0;

    /// <summary>The empty string.</summary>
    public override string ToString() => string.Empty;

    /// <summary>Equality: always true.</summary>
    public static bool operator ==(EmptyString left, EmptyString right) => true;

    /// <summary>Inequality: always false.</summary>
    public static bool operator !=(EmptyString left, EmptyString right) => false;
}
