using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Contoso.Gateway;
using Microsoft.Extensions.DependencyInjection;
using StageGen.Client.Tests.Infrastructure;
using StageGen.Runtime;
using Xunit;
using Xunit.Abstractions;

namespace StageGen.Client.Tests.OverTcp;

/// <summary>Run alone: the memory test counts every byte the process allocates, and the timing tests want the cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostileServerCollection
{
    public const string Name = "Hostile servers";
}

/// <summary>
/// The generated client against servers that lie, stall, trickle and redirect, over real TCP (<see cref="RawHttpServer"/>
/// writes every byte). Whatever the server does, a call ends within the configured timeout, allocates in proportion to
/// the bytes that arrived, sends nothing to another host, and throws only what it documents.
/// </summary>
[Collection(HostileServerCollection.Name)]
public sealed class HostileServerTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Stage = """{"stageName":"prod"}""";
    private const string Token = "session-token-from-sts";

    /// <summary>The HttpClient.Timeout of the timing tests.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    /// <summary>What a busy 2-core machine may add to <see cref="Timeout"/> before a call counts as hung.</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(4);

    /// <summary>Ends a call the client failed to end (the old behaviour): the test then fails instead of hanging.</summary>
    private readonly CancellationTokenSource _guard = new(TimeSpan.FromSeconds(20));

    /// <summary>The "other host" redirects point at; it must never see a byte.</summary>
    private readonly RawHttpServer _other = RawHttpServer.Start(exchange => exchange.WriteAsync(RawHttpServer.Json("200 OK", """{"stageName":"someone-elses"}""")));

    private readonly List<HttpClient> _httpClients = new();

    private RawHttpServer? _server;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _httpClients.ForEach(http => http.Dispose());
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        await _other.DisposeAsync();
        _guard.Dispose();
    }

    private RawHttpServer Serve(Func<RawExchange, Task> respond) => _server = RawHttpServer.Start(respond);

    /// <summary>An HttpClient as an application makes one (following redirects), with AWS credentials on every request.</summary>
    private HttpClient Http(RawHttpServer server, TimeSpan? timeout = null)
    {
        var http = new HttpClient();
        _httpClients.Add(http);
        http.BaseAddress = server.BaseAddress;
        http.Timeout = timeout ?? TimeSpan.FromSeconds(10);
        http.DefaultRequestHeaders.TryAddWithoutValidation("X-Amz-Security-Token", Token);
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/apigateway/aws4_request");
        return http;
    }

    private static async Task<(Exception Error, TimeSpan Elapsed)> TimeAsync(Func<Task> call)
    {
        var stopwatch = Stopwatch.StartNew();
        var error = await Record.ExceptionAsync(call);
        Assert.NotNull(error);
        return (error, stopwatch.Elapsed);
    }

    private static void AssertTimedOut(Exception error, TimeSpan elapsed, string operation)
    {
        var cancelled = Assert.IsType<TaskCanceledException>(error);
        var timeout = Assert.IsType<TimeoutException>(cancelled.InnerException);
        Assert.Equal($"{operation}: the HttpClient.Timeout of 1 s elapsed while reading the response body.", cancelled.Message);
        Assert.Equal(cancelled.Message, timeout.Message);
        Assert.InRange(elapsed, Timeout - TimeSpan.FromMilliseconds(100), Timeout + Slack);
    }

    // ---- Bodies that stall or trickle: HttpClient.Timeout covers them too. ----

    [Fact]
    public async Task A_body_that_stalls_after_the_headers_ends_at_the_HttpClient_Timeout()
    {
        var server = Serve(async exchange =>
        {
            await exchange.WriteAsync(RawHttpServer.Response("200 OK", "Content-Type: application/json\r\nContent-Length: 100", """{"stageName":"""));
            await exchange.StallAsync();
        });
        using var http = Http(server, timeout: Timeout);

        var (error, elapsed) = await TimeAsync(() => new StageClient(http).GetStageAsync("a1b2c3", "prod", _guard.Token));

        AssertTimedOut(error, elapsed, "GetStage");
    }

    [Fact]
    public async Task A_chunked_body_trickled_a_byte_at_a_time_ends_at_the_HttpClient_Timeout()
    {
        var chunk = Encoding.ASCII.GetBytes(new string(' ', 1000));
        var server = Serve(async exchange =>
        {
            await exchange.WriteAsync(RawHttpServer.Response("200 OK", "Content-Type: application/json\r\nTransfer-Encoding: chunked", "3e8\r\n"));
            await exchange.TrickleAsync(chunk, TimeSpan.FromMilliseconds(50)); // each read gets a byte: no read waits long
        });
        using var http = Http(server, timeout: Timeout);

        var (error, elapsed) = await TimeAsync(() => new StageClient(http).GetStageAsync("a1b2c3", "prod", _guard.Token));

        AssertTimedOut(error, elapsed, "GetStage");
    }

    [Fact]
    public async Task Body_reads_that_waited_leave_each_later_call_its_whole_timeout()
    {
        // A body read that waits starts a timer, and one that did not fire is kept for a later call. A timer that fired
        // must not be kept (it would end the next call at once), one kept must not end a later call early (five bodies a
        // quarter of the timeout late take longer than one timeout), and the last call still times out.
        var timeout = TimeSpan.FromSeconds(2);
        var server = Serve(async exchange =>
        {
            await exchange.WriteAsync(RawHttpServer.Response("200 OK", $"Content-Type: application/json\r\nContent-Length: {Stage.Length}"));
            if (exchange.Request.Target.EndsWith("/stalls", StringComparison.Ordinal))
            {
                await exchange.StallAsync();
            }

            await Task.Delay(timeout / 4);
            await exchange.WriteAsync(Stage);
        });
        using var http = Http(server, timeout);
        var client = new StageClient(http);

        async Task AssertStallTimesOutAsync()
        {
            var (error, elapsed) = await TimeAsync(() => client.GetStageAsync("a1b2c3", "stalls", _guard.Token));
            var cancelled = Assert.IsType<TaskCanceledException>(error);
            Assert.IsType<TimeoutException>(cancelled.InnerException);
            Assert.Equal("GetStage: the HttpClient.Timeout of 2 s elapsed while reading the response body.", cancelled.Message);
            Assert.InRange(elapsed, timeout - TimeSpan.FromMilliseconds(100), timeout + Slack);
        }

        await AssertStallTimesOutAsync();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("prod", (await client.GetStageAsync("a1b2c3", "prod", _guard.Token)).StageName);
        }

        await AssertStallTimesOutAsync();
    }

    [Fact]
    public async Task Cancelling_the_token_while_the_body_stalls_is_the_callers_cancellation_not_a_timeout()
    {
        var server = Serve(async exchange =>
        {
            await exchange.WriteAsync(RawHttpServer.Response("200 OK", "Content-Type: application/json\r\nContent-Length: 100", "{"));
            await exchange.StallAsync();
        });
        using var http = Http(server, timeout: TimeSpan.FromSeconds(30));
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(_guard.Token);
        caller.CancelAfter(TimeSpan.FromMilliseconds(300));

        var (error, elapsed) = await TimeAsync(() => new StageClient(http).GetStageAsync("a1b2c3", "prod", caller.Token));

        var cancelled = Assert.IsAssignableFrom<OperationCanceledException>(error);
        Assert.Equal(caller.Token, cancelled.CancellationToken);
        Assert.IsNotType<TimeoutException>(cancelled.InnerException);
        Assert.False(_guard.IsCancellationRequested);
        Assert.True(elapsed < Slack, $"took {elapsed}");
    }

    [Fact]
    public async Task A_stalled_error_body_ends_at_the_timeout_as_the_status_with_what_arrived()
    {
        var server = Serve(async exchange =>
        {
            await exchange.WriteAsync(RawHttpServer.Response("500 Internal Server Error", "Content-Type: application/json\r\nContent-Length: 100", """{"message":"bo"""));
            await exchange.StallAsync();
        });
        using var http = Http(server, timeout: Timeout);

        var (error, elapsed) = await TimeAsync(() => new StageClient(http).GetStageAsync("a1b2c3", "prod", _guard.Token));

        var api = Assert.IsType<ApiException>(error);
        Assert.Equal(500, api.StatusCode);
        Assert.Equal("""{"message":"bo""", api.Body);
        Assert.True(api.Response.BodyTruncated);
        Assert.InRange(elapsed, Timeout - TimeSpan.FromMilliseconds(100), Timeout + Slack);
    }

    // ---- Announced lengths: memory follows the bytes that arrive. ----

    [Fact]
    public async Task Concurrent_responses_announcing_16_MiB_and_sending_nothing_allocate_by_what_arrived()
    {
        const int calls = 24;
        // Every response stays open until all of a round's calls have their headers and wait on the body, so each
        // holds whatever buffer it sized from the announced length at once; then the server closes them all.
        var release = new TaskCompletionSource();
        var server = Serve(async exchange =>
        {
            await exchange.WriteAsync(RawHttpServer.Response("200 OK", "Content-Type: application/json\r\nContent-Length: 16777216"));
            await release.Task.WaitAsync(exchange.Stopping);
        });
        using var http = Http(server);
        var client = new StageClient(http);
        async Task<Exception?[]> RoundAsync(int count)
        {
            var expected = server.Requests.Count + count;
            var round = Task.WhenAll(Enumerable.Range(0, count).Select(_ => Record.ExceptionAsync(() => client.GetStageAsync("a1b2c3", "prod", _guard.Token))));
            while (server.Requests.Count < expected)
            {
                await Task.Delay(10, _guard.Token);
            }

            await Task.Delay(300, _guard.Token); // the headers reach the client, which starts on the body
            release.SetResult();
            var errors = await round;
            release = new TaskCompletionSource();
            return errors;
        }

        await RoundAsync(2); // JIT, connection and pool warm-up outside the count

        var sentBefore = server.BytesSent;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var errors = await RoundAsync(calls);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var received = server.BytesSent - sentBefore;

        output.WriteLine($"{calls} calls: {allocated:N0} bytes allocated, {received:N0} bytes received");
        Assert.All(errors, error => Assert.IsType<HttpRequestException>(error)); // the body ended short of its length
        Assert.InRange(received, calls * 50, calls * 200);
        // A call's fixed cost (HttpClient's request, connection and buffers, the first 16 KiB body buffer) plus the
        // bytes; the 16 MiB each response announced (384 MiB together) never appears.
        const long perCall = 128 * 1024;
        Assert.True(allocated < calls * perCall + 16 * received, $"{allocated:N0} bytes allocated for {received:N0} bytes received");
    }

    [Fact]
    public async Task A_Content_Length_shorter_than_the_body_reads_only_what_it_announced()
    {
        var server = Serve(exchange => exchange.WriteAsync(RawHttpServer.Response("200 OK", "Content-Type: application/json\r\nContent-Length: 5", Stage)));
        using var http = Http(server);

        var error = await Assert.ThrowsAsync<ApiResponseFormatException>(() => new StageClient(http).GetStageAsync("a1b2c3", "prod", _guard.Token));

        Assert.Equal("""{"sta""", error.Body);
    }

    [Fact]
    public async Task A_Content_Length_longer_than_the_body_is_a_transport_error()
    {
        var server = Serve(exchange => exchange.WriteAsync(RawHttpServer.Response("200 OK", "Content-Type: application/json\r\nContent-Length: 1000", Stage)));
        using var http = Http(server);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => new StageClient(http).GetStageAsync("a1b2c3", "prod", _guard.Token));

        Assert.StartsWith("GetStage: the connection failed after 20 bytes of the response body", error.Message);
        Assert.Equal(System.Net.HttpStatusCode.OK, error.StatusCode);
    }

    // ---- Limits at their edges. ----

    /// <summary>A client to a server that answers GET with a chunked Stage and anything else with a 500 and a JSON body.</summary>
    private StageClient ClientWithLimits(int maxResponseBodyBytes, int maxErrorBodyBytes)
    {
        var server = Serve(exchange => exchange.WriteAsync(exchange.Request.Method == "GET"
            ? RawHttpServer.Response("200 OK", "Content-Type: application/json\r\nTransfer-Encoding: chunked", $"14\r\n{Stage}\r\n0\r\n\r\n")
            : RawHttpServer.Json("500 Internal Server Error", """{"message":"boom"}""")));
        return new StageClient(Http(server), new StageClientOptions { MaxResponseBodyBytes = maxResponseBodyBytes, MaxErrorBodyBytes = maxErrorBodyBytes });
    }

    [Fact]
    public async Task The_largest_limits_read_a_chunked_success_body_and_an_error_body()
    {
        var client = ClientWithLimits(maxResponseBodyBytes: int.MaxValue, maxErrorBodyBytes: int.MaxValue);

        var stage = await client.GetStageAsync("a1b2c3", "prod", _guard.Token);
        var error = await Assert.ThrowsAsync<ApiException>(() => client.DeleteStageAsync("a1b2c3", "prod", _guard.Token));

        Assert.Equal("prod", stage.StageName);
        Assert.Equal("""{"message":"boom"}""", error.Body);
    }

    [Fact]
    public async Task Zero_limits_refuse_any_success_body_and_keep_no_error_body()
    {
        var client = ClientWithLimits(maxResponseBodyBytes: 0, maxErrorBodyBytes: 0);

        var tooLarge = await Assert.ThrowsAsync<ApiResponseFormatException>(() => client.GetStageAsync("a1b2c3", "prod", _guard.Token));
        var error = await Assert.ThrowsAsync<ApiException>(() => client.DeleteStageAsync("a1b2c3", "prod", _guard.Token));

        Assert.Contains("MaxResponseBodyBytes", tooLarge.Message);
        Assert.Null(error.Body);
        Assert.True(error.Response.BodyTruncated);
    }

    // ---- Redirects: never followed by the clients StageGen sets up; refused when someone else's HttpClient follows one. ----

    public static TheoryData<int> RedirectStatuses => new() { 301, 302, 303, 307, 308 };

    private RawHttpServer RedirectingServer(int status, string? location = null) => Serve(exchange => exchange.WriteAsync(
        RawHttpServer.Response($"{status} Redirect", $"Location: {location ?? _other.BaseAddress + "v2/apis/a1b2c3/stages/prod"}\r\nContent-Length: 0")));

    private static Task<Stage> UpdateAsync(IStageClient client, CancellationToken token) =>
        client.UpdateStageAsync("a1b2c3", "prod", new UpdateStageInput { Description = "private" }, token);

    private void AssertNothingReachedTheOtherHost()
    {
        Assert.Equal(0, _other.Connections);
        Assert.Equal(0, _other.BytesReceived);
    }

    private static void AssertRedirectNotFollowed(ApiException error, int status, string location)
    {
        Assert.Equal(typeof(ApiException), error.GetType());
        Assert.Equal(status, error.StatusCode);
        Assert.Equal(location, error.GetHeader("Location"));
        Assert.Contains($"(a redirect to {location}, not followed)", error.Message);
    }

    [Theory]
    [MemberData(nameof(RedirectStatuses))]
    public async Task The_client_from_AddStageClient_does_not_follow_a_redirect_to_another_host(int status)
    {
        var server = RedirectingServer(status);
        var services = new ServiceCollection();
        services.AddStageClient(http =>
        {
            http.BaseAddress = server.BaseAddress;
            http.DefaultRequestHeaders.TryAddWithoutValidation("X-Amz-Security-Token", Token);
        });
        await using var provider = services.BuildServiceProvider();

        var error = await Assert.ThrowsAsync<ApiException>(() => UpdateAsync(provider.GetRequiredService<IStageClient>(), _guard.Token));

        AssertRedirectNotFollowed(error, status, _other.BaseAddress + "v2/apis/a1b2c3/stages/prod");
        AssertNothingReachedTheOtherHost();
        Assert.Equal(Token, Assert.Single(server.Requests).Header("X-Amz-Security-Token"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AddStageClient_turns_off_redirects_on_a_primary_handler_the_application_configures(bool forEveryClient)
    {
        var server = RedirectingServer(307);
        var services = new ServiceCollection();
        var handler = new SocketsHttpHandler { AllowAutoRedirect = true, MaxConnectionsPerServer = 7 };
        if (forEveryClient)
        {
            services.ConfigureHttpClientDefaults(defaults => defaults.ConfigurePrimaryHttpMessageHandler(() => handler));
        }

        var builder = services.AddStageClient(http => http.BaseAddress = server.BaseAddress);
        if (!forEveryClient)
        {
            builder.ConfigurePrimaryHttpMessageHandler(() => handler);
        }

        builder.AddStandardResilienceHandler();
        await using var provider = services.BuildServiceProvider();

        var error = await Assert.ThrowsAsync<ApiException>(() => UpdateAsync(provider.GetRequiredService<IStageClient>(), _guard.Token));

        Assert.Equal(307, error.StatusCode);
        Assert.False(handler.AllowAutoRedirect);
        Assert.Equal(7, handler.MaxConnectionsPerServer); // the application's handler, kept
        AssertNothingReachedTheOtherHost();
    }

    [Theory]
    [MemberData(nameof(RedirectStatuses))]
    public async Task The_client_made_from_a_base_address_does_not_follow_a_redirect_to_another_host(int status)
    {
        var server = RedirectingServer(status);

        var error = await Assert.ThrowsAsync<ApiException>(() => UpdateAsync(new StageClient(server.BaseAddress), _guard.Token));

        AssertRedirectNotFollowed(error, status, _other.BaseAddress + "v2/apis/a1b2c3/stages/prod");
        AssertNothingReachedTheOtherHost();
    }

    [Theory]
    [MemberData(nameof(RedirectStatuses))]
    public async Task An_HttpClient_that_follows_redirects_gets_the_other_hosts_answer_refused(int status)
    {
        // new HttpClient() follows redirects, and by the time the response is back the request has gone to the other
        // host (HttpClient removes Authorization, not the session token, and re-sends the body unless a 303 made it a
        // GET); the client refuses to take that host's answer for the service's.
        var server = RedirectingServer(status);
        using var http = Http(server);

        var error = await Assert.ThrowsAsync<ApiException>(() => UpdateAsync(new StageClient(http), _guard.Token));

        Assert.Equal(200, error.StatusCode);
        Assert.StartsWith($"UpdateStage: the HttpClient followed a redirect to {(status == 303 ? "GET" : "PATCH")} {_other.BaseAddress}v2/apis/a1b2c3/stages/prod, away from PATCH {server.BaseAddress.GetLeftPart(UriPartial.Authority)}", error.Message);
        Assert.Null(error.Body);
        Assert.Single(_other.Requests);
    }

    [Fact]
    public async Task A_303_that_turns_UpdateStage_into_a_GET_on_the_same_host_is_refused()
    {
        var server = Serve(exchange => exchange.WriteAsync(exchange.Request.Method == "PATCH"
            ? RawHttpServer.Response("303 See Other", "Location: /v2/apis/a1b2c3/stages/prod\r\nContent-Length: 0")
            : RawHttpServer.Json("200 OK", Stage)));
        using var http = Http(server);

        var error = await Assert.ThrowsAsync<ApiException>(() => UpdateAsync(new StageClient(http), _guard.Token));

        Assert.Contains("followed a redirect to GET", error.Message);
        Assert.Equal(["PATCH", "GET"], server.Requests.Select(r => r.Method));
    }

    [Fact]
    public async Task A_307_to_another_path_on_the_same_host_is_answered_from_there()
    {
        // The request's URI is not the one sent, but scheme, host, port and method are: the service's own answer.
        var server = Serve(exchange => exchange.WriteAsync(exchange.Request.Target.EndsWith("/prod", StringComparison.Ordinal)
            ? RawHttpServer.Response("307 Temporary Redirect", "Location: /v2/apis/a1b2c3/stages/moved\r\nContent-Length: 0")
            : RawHttpServer.Json("200 OK", """{"stageName":"moved"}""")));
        using var http = Http(server);

        var stage = await UpdateAsync(new StageClient(http), _guard.Token);

        Assert.Equal("moved", stage.StageName);
        Assert.Equal(["PATCH", "PATCH"], server.Requests.Select(r => r.Method));
    }

    [Fact]
    public async Task A_redirect_to_a_file_URI_is_an_ApiException_with_the_Location_or_a_transport_error_when_followed()
    {
        var server = RedirectingServer(302, "file:///etc/passwd");

        using var http = Http(server);

        var notFollowed = await Assert.ThrowsAsync<ApiException>(() => new StageClient(server.BaseAddress).GetStageAsync("a1b2c3", "prod", _guard.Token));
        // An HttpClient that follows redirects tries to, and fails inside SocketsHttpHandler with a UriFormatException.
        var followed = await Assert.ThrowsAsync<HttpRequestException>(() => new StageClient(http).GetStageAsync("a1b2c3", "prod", _guard.Token));

        AssertRedirectNotFollowed(notFollowed, 302, "file:///etc/passwd");
        Assert.StartsWith("GetStage: the HttpClient followed a redirect to a URI it cannot send to", followed.Message);
        Assert.IsType<UriFormatException>(followed.InnerException);
    }

    // ---- Server text in messages. ----

    [Fact]
    public async Task Control_characters_from_the_server_are_escaped_in_the_message_and_kept_raw_in_Body()
    {
        const string body = "oops\r\n2024-01-01 INFO forged log line \u001b[2J\u001b[31m";
        // 0x9B in the reason phrase is C1's CSI, a terminal escape in one byte (obs-text, which HTTP allows there).
        var server = Serve(exchange => exchange.WriteAsync(Encoding.Latin1.GetBytes(
            $"HTTP/1.1 500 Bad \u009b31m Thing\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}")));
        using var http = Http(server);

        var error = await Assert.ThrowsAsync<ApiException>(() => new StageClient(http).GetStageAsync("a1b2c3", "prod", _guard.Token));

        Assert.Equal(@"GetStage failed: the service returned 500 Bad \u009B31m Thing: oops\r\n2024-01-01 INFO forged log line \u001B[2J\u001B[31m", error.Message);
        Assert.Equal(body, error.Body);
        Assert.Equal("Bad \u009b31m Thing", error.Response.ReasonPhrase);
    }

    [Fact]
    public async Task An_undeclared_status_exposes_the_service_message_and_error_code()
    {
        var server = Serve(exchange => exchange.WriteAsync(RawHttpServer.Json(
            "500 Internal Server Error", """{"message":"boom","__type":"com.amazonaws.apigateway#InternalFailure"}""", "x-amzn-ErrorType: ServiceFailure:http://internal.amazon.com/coral/\r\n")));
        using var http = Http(server);

        var error = await Assert.ThrowsAsync<ApiException>(() => new StageClient(http).GetStageAsync("a1b2c3", "prod", _guard.Token));

        Assert.Equal("boom", error.ServiceMessage);
        Assert.Equal("ServiceFailure", error.ErrorCode); // the header comes first, without its ':' part
    }
}
