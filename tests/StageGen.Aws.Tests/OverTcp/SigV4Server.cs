using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace StageGen.Aws.Tests.OverTcp;

/// <summary>What the server saw of one request.</summary>
internal sealed record SeenRequest(string Method, string RawTarget, string? AmzDate, string? AccessKey, string? SecurityToken, int Status, string? Error, string? SignedHeaders = null);

/// <summary>
/// A real Kestrel server on 127.0.0.1 that checks SigV4 like the service: it recomputes the signature from what arrived
/// (the raw request target, the signed headers, the body) with <see cref="SigV4Reference"/>, answers 403 with the
/// service's error codes, and keeps its own clock, which a test can set off.
/// </summary>
internal sealed class SigV4Server : IAsyncDisposable
{
    private static readonly Regex AuthorizationPattern = new(
        @"^AWS4-HMAC-SHA256 Credential=(?<key>[^/]+)/(?<date>\d{8})/(?<region>[^/]+)/(?<service>[^/]+)/aws4_request, SignedHeaders=(?<signed>[^,]+), Signature=(?<signature>[0-9a-f]{64})$",
        RegexOptions.CultureInvariant);

    private readonly WebApplication _app;

    /// <summary>Access key → secret key the server accepts.</summary>
    public Dictionary<string, string> Keys { get; } = new() { ["AKIDEXAMPLE"] = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };

    public string Region { get; set; } = "us-east-1";

    public string Service { get; set; } = "apigateway";

    /// <summary>How far the server's clock is ahead of the machine's.</summary>
    public TimeSpan ClockOffset { get; set; }

    /// <summary>How a request signed too far from the server's clock is refused: code, and whether in x-amzn-ErrorType or the body's __type.</summary>
    public (string Code, bool InHeader) ExpiredAs { get; set; } = ("InvalidSignatureException", true);

    /// <summary>Statuses to answer, in order, to requests whose signature is right; 200 once it is empty.</summary>
    public ConcurrentQueue<HttpStatusCode> Script { get; } = new();

    public ConcurrentQueue<SeenRequest> Seen { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    private SigV4Server(WebApplication app) => _app = app;

    public static async Task<SigV4Server> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        WebApplication app = builder.Build();
        var server = new SigV4Server(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.BaseAddress = new Uri(app.Urls.Single().Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
        return server;
    }

    private async Task HandleAsync(HttpContext context)
    {
        HttpRequest request = context.Request;
        string rawTarget = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        DateTimeOffset now = DateTimeOffset.UtcNow + ClockOffset;
        context.Response.Headers.Date = now.ToString("R", CultureInfo.InvariantCulture);

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        byte[] body = buffer.ToArray();

        string? amzDate = request.Headers["x-amz-date"].FirstOrDefault();
        string? token = request.Headers["x-amz-security-token"].FirstOrDefault();
        Match auth = AuthorizationPattern.Match(request.Headers.Authorization.ToString());
        string? accessKey = auth.Success ? auth.Groups["key"].Value : null;

        async Task Refuse(string code, string message, bool inHeader = true)
        {
            Seen.Enqueue(new SeenRequest(request.Method, rawTarget, amzDate, accessKey, token, 403, code));
            context.Response.StatusCode = 403;
            context.Response.ContentType = "application/json";
            if (inHeader)
            {
                context.Response.Headers["x-amzn-ErrorType"] = code + ":http://internal.amazon.com/coral/com.amazon.coral.service/";
            }
            // With a length, as the service sends its errors.
            byte[] error = System.Text.Encoding.UTF8.GetBytes(inHeader
                ? $"{{\"message\":\"{message}\"}}"
                : $"{{\"__type\":\"{code}\",\"message\":\"{message}\"}}");
            context.Response.ContentLength = error.Length;
            await context.Response.Body.WriteAsync(error);
        }

        if (!auth.Success || amzDate is null)
        {
            await Refuse("MissingAuthenticationTokenException", "Missing Authentication Token");
            return;
        }
        DateTime signedAt = DateTime.ParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        if (!Keys.TryGetValue(accessKey!, out string? secret))
        {
            await Refuse("UnrecognizedClientException", "The security token included in the request is invalid.");
            return;
        }
        if ((now.UtcDateTime - signedAt).Duration() > TimeSpan.FromMinutes(5))
        {
            await Refuse(ExpiredAs.Code, $"Signature expired: {amzDate} is now earlier than {now.AddMinutes(-5):yyyyMMdd'T'HHmmss'Z'} ({now:yyyyMMdd'T'HHmmss'Z'} - 5 min.)", ExpiredAs.InHeader);
            return;
        }

        string[] signedNames = auth.Groups["signed"].Value.Split(';');
        var headers = signedNames.Select(n => (n, string.Join(",", request.Headers[n].ToArray()))).ToList();
        string bodyHash = SigV4Reference.PayloadHash(body);
        string? sentHash = request.Headers["x-amz-content-sha256"].FirstOrDefault();
        int question = rawTarget.IndexOf('?');
        string canonical = SigV4Reference.CanonicalRequest(request.Method,
            SigV4Reference.CanonicalPath(question < 0 ? rawTarget : rawTarget[..question], normalize: true),
            SigV4Reference.CanonicalQuery(question < 0 ? "" : rawTarget[question..]), headers, bodyHash);
        string expected = SigV4Reference.Signature(secret, signedAt, Region, Service,
            SigV4Reference.StringToSign(signedAt, Region, Service, canonical));
        bool scopeRight = auth.Groups["date"].Value == signedAt.ToString("yyyyMMdd", CultureInfo.InvariantCulture)
            && auth.Groups["region"].Value == Region && auth.Groups["service"].Value == Service;
        if (!scopeRight || expected != auth.Groups["signature"].Value || (sentHash is not null && sentHash != bodyHash))
        {
            await Refuse("InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.");
            return;
        }

        HttpStatusCode status = Script.TryDequeue(out HttpStatusCode s) ? s : HttpStatusCode.OK;
        Seen.Enqueue(new SeenRequest(request.Method, rawTarget, amzDate, accessKey, token, (int)status, null, auth.Groups["signed"].Value));
        context.Response.StatusCode = (int)status;
        if (status == HttpStatusCode.Found)
        {
            context.Response.Headers.Location = "/elsewhere";
        }
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync("{\"stageName\":\"prod\"}");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
