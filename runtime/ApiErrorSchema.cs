using System;
using System.ComponentModel;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace StageGen.Runtime.CompilerServices;

/// <summary>
/// The fields of one error schema as a generated exception reads them: <see cref="ApiErrorSchema.Read{TFields}"/> finds
/// each member and calls <see cref="Read"/> for its value.
/// </summary>
/// <remarks>For generated code; not meant to be used directly.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IApiErrorFields
{
    /// <summary>Reads the value of member number <paramref name="member"/> (in the schema's order); the reader is on the value, which is not null.</summary>
    void Read(int member, ref Utf8JsonReader reader);
}

/// <summary>
/// The member names of one error schema, and how a body's names match them. Names match ignoring ASCII case, as the
/// AWS SDKs read error bodies (services send <c>message</c> and <c>Message</c> alike), except where two members differ
/// only in case (<c>detailCode</c>, <c>detailcode</c>): each of those matches its own spelling.
/// </summary>
/// <remarks>For generated code; not meant to be used directly.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ApiErrorSchema
{
    private readonly byte[][] _names;
    private readonly bool[] _ignoreCase;

    /// <summary>The schema's member names as JSON spells them.</summary>
    public ApiErrorSchema(params string[] members)
    {
        if (members is null)
        {
            throw new ArgumentNullException(nameof(members));
        }

        _names = members.Select(Encoding.UTF8.GetBytes).ToArray();
        _ignoreCase = members.Select(name => members.Count(other => string.Equals(other, name, StringComparison.OrdinalIgnoreCase)) == 1).ToArray();
    }

    /// <summary>
    /// Reads the fields from the error body when it is JSON. A body that is not leaves them unset, and one that breaks
    /// off keeps the fields read before; the raw body stays on the exception either way.
    /// </summary>
    public TFields Read<TFields>(ApiErrorBody error)
        where TFields : struct, IApiErrorFields
    {
        if (error is null)
        {
            throw new ArgumentNullException(nameof(error));
        }

        var fields = default(TFields);
        if (!error.IsJson)
        {
            return fields;
        }

        try
        {
            var reader = new Utf8JsonReader(error.Utf8Body.Span, new JsonReaderOptions { MaxDepth = ApiJson.MaxDepth });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return fields;
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var member = Match(ref reader);
                reader.Read();
                if (member < 0)
                {
                    reader.Skip();
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    fields.Read(member, ref reader);
                }
            }
        }
        catch (JsonException)
        {
            // Fields read before the error are kept.
        }

        return fields;
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
