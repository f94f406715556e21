using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace StageGen.Client.Tests.Infrastructure;

/// <summary>A request as Kestrel parsed it: method, the request target as sent (path and query), and the headers.</summary>
public sealed record RecordedCall(string Method, string Target, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>The header's values as one string (joined by Kestrel with <c>,</c>), or null.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// A Kestrel server on 127.0.0.1 port 0 that records every request and answers a GET with <c>{"value":"s"}</c>, anything
/// else with 204: what the client put on the wire, credentials included, as a real HTTP server reads it.
/// </summary>
public sealed class RecordingServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedCall> _calls = new();

    private RecordingServer(WebApplication app) => _app = app;

    /// <summary>Where the server listens: <c>http://127.0.0.1:{port}/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The port it listens on.</summary>
    public int Port => BaseAddress.Port;

    /// <summary>The requests that arrived, in order.</summary>
    public IReadOnlyList<RecordedCall> Calls => _calls.ToArray();

    public static async Task<RecordingServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new RecordingServer(app);
        app.Run(async context =>
        {
            var request = context.Request;
            var target = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
            server._calls.Enqueue(new RecordedCall(
                request.Method,
                target,
                request.Headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
            if (HttpMethods.IsGet(request.Method) && request.Path.Value?.Contains("/secrets/", StringComparison.Ordinal) == true)
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("""{"value":"s"}""");
                return;
            }

            context.Response.StatusCode = StatusCodes.Status204NoContent;
            context.Response.Headers.ETag = "\"v1\"";
        });
        await app.StartAsync();
        server.BaseAddress = new Uri(app.Urls.Single() + "/");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
