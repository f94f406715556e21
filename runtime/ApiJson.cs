using System;
using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
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

    /// <summary>A thread keeps its writer's buffer while it is at most this large; a larger one is left to the GC.</summary>
    private const int MaxCachedBufferBytes = 64 * 1024;

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = MaxDepth };

    // Generated writers produce well-formed JSON by construction, so the writer need not check every call (as
    // System.Text.Json's serializer does); escaping stays the default, safe one.
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>Reads a whole document: exactly one value, nothing after it.</summary>
    public static T Deserialize<T>(ReadOnlySpan<byte> utf8Json, JsonValueReader<T> read)
    {
        // Utf8JsonReader reports an empty (or all-whitespace) document in its own words, which say nothing of a body.
        if (utf8Json.IndexOfAnyExcept(" \t\r\n"u8) < 0)
        {
            throw new JsonException("The body is empty; expected a JSON value.", null, 0, 0);
        }

        var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
        reader.Read();

        var value = read(ref reader);
        if (reader.Read())
        {
            throw new JsonException($"Unexpected {Describe(reader.TokenType)} after the JSON value at byte {reader.TokenStartIndex}.");
        }

        return value;
    }

    /// <summary>
    /// Writes a value to UTF-8 JSON bytes (an array of exactly that length). The writer and its buffer are kept per
    /// thread and reused, so a call allocates the result and nothing else.
    /// </summary>
    public static byte[] Serialize<T>(T value, Action<Utf8JsonWriter, T> write)
    {
        // Generated writers call no user code, so a call never starts while another on its thread is writing.
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        var writer = t_writer ??= new Utf8JsonWriter(buffer, WriterOptions);
        writer.Reset(buffer);
        try
        {
            write(writer, value);
            writer.Flush();
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            buffer.ResetWrittenCount();
            if (buffer.Capacity > MaxCachedBufferBytes)
            {
                t_buffer = null;
                t_writer = null;
            }
        }
    }

    /// <summary>
    /// The name of the property the reader is on, as UTF-8: the bytes of the document when they need no unescaping
    /// (nearly always), else an unescaped copy. Generated readers switch on it to find the member.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ReadOnlySpan<byte> PropertyName(ref Utf8JsonReader reader) =>
        !reader.HasValueSequence && !reader.ValueIsEscaped ? reader.ValueSpan : UnescapedName(ref reader);

    // Called within a record's reader, which names the record in the error.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static byte[] UnescapedName(ref Utf8JsonReader reader) => Encoding.UTF8.GetBytes(Text(ref reader, null));

    /// <summary>Whether the property name the reader is on is exactly <paramref name="utf8"/>; a name that is not valid text matches nothing.</summary>
    public static bool IsName(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8) => TryPropertyName(ref reader, out var name) && name.SequenceEqual(utf8);

    /// <summary>
    /// Whether the property name the reader is on is <paramref name="utf8"/>, ignoring ASCII case. Error bodies are
    /// matched this way, as the AWS SDKs match them: services send <c>message</c> and <c>Message</c> alike. A name that
    /// is not valid text matches nothing.
    /// </summary>
    public static bool IsNameIgnoreCase(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8) =>
        TryPropertyName(ref reader, out var name) && (name.SequenceEqual(utf8) || Ascii.EqualsIgnoreCase(name, utf8));

    private static bool TryPropertyName(ref Utf8JsonReader reader, out ReadOnlySpan<byte> name)
    {
        try
        {
            name = PropertyName(ref reader);
            return true;
        }
        catch (JsonException)
        {
            name = default;
            return false;
        }
    }

    /// <summary>Whether the reader is on a string whose UTF-8 text is exactly <paramref name="utf8"/> (no allocation).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsString(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8) =>
        reader.TokenType == JsonTokenType.String && (reader.ValueIsEscaped ? EscapedTextEquals(ref reader, utf8) : reader.ValueTextEquals(utf8));

    // Unescaping an unpaired surrogate escape throws: that text equals nothing, and the caller's read reports it.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool EscapedTextEquals(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8)
    {
        try
        {
            return reader.ValueTextEquals(utf8);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
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

    // The readers below are called for every value of every response, so each is a test and a read, inlined into the
    // generated code; the error path (building the exception) is a separate method that is not.

    /// <summary>Checks the reader is on the start of an object.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ExpectStartObject(ref Utf8JsonReader reader, string member)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            ThrowUnexpected(ref reader, member, "an object");
        }
    }

    /// <summary>Checks the reader is on the start of an array.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ExpectStartArray(ref Utf8JsonReader reader, string member)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            ThrowUnexpected(ref reader, member, "an array");
        }
    }

    /// <summary>Reads a string.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static string ReadString(ref Utf8JsonReader reader, string member)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            ThrowUnexpected(ref reader, member, "a string");
        }

        return Text(ref reader, member);
    }

    /// <summary>Reads the property name the reader is on (a map's key).</summary>
    public static string ReadPropertyName(ref Utf8JsonReader reader, string member) => Text(ref reader, member);

    /// <summary>
    /// The text of the string or property name the reader is on. <see cref="Utf8JsonReader.GetString"/> throws
    /// <see cref="InvalidOperationException"/> for invalid UTF-8 or an unpaired surrogate escape (<c>\uD800</c>); that
    /// is bad input like any other, so it becomes a <see cref="JsonException"/>.
    /// </summary>
    private static string Text(ref Utf8JsonReader reader, string? member)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException exception)
        {
            throw InvalidText(ref reader, member, exception);
        }
    }

    private static JsonException InvalidText(ref Utf8JsonReader reader, string? member, InvalidOperationException exception)
    {
        var what = reader.TokenType == JsonTokenType.PropertyName ? "property name" : "string";
        var message = $"the {what} at byte {reader.TokenStartIndex} is not valid text (invalid UTF-8 or an unpaired surrogate escape).";
        return member is null
            ? new JsonException(char.ToUpperInvariant(message[0]) + message.Substring(1), null, null, reader.TokenStartIndex, exception)
            : new JsonException($"{member}: {message}", member, null, reader.TokenStartIndex, exception);
    }

    /// <summary>Reads true or false.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool ReadBoolean(ref Utf8JsonReader reader, string member)
    {
        var token = reader.TokenType;
        if (token is not (JsonTokenType.True or JsonTokenType.False))
        {
            ThrowUnexpected(ref reader, member, "true or false");
        }

        return token == JsonTokenType.True;
    }

    /// <summary>Reads a 32-bit integer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ReadInt32(ref Utf8JsonReader reader, string member)
    {
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var value))
        {
            ThrowUnexpected(ref reader, member, "a 32-bit integer");
            return 0;
        }

        return value;
    }

    /// <summary>Reads a 64-bit integer.</summary>
    public static long ReadInt64(ref Utf8JsonReader reader, string member) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) ? value : throw Unexpected(ref reader, member, "a 64-bit integer");

    /// <summary>Reads a double-precision number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ReadDouble(ref Utf8JsonReader reader, string member)
    {
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var value) || !double.IsFinite(value))
        {
            ThrowUnexpected(ref reader, member, "a number");
            return 0;
        }

        return value;
    }

    /// <summary>Reads a single-precision number.</summary>
    public static float ReadSingle(ref Utf8JsonReader reader, string member) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetSingle(out var value) && float.IsFinite(value) ? value : throw Unexpected(ref reader, member, "a single-precision number");

    /// <summary>Reads an RFC 3339 <c>date-time</c> (offsets and fractions kept).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static DateTimeOffset ReadDateTimeOffset(ref Utf8JsonReader reader, string member)
    {
        if (reader.TokenType != JsonTokenType.String || !TryGetDateTimeOffset(ref reader, member, out var value))
        {
            ThrowUnexpected(ref reader, member, "an RFC 3339 date-time string");
            return default;
        }

        return value;
    }

    private static bool TryGetDateTimeOffset(ref Utf8JsonReader reader, string member, out DateTimeOffset value)
    {
        try
        {
            return reader.TryGetDateTimeOffset(out value);
        }
        catch (InvalidOperationException exception)
        {
            throw InvalidText(ref reader, member, exception);
        }
    }

    /// <summary>Reads an RFC 3339 <c>full-date</c>.</summary>
    public static DateOnly ReadDateOnly(ref Utf8JsonReader reader, string member) =>
        reader.TokenType == JsonTokenType.String
        && DateOnly.TryParseExact(Text(ref reader, member), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? value
            : throw Unexpected(ref reader, member, "a yyyy-MM-dd date string");

    /// <summary>Reads a UUID.</summary>
    public static Guid ReadGuid(ref Utf8JsonReader reader, string member)
    {
        try
        {
            return reader.TokenType == JsonTokenType.String && reader.TryGetGuid(out var value) ? value : throw Unexpected(ref reader, member, "a UUID string");
        }
        catch (InvalidOperationException exception)
        {
            throw InvalidText(ref reader, member, exception);
        }
    }

    /// <summary>Reads a URI (absolute or relative).</summary>
    public static Uri ReadUri(ref Utf8JsonReader reader, string member) =>
        reader.TokenType == JsonTokenType.String && Uri.TryCreate(Text(ref reader, member), UriKind.RelativeOrAbsolute, out var value) ? value : throw Unexpected(ref reader, member, "a URI string");

    /// <summary>Reads base64 bytes.</summary>
    public static byte[] ReadBytes(ref Utf8JsonReader reader, string member)
    {
        try
        {
            return reader.TokenType == JsonTokenType.String && reader.TryGetBytesFromBase64(out var value) ? value! : throw Unexpected(ref reader, member, "a base64 string");
        }
        catch (InvalidOperationException exception)
        {
            throw InvalidText(ref reader, member, exception);
        }
    }

    /// <summary>Reads any JSON value, kept as raw JSON.</summary>
    public static JsonElement ReadElement(ref Utf8JsonReader reader, string member) => JsonElement.ParseValue(ref reader);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowUnexpected(ref Utf8JsonReader reader, string member, string expected) => throw Unexpected(ref reader, member, expected);

    // Utf8JsonWriter writes an unpaired surrogate as U+FFFD, a different value than the caller gave; the writers below,
    // which generated writers call for every string, refuse it instead. The check is one vectorized scan.

    /// <summary>Writes a string member.</summary>
    /// <exception cref="ArgumentException">The value has an unpaired surrogate, which JSON text cannot carry.</exception>
    public static void WriteString(Utf8JsonWriter writer, JsonEncodedText name, string value)
    {
        Utf16Text.ThrowIfUnpaired(value, "The value of member '{0}'", name.ToString(), null);
        writer.WriteString(name, value);
    }

    /// <summary>Writes a map entry whose value is a string or null.</summary>
    /// <exception cref="ArgumentException">The key or value has an unpaired surrogate, which JSON text cannot carry.</exception>
    public static void WriteString(Utf8JsonWriter writer, string key, string? value)
    {
        WritePropertyName(writer, key);
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }

        Utf16Text.ThrowIfUnpaired(value, "The value of key '{0}'", key, null);
        writer.WriteStringValue(value);
    }

    /// <summary>Writes a map key.</summary>
    /// <exception cref="ArgumentException">The key has an unpaired surrogate, which JSON text cannot carry.</exception>
    public static void WritePropertyName(Utf8JsonWriter writer, string key)
    {
        Utf16Text.ThrowIfUnpaired(key, "A map key", "", null);
        writer.WritePropertyName(key);
    }

    /// <summary>Writes a string value (an item of a list, a whole body).</summary>
    /// <exception cref="ArgumentException">The value has an unpaired surrogate, which JSON text cannot carry.</exception>
    public static void WriteStringValue(Utf8JsonWriter writer, string value)
    {
        Utf16Text.ThrowIfUnpaired(value, "A string value", "", null);
        writer.WriteStringValue(value);
    }

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
