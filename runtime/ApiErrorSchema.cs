using System;
using System.ComponentModel;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace StageGen.Runtime.CompilerServices;

/// <summary>
/// The member names of one error schema, and how a body's names match them. Names match ignoring ASCII case, as the
/// AWS SDKs read error bodies (services send <c>message</c> and <c>Message</c> alike), except where two members differ
/// only in case (<c>detailCode</c>, <c>detailcode</c>): each of those matches its own spelling.
/// </summary>
/// <remarks>For generated code; not meant to be used directly.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ApiErrorSchema
{
    private readonly string[] _members;
    private readonly byte[][] _names;
    private readonly bool[] _ignoreCase;

    /// <summary>The schema's member names as JSON spells them.</summary>
    public ApiErrorSchema(params string[] members)
    {
        if (members is null)
        {
            throw new ArgumentNullException(nameof(members));
        }

        _members = members;
        _names = members.Select(Encoding.UTF8.GetBytes).ToArray();
        _ignoreCase = members.Select(name => members.Count(other => string.Equals(other, name, StringComparison.OrdinalIgnoreCase)) == 1).ToArray();
    }

    /// <summary>
    /// Finds the schema's members in the error body when it is JSON. A body that is not finds none, and one that breaks
    /// off keeps the members found before; the raw body stays on the exception either way.
    /// </summary>
    public ApiErrorFields Read(ApiErrorBody error)
    {
        if (error is null)
        {
            throw new ArgumentNullException(nameof(error));
        }

        if (!error.IsJson)
        {
            return default;
        }

        Range[]? values = null;
        try
        {
            var reader = new Utf8JsonReader(error.Utf8Body.Span, new JsonReaderOptions { MaxDepth = ApiJson.MaxDepth });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return default;
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var member = Match(ref reader);
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                var isNull = reader.TokenType == JsonTokenType.Null;
                reader.Skip();
                if (member >= 0 && !isNull)
                {
                    // A member given twice counts as its last value, as it would for a record.
                    values ??= new Range[_names.Length];
                    values[member] = new Range(start, (int)reader.BytesConsumed);
                }
            }
        }
        catch (JsonException)
        {
            // Members found before the error are kept.
        }

        return new ApiErrorFields(error.Utf8Body, values, _members);
    }

    /// <summary>The number of the member the property name the reader is on names, or -1.</summary>
    private int Match(ref Utf8JsonReader reader)
    {
        for (var i = 0; i < _names.Length; i++)
        {
            if (_ignoreCase[i] ? ApiJson.IsNameIgnoreCase(ref reader, _names[i]) : ApiJson.IsName(ref reader, _names[i]))
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>
/// The members of one error body that <see cref="ApiErrorSchema.Read"/> found, each read by its number in the schema's
/// order when the exception asks for it. A member that is absent, null or not of its type reads as null: an error body
/// is the service's word on a failure, and a field it gets wrong must not hide the failure itself.
/// </summary>
/// <remarks>For generated code; not meant to be used directly.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct ApiErrorFields
{
    private readonly ReadOnlyMemory<byte> _body;
    private readonly Range[]? _values;
    private readonly string[]? _members;

    internal ApiErrorFields(ReadOnlyMemory<byte> body, Range[]? values, string[] members)
    {
        _body = body;
        _values = values;
        _members = members;
    }

    /// <summary>A string member.</summary>
    public string? String(int member) => Item(member, ApiJson.ReadString);

    /// <summary>A member of a value type (a number, a date, an enum), read by <paramref name="read"/>.</summary>
    public T? Value<T>(int member, JsonItemReader<T> read)
        where T : struct =>
        TryRead(member, read, out var value) ? value : null;

    /// <summary>A member of a reference type (a list, a map, a URI), read by <paramref name="read"/>.</summary>
    public T? Item<T>(int member, JsonItemReader<T> read)
        where T : class =>
        TryRead(member, read, out var value) ? value : null;

    /// <summary>An object member, read by its type's reader.</summary>
    public T? Object<T>(int member, JsonValueReader<T> read)
        where T : class =>
        TryRead(member, (ref Utf8JsonReader reader, string name) => ApiJson.ReadObject(ref reader, name, read), out var value) ? value : null;

    private bool TryRead<T>(int member, JsonItemReader<T> read, out T value)
    {
        value = default!;
        // A member that was not found keeps the empty range 0..0: no value ends at byte 0.
        if (_values is null || (uint)member >= (uint)_values.Length || _values[member].End.Value == 0)
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(_body.Span[_values[member]], new JsonReaderOptions { MaxDepth = ApiJson.MaxDepth });
            reader.Read();
            value = read(ref reader, _members![member]);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
