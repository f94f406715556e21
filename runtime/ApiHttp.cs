using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace StageGen.Runtime;

/// <summary>HTTP plumbing for generated clients: path escaping, parameter formatting, bounded body reads.</summary>
public static class ApiHttp
{
    private const string Hex = "0123456789ABCDEF";

    /// <summary>RFC 3986 unreserved characters: the ones a path segment or query value keeps as they are.</summary>
    private static readonly SearchValues<char> Unreserved =
        SearchValues.Create("-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz~");

    /// <summary>The characters a header value cannot carry as they are: the C0 controls but tab, and DEL.</summary>
    private static readonly SearchValues<char> HeaderControls = SearchValues.Create(
        "\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\n\u000B\f\r\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\u007F");

    /// <summary>
    /// Escapes one path segment so it stays one segment: everything but RFC 3986 unreserved characters
    /// (<c>A-Z a-z 0-9 - . _ ~</c>) is percent-encoded as UTF-8 (<c>$default</c> → <c>%24default</c>,
    /// <c>a/b</c> → <c>a%2Fb</c>). Returns the same string when nothing needs escaping.
    /// </summary>
    /// <param name="value">The segment's value.</param>
    /// <param name="parameter">The parameter it is the value of, named in the errors.</param>
    /// <exception cref="ArgumentException">
    /// The value is empty, a dot segment (<c>.</c> or <c>..</c>), or has an unpaired surrogate; each would address
    /// another resource. An empty segment leaves <c>//</c> in the path. No spelling of a dot segment survives:
    /// <see cref="Uri"/> un-escapes <c>%2E</c> and removes dot segments, so <c>..</c> would silently address another
    /// resource (<c>/v2/apis/../stages/x</c> is sent as <c>/v2/stages/x</c>). An unpaired surrogate has no UTF-8 form
    /// and would be sent as U+FFFD, another name.
    /// </exception>
    public static string EscapePathSegment(string value, string parameter)
    {
        if (value is null)
        {
            throw new ArgumentNullException(parameter);
        }

        if (value.Length == 0)
        {
            throw new ArgumentException(
                $"The value of '{parameter}' is empty: an empty path segment would address another path.", parameter);
        }

        if (value is "." or "..")
        {
            throw new ArgumentException(
                $"'{value}' cannot be sent as a path segment: URIs treat it as a relative reference to another path.", parameter);
        }

        return PercentEncode(value, parameter);
    }

    /// <summary>Escapes a query name or value: everything but RFC 3986 unreserved characters is percent-encoded.</summary>
    /// <exception cref="ArgumentException">The value has an unpaired surrogate, which UTF-8 cannot carry.</exception>
    public static string EscapeQueryValue(string value) => PercentEncode(value, nameof(value));

