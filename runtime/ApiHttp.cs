using System;
using System.Buffers;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace StageGen.Runtime.CompilerServices;

/// <summary>HTTP plumbing for generated clients: path escaping, parameter formatting, bounded body reads.</summary>
/// <remarks>For generated code; not meant to be used directly.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static partial class ApiHttp
{
    private const string Hex = "0123456789ABCDEF";

    /// <summary>The first buffer a body is read into; it doubles as more bytes arrive.</summary>
    private const int InitialBufferBytes = 16 * 1024;

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

    /// <summary>Adds the cookie <paramref name="name"/> (to the request's one <c>Cookie</c> header, <c>a=1; b=2</c>).</summary>
    /// <exception cref="ArgumentException">
    /// The value has a character a cookie value cannot hold (a space, <c>" , ; \</c>, a control or non-ASCII character):
    /// it is refused rather than sent altered.
    /// </exception>
    public static void AddCookie(HttpRequestMessage request, string name, string value) => AddCookie(request, name, value, name);

    internal static void AddCookie(HttpRequestMessage request, string name, string value, string what)
    {
        foreach (var c in value)
        {
            // RFC 6265 cookie-octet: visible ASCII but DQUOTE, comma, semicolon and backslash.
            if (c is <= ' ' or >= '\u007F' or '"' or ',' or ';' or '\\')
            {
                throw new ArgumentException($"{what} has a character a cookie value cannot hold (U+{(int)c:X4}); it cannot be sent as the cookie '{name}'.", what);
            }
        }

        // One Cookie header (RFC 6265, 5.4): a second cookie joins the first.
        var cookie = name + "=" + value;
        if (request.Headers.TryGetValues("Cookie", out var existing))
        {
            cookie = string.Join("; ", existing) + "; " + cookie;
            request.Headers.Remove("Cookie");
        }

        request.Headers.TryAddWithoutValidation("Cookie", cookie);
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
    /// A request for <paramref name="uri"/>, which starts with <paramref name="baseUri"/> from <see cref="ApiBaseUri.Get(HttpClient, ref ApiBaseUri?, ApiClientOptions?, ApiOperation)"/>,
    /// that accepts JSON.
    /// </summary>
    public static HttpRequestMessage Request(HttpMethod method, string uri, string baseUri) => Request(method, uri, baseUri, "application/json");

    /// <summary>A request as <see cref="Request(HttpMethod, string, string)"/> makes it, that accepts <paramref name="accept"/> (a text or binary result's media type).</summary>
    public static HttpRequestMessage Request(HttpMethod method, string uri, string baseUri, string accept)
    {
        var request = new HttpRequestMessage(method, new Uri(uri, baseUri.Length == 0 ? UriKind.Relative : UriKind.Absolute));
        request.Headers.TryAddWithoutValidation("Accept", accept);
        return request;
    }

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

    /// <summary>
    /// A text request body: <paramref name="text"/> as UTF-8, with <c>Content-Type: <paramref name="mediaType"/></c>
    /// (and <c>charset=utf-8</c> unless it names one).
    /// </summary>
    /// <exception cref="ArgumentException">The text has an unpaired surrogate, which UTF-8 cannot carry; nothing is sent in its place.</exception>
    public static HttpContent TextContent(string text, string mediaType)
    {
        Utf16Text.ThrowIfUnpaired(text, "The {0} body", "text", nameof(text));
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.TryAddWithoutValidation("Content-Type", mediaType.Contains("charset=", StringComparison.OrdinalIgnoreCase) ? mediaType : mediaType + "; charset=utf-8");
        return content;
    }

    /// <summary>
    /// A binary request body: the stream's bytes from its current position, with <c>Content-Type: <paramref name="mediaType"/></c>.
    /// The stream is disposed with the request, as <see cref="System.Net.Http.StreamContent"/> does.
    /// </summary>
    public static HttpContent StreamContent(Stream body, string mediaType)
    {
        var content = new StreamContent(body ?? throw new ArgumentNullException(nameof(body)));
        content.Headers.TryAddWithoutValidation("Content-Type", mediaType);
        return content;
    }

    /// <summary>
    /// A form body (<c>application/x-www-form-urlencoded</c>) of the members of a JSON object, as the generated writer
    /// wrote it, so names, enums, dates and numbers are spelled as in JSON: a scalar is <c>name=value</c> (<c>true</c>,
    /// a number as written, null as empty); an object's members are <c>name[member]=</c>; a list of scalars repeats
    /// <c>name=</c> (OpenAPI's <c>style: form</c>) unless <paramref name="indexedLists"/> names it (<c>style:
    /// deepObject</c>: <c>name[0]=</c>), and lists inside objects, or of objects, are indexed.
    /// </summary>
    public static HttpContent FormContent(byte[] utf8Json, params string[] indexedLists)
    {
        var form = new StringBuilder();
        foreach (var field in Fields(utf8Json, "", membersAtTop: true, indexedLists))
        {
            form.Append(form.Length == 0 ? "" : "&").Append(Uri.EscapeDataString(field.Key)).Append('=').Append(Uri.EscapeDataString(field.Value));
        }

        // Escaped text is ASCII.
        var content = new ByteArrayContent(Encoding.ASCII.GetBytes(form.ToString()));
        content.Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded");
        return content;
    }

    /// <summary>
    /// Adds a query parameter of a structured value, from its JSON as the generated writer wrote it: a scalar is
    /// <c>name=value</c>, a list repeats <c>name=</c>, and an object's members are <c>name[member]=</c> with
    /// <paramref name="deepObject"/> (OpenAPI's <c>style: deepObject</c>), else <c>member=</c> (<c>style: form</c>,
    /// exploded, the default); members inside members are always <c>[member]</c>.
    /// </summary>
    public static void AppendQueryJson(StringBuilder url, ref bool hasQuery, string name, byte[] utf8Json, bool deepObject)
    {
        foreach (var field in Fields(utf8Json, name, membersAtTop: !deepObject, Array.Empty<string>()))
        {
            AppendQuery(url, ref hasQuery, field.Key, field.Value);
        }
    }

    /// <summary>
    /// Adds a query parameter whose value is its JSON text (<c>filter={"a":1}</c>, escaped): a parameter the spec gives
    /// as <c>content: {application/json: ...}</c>.
    /// </summary>
    public static void AppendQueryJsonText(StringBuilder url, ref bool hasQuery, string name, byte[] utf8Json) =>
        AppendQuery(url, ref hasQuery, name, Encoding.UTF8.GetString(utf8Json));

    /// <summary>
    /// The fields of a JSON value: with <paramref name="membersAtTop"/>, an object's members are fields of their own
    /// names (lists of scalars repeated unless <paramref name="indexedLists"/> names them); otherwise, or for a value
    /// that is not an object, the value is the field <paramref name="name"/>.
    /// </summary>
    private static List<KeyValuePair<string, string>> Fields(byte[] utf8Json, string name, bool membersAtTop, string[] indexedLists)
    {
        var fields = new List<KeyValuePair<string, string>>();
        var reader = new System.Text.Json.Utf8JsonReader(utf8Json);
        reader.Read();
        if (membersAtTop && reader.TokenType == System.Text.Json.JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == System.Text.Json.JsonTokenType.PropertyName)
            {
                var member = reader.GetString()!;
                reader.Read();
                Flatten(ref reader, member, repeatLists: Array.IndexOf(indexedLists, member) < 0, fields);
            }
        }
        else
        {
            Flatten(ref reader, name, repeatLists: true, fields);
        }

        return fields;
    }

    /// <summary>
    /// The fields of the JSON value the reader is on, under <paramref name="key"/>: objects as <c>key[member]</c>, lists
    /// of scalars as <paramref name="key"/> repeated (<paramref name="repeatLists"/>) or indexed, other lists indexed.
    /// </summary>
    private static void Flatten(ref System.Text.Json.Utf8JsonReader reader, string key, bool repeatLists, List<KeyValuePair<string, string>> fields)
    {
        switch (reader.TokenType)
        {
            case System.Text.Json.JsonTokenType.StartObject:
                while (reader.Read() && reader.TokenType == System.Text.Json.JsonTokenType.PropertyName)
                {
                    var member = reader.GetString()!;
                    reader.Read();
                    Flatten(ref reader, key + "[" + member + "]", repeatLists: false, fields);
                }

                break;
            case System.Text.Json.JsonTokenType.StartArray:
                var index = 0;
                while (reader.Read() && reader.TokenType != System.Text.Json.JsonTokenType.EndArray)
                {
                    var scalar = reader.TokenType is not (System.Text.Json.JsonTokenType.StartObject or System.Text.Json.JsonTokenType.StartArray);
                    Flatten(ref reader, repeatLists && scalar ? key : key + "[" + index.ToString(CultureInfo.InvariantCulture) + "]", repeatLists: false, fields);
                    index++;
                }

                break;
            default:
                var value = reader.TokenType switch
                {
                    System.Text.Json.JsonTokenType.String => reader.GetString()!,
                    System.Text.Json.JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
                    System.Text.Json.JsonTokenType.True => "true",
                    System.Text.Json.JsonTokenType.False => "false",
                    _ => "",
                };
                fields.Add(new KeyValuePair<string, string>(key, value));
                break;
        }
    }

    /// <summary>A text result: the body as UTF-8 (invalid bytes read as U+FFFD, as any text decoder does).</summary>
    public static string ReadText(ReadOnlySpan<byte> body) => Encoding.UTF8.GetString(body);

    /// <summary>A binary result: a read-only stream over a copy of the body, which the client read whole (bounded by the options).</summary>
    public static Stream ReadStream(ReadOnlySpan<byte> body) => new MemoryStream(body.ToArray(), writable: false);

    /// <summary>The error for a success body that does not read as the spec's type; keeps a bounded copy of the body.</summary>
    private static ApiResponseFormatException InvalidBody(HttpResponseMessage response, ReadOnlySpan<byte> utf8, string operation, string expected, Exception inner)
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
    /// Sends a generated client's request and reads the answer: the result from a success body, else the exception
    /// <paramref name="operation"/> declares for the status. The response is refused when it came from somewhere other
    /// than the request was sent to. An HttpClient whose handler follows redirects (the default of
    /// <c>new HttpClient()</c>) re-sends the request, body and headers included, to wherever a 3xx's <c>Location</c>
    /// points, and turns a 303 (and a 301 or 302 to a POST) into a GET; what comes back from there is not the service's
    /// answer. Only a handler with <c>AllowAutoRedirect = false</c> keeps the request from going
    /// (<see cref="ApiHttpClient.Create(System.Uri)"/>'s has it); the client then sees the 3xx itself. The body reads end at the
    /// HttpClient's Timeout, counted from the send, and are bounded by <paramref name="options"/>.
    /// </summary>
    /// <exception cref="ApiResponseFormatException">A success body that is not what the spec says, or too large.</exception>
    /// <exception cref="ApiException">An error status, or a response to a request with another scheme, host, port or method.</exception>
    /// <exception cref="HttpRequestException">The request failed, or the HttpClient followed a redirect to a URI it cannot send to.</exception>
    /// <exception cref="TaskCanceledException">The HttpClient's Timeout elapsed, or <paramref name="cancellationToken"/> was cancelled.</exception>
    public static ValueTask<TResult> SendAsync<TResult>(
        HttpClient httpClient, HttpRequestMessage request, ApiOperation<TResult> operation, ApiClientOptions options, CancellationToken cancellationToken) =>
        SendCoreAsync(httpClient, request, operation, operation.Read, operation.ResultName, options, cancellationToken);

    /// <summary>Sends a generated client's request for an operation with no result; a success body is not read.</summary>
    /// <inheritdoc cref="SendAsync{TResult}(HttpClient, HttpRequestMessage, ApiOperation{TResult}, ApiClientOptions, CancellationToken)"/>
    public static ValueTask SendAsync(
        HttpClient httpClient, HttpRequestMessage request, ApiOperation operation, ApiClientOptions options, CancellationToken cancellationToken)
    {
        var sending = SendCoreAsync<bool>(httpClient, request, operation, null, null, options, cancellationToken);
        return sending.IsCompletedSuccessfully ? default : new ValueTask(sending.AsTask());
    }

    /// <summary>
    /// Sends as <see cref="SendAsync{TResult}(HttpClient, HttpRequestMessage, ApiOperation{TResult}, ApiClientOptions, CancellationToken)"/> does, and returns the result with the response's declared headers,
    /// which <paramref name="readHeaders"/> reads (a malformed one as null: it does not fail the call).
    /// </summary>
    /// <inheritdoc cref="SendAsync{TResult}(HttpClient, HttpRequestMessage, ApiOperation{TResult}, ApiClientOptions, CancellationToken)"/>
    public static async ValueTask<ApiResponse<TResult, THeaders>> SendAsync<TResult, THeaders>(
        HttpClient httpClient, HttpRequestMessage request, ApiOperation<TResult> operation, Func<ApiResponseInfo, THeaders> readHeaders, ApiClientOptions options, CancellationToken cancellationToken)
    {
        var seen = new StrongBox<ApiResponseInfo?>();
        var body = await SendCoreAsync(httpClient, request, operation, operation.Read, operation.ResultName, options, cancellationToken, seen).ConfigureAwait(false);
        return new ApiResponse<TResult, THeaders>(seen.Value!, readHeaders(seen.Value!), body);
    }

    /// <summary>Sends as <see cref="SendAsync(HttpClient, HttpRequestMessage, ApiOperation, ApiClientOptions, CancellationToken)"/> does, and returns the response's declared headers.</summary>
    /// <inheritdoc cref="SendAsync{TResult}(HttpClient, HttpRequestMessage, ApiOperation{TResult}, ApiClientOptions, CancellationToken)"/>
    public static async ValueTask<ApiResponse<THeaders>> SendAsync<THeaders>(
        HttpClient httpClient, HttpRequestMessage request, ApiOperation operation, Func<ApiResponseInfo, THeaders> readHeaders, ApiClientOptions options, CancellationToken cancellationToken)
    {
        var seen = new StrongBox<ApiResponseInfo?>();
        await SendCoreAsync<bool>(httpClient, request, operation, null, null, options, cancellationToken, seen).ConfigureAwait(false);
        return new ApiResponse<THeaders>(seen.Value!, readHeaders(seen.Value!));
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<TResult> SendCoreAsync<TResult>(
        HttpClient httpClient, HttpRequestMessage request, ApiOperation operation, ApiBodyReader<TResult>? read, string? resultName, ApiClientOptions options, CancellationToken cancellationToken,
        StrongBox<ApiResponseInfo?>? seen = null)
    {
        // One async method for the whole call (send, body, error) keeps a call to one state machine here; a ValueTask,
        // so a call that completes at once allocates none, from a pooling builder, so one that waits reuses a box (the
        // caller awaits it once, as generated code does).
        var call = new ApiCall(httpClient, request, operation.Name);
        HttpResponseMessage response;
        try
        {
            response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (UriFormatException ex)
        {
            // SocketsHttpHandler follows a redirect to a URI with no host (file:///etc/passwd), then fails to connect to it.
            throw new HttpRequestException(
                $"{call.Operation}: the HttpClient followed a redirect to a URI it cannot send to ({ex.Message}). API clients do not follow redirects: " +
                "give the HttpClient a handler with AllowAutoRedirect = false.",
                ex);
        }

        using (response)
        {
            EnsureNotRedirected(response, call);
            if ((int)response.StatusCode is >= 200 and <= 299)
            {
                if (seen is not null)
                {
                    // The status and headers, for a caller that asked for them (the body is read as the result).
                    seen.Value = Describe(response, null, false);
                }

                if (read is null)
                {
                    return default!;
                }

                // Read once into a pooled buffer, parsed in place, returned to the pool here and only here.
                var (buffer, length) = await ReadBodyAsync(response, call, options.MaxResponseBodyBytes, cancellationToken).ConfigureAwait(false);
                try
                {
                    return read(buffer.AsSpan(0, length));
                }
                catch (System.Text.Json.JsonException ex)
                {
                    throw InvalidBody(response, buffer.AsSpan(0, length), call.Operation, resultName!, ex);
                }
                finally
                {
                    if (buffer is not null)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                    }
                }
            }

            var error = await ReadErrorAsync(response, call, options.MaxErrorBodyBytes, cancellationToken).ConfigureAwait(false);
            throw operation.Error(error);
        }
    }

    private static void EnsureNotRedirected(HttpResponseMessage response, ApiCall call)
    {
        if (response.RequestMessage is not { RequestUri: { IsAbsoluteUri: true } uri } answered || call.Origin is not { IsAbsoluteUri: true } origin)
        {
            return; // a handler that does not say which request it answered did not follow a redirect through SocketsHttpHandler
        }

        // Following a redirect replaces the request's RequestUri, so the very Uri that was sent means none was followed.
        // Checked first: Uri.Compare copies both URIs' scheme and server into new strings (312 bytes a call).
        if (answered.Method == call.Method
            && (ReferenceEquals(uri, origin)
                || Uri.Compare(uri, origin, UriComponents.SchemeAndServer, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) == 0))
        {
            return;
        }

        throw new ApiException(
            $"{call.Operation}: the HttpClient followed a redirect to {answered.Method} {uri.GetLeftPart(UriPartial.Path)}, away from {call.Method} " +
            $"{origin.GetLeftPart(UriPartial.Authority)}; the response from there was not read. API clients do not follow redirects: " +
            "give the HttpClient a handler with AllowAutoRedirect = false.",
            Describe(response, null, true));
    }

    /// <summary>
    /// Reads a success body into a buffer rented from the shared pool (null for an empty body), which the caller
    /// returns once it has parsed the first <c>Length</c> bytes. Plain data rather than a disposable struct, whose
    /// copies would each return the one buffer. A body larger than <paramref name="maxBytes"/> is refused without
    /// buffering it whole (a declared <c>Content-Length</c> is refused before reading anything). The buffer grows with the bytes that arrive, up to the declared length when there is one:
    /// an announced length costs nothing until the bytes come. The read ends when the HttpClient's Timeout, counted
    /// from <paramref name="call"/>'s start, runs out, as well as when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    /// <exception cref="ApiResponseFormatException">The body is too large, or ends before its Content-Length.</exception>
    /// <exception cref="HttpRequestException">The connection failed while the body was read.</exception>
    /// <exception cref="TaskCanceledException">
    /// The HttpClient's Timeout elapsed (its <see cref="Exception.InnerException"/> is a <see cref="TimeoutException"/>,
    /// as HttpClient's own is), or <paramref name="cancellationToken"/> was cancelled (then its
    /// <see cref="OperationCanceledException.CancellationToken"/> is that token).
    /// </exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] // awaited once, by SendCoreAsync
    internal static async ValueTask<(byte[]? Buffer, int Length)> ReadBodyAsync(HttpResponseMessage response, ApiCall call, int maxBytes, CancellationToken cancellationToken)
    {
        var operation = call.Operation;
        var declared = response.Content.Headers.ContentLength;
        if (declared > maxBytes)
        {
            throw TooLarge(response, maxBytes, operation, $"{declared} bytes");
        }

        if (declared == 0)
        {
            return (null, 0);
        }

        // Exactly the declared length, or up to one byte past the limit (which is then refused).
        var limit = declared ?? (long)maxBytes + 1;
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(limit, InitialBufferBytes));
        var count = 0;
        CancellationTokenSource? timer = null;
        try
        {
            using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            while (count < limit)
            {
                if (count == buffer.Length)
                {
                    if (count == Array.MaxLength)
                    {
                        throw TooLarge(response, maxBytes, operation, "more");
                    }

                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Min(limit, Array.MaxLength), count * 2L));
                    buffer.AsSpan(0, count).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = stream.ReadAsync(buffer.AsMemory(count, (int)Math.Min(buffer.Length, limit) - count), cancellationToken);
                if (!read.IsCompleted)
                {
                    timer ??= call.StartTimeout(stream);
                }

                var n = await read.ConfigureAwait(false);
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

            if (timer is { IsCancellationRequested: true })
            {
                throw call.TimedOut(null);
            }

            if (count > maxBytes)
            {
                throw TooLarge(response, maxBytes, operation, "more");
            }

            var body = (buffer, count);
            buffer = null;
            return body;
        }
        catch (Exception ex) when (timer is { IsCancellationRequested: true } && !cancellationToken.IsCancellationRequested && ex is not TaskCanceledException { InnerException: TimeoutException })
        {
            throw call.TimedOut(ex);
        }
        catch (IOException ex)
        {
            // As HttpClient reports a body it fails to buffer: a transport error, not a stream's.
            throw new HttpRequestException(
                ex is HttpIOException http ? http.HttpRequestError : HttpRequestError.Unknown,
                $"{operation}: the connection failed after {count} bytes of the response body: {ex.Message}",
                ex,
                response.StatusCode);
        }
        finally
        {
            ApiCall.StopTimeout(timer);
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>
    /// Reads what an error response carries: status, headers, and at most <paramref name="maxBytes"/> of its body. A body
    /// cut off on the way (a reset, the HttpClient's Timeout) is kept as far as it came and marked truncated: the
    /// status already says what went wrong.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    internal static async Task<ApiErrorBody> ReadErrorAsync(HttpResponseMessage response, ApiCall call, int maxBytes, CancellationToken cancellationToken)
    {
        var (buffer, count, truncated) = await ReadBoundedAsync(response, call, maxBytes, cancellationToken).ConfigureAwait(false);
        var utf8 = new ReadOnlyMemory<byte>(buffer, 0, count);
        var text = count == 0 ? null : Encoding.UTF8.GetString(buffer, 0, count);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var isJson = !truncated && (mediaType is null
            ? text?.TrimStart().StartsWith("{", StringComparison.Ordinal) == true
            : mediaType.EndsWith("json", StringComparison.OrdinalIgnoreCase));
        return new ApiErrorBody(Describe(response, text, truncated), utf8, isJson);
    }

    /// <summary>Copies status, reason, headers and the given body text of a response.</summary>
    internal static ApiResponseInfo Describe(HttpResponseMessage response, string? body, bool bodyTruncated)
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

    private static async Task<(byte[] Buffer, int Count, bool Truncated)> ReadBoundedAsync(
        HttpResponseMessage response, ApiCall call, int maxBytes, CancellationToken cancellationToken)
    {
        // Up to one byte past the limit, to know whether there was more; no more room than a declared length needs.
        var limit = Math.Min((long)maxBytes + 1, Array.MaxLength);
        var first = Math.Min(limit, InitialBufferBytes);
        if (response.Content.Headers.ContentLength is { } declared && declared < first)
        {
            first = declared + 1;
        }

        var buffer = new byte[first];
        var count = 0;
        CancellationTokenSource? timer = null;
        try
        {
            using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            while (true)
            {
                if (count == buffer.Length)
                {
                    if (count >= limit)
                    {
                        return (buffer, Math.Min(count, maxBytes), true);
                    }

                    Array.Resize(ref buffer, (int)Math.Min(limit, buffer.Length * 2L));
                }

                var read = stream.ReadAsync(buffer.AsMemory(count), cancellationToken);
                if (!read.IsCompleted)
                {
                    timer ??= call.StartTimeout(stream);
                }

                var n = await read.ConfigureAwait(false);
                if (n == 0)
                {
                    return count > maxBytes ? (buffer, maxBytes, true) : (buffer, count, timer is { IsCancellationRequested: true });
                }

                count += n;
            }
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or ObjectDisposedException
            || (timer is { IsCancellationRequested: true } && !cancellationToken.IsCancellationRequested))
        {
            // Cut off by the network or by the timeout: what arrived is kept.
            return (buffer, Math.Min(count, maxBytes), true);
        }
        finally
        {
            ApiCall.StopTimeout(timer);
        }
    }

    private static bool IsUnreserved(char c) =>
        c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '.' or '_' or '~';
}

/// <summary>
/// One call of a generated client, taken just before it sends: the operation, the method and origin the request goes
/// to, and when the HttpClient's Timeout runs out. HttpClient's own timeout ends with the response headers (the client
/// sends with <see cref="HttpCompletionOption.ResponseHeadersRead"/>); the body reads get what is left of it.
/// </summary>
internal readonly struct ApiCall
{
    private readonly TimeSpan _timeout;
    private readonly long _started;

    /// <summary>Notes the operation, where <paramref name="request"/> goes, and the time.</summary>
    public ApiCall(HttpClient httpClient, HttpRequestMessage request, string operation)
    {
        if (httpClient is null)
        {
            throw new ArgumentNullException(nameof(httpClient));
        }

        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        Operation = operation;
        Method = request.Method;
        Origin = request.RequestUri is { IsAbsoluteUri: true } uri ? uri : httpClient.BaseAddress;
        _timeout = httpClient.Timeout;
        _started = Stopwatch.GetTimestamp();
    }

    /// <summary>The operation's name, for messages.</summary>
    public string Operation { get; }

    /// <summary>The method the request was sent with.</summary>
    public HttpMethod Method { get; }

    /// <summary>The request's absolute URI, or the base address a relative one is resolved against.</summary>
    public Uri? Origin { get; }

    /// <summary>A timer <see cref="StopTimeout"/> reset, for the next body read on this thread that waits.</summary>
    [ThreadStatic]
    private static CancellationTokenSource? t_spareTimer;

    /// <summary>
    /// A timer that disposes <paramref name="stream"/> when the timeout runs out, which ends a read waiting on it (the
    /// way HttpClient ends one it cancels); null when the timeout is infinite. End it with <see cref="StopTimeout"/>.
    /// </summary>
    internal CancellationTokenSource? StartTimeout(Stream stream)
    {
        if (_timeout == Timeout.InfiniteTimeSpan)
        {
            return null;
        }

        var timer = t_spareTimer ?? new CancellationTokenSource();
        t_spareTimer = null;
        timer.Token.UnsafeRegister(static s => ((Stream)s!).Dispose(), stream);
        var left = _timeout - Stopwatch.GetElapsedTime(_started);
        if (left > TimeSpan.Zero)
        {
            timer.CancelAfter(left);
        }
        else
        {
            timer.Cancel();
        }

        return timer;
    }

    /// <summary>
    /// Ends a timer from <see cref="StartTimeout"/>. One that has not fired is kept for the next call: resetting it
    /// stops it and drops the registration for this call's stream, so that call allocates no timer. One that fired, or
    /// is firing, is disposed.
    /// </summary>
    internal static void StopTimeout(CancellationTokenSource? timer)
    {
        if (timer is null)
        {
            return;
        }

        if (timer.TryReset() && t_spareTimer is null)
        {
            t_spareTimer = timer;
        }
        else
        {
            timer.Dispose();
        }
    }

    /// <summary>The exception for a body read the timeout ended: shaped like HttpClient's own.</summary>
    internal TaskCanceledException TimedOut(Exception? cause)
    {
        var message = $"{Operation}: the HttpClient.Timeout of {_timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s elapsed while reading the response body.";
        return new TaskCanceledException(message, new TimeoutException(message, cause));
    }
}

/// <summary>One handler for every HttpClient <see cref="ApiHttpClient"/> makes.</summary>
internal static class SharedHandler
{
    public static readonly SocketsHttpHandler Instance = new()
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
    };
}

/// <summary>
/// The start of a generated client's request URIs for one <see cref="HttpClient.BaseAddress"/>. A client keeps the last
/// one in a field and asks <see cref="Get(HttpClient, ref ApiBaseUri?, ApiClientOptions?, ApiOperation)"/> on every call, which works it out again only when the base address changes.
/// </summary>
/// <remarks>For generated code; not meant to be used directly.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ApiBaseUri
{
    private readonly Uri _address;
    private readonly string _prefix;

    private ApiBaseUri(Uri address)
    {
        _address = address;
        _prefix = address.IsAbsoluteUri
            && (address.Scheme == Uri.UriSchemeHttps || address.Scheme == Uri.UriSchemeHttp)
            && address.Query.Length == 0
            && address.Fragment.Length == 0
            && address.AbsolutePath.EndsWith('/')
                ? address.AbsoluteUri
                : "";
    }

    /// <summary>
    /// The start of every request URI for <paramref name="client"/>'s <see cref="HttpClient.BaseAddress"/>: its absolute
    /// text when a relative path resolves against it by plain concatenation (an http or https URI whose path ends with
    /// <c>/</c>, with no query or fragment), else <c>""</c> (the path stays relative and HttpClient resolves it).
    /// Building the absolute URI once, instead of a relative <see cref="Uri"/> that HttpClient then combines with the
    /// base address, halves the URI work of a request. <paramref name="cache"/> keeps the answer for the base address;
    /// it is replaced whole, so calls on several threads at once each see an address with its own prefix.
    /// </summary>
    /// <exception cref="InvalidOperationException">The HttpClient has no BaseAddress.</exception>
    public static string Get(HttpClient client, ref ApiBaseUri? cache, ApiOperation operation) => Get(client, ref cache, null, operation);

    /// <summary>
    /// As <see cref="Get(HttpClient, ref ApiBaseUri?, ApiOperation)"/>; when the HttpClient has no BaseAddress, the
    /// requests go to <paramref name="options"/>' <see cref="ApiClientOptions.DefaultBaseAddress"/>, the spec's server.
    /// Worked out at each call rather than set on the HttpClient once: a handler that sets the base address as the
    /// client is made (StageGen.Aws's <c>AddAwsSigV4</c>, from its region's endpoint) is not overridden.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The HttpClient has no BaseAddress and the spec no server, or a server variable's value is refused.
    /// </exception>
    public static string Get(HttpClient client, ref ApiBaseUri? cache, ApiClientOptions? options, ApiOperation operation)
    {
        var baseAddress = client.BaseAddress
            ?? options?.DefaultBaseAddress
            ?? throw new InvalidOperationException($"{operation.Client} needs HttpClient.BaseAddress: set it to the service's root URL.");
        var known = cache;
        if (known is null || !ReferenceEquals(known._address, baseAddress))
        {
            cache = known = new ApiBaseUri(baseAddress);
        }

        return known._prefix;
    }
}

/// <summary>An error response as read by a generated client: the description kept on the exception, and the bounded UTF-8 body to parse.</summary>
/// <remarks>For generated code; not meant to be used directly.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
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
