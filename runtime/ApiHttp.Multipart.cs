using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace StageGen.Runtime.CompilerServices;

/// <summary>
/// How one member of a <c>multipart/form-data</c> body is sent, when the spec's <c>encoding</c> says more than its type:
/// a media type of its own, or a <c>style</c> that sends it as form fields (one text part per field).
/// </summary>
/// <remarks>For generated code; not meant to be used directly.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct ApiPartEncoding
{
    private ApiPartEncoding(string name, string? contentType, bool asFields, bool indexLists)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        ContentType = contentType;
        AsFields = asFields;
        IndexLists = indexLists;
    }

    /// <summary>The member's JSON name.</summary>
    public string Name { get; }

    internal string? ContentType { get; }

    internal bool AsFields { get; }

    internal bool IndexLists { get; }

    /// <summary>The member's parts carry <paramref name="contentType"/> (the spec's <c>encoding.{name}.contentType</c>).</summary>
    public static ApiPartEncoding Typed(string name, string contentType) =>
        new(name, contentType ?? throw new ArgumentNullException(nameof(contentType)), asFields: false, indexLists: false);

    /// <summary>
    /// The member is sent as form fields, one text part each, as a form body sends it (<c>name[member]</c>, lists
    /// repeated, or indexed with <paramref name="indexLists"/>: <c>style: deepObject</c>).
    /// </summary>
    public static ApiPartEncoding Fields(string name, bool indexLists) => new(name, null, asFields: true, indexLists);
}

public static partial class ApiHttp
{
    private const string TextPlain = "text/plain; charset=utf-8";

    /// <summary>
    /// A <c>multipart/form-data</c> body of the members of a JSON object, as the generated writer wrote it (the files
    /// are added after, by <see cref="AddFile"/>): a string, number or boolean is a text part (<c>text/plain</c>, UTF-8)
    /// of its text as in JSON; an object is a part of its JSON (<c>application/json</c>); a list is one part per item,
    /// each by the same rule; a null is left out (OpenAPI 3's defaults). <paramref name="encodings"/> gives a member
    /// another media type, or sends it as form fields. Part names are escaped as <see cref="AddFile"/> escapes them.
    /// </summary>
    public static HttpContent MultipartContent(byte[] utf8Json, params ApiPartEncoding[] encodings)
    {
        var content = new MultipartFormDataContent();

        // Part headers as UTF-8 (what browsers send for non-ASCII names), not Latin-1, which would turn them into '?'.
        content.HeaderEncodingSelector = static (_, _) => Encoding.UTF8;
        var reader = new Utf8JsonReader(utf8Json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return content;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var member = reader.GetString()!;
            reader.Read();
            var encoding = Array.Find(encodings ?? Array.Empty<ApiPartEncoding>(), e => e.Name == member);
            if (encoding.AsFields)
            {
                var fields = new List<KeyValuePair<string, string>>();
                Flatten(ref reader, member, repeatLists: !encoding.IndexLists, fields);
                foreach (var field in fields)
                {
                    AddPart(content, field.Key, Encoding.UTF8.GetBytes(field.Value), TextPlain);
                }
            }
            else if (reader.TokenType == JsonTokenType.StartArray)
            {
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    AddValuePart(content, ref reader, utf8Json, member, encoding.ContentType);
                }
            }
            else
            {
                AddValuePart(content, ref reader, utf8Json, member, encoding.ContentType);
            }
        }

