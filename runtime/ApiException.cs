using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using StageGen.Runtime.CompilerServices;

namespace StageGen.Runtime;

/// <summary>
/// The service answered with a status the operation does not accept. Generated clients throw a typed subclass for each
/// error status the spec declares, and this type for any other.
/// </summary>
public class ApiException : Exception
{
    /// <summary>
    /// What <see cref="Exception.Message"/> never carries as it is: C0 and C1 controls (CR, LF, ESC...), the Unicode line
    /// and paragraph separators and the bidirectional overrides, with which text from a server could forge log lines
    /// or recolour a terminal.
    /// </summary>
    private static readonly SearchValues<char> Unprintable = SearchValues.Create(
        "\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000B\f\r\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F" +
        "\u007F\u0080\u0081\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\u008A\u008B\u008C\u008D\u008E\u008F\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009A\u009B\u009C\u009D\u009E\u009F" +
        "\u2028\u2029\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069");

    /// <summary>
    /// Creates an exception for a response that was not accepted. Control characters in <paramref name="message"/>
    /// (text from the server included) are shown escaped, as <c>\r</c>, <c>\n</c> or <c>\u001B</c>; the raw body stays
    /// in <see cref="Body"/>.
    /// </summary>
    public ApiException(string message, ApiResponseInfo response, Exception? innerException = null)
        : base(Printable(message), innerException)
    {
        Response = response ?? throw new ArgumentNullException(nameof(response));
    }

    /// <summary>The response as received (status, headers, bounded body).</summary>
    public ApiResponseInfo Response { get; }

    /// <summary>The HTTP status code.</summary>
    public int StatusCode => Response.StatusCode;

    /// <summary>Response and content headers, looked up case-insensitively.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Headers => Response.Headers;

    /// <summary>The body as text, bounded by <see cref="ApiClientOptions.MaxErrorBodyBytes"/>.</summary>
    public string? Body => Response.Body;

    /// <summary>
    /// The service's own name for the error, as AWS services report it: the <c>x-amzn-ErrorType</c> header, else the
    /// JSON body's <c>code</c> or <c>__type</c> member, without a namespace (<c>com.amazonaws#NotFoundException</c>) or
    /// a trailing <c>:</c> part (<c>NotFoundException:http://...</c>); null when the response names none.
    /// </summary>
    public string? ErrorCode => Response.ServiceError.Code;

    /// <summary>
    /// The service's message: the <c>message</c> (or <c>Message</c>) string member of a complete JSON error body, as
    /// sent; null when there is none. Declared errors also make it <see cref="Exception.Message"/>.
    /// </summary>
    public string? ServiceMessage => Response.ServiceError.Message;

    /// <summary>The first value of a response header, or null.</summary>
    public string? GetHeader(string name) => Response.GetHeader(name);

    /// <summary>
    /// The message used when the body carries none: operation, status, where a redirect pointed, and the start of the
    /// body.
    /// </summary>
    protected internal static string DescribeFailure(string operation, ApiResponseInfo response)
    {
        if (response is null)
        {
            throw new ArgumentNullException(nameof(response));
        }

        var message = $"{operation} failed: the service returned {response.StatusCode}";
        if (!string.IsNullOrEmpty(response.ReasonPhrase))
        {
            message += " " + response.ReasonPhrase;
        }

        if (response.StatusCode is >= 300 and <= 399 && response.GetHeader("Location") is { Length: > 0 } location)
        {
            message += $" (a redirect to {location}, not followed)";
        }

        if (!string.IsNullOrEmpty(response.Body))
        {
            const int shown = 200;
            var body = response.Body!;
            message += ": " + (body.Length > shown ? body.Substring(0, shown) + "…" : body);
        }

        return message;
    }

    /// <summary>The text with every <see cref="Unprintable"/> character escaped; the same string when it has none.</summary>
    internal static string Printable(string text)
    {
        if (text is null || text.AsSpan().IndexOfAny(Unprintable) < 0)
        {
            return text!;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (!Unprintable.Contains(c))
            {
                builder.Append(c);
                continue;
            }

            builder.Append(c switch
            {
                '\r' => @"\r",
                '\n' => @"\n",
                '\t' => @"\t",
                _ => @"\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
            });
        }

        return builder.ToString();
    }
}

/// <summary>
/// A success response whose body is not what the spec says (malformed or truncated JSON, a wrong type, a body too
/// large). The inner exception, when there is one, is the <see cref="System.Text.Json.JsonException"/> that found it.
/// </summary>
public sealed class ApiResponseFormatException : ApiException
{
    /// <summary>Creates the exception.</summary>
    public ApiResponseFormatException(string message, ApiResponseInfo response, Exception? innerException = null)
        : base(message, response, innerException)
    {
    }
}
