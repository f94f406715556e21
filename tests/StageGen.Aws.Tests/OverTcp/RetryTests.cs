using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Amazon.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Xunit;

namespace StageGen.Aws.Tests.OverTcp;

/// <summary>
/// AwsRetryHandler over real TCP: what is retried, how long it waits (on a clock that records the waits and ends them
/// at once), how the retry quota runs out and fills again, and how it sits with a resilience handler of the user's.
/// </summary>
public sealed class RetryTests
{
    private const string Path = "v2/apis/a1b2c3/stages/prod";

    private static readonly DateTimeOffset Start = new(DateTime.UtcNow.Year, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A client registered with AddAwsSigV4, signing on a clock that moves a second a reading.</summary>
    private static (ServiceProvider Provider, HttpClient Client) Signed(SigV4Server server, ManualTimeProvider clock,
        Action<AwsSigV4Options>? configure = null, Action<IHttpClientBuilder>? configureBuilder = null, Action<IServiceCollection>? configureServices = null)
    {
        server.ClockOffset = clock.Now - DateTimeOffset.UtcNow;
        var services = new ServiceCollection();
        configureServices?.Invoke(services);
        IHttpClientBuilder builder = services.AddHttpClient("stage", c => c.BaseAddress = server.BaseAddress).AddAwsSigV4(o =>
        {
            o.Region = "us-east-1";
            o.Credentials = new BasicAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
            o.TimeProvider = clock;
            configure?.Invoke(o);
        });
        configureBuilder?.Invoke(builder);
        ServiceProvider provider = services.BuildServiceProvider();
        return (provider, provider.GetRequiredService<IHttpClientFactory>().CreateClient("stage"));
    }

    private static ManualTimeProvider Clock() => new(Start) { Step = TimeSpan.FromSeconds(1) };

    private static void Enqueue(SigV4Server server, HttpStatusCode status, int count)
    {
        for (int i = 0; i < count; i++)
        {
            server.Script.Enqueue(status);
        }
    }

    private static async Task<HttpStatusCode> GetAsync(HttpClient client)
    {
        using HttpResponseMessage response = await client.GetAsync(Path);
        return response.StatusCode;
    }

    [Fact]
    public async Task AddAwsSigV4_alone_retries_a_503_twice_and_signs_each_attempt_again()
    {
        await using SigV4Server server = await SigV4Server.StartAsync();
        Enqueue(server, HttpStatusCode.ServiceUnavailable, 2);
        ManualTimeProvider clock = Clock();
        // A fixed jitter: a random one below 1% makes a wait under a millisecond, which ends without a timer to record.
        (ServiceProvider provider, HttpClient client) = Signed(server, clock, o => o.Retry.Randomizer = () => 0.5);
        using (provider)
        {
            Assert.Equal(HttpStatusCode.OK, await GetAsync(client));
        }

        SeenRequest[] seen = server.Seen.ToArray();
        Assert.Equal(new[] { 503, 503, 200 }, seen.Select(s => s.Status));
        Assert.All(seen, s => Assert.Null(s.Error)); // every attempt's signature was right
        Assert.Equal(3, seen.Select(s => s.AmzDate).Distinct().Count());
        Assert.Equal(2, clock.Delays.Length);
    }

    [Fact]
    public async Task Three_503s_give_the_caller_the_third_after_two_retries()
    {
        await using SigV4Server server = await SigV4Server.StartAsync();
        Enqueue(server, HttpStatusCode.ServiceUnavailable, 5);
        (ServiceProvider provider, HttpClient client) = Signed(server, Clock());
        using (provider)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await GetAsync(client));
        }

