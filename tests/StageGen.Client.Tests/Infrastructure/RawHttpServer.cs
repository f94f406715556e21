using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace StageGen.Client.Tests.Infrastructure;

/// <summary>A request as it arrived at a <see cref="RawHttpServer"/>: request line, headers and body bytes.</summary>
public sealed record RawRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// An HTTP/1.1 server on 127.0.0.1 where the test writes every byte of the answer: a server that lies, stalls or
/// trickles. One request per connection; the connection closes when the test's responder returns.
/// </summary>
public sealed class RawHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<RawExchange, Task> _respond;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<RawRequest> _requests = new();
    private readonly ConcurrentBag<Task> _connections = new();
    private readonly Task _accepting;
    private long _bytesReceived;
    private long _bytesSent;
    private int _connectionCount;

    private RawHttpServer(Func<RawExchange, Task> respond)
    {
        _respond = respond;
        _listener.Start();
        BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    /// <summary>Starts a server that answers every request with <paramref name="respond"/>.</summary>
    public static RawHttpServer Start(Func<RawExchange, Task> respond) => new(respond);

    public Uri BaseAddress { get; }

    /// <summary>Requests whose head (and declared body) arrived completely.</summary>
    public IReadOnlyList<RawRequest> Requests => _requests.ToArray();

    /// <summary>Every byte that arrived on any connection, complete request or not.</summary>
    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    /// <summary>Every byte the responders wrote.</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>How many connections were accepted.</summary>
    public int Connections => Volatile.Read(ref _connectionCount);

    /// <summary>Cancelled when the server is disposed: a responder that stalls waits on it.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>The bytes of a response with these headers and body (Content-Length is the test's to write, or not).</summary>
    public static byte[] Response(string statusLine, string headers, string body = "") =>
        Encoding.UTF8.GetBytes($"HTTP/1.1 {statusLine}\r\n{headers}{(headers.Length == 0 || headers.EndsWith("\r\n", StringComparison.Ordinal) ? "" : "\r\n")}Connection: close\r\n\r\n{body}");

    /// <summary>A complete response with a correct Content-Length.</summary>
    public static byte[] Json(string statusLine, string body, string headers = "") =>
        Response(statusLine, $"Content-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n{headers}", body);

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }

        await Task.WhenAll(_connections.ToArray());
        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            var socket = await _listener.AcceptSocketAsync(_stopping.Token);
            Interlocked.Increment(ref _connectionCount);
            _connections.Add(Task.Run(() => ServeAsync(socket)));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using (socket)
        {
            try
            {
                await using var stream = new NetworkStream(socket, ownsSocket: false);
                var request = await ReadRequestAsync(stream);
                if (request is null)
                {
                    return;
                }

                _requests.Enqueue(request);
                await _respond(new RawExchange(this, stream, request));
                socket.Shutdown(SocketShutdown.Both);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away, or the server is stopping.
            }
        }
    }

    private async Task<RawRequest?> ReadRequestAsync(Stream stream)
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        int headEnd;
        while ((headEnd = IndexOfHeadEnd(received)) < 0)
        {
            var n = await stream.ReadAsync(buffer, _stopping.Token);
            if (n == 0 || received.Count > 64 * 1024)
            {
                return null;
            }

            Interlocked.Add(ref _bytesReceived, n);
            received.AddRange(buffer.AsSpan(0, n).ToArray());
        }

        var lines = Encoding.Latin1.GetString(received.GetRange(0, headEnd).ToArray()).Split("\r\n");
        var requestLine = lines[0].Split(' ');
        var headers = lines.Skip(1)
            .Select(line => line.Split(':', 2))
            .ToDictionary(parts => parts[0].Trim(), parts => parts.Length > 1 ? parts[1].Trim() : "", StringComparer.OrdinalIgnoreCase);
        var length = headers.TryGetValue("Content-Length", out var declared) ? int.Parse(declared) : 0;
        var body = received.Skip(headEnd + 4).ToList();
        while (body.Count < length)
        {
            var n = await stream.ReadAsync(buffer, _stopping.Token);
            if (n == 0)
            {
                return null;
            }

            Interlocked.Add(ref _bytesReceived, n);
            body.AddRange(buffer.AsSpan(0, n).ToArray());
        }

        return new RawRequest(requestLine[0], requestLine[1], headers, body.ToArray());
    }

    private static int IndexOfHeadEnd(List<byte> bytes)
    {
        for (var i = 0; i + 3 < bytes.Count; i++)
        {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }

    internal void CountSent(int bytes) => Interlocked.Add(ref _bytesSent, bytes);
}

/// <summary>One request on a <see cref="RawHttpServer"/> and the connection to answer it on.</summary>
public sealed class RawExchange
{
    private readonly RawHttpServer _server;
    private readonly Stream _stream;

    internal RawExchange(RawHttpServer server, Stream stream, RawRequest request)
    {
        _server = server;
        _stream = stream;
        Request = request;
    }

    public RawRequest Request { get; }

    /// <summary>Cancelled when the server stops.</summary>
    public CancellationToken Stopping => _server.Stopping;

    /// <summary>Writes <paramref name="bytes"/> and flushes them to the client.</summary>
    public async Task WriteAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes, _server.Stopping);
        await _stream.FlushAsync(_server.Stopping);
        _server.CountSent(bytes.Length);
    }

    public Task WriteAsync(string text) => WriteAsync(Encoding.UTF8.GetBytes(text));

    /// <summary>Keeps the connection open, sending nothing, until the server stops.</summary>
    public Task StallAsync() => Task.Delay(Timeout.Infinite, _server.Stopping);

    /// <summary>Sends <paramref name="bytes"/> one at a time, <paramref name="gap"/> apart, until the server stops.</summary>
    public async Task TrickleAsync(byte[] bytes, TimeSpan gap)
    {
        foreach (var b in bytes)
        {
            await WriteAsync([b]);
            await Task.Delay(gap, _server.Stopping);
        }

        await StallAsync();
    }
}
