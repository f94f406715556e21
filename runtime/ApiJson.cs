using System;
using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace StageGen.Runtime;

/// <summary>Reads one JSON value into <typeparamref name="T"/>; generated readers have this shape.</summary>
public delegate T JsonValueReader<out T>(ref Utf8JsonReader reader);

/// <summary>
/// Small, reflection-free JSON helpers generated readers and writers call. Every failure is a
/// <see cref="JsonException"/> that names the member and the byte offset.
/// </summary>
public static class ApiJson
{
    /// <summary>How deep a document may nest before it is refused.</summary>
    public const int MaxDepth = 64;

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = MaxDepth };

    /// <summary>Reads a whole document: exactly one value, nothing after it.</summary>
    public static T Deserialize<T>(ReadOnlySpan<byte> utf8Json, JsonValueReader<T> read)
    {
        var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
        if (!reader.Read())
        {
            throw new JsonException("The body is empty; expected a JSON value.");
        }

        var value = read(ref reader);
        if (reader.Read())
        {
            throw new JsonException($"Unexpected {Describe(reader.TokenType)} after the JSON value at byte {reader.TokenStartIndex}.");
        }

        return value;
    }

    /// <summary>Writes a value to UTF-8 JSON bytes.</summary>
    public static byte[] Serialize<T>(T value, Action<Utf8JsonWriter, T> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer, value);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The error for a token of the wrong kind; its <see cref="JsonException.Path"/> is the member.</summary>
    public static JsonException Unexpected(ref Utf8JsonReader reader, string member, string expected) =>
        new($"{member}: expected {expected} but found {Describe(reader.TokenType)} at byte {reader.TokenStartIndex}.", member, null, reader.TokenStartIndex);

    /// <summary>
    /// Names the member being read in an error that does not name one yet (malformed or truncated JSON found by the
    /// reader); an error that already has a <see cref="JsonException.Path"/> is returned as it is.
    /// </summary>
    public static JsonException InMember(string member, JsonException exception) =>
        exception.Path is not null ? exception : new JsonException($"{member}: {exception.Message}", member, exception.LineNumber, exception.BytePositionInLine, exception);

    /// <summary>Checks the reader is on the start of an object.</summary>
    public static void ExpectStartObject(ref Utf8JsonReader reader, string member)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Unexpected(ref reader, member, "an object");
        }
    }

    /// <summary>Checks the reader is on the start of an array.</summary>
    public static void ExpectStartArray(ref Utf8JsonReader reader, string member)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Unexpected(ref reader, member, "an array");
        }
    }

    /// <summary>Reads a string.</summary>
    public static string ReadString(ref Utf8JsonReader reader, string member) =>
        reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw Unexpected(ref reader, member, "a string");

    /// <summary>Reads true or false.</summary>
    public static bool ReadBoolean(ref Utf8JsonReader reader, string member) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw Unexpected(ref reader, member, "true or false"),
    };

    /// <summary>Reads a 32-bit integer.</summary>
    public static int ReadInt32(ref Utf8JsonReader reader, string member) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value) ? value : throw Unexpected(ref reader, member, "a 32-bit integer");

    /// <summary>Reads a 64-bit integer.</summary>
    public static long ReadInt64(ref Utf8JsonReader reader, string member) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) ? value : throw Unexpected(ref reader, member, "a 64-bit integer");

    /// <summary>Reads a double-precision number.</summary>
    public static double ReadDouble(ref Utf8JsonReader reader, string member) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var value) && double.IsFinite(value) ? value : throw Unexpected(ref reader, member, "a number");

    /// <summary>Reads a single-precision number.</summary>
    public static float ReadSingle(ref Utf8JsonReader reader, string member) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetSingle(out var value) && float.IsFinite(value) ? value : throw Unexpected(ref reader, member, "a single-precision number");

    /// <summary>Reads an RFC 3339 <c>date-time</c> (offsets and fractions kept).</summary>
    public static DateTimeOffset ReadDateTimeOffset(ref Utf8JsonReader reader, string member) =>
        reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out var value) ? value : throw Unexpected(ref reader, member, "an RFC 3339 date-time string");

    /// <summary>Reads an RFC 3339 <c>full-date</c>.</summary>
    public static DateOnly ReadDateOnly(ref Utf8JsonReader reader, string member) =>
        reader.TokenType == JsonTokenType.String
        && DateOnly.TryParseExact(reader.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? value
            : throw Unexpected(ref reader, member, "a yyyy-MM-dd date string");

    /// <summary>Reads a UUID.</summary>
    public static Guid ReadGuid(ref Utf8JsonReader reader, string member) =>
        reader.TokenType == JsonTokenType.String && reader.TryGetGuid(out var value) ? value : throw Unexpected(ref reader, member, "a UUID string");

    /// <summary>Reads a URI (absolute or relative).</summary>
    public static Uri ReadUri(ref Utf8JsonReader reader, string member) =>
        reader.TokenType == JsonTokenType.String && Uri.TryCreate(reader.GetString(), UriKind.RelativeOrAbsolute, out var value) ? value : throw Unexpected(ref reader, member, "a URI string");

    /// <summary>Reads base64 bytes.</summary>
    public static byte[] ReadBytes(ref Utf8JsonReader reader, string member) =>
        reader.TokenType == JsonTokenType.String && reader.TryGetBytesFromBase64(out var value) ? value! : throw Unexpected(ref reader, member, "a base64 string");

    /// <summary>Reads any JSON value, kept as raw JSON.</summary>
    public static JsonElement ReadElement(ref Utf8JsonReader reader, string member) => JsonElement.ParseValue(ref reader);

    /// <summary>Writes an RFC 3339 <c>full-date</c>.</summary>
    public static void WriteDateOnly(Utf8JsonWriter writer, DateOnly value)
    {
        Span<char> text = stackalloc char[10];
        value.TryFormat(text, out var written, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        writer.WriteStringValue(text.Slice(0, written));
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.PropertyName => "a property name",
        _ => token.ToString(),
    };
}
