using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace StageGen.Client.Tests.Infrastructure;

/// <summary>What the client put on the wire for one request.</summary>
public sealed record CapturedRequest(
    HttpMethod Method,
    Uri RequestUri,
    IReadOnlyDictionary<string, string[]> Headers,
    IReadOnlyDictionary<string, string[]>? ContentHeaders,
    byte[]? Body)
{
    /// <summary>The URI as sent, percent-encoding intact (<see cref="Uri.AbsolutePath"/> is the path part of it).</summary>
    public string AbsoluteUri => RequestUri.AbsoluteUri;

    public string AbsolutePath => RequestUri.AbsolutePath;

    public string OriginalString => RequestUri.OriginalString;

    public string Query => RequestUri.Query;

    public string BodyText => Body is null ? "" : Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.TryGetValue(name, out var values) ? string.Join(",", values) : null;

    public string? ContentHeader(string name) =>
        ContentHeaders is not null && ContentHeaders.TryGetValue(name, out var values) ? string.Join(",", values) : null;
}

/// <summary>
/// An <see cref="HttpMessageHandler"/> that records every request and answers each with a canned response whose
/// content records whether it was disposed.
/// </summary>
public sealed class CapturingHandler : HttpMessageHandler
{
    public static readonly Uri BaseAddress = new("https://gateway.test/");

    private readonly HttpStatusCode _status;
    private readonly byte[]? _body;
    private readonly string? _mediaType;
    private readonly (string Name, string Value)[] _headers;

    public CapturingHandler(HttpStatusCode status, string? body = null, string? mediaType = "application/json", params (string Name, string Value)[] headers)
    {
        _status = status;
        _body = body is null ? null : Encoding.UTF8.GetBytes(body);
        _mediaType = mediaType;
        _headers = headers;
    }

    public List<CapturedRequest> Requests { get; } = new();

    /// <summary>The content of every response handed out, to check that the client disposed it.</summary>
    public List<DisposeTrackingContent> Responses { get; } = new();

    public CapturedRequest Single => Xunit.Assert.Single(Requests);

    public static CapturingHandler Json(HttpStatusCode status, string json, params (string Name, string Value)[] headers) =>
        new(status, json, "application/json", headers);

    /// <summary>An HttpClient over this handler with <see cref="BaseAddress"/>; the tests dispose neither.</summary>
    public HttpClient CreateHttpClient() => new(this, disposeHandler: false) { BaseAddress = BaseAddress };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        byte[]? body = null;
        Dictionary<string, string[]>? contentHeaders = null;
        if (request.Content is not null)
        {
            body = await request.Content.ReadAsByteArrayAsync(cancellationToken);
            contentHeaders = request.Content.Headers.ToDictionary(h => h.Key, h => h.Value.ToArray(), StringComparer.OrdinalIgnoreCase);
        }

        Requests.Add(new CapturedRequest(
            request.Method,
            request.RequestUri!,
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToArray(), StringComparer.OrdinalIgnoreCase),
            contentHeaders,
            body));

        var content = new DisposeTrackingContent(_body ?? Array.Empty<byte>(), _mediaType);
        Responses.Add(content);
        var response = new HttpResponseMessage(_status) { Content = content, RequestMessage = request };
        foreach (var (name, value) in _headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }
}

/// <summary>Response content that remembers whether it was disposed.</summary>
public sealed class DisposeTrackingContent : HttpContent
{
    private readonly byte[] _bytes;

    public DisposeTrackingContent(byte[] bytes, string? mediaType)
    {
        _bytes = bytes;
        if (mediaType is not null)
        {
            Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        }
    }

    public bool IsDisposed { get; private set; }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_bytes, 0, _bytes.Length);

    protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(new MemoryStream(_bytes, writable: false));

    protected override bool TryComputeLength(out long length)
    {
        length = _bytes.Length;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        IsDisposed = true;
        base.Dispose(disposing);
    }
}
