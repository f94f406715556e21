using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace StageGen.Emulator;

/// <summary>
/// A scripted misbehaviour for the next request: enqueue it on <see cref="StageEmulator.Faults"/>. Each request takes
/// at most one fault, in queue order, before rate limiting and routing; its <see cref="Name"/> is recorded in the
/// <see cref="RecordedRequest.Fault"/> of that request.
/// </summary>
public sealed class EmulatorFault
{
    private static readonly TimeSpan ResetPause = TimeSpan.FromMilliseconds(250);

    private readonly Func<HttpContext, RequestDelegate, Task> _apply;

    private EmulatorFault(string name, Func<HttpContext, RequestDelegate, Task> apply)
    {
        Name = name;
        _apply = apply;
    }

    /// <summary>What the fault does, e.g. <c>Respond 503 text/html</c>.</summary>
    public string Name { get; }

    /// <summary>Answers with exactly this status, content type, body and extra headers; the request is not handled.</summary>
    public static EmulatorFault Respond(int statusCode, string contentType, string body,
        IReadOnlyDictionary<string, string>? headers = null) =>
        new($"Respond {statusCode} {contentType}", (context, _) =>
        {
            foreach ((string name, string value) in headers ?? new Dictionary<string, string>())
            {
                context.Response.Headers[name] = value;
            }
            return Responses.RawAsync(context, statusCode, contentType, Encoding.UTF8.GetBytes(body));
        });

    /// <summary>
    /// The service's error for this one request: <paramref name="statusCode"/> with <c>x-amzn-ErrorType:
    /// <paramref name="errorType"/></c> and <c>{"message": <paramref name="message"/>}</c>, e.g. 400
    /// <c>ThrottlingException</c> or 503 <c>ServiceUnavailableException</c>.
    /// </summary>
    public static EmulatorFault ServiceError(int statusCode, string errorType, string message) =>
        new($"ServiceError {statusCode} {errorType}", (context, _) => Responses.ErrorAsync(context, statusCode, errorType, message));

    /// <summary>
    /// Aborts the connection (<c>HttpContext.Abort()</c>) before any response: the client's send fails with an
    /// <c>HttpRequestException</c> (the response ended prematurely, or the connection was reset).
    /// </summary>
    public static EmulatorFault Abort() =>
        new("Abort", (context, _) =>
        {
            context.Abort();
            return Task.CompletedTask;
        });

    /// <summary>A 200 <c>application/json</c> whose body is a Stage cut off mid-value: complete on the wire, invalid as JSON.</summary>
    public static EmulatorFault MalformedJson() =>
        Respond(StatusCodes.Status200OK, Responses.JsonContentType, """{"stageName": "prod", "autoDeploy": tru""");

    /// <summary>Waits <paramref name="delay"/>, then handles the request normally. Stops waiting, and answers nothing, when the client goes away.</summary>
    public static EmulatorFault Delay(TimeSpan delay) =>
        new($"Delay {delay}", async (context, next) =>
        {
            try
            {
                await Task.Delay(delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            await next(context);
        });

    /// <summary>
    /// Sends a 200 whose <c>Content-Length</c> announces a whole Stage, writes only the first
    /// <paramref name="bytesBeforeReset"/> bytes of it, then aborts the connection (<c>HttpContext.Abort()</c>).
    /// The client sees the status and headers, then an <c>IOException</c> (connection reset) while it streams the body, or an <c>HttpRequestException</c> when it buffers the response.
    /// </summary>
    public static EmulatorFault ResetMidBody(int bytesBeforeReset = 32) =>
        new($"ResetMidBody {bytesBeforeReset}", async (context, _) =>
        {
            byte[] body = Encoding.UTF8.GetBytes($$"""{"stageName": "prod", "description": "{{new string('x', 4096)}}"}""");
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = Responses.JsonContentType;
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body.AsMemory(0, Math.Clamp(bytesBeforeReset, 0, body.Length - 1)));
            await context.Response.Body.FlushAsync();
            // The abort resets the connection, and a reset makes the client drop data it has not read yet: give it
            // time to read the headers and the partial body first, so the failure is "mid-body", not "no response".
            await Task.Delay(ResetPause);
            context.Abort();
        });

    /// <summary>
    /// Sends <paramref name="statusCode"/> with <c>application/json</c> and a <c>Content-Length</c> for a whole error
    /// body (no <c>x-amzn-ErrorType</c>: the body names the error), writes the first bytes of it, then waits, and ends
    /// only when the client goes away: a client that reads the body waits until it gives up.
    /// </summary>
    public static EmulatorFault StallMidBody(int statusCode = StatusCodes.Status503ServiceUnavailable) =>
        new($"StallMidBody {statusCode}", async (context, _) =>
        {
            byte[] body = Encoding.UTF8.GetBytes("""{"__type":"ServiceUnavailableException","message":"Service Unavailable"}""");
            context.Response.StatusCode = statusCode;
            context.Response.ContentType = Responses.JsonContentType;
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body.AsMemory(0, 8));
            await context.Response.Body.FlushAsync();
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The client went away.
            }
        });

    /// <summary>The service's 429 (<c>TooManyRequestsException</c>, <c>Retry-After</c>, <c>limitType</c>) for this one request.</summary>
    public static EmulatorFault TooManyRequests(int retryAfterSeconds = 1, string limitType = EmulatorRateLimit.DefaultLimitType) =>
        new($"TooManyRequests {retryAfterSeconds}s", (context, _) =>
            Responses.TooManyRequestsAsync(context, TimeSpan.FromSeconds(retryAfterSeconds), limitType));

    internal Task ApplyAsync(HttpContext context, RequestDelegate next) => _apply(context, next);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
