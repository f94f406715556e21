using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace StageGen.Benchmarks.Clients;

/// <summary>
/// The network, taken out: answers every request with the same canned bytes, in memory. It reads the request body
/// to the end (a transport has to send it, and a client that serializes lazily must pay for that here too) and sets
/// the content type the way a transport does (a raw header, parsed only if someone asks).
/// </summary>
public sealed class CannedHandler : HttpMessageHandler
{
    private readonly byte[] _body;

    public CannedHandler(byte[] body) => _body = body;

    /// <summary>The last request body, when <see cref="Capture"/> is on (only while checking the clients, never while timing).</summary>
    public byte[]? LastRequestBody { get; private set; }

    /// <summary>The last request, when <see cref="Capture"/> is on.</summary>
    public string? LastRequest { get; private set; }

    public bool Capture { get; set; }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is { } content)
        {
            if (Capture)
            {
                return CaptureAsync(request, cancellationToken);
            }

            var sending = content.CopyToAsync(Stream.Null, cancellationToken);
            if (!sending.IsCompletedSuccessfully)
            {
                return SendAfterBodyAsync(sending, request);
            }
        }

        return Capture ? CaptureAsync(request, cancellationToken) : Task.FromResult(Respond(request));
    }

    private async Task<HttpResponseMessage> CaptureAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        LastRequestBody = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        LastRequest = $"{request.Method} {request.RequestUri} Accept={string.Join(",", request.Headers.Accept)} Content-Type={request.Content?.Headers.ContentType}";
        return Respond(request);
    }

    private async Task<HttpResponseMessage> SendAfterBodyAsync(Task sending, HttpRequestMessage request)
    {
        await sending.ConfigureAwait(false);
        return Respond(request);
    }

    private HttpResponseMessage Respond(HttpRequestMessage request)
    {
        var content = new ByteArrayContent(_body);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request };
    }
}