        return content;
    }

    /// <summary>One part of the JSON value the reader is on: its text, or its JSON for an object (or a list in a list).</summary>
    private static void AddValuePart(MultipartFormDataContent content, ref Utf8JsonReader reader, byte[] utf8Json, string name, string? contentType)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return;
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                AddPart(content, name, utf8Json.AsSpan(start, (int)reader.BytesConsumed - start).ToArray(), contentType ?? "application/json");
                return;
            case JsonTokenType.String:
                AddPart(content, name, Encoding.UTF8.GetBytes(reader.GetString()!), contentType ?? TextPlain);
                return;
            default:
                // A number or boolean, as JSON spells it (ASCII).
                AddPart(content, name, reader.ValueSpan.ToArray(), contentType ?? TextPlain);
                return;
        }
    }

    private static void AddPart(MultipartFormDataContent content, string name, byte[] bytes, string contentType)
    {
        var part = new ByteArrayContent(bytes);
        part.Headers.TryAddWithoutValidation("Content-Disposition", Disposition(name, null));
        part.Headers.TryAddWithoutValidation("Content-Type", contentType);
        content.Add(part);
    }

    /// <summary>
    /// Adds a file part to a request whose content <see cref="MultipartContent"/> made; nothing when
    /// <paramref name="file"/> is null (an optional file left unset). Its media type is the file's own, else
    /// <paramref name="contentType"/> (the spec's <c>encoding</c>), else <c>application/octet-stream</c>. The file
    /// name is sent as browsers send it, in <c>filename="..."</c> with <c>"</c>, <c>\</c> and control characters
    /// (CR and LF among them) percent-encoded (RFC 7578 4.2), and exactly, when it is not plain ASCII or had
    /// to be escaped, in <c>filename*=UTF-8''...</c> (RFC 6266, RFC 8187), so no file name can end the header or add one.
    /// </summary>
    /// <exception cref="ArgumentException">The file's media type is not one (<c>type/subtype</c>, parameters allowed), or its name has an unpaired surrogate.</exception>
    public static void AddFile(HttpRequestMessage request, string name, ApiFile? file, string? contentType)
    {
        if (file is null)
        {
            return;
        }

        var type = file.ContentType ?? contentType ?? "application/octet-stream";
        if (!MediaTypeHeaderValue.TryParse(type, out _) || type.AsSpan().IndexOfAny(HeaderControls) >= 0)
        {
            throw new ArgumentException($"The file '{name}' has the media type '{ApiException.Printable(type)}', which is not one (type/subtype); nothing is sent.", nameof(file));
        }

        Utf16Text.ThrowIfUnpaired(file.FileName, "The file name of '{0}'", name, nameof(file));
        var part = new StreamContent(file.Content);
        part.Headers.TryAddWithoutValidation("Content-Disposition", Disposition(name, file.FileName));
        part.Headers.TryAddWithoutValidation("Content-Type", type);
        ((MultipartFormDataContent)request.Content!).Add(part);
    }

    /// <summary>Adds a file part per item, as <see cref="AddFile"/> does; nothing when <paramref name="files"/> is null.</summary>
    /// <inheritdoc cref="AddFile" path="/exception"/>
    public static void AddFiles(HttpRequestMessage request, string name, IEnumerable<ApiFile>? files, string? contentType)
    {
        if (files is null)
        {
            return;
        }

        foreach (var file in files)
        {
            AddFile(request, name, file ?? throw new ArgumentException($"The files of '{name}' hold a null; nothing is sent.", nameof(files)), contentType);
        }
    }

    /// <summary>A part's <c>Content-Disposition</c>: <c>form-data; name="..."</c>, with the file name when there is one.</summary>
    private static string Disposition(string name, string? fileName)
    {
        var builder = new StringBuilder("form-data; name=\"");
        AppendQuoted(builder, name);
        builder.Append('"');
        if (fileName is null)
        {
            return builder.ToString();
        }

        builder.Append("; filename=\"");
        var exact = AppendQuoted(builder, fileName);
        builder.Append('"');
        if (!exact)
        {
            builder.Append("; filename*=UTF-8''");
            foreach (var b in Encoding.UTF8.GetBytes(fileName))
            {
                // RFC 8187's attr-char: ALPHA / DIGIT / "!#$&+-.^_`|~"; everything else is %XX.
                if (b < 128 && (char.IsAsciiLetterOrDigit((char)b) || "!#$&+-.^_`|~".IndexOf((char)b) >= 0))
                {
                    builder.Append((char)b);
                }
                else
                {
                    builder.Append('%').Append(Hex[b >> 4]).Append(Hex[b & 15]);
                }
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// Appends the inside of a quoted-string as browsers write a form's names (WHATWG, RFC 7578 4.2): <c>"</c>, <c>\</c>,
    /// the C0 controls and DEL percent-encoded, other text (non-ASCII as UTF-8) as it is. Returns whether the text is
    /// plain printable ASCII that needed no escape.
    /// </summary>
    private static bool AppendQuoted(StringBuilder builder, string text)
    {
        var exact = true;
        foreach (var c in text)
        {
            if (c is '"' or '\\' or '%' || c < ' ' || c == '\u007F')
            {
                // '%' itself only makes the name inexact (a reader that decodes would read "%22" as a quote), so it
                // is kept and the exact name goes in filename*.
                exact = false;
                if (c == '%')
                {
                    builder.Append(c);
                    continue;
                }

                builder.Append('%').Append(Hex[c >> 4]).Append(Hex[c & 15]);
            }
            else
            {
                exact &= c < 128;
                builder.Append(c);
            }
        }

        return exact;
    }
}
