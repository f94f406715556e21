using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace StageGen.Emulator;

/// <summary>
/// An in-memory emulator of the API Gateway v2 Stage resource on a real Kestrel server. Start one per test with
/// <see cref="StartAsync"/>, point an <c>HttpClient</c> at <see cref="BaseAddress"/>, seed <see cref="Store"/>, script
/// <see cref="Faults"/>, and assert on <see cref="Requests"/>. Every member is thread-safe.
/// </summary>
public sealed class StageEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _disposed;

    private StageEmulator(WebApplication app, EmulatorOptions options)
    {
        _app = app;
        Store = new StageStore(options.TimeProvider);
        if (options.SeedDemoData)
        {
            Store.AddDemoData();
        }
        TimeProvider time = options.TimeProvider;
        // Every request is recorded (and takes its fault) before the rate limiter and the endpoints see it.
        app.UseRouting();
        app.Use((context, next) => RecordAndApplyFaultAsync(context, next, time, options.SigV4));
        if (options.RateLimit is not null)
        {
            app.UseRateLimiter();
        }
        StageEndpoints.Map(app, Store, time);
    }

    /// <summary>The server's address with a trailing slash, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The APIs and stages the endpoints serve; seed and inspect it directly.</summary>
    public StageStore Store { get; }

    /// <summary>Every request received, in arrival order.</summary>
    public RequestLog Requests { get; } = new();

    /// <summary>Faults for the next requests: each request dequeues at most one, in order.</summary>
    public ConcurrentQueue<EmulatorFault> Faults { get; } = new();

    /// <summary>Starts an emulator (by default on <c>127.0.0.1</c>, a free port) and returns once it accepts connections.</summary>
    public static async Task<StageEmulator> StartAsync(EmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new EmulatorOptions();
        // The empty builder reads no appsettings, environment variables or command line, and logs nothing: an
        // embedded emulator behaves the same on every machine.
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.Services.AddRoutingCore();
        // Bounds how long disposing waits for requests still in flight (e.g. a Delay fault nobody cancelled).
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        if (options.RateLimit is { } limit)
        {
            AddRateLimiter(builder.Services, limit);
        }
        WebApplication app = builder.Build();
        app.Urls.Add(options.Url);
        var emulator = new StageEmulator(app, options);
        try
        {
            await app.StartAsync(cancellationToken);
            string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
                .Addresses.First();
            emulator.BaseAddress = new Uri(address.TrimEnd('/') + "/");
            return emulator;
        }
        catch
        {
            await emulator.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the server (waiting at most 5 s for requests in flight) and releases it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    /// <summary>Completes when the host is asked to stop (Ctrl+C or SIGTERM when run standalone).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    private async Task RecordAndApplyFaultAsync(HttpContext context, RequestDelegate next, TimeProvider time, EmulatorSigV4? sigV4)
    {
        string requestId = Guid.NewGuid().ToString();
        DateTimeOffset now = time.GetUtcNow();
        context.Response.Headers[Responses.RequestIdHeader] = requestId;
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        body.Position = 0;
        context.Request.Body = body; // replayed to the handler
        Refusal? refusal = null;
        if (sigV4 is not null)
        {
            // The service's clock, which a client corrects its skew by.
            context.Response.Headers.Date = now.ToString("R", CultureInfo.InvariantCulture);
            refusal = SignatureCheck.Check(context, body.GetBuffer().AsSpan(0, (int)body.Length), sigV4, now);
        }
        // A refused request never reaches a fault: faults script what the service does with requests it accepts.
        EmulatorFault? fault = null;
        if (refusal is null)
        {
            Faults.TryDequeue(out fault);
        }
        (string ApiId, string StageName)? route = StageEndpoints.RouteValues(context);
        Requests.Add(new RecordedRequest(
            Sequence: 0,
            requestId,
            now,
            context.Request.Method,
            StageEndpoints.RawTarget(context),
            context.Request.PathBase.Value ?? "",
            context.Request.Path.Value ?? "",
            route?.ApiId,
            route?.StageName,
            context.Request.Headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            Encoding.UTF8.GetString(body.GetBuffer(), 0, (int)body.Length),
            fault?.Name));
        if (refusal is not null)
        {
            await Responses.ForbiddenAsync(context, refusal);
            return;
        }
        await (fault is null ? next(context) : fault.ApplyAsync(context, next));
    }

    private static void AddRateLimiter(IServiceCollection services, EmulatorRateLimit limit) =>
        services.AddRateLimiter(rateLimiter =>
        {
            // One partition: the limit counts every request of this emulator instance.
            rateLimiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(_ =>
                RateLimitPartition.GetFixedWindowLimiter("all", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limit.PermitLimit,
                    Window = limit.Window,
                    QueueLimit = 0,
                }));
            rateLimiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            rateLimiter.OnRejected = (rejected, _) => new ValueTask(Responses.TooManyRequestsAsync(rejected.HttpContext,
                rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan retryAfter) ? retryAfter : limit.Window,
                limit.LimitType));
        });
}