        Assert.Equal(3, server.Seen.Count);
        Assert.Equal(2, server.Script.Count);
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable, 100)] // transient
    [InlineData(HttpStatusCode.TooManyRequests, 500)]    // throttling
    public async Task The_backoff_is_the_jitter_times_base_times_two_to_the_retry_capped_at_20_s(HttpStatusCode status, int baseMilliseconds)
    {
        await using SigV4Server server = await SigV4Server.StartAsync();
        Enqueue(server, status, 9);
        ManualTimeProvider clock = Clock();
        (ServiceProvider provider, HttpClient client) = Signed(server, clock, o =>
        {
            o.Retry.MaxAttempts = 10;
            o.Retry.Randomizer = () => 0.75;
        });
        using (provider)
        {
            Assert.Equal(HttpStatusCode.OK, await GetAsync(client));
        }

        double[] expected = Enumerable.Range(0, 9).Select(retry => Math.Min(20_000, 0.75 * baseMilliseconds * Math.Pow(2, retry))).ToArray();
        Assert.Equal(expected, clock.Delays.Select(d => d.TotalMilliseconds));
        Assert.Equal(10, server.Seen.Count);
    }

    [Fact]
    public async Task With_real_jitter_each_delay_is_below_its_bound()
    {
        await using SigV4Server server = await SigV4Server.StartAsync();
        ManualTimeProvider clock = Clock();
        (ServiceProvider provider, HttpClient client) = Signed(server, clock);
        using (provider)
        {
            for (int call = 0; call < 20; call++)
            {
                Enqueue(server, call % 2 == 0 ? HttpStatusCode.InternalServerError : HttpStatusCode.TooManyRequests, 2);
                Assert.Equal(HttpStatusCode.OK, await GetAsync(client));
            }
        }

        // Every call was retried twice; a wait shorter than a millisecond ends without a timer, so fewer may be recorded.
        Assert.Equal(60, server.Seen.Count);
        TimeSpan[] delays = clock.Delays;
        Assert.InRange(delays.Length, 30, 40);
        Assert.All(delays, d => Assert.InRange(d, TimeSpan.Zero, TimeSpan.FromMilliseconds(1000)));
        Assert.True(delays.Distinct().Count() > 25, "the jitter varies");
    }

    [Fact]
    public async Task The_default_quota_pays_for_100_retries_then_failures_go_straight_to_the_caller_of_that_endpoint_only()
    {
        await using SigV4Server failing = await SigV4Server.StartAsync();
        await using SigV4Server other = await SigV4Server.StartAsync();
        Enqueue(failing, HttpStatusCode.ServiceUnavailable, 151);
        Enqueue(other, HttpStatusCode.ServiceUnavailable, 1);
        ManualTimeProvider clock = Clock();
        (ServiceProvider provider, HttpClient client) = Signed(failing, clock);
        using (provider)
        {
            AwsRetryQuota quota = provider.GetRequiredService<AwsRetryQuota>();
            for (int call = 0; call < 50; call++)
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, await GetAsync(client));
            }
            Assert.Equal(150, failing.Seen.Count);
            Assert.Equal(0, quota.AvailableFor(failing.BaseAddress));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, await GetAsync(client));
            Assert.Equal(151, failing.Seen.Count); // no token, no retry

            // Another endpoint has a bucket of its own. The signer and its clock do not care where a request goes.
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(other.BaseAddress, Path));
            other.ClockOffset = failing.ClockOffset;
            using HttpResponseMessage response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(2, other.Seen.Count);
            Assert.Equal(AwsRetryQuota.DefaultCapacity, quota.AvailableFor(other.BaseAddress)); // 5 taken, 5 given back
        }
    }

    [Fact]
    public async Task A_success_gives_back_its_last_retry_cost_or_one_token()
    {
        await using SigV4Server server = await SigV4Server.StartAsync();
        var quota = new AwsRetryQuota(capacity: 12);
        (ServiceProvider provider, HttpClient client) = Signed(server, Clock(), configureServices: s => s.AddSingleton(quota));
        using (provider)
        {
            int Available() => quota.AvailableFor(server.BaseAddress);

            Enqueue(server, HttpStatusCode.ServiceUnavailable, 2);
            Assert.Equal(HttpStatusCode.OK, await GetAsync(client)); // 12 - 5 - 5, then the last retry's 5 back
            Assert.Equal(7, Available());
            Assert.Equal(3, server.Seen.Count);

            Enqueue(server, HttpStatusCode.ServiceUnavailable, 3);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await GetAsync(client)); // 7 - 5; 2 cannot pay for a second retry
            Assert.Equal(2, Available());
            Assert.Equal(5, server.Seen.Count);
            Assert.Single(server.Script);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, await GetAsync(client)); // the last 503: not retried either
            Assert.Equal(HttpStatusCode.OK, await GetAsync(client)); // no retry needed: 1 back
            Assert.Equal(HttpStatusCode.OK, await GetAsync(client));
            Assert.Equal(4, Available());
            for (int i = 0; i < 20; i++)
            {
                Assert.Equal(HttpStatusCode.OK, await GetAsync(client));
            }
            Assert.Equal(12, Available()); // never above the capacity
        }
    }

    [Fact]
    public async Task Without_the_quota_retries_go_on_when_the_bucket_would_be_empty()
    {
        await using SigV4Server server = await SigV4Server.StartAsync();
        Enqueue(server, HttpStatusCode.ServiceUnavailable, 6);
        (ServiceProvider provider, HttpClient client) = Signed(server, Clock(), o => o.Retry.UseRetryQuota = false,
            configureServices: s => s.AddSingleton(new AwsRetryQuota(capacity: 0)));
        using (provider)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await GetAsync(client));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await GetAsync(client));
        }

        Assert.Equal(6, server.Seen.Count);
    }

    [Fact]
    public async Task A_timeout_inside_the_call_is_retried_for_10_tokens()
    {
        var attempts = 0;
        await using FakeHttpServer server = await FakeHttpServer.StartAsync(async context =>
        {
            if (System.Threading.Interlocked.Increment(ref attempts) == 1)
            {
                // The first attempt gets no answer until the client gives up on it.
                await Task.Delay(System.Threading.Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { });
                return;
            }
            await context.Response.WriteAsync("{}");
        });
        var quota = new AwsRetryQuota();
        ManualTimeProvider clock = Clock();
        int? availableWhileWaiting = null;
        clock.OnDelay = _ => availableWhileWaiting = quota.AvailableFor(server.BaseAddress);
        // A per-attempt timeout between the retry and the wire, as a hand-built chain may have.
        var attemptTimeout = new ResiliencePipelineBuilder<HttpResponseMessage>().AddTimeout(TimeSpan.FromMilliseconds(200)).Build();
        var options = new AwsRetryOptions { Randomizer = () => 0.5 }; // a wait long enough to be timed, so OnDelay sees it
        using var http = new HttpClient(new AwsRetryHandler(options, clock, quota)
        {
            InnerHandler = new ResilienceHandler(attemptTimeout) { InnerHandler = new SocketsHttpHandler() },
        }) { BaseAddress = server.BaseAddress };

        using HttpResponseMessage response = await http.GetAsync(Path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, attempts);
        Assert.Equal(AwsRetryQuota.DefaultCapacity - AwsRetryQuota.TimeoutRetryCost, availableWhileWaiting);
        Assert.Equal(AwsRetryQuota.DefaultCapacity, quota.AvailableFor(server.BaseAddress));
    }

    [Fact]
    public async Task A_refused_connection_is_retried_and_the_last_exception_reaches_the_caller()
    {
        Uri closed;
        await using (FakeHttpServer gone = await FakeHttpServer.StartAsync(_ => Task.CompletedTask))
        {
            closed = gone.BaseAddress;
        }
        ManualTimeProvider clock = Clock();
        var options = new AwsRetryOptions { Randomizer = () => 0.5 }; // every wait long enough to be recorded
        using var http = new HttpClient(new AwsRetryHandler(options, clock) { InnerHandler = new SocketsHttpHandler() })
        {
            BaseAddress = closed,
        };

        var exception = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(Path));

        Assert.Equal(HttpRequestError.ConnectionError, exception.HttpRequestError);
        Assert.Equal(2, clock.Delays.Length);
    }

    [Theory]
    [InlineData("x-amz-retry-after", "1500", 1_500)]
    [InlineData("Retry-After", "3", 3_000)]
    [InlineData("Retry-After", "date+4", 4_000)]
    [InlineData("Retry-After", "60", 20_000)]       // capped
    [InlineData("Retry-After", "0", 50)]            // shorter than the backoff
    [InlineData("x-amz-retry-after", "soon", 50)]   // not a number: the backoff alone
    public async Task A_longer_wait_the_service_asks_for_is_honoured_up_to_the_cap(string header, string value, int expectedMilliseconds)
    {
        ManualTimeProvider clock = Clock();
        clock.Step = TimeSpan.Zero;
        var attempts = 0;
        await using FakeHttpServer server = await FakeHttpServer.StartAsync(async context =>
        {
            if (System.Threading.Interlocked.Increment(ref attempts) == 1)
            {
                context.Response.StatusCode = 503;
                context.Response.Headers[header] = value == "date+4" ? (clock.Now + TimeSpan.FromSeconds(4)).ToString("R", CultureInfo.InvariantCulture) : value;
            }
            await context.Response.WriteAsync("{}");
        });
        var options = new AwsRetryOptions { Randomizer = () => 0.5 }; // a backoff of 50 ms
        using var http = new HttpClient(new AwsRetryHandler(options, clock) { InnerHandler = new SocketsHttpHandler() }) { BaseAddress = server.BaseAddress };

        using HttpResponseMessage response = await http.GetAsync(Path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expectedMilliseconds, Assert.Single(clock.Delays).TotalMilliseconds);
    }

    [Fact]
    public async Task A_hand_built_retry_outside_the_signer_signs_each_attempt_and_numbers_it()
    {
        await using SigV4Server server = await SigV4Server.StartAsync();
        ManualTimeProvider clock = Clock();
        server.ClockOffset = clock.Now - DateTimeOffset.UtcNow;
        server.Script.Enqueue(HttpStatusCode.BadGateway);
        var headers = new List<(string? Request, string? Invocation)>();
        var probe = new HeaderProbe(headers) { InnerHandler = new SocketsHttpHandler() };
        var signer = new AwsSigV4Handler(new AwsSigV4Options
        {
            Region = "us-east-1",
            Credentials = new BasicAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
            TimeProvider = clock,
        }) { InnerHandler = probe };
        using var http = new HttpClient(new AwsRetryHandler(new AwsRetryOptions { MaxAttempts = 4 }, clock) { InnerHandler = signer })
        {
            BaseAddress = server.BaseAddress,
        };

        using HttpResponseMessage response = await http.GetAsync(Path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        SeenRequest[] seen = server.Seen.ToArray();
        Assert.Equal(new[] { 502, 200 }, seen.Select(s => s.Status));
        Assert.All(seen, s => Assert.Null(s.Error));
        Assert.NotEqual(seen[0].AmzDate, seen[1].AmzDate);
        // AWSSDK.Core's signer leaves the two retry headers unsigned, as the AWS SDK for .NET sends them.
        Assert.DoesNotContain("amz-sdk-request", seen[1].SignedHeaders!.Split(';'));
        Assert.Equal(new[] { "attempt=1; max=4", "attempt=2; max=4" }, headers.Select(h => h.Request));
        Assert.Equal(headers[0].Invocation, headers[1].Invocation);
        Assert.True(Guid.TryParse(headers[0].Invocation, out _));
    }

    [Theory]
    [InlineData("AddStandardResilienceHandler", null, 4)] // its 1 + 3 attempts, not 4 × 3
    [InlineData("AddPolicyHandler", null, 4)]             // a Polly v7 policy's 1 + 3
    [InlineData("AddStandardResilienceHandler", 2, 8)]    // MaxAttempts set: the AWS retry inside it too, 4 × 2
    public async Task Beside_a_retrying_handler_of_the_users_attempts_multiply_only_when_MaxAttempts_is_set(string handler, int? maxAttempts, int expected)
    {
        await using SigV4Server server = await SigV4Server.StartAsync();
        Enqueue(server, HttpStatusCode.ServiceUnavailable, 20);
        (ServiceProvider provider, HttpClient client) = Signed(server, Clock(), o => o.Retry.MaxAttempts = maxAttempts, b =>
        {
            if (handler == "AddPolicyHandler")
            {
                b.AddTransientHttpErrorPolicy(policy => policy.RetryAsync(3));
            }
            else
            {
                b.AddStandardResilienceHandler(DependencyInjectionTests.FastRetries);
            }
        });
        using (provider)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await GetAsync(client));
        }

        Assert.Equal(expected, server.Seen.Count);
        Assert.All(server.Seen, s => Assert.Null(s.Error)); // the user's retries are signed again too
    }

    [Fact]
    public async Task MaxAttempts_1_turns_retrying_off()
    {
        await using SigV4Server server = await SigV4Server.StartAsync();
        Enqueue(server, HttpStatusCode.ServiceUnavailable, 2);
        (ServiceProvider provider, HttpClient client) = Signed(server, Clock(), o => o.Retry.MaxAttempts = 1);
        using (provider)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await GetAsync(client));
        }

        Assert.Single(server.Seen);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void MaxAttempts_below_1_is_refused(int maxAttempts)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AwsRetryHandler(new AwsRetryOptions { MaxAttempts = maxAttempts }));
    }

    /// <summary>Notes the retry headers each attempt carries on its way to the wire.</summary>
    private sealed class HeaderProbe(List<(string? Request, string? Invocation)> seen) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, System.Threading.CancellationToken cancellationToken)
        {
            seen.Add((Value(request, "amz-sdk-request"), Value(request, "amz-sdk-invocation-id")));
            return base.SendAsync(request, cancellationToken);
        }

        private static string? Value(HttpRequestMessage request, string name) =>
            request.Headers.TryGetValues(name, out IEnumerable<string>? values) ? string.Join(",", values) : null;
    }
}
