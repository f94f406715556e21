using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using StageGen.Runtime.CompilerServices;

namespace StageGen.Runtime;

/// <summary>
/// What a client kept of an HTTP response: for one it did not accept, status, headers and a bounded copy of the body; for
/// a success (<see cref="ApiResponse{THeaders}.Response"/>), status and headers, the body having been read as the result.
/// </summary>
public sealed class ApiResponseInfo
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoHeaders =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);

    private ApiServiceError? _serviceError;

    /// <summary>Creates a response description.</summary>
    /// <param name="statusCode">The HTTP status code.</param>
    /// <param name="reasonPhrase">The reason phrase, if the server sent one.</param>
    /// <param name="headers">Response and content headers; looked up case-insensitively.</param>
    /// <param name="body">The body decoded as UTF-8, at most <see cref="ApiClientOptions.MaxErrorBodyBytes"/> of it.</param>
    /// <param name="bodyTruncated">Whether <paramref name="body"/> is only the start of a longer body.</param>
    public ApiResponseInfo(
        int statusCode,
        string? reasonPhrase = null,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? headers = null,
        string? body = null,
        bool bodyTruncated = false)
    {
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
        Headers = headers is null ? NoHeaders : new Dictionary<string, IReadOnlyList<string>>(headers.ToDictionary(h => h.Key, h => h.Value), StringComparer.OrdinalIgnoreCase);
        Body = body;
        BodyTruncated = bodyTruncated;
    }

    /// <summary>The HTTP status code.</summary>
    public int StatusCode { get; }

    /// <summary>The reason phrase, if the server sent one.</summary>
    public string? ReasonPhrase { get; }

    /// <summary>Response and content headers, looked up case-insensitively.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Headers { get; }

    /// <summary>The body as text (UTF-8), bounded; null when there was none.</summary>
    public string? Body { get; }

    /// <summary>Whether <see cref="Body"/> is only the start of a longer body.</summary>
    public bool BodyTruncated { get; }

    /// <summary>The first value of a header, or null when it is absent (for example <c>x-amzn-ErrorType</c>).</summary>
    public string? GetHeader(string name) =>
        Headers.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

    /// <summary>The error the response names and its message (a truncated body names none), read once when asked for.</summary>
    internal ApiServiceError ServiceError => _serviceError ??= ReadServiceError(Body is { } body ? Encoding.UTF8.GetBytes(body) : default);

    /// <summary>
    /// <see cref="ServiceError"/>, read from the body's bytes as they were received when it has not been read yet (a
    /// client's error path has them, and need not encode the text again).
    /// </summary>
    internal ApiServiceError ServiceErrorOf(ReadOnlySpan<byte> utf8Body) => _serviceError ??= ReadServiceError(utf8Body);

    private ApiServiceError ReadServiceError(ReadOnlySpan<byte> utf8Body) =>
        ApiServiceError.Read(GetHeader(ApiServiceError.ErrorTypeHeader), BodyTruncated ? default : utf8Body);
}
