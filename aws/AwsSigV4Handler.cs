using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.Runtime.Signing;

namespace StageGen.Aws;

/// <summary>
/// Signs each request with AWS Signature Version 4 as it goes on the wire, using AWSSDK.Core's
/// <see cref="AWSSigV4Signer"/> (the algorithm, the double-encoded canonical path of non-S3 services, the session token)
/// and its credentials. The body hash is signed (<c>x-amz-content-sha256</c>, as the AWS SDKs send it). Every send is
/// signed afresh, so a retry handler outside this one re-signs with a new date and the current credentials. On a
/// clock-skew error the offset to the service's clock is learned per endpoint, and the request is re-signed and sent
/// once more.
/// </summary>
public sealed class AwsSigV4Handler : DelegatingHandler
{
    private const string EmptyBodyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    // Headers a proxy or the transport may add, change or drop: signing them would break the signature (the AWS SDKs'
    // unsigned list).
    private static readonly HashSet<string> UnsignedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "authorization", "cache-control", "connection", "expect", "from", "keep-alive", "max-forwards",
        "pragma", "proxy-connection", "referer", "te", "trailer", "transfer-encoding", "upgrade", "user-agent",
        "x-amzn-trace-id",
    };

    // The headers this handler adds; removed before each signing so a resent request is signed afresh.
    private static readonly string[] SigningHeaders = { "Authorization", "X-Amz-Date", "X-Amz-Security-Token", "X-Amz-Content-SHA256" };

    private static readonly TimeSpan MaxSignatureSkew = TimeSpan.FromMinutes(5);

    private readonly AwsSigV4Options _options;
    private readonly AwsClockSkew _clockSkew;
    private readonly RegionEndpoint _region;

    /// <summary>A handler that signs with <paramref name="options"/>; offsets are kept in <paramref name="clockSkew"/> (shared by the handlers of a client).</summary>
    public AwsSigV4Handler(AwsSigV4Options options, AwsClockSkew? clockSkew = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrEmpty(options.Service))
        {
            throw new ArgumentException("AwsSigV4Options.Service (the signing name) is required.", nameof(options));
        }
        _options = options;
        _clockSkew = clockSkew ?? new AwsClockSkew();
        _region = RegionEndpoint.GetBySystemName(options.SigningRegion());
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Uri uri = request.RequestUri is { IsAbsoluteUri: true } u
            ? u
            : throw new InvalidOperationException("A request signed with SigV4 needs an absolute URI; set the client's BaseAddress.");
        string bodyHash = await HashBodyAsync(request.Content, cancellationToken).ConfigureAwait(false);

        DateTimeOffset signedAt = await SignAsync(request, uri, bodyHash, cancellationToken).ConfigureAwait(false);
        HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!_options.CorrectClockSkew)
        {
            return response;
        }

        TimeSpan? offset = await LearnedOffsetAsync(response, signedAt, uri, cancellationToken).ConfigureAwait(false);
        if (offset is null)
        {
            return response;
        }
        _clockSkew.Learn(uri, offset.Value);
        response.Dispose();
        await SignAsync(request, uri, bodyHash, cancellationToken).ConfigureAwait(false);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DateTimeOffset> SignAsync(HttpRequestMessage request, Uri uri, string bodyHash, CancellationToken cancellationToken)
    {
        // The SDK's process-wide default chain, as its own clients use it: it caches what it found and looks again
        // when the environment or the shared files change.
        AWSCredentials credentials = _options.Credentials
            ?? await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync(null!).ConfigureAwait(false);
        DateTimeOffset signedAt = _options.TimeProvider.GetUtcNow() + _clockSkew.OffsetFor(uri);

        foreach (string name in SigningHeaders)
        {
            request.Headers.Remove(name);
        }
        var signing = new AWSSigningRequest { HttpMethod = request.Method, RequestUri = uri };
        AddSignedHeaders(signing.Headers, request.Headers);
        if (request.Content is not null)
        {
            // Computes Content-Length (fixed: the body was made re-readable above) so it is signed, as the AWS SDKs do.
            _ = request.Content.Headers.ContentLength;
            AddSignedHeaders(signing.Headers, request.Content.Headers);
        }
        // The hash computed here, so the signer does not read (and buffer) the body again.
        signing.Headers["X-Amz-Content-SHA256"] = bodyHash;

        AWSSigningResult signed = await AWSSigV4Signer.SignAsync(signing, new AWSSigV4Parameters
        {
            Credentials = credentials,
            Region = _region,
            Service = _options.Service,
            SignPayload = true,
            SignedAt = signedAt.UtcDateTime,
        }, cancellationToken).ConfigureAwait(false);

        foreach (KeyValuePair<string, string> header in signed.Headers)
        {
            request.Headers.Remove(header.Key);
            request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        if (!request.Headers.Contains("X-Amz-Content-SHA256"))
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Content-SHA256", bodyHash);
        }
        return signedAt;
    }

    private static void AddSignedHeaders(IDictionary<string, string> to, HttpHeaders from)
    {
        foreach (KeyValuePair<string, HeaderStringValues> header in from.NonValidated)
        {
            if (!UnsignedHeaders.Contains(header.Key) && !string.Equals(header.Key, "Host", StringComparison.OrdinalIgnoreCase))
            {
                // As the transport writes it: several values on one line with the header's own separator.
                to[header.Key] = header.Value.ToString();
            }
        }
    }

    /// <summary>The hex SHA-256 of the body. Content that is not already re-readable is buffered once, so it can be hashed and resent.</summary>
    private static async Task<string> HashBodyAsync(HttpContent? content, CancellationToken cancellationToken)
    {
        if (content is null)
        {
            return EmptyBodyHash;
        }
        if (content is not (ByteArrayContent or ReadOnlyMemoryContent))
        {
            await content.LoadIntoBufferAsync().ConfigureAwait(false);
        }
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using (var sink = new HashingStream(hash))
        {
            await content.CopyToAsync(sink, cancellationToken).ConfigureAwait(false);
        }
        return Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();
    }

    /// <summary>
    /// The offset to retry with, when the response is a clock-skew error: <c>RequestTimeTooSkewed</c>,
    /// <c>RequestExpired</c> or <c>RequestInTheFuture</c> with any difference to the server's <c>Date</c>, or
    /// <c>InvalidSignatureException</c> / <c>SignatureDoesNotMatch</c> with a <c>Date</c> more than 5 minutes off.
    /// </summary>
    private async Task<TimeSpan?> LearnedOffsetAsync(HttpResponseMessage response, DateTimeOffset signedAt, Uri uri, CancellationToken cancellationToken)
    {
        if (response.StatusCode is not (HttpStatusCode.BadRequest or HttpStatusCode.Forbidden) || response.Headers.Date is not { } serverDate)
        {
            return null;
        }
        TimeSpan difference = serverDate - signedAt;
        // The Date header has whole seconds.
        bool differs = difference.Duration() >= TimeSpan.FromSeconds(1);
        bool tooFar = difference.Duration() > MaxSignatureSkew;
        if (!differs)
        {
            return null;
        }
        string? code = await AwsErrorCode.ReadAsync(response, cancellationToken).ConfigureAwait(false);
        bool skewed = code switch
        {
            "RequestTimeTooSkewed" or "RequestExpired" or "RequestInTheFuture" => true,
            "InvalidSignatureException" or "SignatureDoesNotMatch" => tooFar,
            _ => false,
        };
        return skewed ? _clockSkew.OffsetFor(uri) + difference : null;
    }

    /// <summary>A write-only stream that feeds a hash.</summary>
    private sealed class HashingStream : Stream
    {
        private readonly IncrementalHash _hash;

        public HashingStream(IncrementalHash hash) => _hash = hash;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => _hash.AppendData(buffer, offset, count);
        public override void Write(ReadOnlySpan<byte> buffer) => _hash.AppendData(buffer);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _hash.AppendData(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            _hash.AppendData(buffer, offset, count);
            return Task.CompletedTask;
        }
    }
}
