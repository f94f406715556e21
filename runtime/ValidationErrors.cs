using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace StageGen.Runtime.CompilerServices;

// The types generated validators call.
/// <summary>Adds the broken rules of <paramref name="value"/> to <paramref name="errors"/>, with paths relative to it.</summary>
/// <remarks>For generated code; not meant to be used directly.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate void Validator<in T>(T value, ref ValidationErrors errors);

/// <summary>Adds the broken rules of one map entry (its key and value) to <paramref name="errors"/>, relative to the entry.</summary>
/// <remarks>For generated code; not meant to be used directly.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate void EntryValidator<in T>(string key, T item, ref ValidationErrors errors);

/// <summary>
/// An extensible enum: a string the spec may or may not name. Generated enum structs implement it, so that one
/// runtime check reports an unknown value.
/// </summary>
/// <remarks>For generated code; not meant to be used directly.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IExtensibleEnum
{
    /// <summary>The value as sent on the wire.</summary>
    string Value { get; }

    /// <summary>Whether the spec names this value.</summary>
    bool IsKnown { get; }
}

/// <summary>
/// Collects errors while generated validators walk a value. Paths are relative while a child is validated and get
/// their prefix afterwards, only when there was an error: valid input builds no strings and allocates nothing.
/// </summary>
/// <remarks>For generated code; not meant to be used directly.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct ValidationErrors
{
    private List<ValidationError>? _errors;

    /// <summary>How many errors so far; take it as a mark before validating a child.</summary>
    public readonly int Count => _errors?.Count ?? 0;

    /// <summary>Records an error at a relative path ("" is the value itself).</summary>
    public void Add(string path, string rule, string message) => (_errors ??= new()).Add(new ValidationError(path, rule, message));

    /// <summary>Prefixes the errors found since <paramref name="mark"/> with a member name: <c>a</c> + <c>b</c> → <c>a.b</c>.</summary>
    internal readonly void PrefixMember(int mark, string member) => Prefix(mark, member);

    /// <summary>Prefixes the errors found since <paramref name="mark"/> with a map key: <c>["key"]</c>.</summary>
    internal readonly void PrefixKey(int mark, string key)
    {
        if (Count > mark)
        {
            Prefix(mark, "[\"" + KeyText(key) + "\"]");
        }
    }

    /// <summary>A key as JSON string text; an unpaired surrogate (which JsonEncodedText refuses) as its escape, <c>\uD800</c>.</summary>
    private static string KeyText(string key)
    {
        var text = new StringBuilder();
        var rest = key.AsSpan();
        for (var unpaired = Utf16Text.IndexOfUnpairedSurrogate(rest); unpaired >= 0; unpaired = Utf16Text.IndexOfUnpairedSurrogate(rest))
        {
            text.Append(JsonEncodedText.Encode(rest.Slice(0, unpaired), JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value)
                .Append("\\u").Append(((int)rest[unpaired]).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            rest = rest.Slice(unpaired + 1);
        }

        return text.Append(JsonEncodedText.Encode(rest, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value).ToString();
    }

    /// <summary>Prefixes the errors found since <paramref name="mark"/> with a list index: <c>[3]</c>.</summary>
    internal readonly void PrefixIndex(int mark, int index)
    {
        if (Count > mark)
        {
            Prefix(mark, "[" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]");
        }
    }

    /// <summary>Validates a whole value: the shared <see cref="ValidationResult.Success"/>, or every error found.</summary>
    public static ValidationResult Validate<T>(T value, Validator<T> validate)
    {
        var errors = default(ValidationErrors);
        validate(value, ref errors);
        return errors.ToResult();
    }

    /// <summary>
    /// Checks a member with <paramref name="validate"/> unless it is null; its errors are prefixed with
    /// <paramref name="member"/>.
    /// </summary>
    public void CheckMember<T>(string member, T? value, Validator<T> validate)
        where T : class
    {
        if (value is null)
        {
            return;
        }

        var mark = Count;
        validate(value, ref this);
        PrefixMember(mark, member);
    }

    /// <summary>
    /// Checks each entry of a map with <paramref name="check"/> (nothing when the map is null); the errors are prefixed with the key and the member. A
    /// Dictionary (what readers build, and what users mostly pass) is enumerated without boxing its enumerator.
    /// </summary>
    public void CheckEntries<T>(string member, IReadOnlyDictionary<string, T>? map, EntryValidator<T> check) =>
        CheckEntries(member, map, new ByEntryValidator<T>(check));

    /// <summary>
    /// Checks a map of objects (nothing when the map is null): each key is text, each value is not null and is checked
    /// with <paramref name="validate"/>; the errors are prefixed with the key and the member.
    /// </summary>
    public void CheckEntries<T>(string member, IReadOnlyDictionary<string, T>? map, Validator<T> validate)
        where T : class =>
        CheckEntries(member, map, new ByValidator<T>(validate));

    // The entry check is a struct type argument, so both overloads share the loop without a closure.
    private void CheckEntries<T, TCheck>(string member, IReadOnlyDictionary<string, T>? map, TCheck check)
        where TCheck : struct, IEntryCheck<T>
    {
        if (map is null)
        {
            return;
        }

        var mark = Count;
        if (map is Dictionary<string, T> dictionary)
        {
            foreach (var entry in dictionary)
            {
                CheckEntry(entry.Key, entry.Value, check);
            }
        }
        else
        {
            foreach (var entry in map)
            {
                CheckEntry(entry.Key, entry.Value, check);
            }
        }

        PrefixMember(mark, member);
    }

    private void CheckEntry<T, TCheck>(string key, T item, TCheck check)
        where TCheck : struct, IEntryCheck<T>
    {
        var mark = Count;
        check.Check(key, item, ref this);
        PrefixKey(mark, key);
    }

    private interface IEntryCheck<in T>
    {
        void Check(string key, T item, ref ValidationErrors errors);
    }

    private readonly struct ByEntryValidator<T>(EntryValidator<T> check) : IEntryCheck<T>
    {
        public void Check(string key, T item, ref ValidationErrors errors) => check(key, item, ref errors);
    }

    private readonly struct ByValidator<T>(Validator<T> validate) : IEntryCheck<T>
        where T : class
    {
        public void Check(string key, T item, ref ValidationErrors errors)
        {
            errors.CheckText("", key, isKey: true);
            if (item is null)
            {
                errors.Add("", "type", "must not be null");
            }
            else
            {
                validate(item, ref errors);
            }
        }
    }

    /// <summary>
    /// Checks that no item of a list repeats an earlier one (<c>uniqueItems</c>; nothing when the list is null), by the
    /// items' own equality: generated code calls it only for items whose equality is JSON's (text ordinal, numbers,
    /// enums, dates, UUIDs). One error at the list, naming the first repeat. Short lists allocate nothing.
    /// </summary>
    public void CheckUnique<T>(string path, IReadOnlyList<T>? list)
    {
        if (list is null || list.Count < 2)
        {
            return;
        }

        var comparer = EqualityComparer<T>.Default;
        if (list.Count <= 16)
        {
            for (var i = 1; i < list.Count; i++)
            {
                for (var j = 0; j < i; j++)
                {
                    if (comparer.Equals(list[i], list[j]))
                    {
                        AddRepeat(path, i, j);
                        return;
                    }
                }
            }

            return;
        }

        var seen = new Dictionary<Key<T>, int>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            if (seen.TryGetValue(new Key<T>(list[i]), out var first))
            {
                AddRepeat(path, i, first);
                return;
            }

            seen.Add(new Key<T>(list[i]), i);
        }
    }

    private void AddRepeat(string path, int index, int first) =>
        Add(path, "uniqueItems", "must not repeat an item (item " + index.ToString(CultureInfo.InvariantCulture) + " repeats item " + first.ToString(CultureInfo.InvariantCulture) + ")");

    // A dictionary key that may hold null (a list of nullable items: null repeats null, as in JSON).
    private readonly struct Key<T> : IEquatable<Key<T>>
    {
        private readonly T _value;

        public Key(T value) => _value = value;

        public bool Equals(Key<T> other) => EqualityComparer<T>.Default.Equals(_value, other._value);

        public override bool Equals(object? obj) => obj is Key<T> other && Equals(other);

        public override int GetHashCode() => _value is null ? 0 : EqualityComparer<T>.Default.GetHashCode(_value);
    }

    /// <summary>
    /// Checks each item of a list with <paramref name="check"/> (nothing when the list is null); the errors are prefixed
    /// with the index and the member.
    /// </summary>
    public void CheckItems<T>(string member, IReadOnlyList<T>? list, Validator<T> check)
    {
        if (list is null)
        {
            return;
        }

        var mark = Count;
        for (var i = 0; i < list.Count; i++)
        {
            var itemMark = Count;
            check(list[i], ref this);
            PrefixIndex(itemMark, i);
        }

        PrefixMember(mark, member);
    }

    /// <summary>
    /// Checks a string (unless it is null) is text (<see cref="ValidationRules.IsText"/>): JSON carries text, and an unpaired surrogate would
    /// be sent as U+FFFD. A map key's error (<paramref name="isKey"/>) is a <c>propertyNames</c> rule about "the name".
    /// </summary>
    public void CheckText(string path, string? value, bool isKey = false)
    {
        if (value is not null && !ValidationRules.IsText(value))
        {
            Add(path, isKey ? "propertyNames.type" : "type", isKey ? "the name must be text (it has an unpaired surrogate)" : "must be text (it has an unpaired surrogate)");
        }
    }

    /// <summary>
    /// Checks a string's length in code points (<see cref="ValidationRules.Length"/>) against <c>minLength</c> and
    /// <c>maxLength</c>. A map key's errors (<paramref name="isKey"/>) are <c>propertyNames</c> rules about "the name".
    /// </summary>
    public void CheckLength(string path, string value, long? minLength, long? maxLength, bool isKey = false)
    {
        var length = ValidationRules.Length(value);
        var (prefix, what) = isKey ? ("propertyNames.", "the name ") : ("", "");
        if (length < minLength)
        {
            Add(path, prefix + "minLength", minLength == 1 ? what + "must not be empty" : $"{what}must be at least {minLength} characters long (is {length})");
        }

        if (length > maxLength)
        {
            Add(path, prefix + "maxLength", $"{what}must be at most {maxLength} characters long (is {length})");
        }
    }

    /// <summary>Whether a required value is there; when it is null, adds the <c>required</c> error.</summary>
    public bool CheckRequired<T>(string path, [NotNullWhen(true)] T? value)
        where T : class
    {
        if (value is null)
        {
            Add(path, "required", "is required");
            return false;
        }

        return true;
    }

    /// <summary>
    /// Reports a string that does not match a spec <c>pattern</c> (<paramref name="matches"/>: whether it does) with
    /// <paramref name="message"/>, which names the pattern (a constant: no string is built); a map key's error
    /// (<paramref name="isKey"/>) is a <c>propertyNames</c> rule.
    /// </summary>
    public void CheckPattern(string path, bool matches, string message, bool isKey = false)
    {
        if (!matches)
        {
            Add(path, isKey ? "propertyNames.pattern" : "pattern", message);
        }
    }

    /// <summary>Checks an extensible enum's value (unless it is null) is one the spec names, listed in <paramref name="known"/>.</summary>
    public void CheckEnum<T>(string path, T? value, string known)
        where T : struct, IExtensibleEnum
    {
        if (value is { } present)
        {
            CheckEnum(path, present, known);
        }
    }

    /// <summary>Checks an extensible enum's value is one the spec names, listed in <paramref name="known"/>.</summary>
    public void CheckEnum<T>(string path, T value, string known)
        where T : struct, IExtensibleEnum
    {
        if (!value.IsKnown)
        {
            // Interpolated: five parts concatenated would allocate an array on net8.0.
            Add(path, "enum", $"must be one of {known} (was '{value.Value}')");
        }
    }

    /// <summary>Checks an integer enum's value is one the spec names (<paramref name="isKnown"/>), listed in <paramref name="known"/>.</summary>
    public void CheckEnum(string path, bool isKnown, long value, string known)
    {
        if (!isKnown)
        {
            Add(path, "enum", $"must be one of {known} (was {value.ToString(System.Globalization.CultureInfo.InvariantCulture)})");
        }
    }

    /// <summary>Checks a number (unless it is null) can be sent as JSON (<see cref="ValidationRules.IsFinite"/>).</summary>
    public void CheckFinite(string path, double? value)
    {
        if (value is { } number && !ValidationRules.IsFinite(number))
        {
            Add(path, "type", "must be a finite number");
        }
    }

    /// <summary>The result: the shared <see cref="ValidationResult.Success"/> when nothing was found.</summary>
    public readonly ValidationResult ToResult() => _errors is null ? ValidationResult.Success : ValidationResult.From(_errors);

    private readonly void Prefix(int mark, string segment)
    {
        for (var i = mark; i < Count; i++)
        {
            var error = _errors![i];
            var path = error.Path.Length == 0 ? segment
                : error.Path[0] == '[' || segment.Length == 0 ? segment + error.Path
                : segment + "." + error.Path;
            _errors[i] = error with { Path = path };
        }
    }
}
