using System;
using System.Buffers;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace StageGen.Runtime.CompilerServices;

/// <summary>Reads one JSON value into <typeparamref name="T"/>; generated readers have this shape.</summary>
/// <remarks>For generated code; not meant to be used directly.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate T JsonValueReader<out T>(ref Utf8JsonReader reader);

/// <summary>Reads one item of a list or map; <paramref name="member"/> names it in an error (<c>Stage.tags[]</c>).</summary>
/// <remarks>For generated code; not meant to be used directly.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate T JsonItemReader<out T>(ref Utf8JsonReader reader, string member);

/// <summary>
/// Small, reflection-free JSON helpers generated readers and writers call. Every failure is a
/// <see cref="JsonException"/> that names the member and the byte offset.
/// </summary>
/// <remarks>For generated code; not meant to be used directly.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ApiJson
{
    /// <summary>How deep a document may nest before it is refused.</summary>
    internal const int MaxDepth = 64;

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
    internal static bool IsName(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8) => TryPropertyName(ref reader, out var name) && name.SequenceEqual(utf8);

    /// <summary>
    /// Whether the property name the reader is on is <paramref name="utf8"/>, ignoring ASCII case. Error bodies are
    /// matched this way, as the AWS SDKs match them: services send <c>message</c> and <c>Message</c> alike. A name that
    /// is not valid text matches nothing.
    /// </summary>
    internal static bool IsNameIgnoreCase(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8) =>
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
    internal static void ExpectStartArray(ref Utf8JsonReader reader, string member)
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
    internal static string ReadPropertyName(ref Utf8JsonReader reader, string member) => Text(ref reader, member);

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

    /// <summary>Moves from a member's name to its value; false when the value is null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool NextValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType != JsonTokenType.Null;
    }

    // The member readers: the reader is on a member's name; each moves to the value and reads it into value, where a
    // JSON null leaves value as it was (null reads as absent). Generated record readers make one call per member.

    /// <summary>Reads a member's value with <see cref="ReadString(ref Utf8JsonReader, string)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ReadString(ref Utf8JsonReader reader, string member, ref string? value) => value = NextValue(ref reader) ? ReadString(ref reader, member) : value;

    /// <summary>Reads a member's value with <see cref="ReadBoolean(ref Utf8JsonReader, string)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ReadBoolean(ref Utf8JsonReader reader, string member, ref bool? value) => value = NextValue(ref reader) ? ReadBoolean(ref reader, member) : value;

    /// <summary>Reads a member's value with <see cref="ReadInt32(ref Utf8JsonReader, string)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ReadInt32(ref Utf8JsonReader reader, string member, ref int? value) => value = NextValue(ref reader) ? ReadInt32(ref reader, member) : value;

    /// <summary>Reads a member's value with <see cref="ReadInt64(ref Utf8JsonReader, string)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ReadInt64(ref Utf8JsonReader reader, string member, ref long? value) => value = NextValue(ref reader) ? ReadInt64(ref reader, member) : value;

    /// <summary>Reads a member's value with <see cref="ReadDouble(ref Utf8JsonReader, string)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ReadDouble(ref Utf8JsonReader reader, string member, ref double? value) => value = NextValue(ref reader) ? ReadDouble(ref reader, member) : value;

    /// <summary>Reads a member's value with <see cref="ReadSingle(ref Utf8JsonReader, string)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ReadSingle(ref Utf8JsonReader reader, string member, ref float? value) => value = NextValue(ref reader) ? ReadSingle(ref reader, member) : value;

    /// <summary>Reads a member's value with <see cref="ReadDateTimeOffset(ref Utf8JsonReader, string)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ReadDateTimeOffset(ref Utf8JsonReader reader, string member, ref DateTimeOffset? value) => value = NextValue(ref reader) ? ReadDateTimeOffset(ref reader, member) : value;

    /// <summary>Reads a member's value with <see cref="ReadDateOnly(ref Utf8JsonReader, string)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ReadDateOnly(ref Utf8JsonReader reader, string member, ref DateOnly? value) => value = NextValue(ref reader) ? ReadDateOnly(ref reader, member) : value;

    /// <summary>Reads a member's value with <see cref="ReadGuid(ref Utf8JsonReader, string)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ReadGuid(ref Utf8JsonReader reader, string member, ref Guid? value) => value = NextValue(ref reader) ? ReadGuid(ref reader, member) : value;

    /// <summary>Reads a member's value with <see cref="ReadUri(ref Utf8JsonReader, string)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ReadUri(ref Utf8JsonReader reader, string member, ref Uri? value) => value = NextValue(ref reader) ? ReadUri(ref reader, member) : value;

    /// <summary>Reads a member's value with <see cref="ReadBytes(ref Utf8JsonReader, string)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ReadBytes(ref Utf8JsonReader reader, string member, ref byte[]? value) => value = NextValue(ref reader) ? ReadBytes(ref reader, member) : value;

    /// <summary>Reads a member's value with <see cref="ReadElement(ref Utf8JsonReader, string)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ReadElement(ref Utf8JsonReader reader, string member, ref JsonElement? value) => value = NextValue(ref reader) ? ReadElement(ref reader, member) : value;

    /// <summary>Reads an object member with <paramref name="read"/>; null leaves <paramref name="value"/> as it was.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ReadObject<T>(ref Utf8JsonReader reader, string member, JsonValueReader<T> read, ref T? value)
        where T : class
    {
        if (NextValue(ref reader))
        {
            value = ReadObject(ref reader, member, read);
        }
    }

    /// <summary>Reads a union member (any JSON value) with <paramref name="read"/>; null leaves <paramref name="value"/> as it was.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ReadUnion<T>(ref Utf8JsonReader reader, JsonValueReader<T> read, ref T? value)
        where T : class
    {
        if (NextValue(ref reader))
        {
            value = read(ref reader);
        }
    }

    /// <summary>Reads a member of a value type (an enum) with <paramref name="read"/>; null leaves <paramref name="value"/> as it was.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ReadValue<T>(ref Utf8JsonReader reader, string member, JsonItemReader<T> read, ref T? value)
        where T : struct
    {
        if (NextValue(ref reader))
        {
            value = read(ref reader, member);
        }
    }

    /// <summary>Reads a map member (see <see cref="ReadMap{T}(ref Utf8JsonReader, string, string, JsonItemReader{T}, bool)"/>); null leaves <paramref name="value"/> as it was.</summary>
    public static void ReadMap<T>(ref Utf8JsonReader reader, string member, string itemMember, JsonItemReader<T> readItem, ref IReadOnlyDictionary<string, T>? value, bool keepNull = false)
    {
        if (NextValue(ref reader))
        {
            value = ReadMap(ref reader, member, itemMember, readItem, keepNull);
        }
    }

    /// <summary>Reads a map member whose values are objects; null leaves <paramref name="value"/> as it was.</summary>
    public static void ReadMap<T>(ref Utf8JsonReader reader, string member, string itemMember, JsonValueReader<T> readObject, ref IReadOnlyDictionary<string, T>? value, bool keepNull = false)
    {
        if (NextValue(ref reader))
        {
            value = ReadMap(ref reader, member, itemMember, readObject, keepNull);
        }
    }

    /// <summary>Reads a list member (see <see cref="ReadList{T}(ref Utf8JsonReader, string, string, JsonItemReader{T}, bool)"/>); null leaves <paramref name="value"/> as it was.</summary>
    public static void ReadList<T>(ref Utf8JsonReader reader, string member, string itemMember, JsonItemReader<T> readItem, ref IReadOnlyList<T>? value, bool keepNull = false)
    {
        if (NextValue(ref reader))
        {
            value = ReadList(ref reader, member, itemMember, readItem, keepNull);
        }
    }

    /// <summary>Reads a list member whose items are objects; null leaves <paramref name="value"/> as it was.</summary>
    public static void ReadList<T>(ref Utf8JsonReader reader, string member, string itemMember, JsonValueReader<T> readObject, ref IReadOnlyList<T>? value, bool keepNull = false)
    {
        if (NextValue(ref reader))
        {
            value = ReadList(ref reader, member, itemMember, readObject, keepNull);
        }
    }

    /// <summary>Reads an object member, checked to be an object first so that an error names the member.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T ReadObject<T>(ref Utf8JsonReader reader, string member, JsonValueReader<T> read)
    {
        ExpectStartObject(ref reader, member);
        return read(ref reader);
    }

    /// <summary>Skips the value of a member the type does not have; the reader is on its name.</summary>
    public static void SkipValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    /// <summary>
    /// Reads a map (a JSON object) whose values <paramref name="readItem"/> reads. A null value is kept as null when
    /// <paramref name="keepNull"/>, else it reads as absent, like a null member.
    /// </summary>
    public static Dictionary<string, T> ReadMap<T>(ref Utf8JsonReader reader, string member, string itemMember, JsonItemReader<T> readItem, bool keepNull = false) =>
        ReadMap<T, ItemReader<T>>(ref reader, member, itemMember, new(readItem), keepNull);

    /// <summary>Reads a map whose values are objects, each checked to be an object (the error names the item).</summary>
    public static Dictionary<string, T> ReadMap<T>(ref Utf8JsonReader reader, string member, string itemMember, JsonValueReader<T> readObject, bool keepNull = false) =>
        ReadMap<T, ObjectReader<T>>(ref reader, member, itemMember, new(readObject), keepNull);

    /// <summary>
    /// Reads a list (a JSON array) whose items <paramref name="readItem"/> reads. A null item is kept as null when
    /// <paramref name="keepNull"/>, else it is an error.
    /// </summary>
    public static List<T> ReadList<T>(ref Utf8JsonReader reader, string member, string itemMember, JsonItemReader<T> readItem, bool keepNull = false) =>
        ReadList<T, ItemReader<T>>(ref reader, member, itemMember, new(readItem), keepNull);

    /// <summary>Reads a list whose items are objects, each checked to be an object (the error names the item).</summary>
    public static List<T> ReadList<T>(ref Utf8JsonReader reader, string member, string itemMember, JsonValueReader<T> readObject, bool keepNull = false) =>
        ReadList<T, ObjectReader<T>>(ref reader, member, itemMember, new(readObject), keepNull);

    private static Dictionary<string, T> ReadMap<T, TItems>(ref Utf8JsonReader reader, string member, string itemMember, TItems items, bool keepNull)
        where TItems : struct, IItems<T>
    {
        ExpectStartObject(ref reader, member);
        var map = new Dictionary<string, T>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = ReadPropertyName(ref reader, member);
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null)
            {
                if (keepNull)
                {
                    map[key] = default!;
                }

                continue;
            }

            map[key] = items.Read(ref reader, itemMember);
        }

        return map;
    }

    private static List<T> ReadList<T, TItems>(ref Utf8JsonReader reader, string member, string itemMember, TItems items, bool keepNull)
        where TItems : struct, IItems<T>
    {
        ExpectStartArray(ref reader, member);
        var list = new List<T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                if (!keepNull)
                {
                    throw Unexpected(ref reader, itemMember, "a value");
                }

                list.Add(default!);
                continue;
            }

            list.Add(items.Read(ref reader, itemMember));
        }

        return list;
    }

    // The two kinds of item reader, as structs so the loops above are compiled once for each and call no interface.
    private interface IItems<out T>
    {
        T Read(ref Utf8JsonReader reader, string member);
    }

    private readonly struct ItemReader<T>(JsonItemReader<T> read) : IItems<T>
    {
        public T Read(ref Utf8JsonReader reader, string member) => read(ref reader, member);
    }

    private readonly struct ObjectReader<T>(JsonValueReader<T> read) : IItems<T>
    {
        public T Read(ref Utf8JsonReader reader, string member)
        {
            // Checked here too, so a wrong token names the item rather than only the nested type.
            ExpectStartObject(ref reader, member);
            return read(ref reader);
        }
    }

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

    /// <summary>Writes a string member unless it is null.</summary>
    /// <exception cref="ArgumentException">The value has an unpaired surrogate, which JSON text cannot carry.</exception>
    public static void WriteIfSet(Utf8JsonWriter writer, JsonEncodedText name, string? value)
    {
        if (value is not null)
        {
            WriteString(writer, name, value);
        }
    }

    /// <summary>Writes a boolean member unless it is null.</summary>
    public static void WriteIfSet(Utf8JsonWriter writer, JsonEncodedText name, bool? value)
    {
        if (value is { } set)
        {
            writer.WriteBoolean(name, set);
        }
    }

    /// <summary>Writes a number member unless it is null.</summary>
    public static void WriteIfSet(Utf8JsonWriter writer, JsonEncodedText name, int? value)
    {
        if (value is { } set)
        {
            writer.WriteNumber(name, set);
        }
    }

    /// <summary>Writes a number member unless it is null.</summary>
    public static void WriteIfSet(Utf8JsonWriter writer, JsonEncodedText name, long? value)
    {
        if (value is { } set)
        {
            writer.WriteNumber(name, set);
        }
    }

    /// <summary>Writes a number member unless it is null.</summary>
    public static void WriteIfSet(Utf8JsonWriter writer, JsonEncodedText name, double? value)
    {
        if (value is { } set)
        {
            writer.WriteNumber(name, set);
        }
    }

    /// <summary>Writes a number member unless it is null.</summary>
    public static void WriteIfSet(Utf8JsonWriter writer, JsonEncodedText name, float? value)
    {
        if (value is { } set)
        {
            writer.WriteNumber(name, set);
        }
    }

    /// <summary>Writes an RFC 3339 <c>date-time</c> member unless it is null.</summary>
    public static void WriteIfSet(Utf8JsonWriter writer, JsonEncodedText name, DateTimeOffset? value)
    {
        if (value is { } set)
        {
            writer.WriteString(name, set);
        }
    }

    /// <summary>Writes a UUID member unless it is null.</summary>
    public static void WriteIfSet(Utf8JsonWriter writer, JsonEncodedText name, Guid? value)
    {
        if (value is { } set)
        {
            writer.WriteString(name, set);
        }
    }

    /// <summary>Writes a member that <paramref name="write"/> writes (an object, a list) unless it is null.</summary>
    public static void WriteIfSet<T>(Utf8JsonWriter writer, JsonEncodedText name, T? value, Action<Utf8JsonWriter, T> write)
        where T : class
    {
        if (value is not null)
        {
            writer.WritePropertyName(name);
            write(writer, value);
        }
    }

    /// <summary>
    /// Whether a member the spec lets be null has a value for the caller to write: an absent one is not written, and one
    /// set to null is written here as JSON null.
    /// </summary>
    public static bool HasValueToWrite<T>(Utf8JsonWriter writer, JsonEncodedText name, Optional<T?> member, [NotNullWhen(true)] out T? value)
        where T : class
    {
        value = null;
        return member.HasValue && HasValueToWrite(writer, name, member.Value, out value);
    }

    /// <inheritdoc cref="HasValueToWrite{T}(Utf8JsonWriter, JsonEncodedText, Optional{T}, out T)"/>
    public static bool HasValueToWrite<T>(Utf8JsonWriter writer, JsonEncodedText name, Optional<T?> member, out T value)
        where T : struct
    {
        value = default;
        return member.HasValue && HasValueToWrite(writer, name, member.Value, out value);
    }

    /// <summary>Whether a required member the spec lets be null has a value for the caller to write; null is written here as JSON null.</summary>
    public static bool HasValueToWrite<T>(Utf8JsonWriter writer, JsonEncodedText name, T? member, [NotNullWhen(true)] out T? value)
        where T : class
    {
        value = member;
        if (value is null)
        {
            writer.WriteNull(name);
            return false;
        }

        return true;
    }

    /// <inheritdoc cref="HasValueToWrite{T}(Utf8JsonWriter, JsonEncodedText, T, out T)"/>
    public static bool HasValueToWrite<T>(Utf8JsonWriter writer, JsonEncodedText name, T? member, out T value)
        where T : struct
    {
        value = member.GetValueOrDefault();
        if (!member.HasValue)
        {
            writer.WriteNull(name);
            return false;
        }

        return true;
    }

    /// <summary>Writes a map member whose values are strings, unless it is null.</summary>
    /// <exception cref="ArgumentException">A key or value has an unpaired surrogate, which JSON text cannot carry.</exception>
    public static void WriteMap(Utf8JsonWriter writer, JsonEncodedText name, IReadOnlyDictionary<string, string>? map)
    {
        if (map is not null)
        {
            writer.WritePropertyName(name);
            WriteMap(writer, map);
        }
    }

    /// <summary>
    /// Writes a map whose values are strings; a null value (a map of nullable strings, or one the type says has none) as
    /// null. An error names the key.
    /// </summary>
    /// <exception cref="ArgumentException">A key or value has an unpaired surrogate, which JSON text cannot carry.</exception>
    public static void WriteMap(Utf8JsonWriter writer, IReadOnlyDictionary<string, string> map)
    {
        writer.WriteStartObject();
        // A Dictionary (what readers build, and what users mostly pass) is enumerated without boxing its enumerator.
        if (map is Dictionary<string, string> dictionary)
        {
            foreach (var entry in dictionary)
            {
                WriteString(writer, entry.Key, entry.Value);
            }
        }
        else
        {
            foreach (var entry in map)
            {
                WriteString(writer, entry.Key, entry.Value);
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes a map member whose values <paramref name="writeItem"/> writes, unless it is null.</summary>
    public static void WriteMap<T>(Utf8JsonWriter writer, JsonEncodedText name, IReadOnlyDictionary<string, T>? map, Action<Utf8JsonWriter, T> writeItem)
    {
        if (map is not null)
        {
            writer.WritePropertyName(name);
            WriteMap(writer, map, writeItem);
        }
    }

    /// <summary>Writes a map (a JSON object); a null value (possible at run time even where the type says not) as null.</summary>
    /// <exception cref="ArgumentException">A key has an unpaired surrogate, which JSON text cannot carry.</exception>
    public static void WriteMap<T>(Utf8JsonWriter writer, IReadOnlyDictionary<string, T> map, Action<Utf8JsonWriter, T> writeItem)
    {
        writer.WriteStartObject();
        if (map is Dictionary<string, T> dictionary)
        {
            foreach (var entry in dictionary)
            {
                WriteEntry(writer, entry.Key, entry.Value, writeItem);
            }
        }
        else
        {
            foreach (var entry in map)
            {
                WriteEntry(writer, entry.Key, entry.Value, writeItem);
            }
        }

        writer.WriteEndObject();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteEntry<T>(Utf8JsonWriter writer, string key, T item, Action<Utf8JsonWriter, T> writeItem)
    {
        WritePropertyName(writer, key);
        WriteItem(writer, item, writeItem);
    }

    /// <summary>Writes a list member whose items <paramref name="writeItem"/> writes, unless it is null.</summary>
    public static void WriteList<T>(Utf8JsonWriter writer, JsonEncodedText name, IReadOnlyList<T>? list, Action<Utf8JsonWriter, T> writeItem)
    {
        if (list is not null)
        {
            writer.WritePropertyName(name);
            WriteList(writer, list, writeItem);
        }
    }

    /// <summary>Writes a list (a JSON array); a null item (possible at run time even where the type says not) as null.</summary>
    public static void WriteList<T>(Utf8JsonWriter writer, IReadOnlyList<T> list, Action<Utf8JsonWriter, T> writeItem)
    {
        writer.WriteStartArray();
        for (var i = 0; i < list.Count; i++)
        {
            WriteItem(writer, list[i], writeItem);
        }

        writer.WriteEndArray();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteItem<T>(Utf8JsonWriter writer, T item, Action<Utf8JsonWriter, T> writeItem)
    {
        if (item is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writeItem(writer, item);
        }
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
