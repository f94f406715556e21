using System;
using System.Collections.Generic;

namespace StageGen.Runtime;

/// <summary>
/// A member that may be absent, or present with a value that may be null: absent is not sent, <c>null</c> is sent as
/// JSON <c>null</c>. Assign a value (including <c>null</c>) to set it; leave it alone to leave it absent.
/// </summary>
public readonly struct Optional<T> : IEquatable<Optional<T>>
{
    private readonly T _value;

    /// <summary>A present value (which may be null).</summary>
    public Optional(T value)
    {
        _value = value;
        HasValue = true;
    }

    /// <summary>The absent value.</summary>
    public static Optional<T> Absent => default;

    /// <summary>Whether the member is present.</summary>
    public bool HasValue { get; }

    /// <summary>The value; throws when absent.</summary>
    public T Value => HasValue ? _value : throw new InvalidOperationException("The member is absent.");

    /// <summary>The value, or <paramref name="fallback"/> when absent.</summary>
    public T GetValueOrDefault(T fallback) => HasValue ? _value : fallback;

    /// <summary>Makes a present value.</summary>
    public static implicit operator Optional<T>(T value) => new(value);

    /// <inheritdoc />
    public bool Equals(Optional<T> other) =>
        HasValue == other.HasValue && (!HasValue || EqualityComparer<T>.Default.Equals(_value, other._value));

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Optional<T> other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HasValue ? EqualityComparer<T>.Default.GetHashCode(_value!) ^ 1 : 0;

    /// <inheritdoc />
    public override string ToString() => HasValue ? _value?.ToString() ?? "null" : "(absent)";

    /// <summary>Equality.</summary>
    public static bool operator ==(Optional<T> left, Optional<T> right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(Optional<T> left, Optional<T> right) => !left.Equals(right);
}