    private static string PercentEncode(string value, string parameter)
    {
        // The common case, an identifier with nothing to escape, is one vectorized scan and no allocation.
        if (!value.AsSpan().ContainsAnyExcept(Unreserved))
        {
            return value;
        }

        Utf16Text.ThrowIfUnpaired(value, "The value of '{0}'", parameter, parameter);

        var bytes = Encoding.UTF8.GetBytes(value);
        var builder = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            if (b < 128 && IsUnreserved((char)b))
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(Hex[b >> 4]).Append(Hex[b & 15]);
            }
        }

        return builder.ToString();
    }

    /// <summary>Appends <c>?name=value</c> or <c>&amp;name=value</c>, escaping both.</summary>
    /// <exception cref="ArgumentException">The value has an unpaired surrogate, which UTF-8 cannot carry.</exception>
    public static void AppendQuery(StringBuilder url, ref bool hasQuery, string name, string value)
    {
        url.Append(hasQuery ? '&' : '?').Append(PercentEncode(name, name)).Append('=').Append(PercentEncode(value, name));
        hasQuery = true;
    }

    /// <summary>
    /// Adds a request header. A value is sent as given or refused: a control character (CR, LF, NUL, any other but tab)
    /// could smuggle in a header or be dropped on the way, whitespace at either end is removed by the receiver, and an
    /// unpaired surrogate cannot be encoded.
    /// </summary>
    /// <exception cref="ArgumentException">The value would not arrive as it is.</exception>
    public static void AddHeader(HttpRequestMessage request, string name, string value)
    {
        var control = value.AsSpan().IndexOfAny(HeaderControls);
        if (control >= 0)
        {
            throw new ArgumentException(
                $"The value of header '{name}' contains a control character (U+{(int)value[control]:X4}) at index {control} and cannot be sent.", name);
        }

        if (value.Length > 0 && (value[0] is ' ' or '\t' || value[^1] is ' ' or '\t'))
        {
            throw new ArgumentException(
                $"The value of header '{name}' starts or ends with whitespace, which HTTP removes; it cannot be sent as it is.", name);
        }

        Utf16Text.ThrowIfUnpaired(value, "The value of header '{0}'", name, name);
        request.Headers.TryAddWithoutValidation(name, value);
    }

    /// <summary>
    /// The start of every request URI for <paramref name="client"/>'s <see cref="HttpClient.BaseAddress"/>: its absolute
    /// text when a relative path resolves against it by plain concatenation (an http or https URI whose path ends with
    /// <c>/</c>, with no query or fragment), else <c>""</c> (the path stays relative and HttpClient resolves it).
    /// Building the absolute URI once, instead of a relative <see cref="Uri"/> that HttpClient then combines with the
    /// base address, halves the URI work of a request. <paramref name="cache"/> keeps the answer for the base address.
    /// </summary>
    public static string BaseUri(HttpClient client, ref ApiBaseUri? cache)
    {
        var baseAddress = client.BaseAddress;
        var known = cache;
        if (known is null || !ReferenceEquals(known.Address, baseAddress))
        {
            cache = known = new ApiBaseUri(baseAddress);
        }

        return known.Prefix;
    }

    /// <summary>The request URI for <paramref name="uri"/>, which starts with <paramref name="baseUri"/> from <see cref="BaseUri"/>.</summary>
    public static Uri RequestUri(string uri, string baseUri) => new(uri, baseUri.Length == 0 ? UriKind.Relative : UriKind.Absolute);

    /// <summary>
    /// A request body of UTF-8 JSON bytes with <c>Content-Type: application/json</c>. The header is added as text, the
    /// way a transport adds the headers it receives: it is parsed only if someone reads it.
    /// </summary>
    public static HttpContent JsonContent(byte[] utf8Json)
    {
        var content = new ByteArrayContent(utf8Json);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        return content;
    }

    /// <summary>The error for a success body that does not read as the spec's type; keeps a bounded copy of the body.</summary>
    public static ApiResponseFormatException InvalidBody(HttpResponseMessage response, byte[] utf8, string operation, string expected, Exception inner) =>
        InvalidBody(response, new ReadOnlySpan<byte>(utf8), operation, expected, inner);

    /// <summary>The error for a success body that does not read as the spec's type; keeps a bounded copy of the body.</summary>
    public static ApiResponseFormatException InvalidBody(HttpResponseMessage response, ReadOnlySpan<byte> utf8, string operation, string expected, Exception inner)
    {
        const int kept = 64 * 1024;
        var text = Encoding.UTF8.GetString(utf8.Slice(0, Math.Min(utf8.Length, kept)));
        return new ApiResponseFormatException(
            $"{operation}: the {(int)response.StatusCode} response body is not a valid {expected}: {inner.Message}",
            Describe(response, text, utf8.Length > kept),
            inner);
    }

    /// <summary>Formats a parameter value as the spec's wire format has it.</summary>
    public static string Format(string value) => value;

    /// <summary>Formats a parameter value as the spec's wire format has it.</summary>
    public static string Format(bool value) => value ? "true" : "false";

    /// <summary>Formats a parameter value as the spec's wire format has it.</summary>
    public static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Formats a parameter value as the spec's wire format has it.</summary>
    public static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Formats a parameter value as the spec's wire format has it (shortest round-trip form).</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Formats a parameter value as the spec's wire format has it (shortest round-trip form).</summary>
    public static string Format(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Formats a parameter value as RFC 3339 <c>date-time</c>.</summary>
    public static string Format(DateTimeOffset value) => value.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>Formats a parameter value as RFC 3339 <c>full-date</c>.</summary>
    public static string Format(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Formats a parameter value as a hyphenated UUID.</summary>
    public static string Format(Guid value) => value.ToString("D", CultureInfo.InvariantCulture);

    /// <summary>Formats a parameter value as the URI that was given.</summary>
    public static string Format(Uri value) => value.OriginalString;

    /// <summary>
    /// Reads a success body into a pooled buffer (dispose the result to return it), refusing one larger than
    /// <paramref name="maxBytes"/> without buffering it whole (a declared <c>Content-Length</c> is refused before
    /// reading anything). With a Content-Length the body is read once, straight into a buffer of that size; without one
    /// the buffer grows (pooled) until the body ends.
    /// </summary>
    public static async ValueTask<ApiBody> ReadBodyAsync(HttpResponseMessage response, int maxBytes, string operation, CancellationToken cancellationToken)
    {
        var declared = response.Content.Headers.ContentLength;
        if (declared > maxBytes)
        {
            throw TooLarge(response, maxBytes, operation, $"{declared} bytes");
        }

        if (declared == 0)
        {
            return default;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(declared is { } known ? (int)known : Math.Min(maxBytes + 1, 16 * 1024));
        var count = 0;
        try
        {
            using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            while (declared is null || count < declared)
            {
                if (count > maxBytes)
                {
                    throw TooLarge(response, maxBytes, operation, "more");
                }

                if (count == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)maxBytes + 1, buffer.Length * 2L));
                    buffer.AsSpan(0, count).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                // Exactly the declared length, or up to one byte past the limit (which is then refused).
                var end = declared is { } length ? (int)length : (int)Math.Min(buffer.Length, (long)maxBytes + 1);
                var n = await stream.ReadAsync(buffer.AsMemory(count, end - count), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    if (declared is { } expected)
                    {
                        throw new ApiResponseFormatException(
                            $"{operation}: the response body ended after {count} of the {expected} bytes its Content-Length announced.",
                            Describe(response, null, false));
                    }

                    break;
                }

                count += n;
            }

            var body = new ApiBody(buffer, count);
            buffer = null;
            return body;
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>Reads what an error response carries: status, headers, and at most <paramref name="maxBytes"/> of its body.</summary>
    public static async Task<ApiErrorBody> ReadErrorAsync(HttpResponseMessage response, int maxBytes, CancellationToken cancellationToken)
    {
        byte[] buffer;
        int count;
        bool truncated;
        try
        {
            using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            (buffer, count, truncated) = await ReadBoundedAsync(stream, maxBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            // The status already says what went wrong; a body cut off on the way does not hide it.
            (buffer, count, truncated) = (Array.Empty<byte>(), 0, true);
        }

        var utf8 = new ReadOnlyMemory<byte>(buffer, 0, count);
        var text = count == 0 ? null : Encoding.UTF8.GetString(buffer, 0, count);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var isJson = !truncated && (mediaType is null
            ? text?.TrimStart().StartsWith("{", StringComparison.Ordinal) == true
            : mediaType.EndsWith("json", StringComparison.OrdinalIgnoreCase));
        return new ApiErrorBody(Describe(response, text, truncated), utf8, isJson);
    }

    /// <summary>Copies status, reason, headers and the given body text of a response.</summary>
    public static ApiResponseInfo Describe(HttpResponseMessage response, string? body, bool bodyTruncated)
    {
        var headers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in response.Headers)
        {
            headers[header.Key] = new List<string>(header.Value);
        }

        foreach (var header in response.Content.Headers)
        {
            headers[header.Key] = new List<string>(header.Value);
        }

        return new ApiResponseInfo((int)response.StatusCode, response.ReasonPhrase, headers, body, bodyTruncated);
    }

    private static ApiResponseFormatException TooLarge(HttpResponseMessage response, int maxBytes, string operation, string size) =>
        new($"{operation}: the response body is {size} than the {maxBytes} bytes allowed (ApiClientOptions.MaxResponseBodyBytes); it was not read.",
            Describe(response, null, true));

    private static async Task<(byte[] Buffer, int Count, bool Truncated)> ReadBoundedAsync(Stream stream, int maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new byte[Math.Min(maxBytes + 1, 16 * 1024)];
        var count = 0;
        while (true)
        {
            if (count == buffer.Length)
            {
                if (count > maxBytes)
                {
                    return (buffer, maxBytes, true);
                }

                Array.Resize(ref buffer, (int)Math.Min((long)maxBytes + 1, buffer.Length * 2L));
            }

            var n = await stream.ReadAsync(buffer.AsMemory(count), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                return count > maxBytes ? (buffer, maxBytes, true) : (buffer, count, false);
            }

            count += n;
        }
    }

    private static bool IsUnreserved(char c) =>
        c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '.' or '_' or '~';
}

/// <summary>
/// A response body read by <see cref="ApiHttp.ReadBodyAsync"/>: UTF-8 bytes in a buffer rented from the shared pool.
/// Dispose it once the body has been parsed (generated clients do, with <c>using</c>); nothing read from it may keep
/// a reference to <see cref="Span"/>.
/// </summary>
public struct ApiBody : IDisposable
{
    private byte[]? _buffer;
    private readonly int _length;

    internal ApiBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        _length = length;
    }

    /// <summary>The body's bytes (empty once disposed).</summary>
    public readonly ReadOnlySpan<byte> Span => _buffer is null ? default : new ReadOnlySpan<byte>(_buffer, 0, _length);

    /// <summary>How many bytes the body has.</summary>
    public readonly int Length => _buffer is null ? 0 : _length;

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = null;
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

/// <summary>What <see cref="ApiHttp.BaseUri"/> found out about one base address.</summary>
public sealed class ApiBaseUri
{
    internal ApiBaseUri(Uri? address)
    {
        Address = address;
        Prefix = address is { IsAbsoluteUri: true } uri
            && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            && uri.Query.Length == 0
            && uri.Fragment.Length == 0
            && uri.AbsolutePath.EndsWith('/')
                ? uri.AbsoluteUri
                : "";
    }

    internal Uri? Address { get; }

    internal string Prefix { get; }
}

/// <summary>An error response as read by a generated client: the description kept on the exception, and the bounded UTF-8 body to parse.</summary>
public sealed class ApiErrorBody
{
    /// <summary>Creates the value.</summary>
    public ApiErrorBody(ApiResponseInfo response, ReadOnlyMemory<byte> utf8Body, bool isJson)
    {
        Response = response;
        Utf8Body = utf8Body;
        IsJson = isJson;
    }

    /// <summary>Status, headers and body text.</summary>
    public ApiResponseInfo Response { get; }

    /// <summary>The body bytes that were read (bounded).</summary>
    public ReadOnlyMemory<byte> Utf8Body { get; }

    /// <summary>Whether the body is complete and looks like JSON, so typed fields can be read from it.</summary>
    public bool IsJson { get; }
}
