using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using StageGen.Runtime.CompilerServices;

namespace StageGen.Aws;

/// <summary>The error an AWS response names, as the signer's clock-skew check and the retry's classification read it.</summary>
internal static class AwsErrorCode
{
    // An error body that names its code is small; a larger one, or one without a length, is not read to find it.
    private const long MaxErrorBodyToRead = 64 * 1024;

    /// <summary>
    /// The error <paramref name="response"/> names (<see cref="ApiServiceError"/>: <c>x-amzn-ErrorType</c>, else the
    /// JSON body's <c>code</c> or <c>__type</c>), or null. The body is read only when it is JSON with a
    /// <c>Content-Length</c> of at most 64 KiB, and then buffered, so the caller can still read it. A body that cannot
    /// be read names nothing: the status decides, and the caller meets the failure when it reads the body.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while the body was read (the response is then disposed).</exception>
    public static async ValueTask<string?> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string? errorType = response.Headers.TryGetValues(ApiServiceError.ErrorTypeHeader, out IEnumerable<string>? values) ? values.FirstOrDefault() : null;
        HttpContent content = response.Content;
        if (errorType is not null
            || content.Headers.ContentLength is not (> 0 and <= MaxErrorBodyToRead)
            || content.Headers.ContentType?.MediaType is not { } mediaType || !mediaType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return ApiServiceError.Read(errorType, default).Code;
        }
        byte[] body;
        // LoadIntoBufferAsync takes no token before .NET 9: a cancellation ends the read by disposing the response.
        using (cancellationToken.Register(static response => ((HttpResponseMessage)response!).Dispose(), response))
        {
            try
            {
                await content.LoadIntoBufferAsync().ConfigureAwait(false);
                body = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IOException or HttpRequestException or OperationCanceledException or ObjectDisposedException)
            {
                cancellationToken.ThrowIfCancellationRequested();
                return null;
            }
        }
        return ApiServiceError.Read(errorType, body).Code;
    }
}
