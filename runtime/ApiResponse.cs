using System;

namespace StageGen.Runtime;

/// <summary>
/// A success response with the headers the spec declares for it, read by their schemas (<typeparamref name="THeaders"/>,
/// a generated <c>{Operation}Headers</c> record), and what the client kept of the response: its status and all its
/// headers as sent. What the <c>{Operation}WithHeadersAsync</c> methods return for an operation without a result.
/// </summary>
/// <typeparam name="THeaders">The operation's declared headers.</typeparam>
public class ApiResponse<THeaders>
{
    /// <summary>Describes a response.</summary>
    /// <param name="response">The status and the headers as sent (no body: it was read as the result).</param>
    /// <param name="headers">The declared headers, read.</param>
    public ApiResponse(ApiResponseInfo response, THeaders headers)
    {
        Response = response ?? throw new ArgumentNullException(nameof(response));
        Headers = headers;
    }

    /// <summary>The HTTP status code.</summary>
    public int StatusCode => Response.StatusCode;

    /// <summary>
    /// The headers the spec declares, each read by its schema: null when the response does not have it, or when its
    /// value is not of that form (the text as sent stays in <see cref="Response"/>'s <see cref="ApiResponseInfo.Headers"/>).
    /// </summary>
    public THeaders Headers { get; }

    /// <summary>The status, reason phrase and every header as sent, looked up case-insensitively.</summary>
    public ApiResponseInfo Response { get; }
}

/// <summary>
/// A success response's result (<typeparamref name="TBody"/>, what the plain method returns) with the headers the spec
/// declares: what the <c>{Operation}WithHeadersAsync</c> methods return.
/// </summary>
/// <typeparam name="TBody">The operation's result.</typeparam>
/// <typeparam name="THeaders">The operation's declared headers.</typeparam>
public sealed class ApiResponse<TBody, THeaders> : ApiResponse<THeaders>
{
    /// <summary>Describes a response.</summary>
    /// <param name="response">The status and the headers as sent.</param>
    /// <param name="headers">The declared headers, read.</param>
    /// <param name="body">The result the body was read as.</param>
    public ApiResponse(ApiResponseInfo response, THeaders headers, TBody body)
        : base(response, headers) => Body = body;

    /// <summary>The result, as the operation's plain method returns it.</summary>
    public TBody Body { get; }
}
