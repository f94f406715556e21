using System;
using System.Collections.Generic;

namespace StageGen.Runtime;

/// <summary>
/// The service answered with a status the operation does not accept. Generated clients throw a typed subclass for each
/// error status the spec declares, and this type for any other.
/// </summary>
public class ApiException : Exception
{
    /// <summary>Creates an exception for a response that was not accepted.</summary>
    public ApiException(string message, ApiResponseInfo response, Exception? innerException = null)
        : base(message, innerException)
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

    /// <summary>The first value of a response header, or null.</summary>
    public string? GetHeader(string name) => Response.GetHeader(name);

    /// <summary>The message used when the body carries none: operation, status and the start of the body.</summary>
    public static string DescribeFailure(string operation, ApiResponseInfo response)
    {
        var message = $"{operation} failed: the service returned {response.StatusCode}";
        if (!string.IsNullOrEmpty(response.ReasonPhrase))
        {
            message += " " + response.ReasonPhrase;
        }

        if (!string.IsNullOrEmpty(response.Body))
        {
            const int shown = 200;
            var body = response.Body!;
            message += ": " + (body.Length > shown ? body.Substring(0, shown) + "…" : body);
        }

        return message;
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
