using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Contoso.Gateway;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using StageGen.Aws;
using StageGen.Aws.Tests;
using StageGen.Runtime;
using Xunit;

namespace StageGen.Emulator.Tests.Signing;

/// <summary>
/// The generated client registered with <c>AddStageClient(...).AddAwsSigV4(...)</c> retries as the AWS SDKs' standard
/// mode does, each attempt signed again, against the emulator's scripted faults. Waits are recorded on the signer's
/// clock and end at once.
/// </summary>
public sealed class RetryTests : SignedEmulatorTest
{
    private const string RateExceeded = "Rate exceeded";

    // Each reading a second later, so that each attempt is signed with another X-Amz-Date.
    private readonly ManualTimeProvider _clock = new(DateTimeOffset.UtcNow) { Step = TimeSpan.FromSeconds(1) };

    private IStageClient RetryingClient(Action<AwsSigV4Options>? configure = null, Action<IHttpClientBuilder>? configureBuilder = null) =>
        SignedClient(configure: o =>
        {
            o.TimeProvider = _clock;
            configure?.Invoke(o);
        }, configureBuilder: configureBuilder);

    [Fact]
    public async Task A_400_ThrottlingException_then_200_succeeds_with_two_differently_signed_attempts()
    {
        Emulator.Faults.Enqueue(EmulatorFault.ServiceError(400, "ThrottlingException", RateExceeded));

        Stage stage = await RetryingClient().GetStageAsync(DemoApi, "prod", Cancel);

        Assert.Equal("prod", stage.StageName);
        RecordedRequest[] requests = AssertTwoSignedAttempts("ServiceError 400 ThrottlingException");
        Assert.Equal("attempt=1; max=3", requests[0].Headers["amz-sdk-request"]);
        Assert.Equal("attempt=2; max=3", requests[1].Headers["amz-sdk-request"]);
        Assert.Equal(requests[0].Headers["amz-sdk-invocation-id"], requests[1].Headers["amz-sdk-invocation-id"]);
        // A throttling error's backoff: a random share of 500 ms (one under a millisecond is not timed at all).
        Assert.All(_clock.Delays, d => Assert.InRange(d, TimeSpan.Zero, TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task A_429_TooManyRequestsException_is_retried_after_the_Retry_After_the_service_sent()
    {
        Emulator.Faults.Enqueue(EmulatorFault.TooManyRequests(retryAfterSeconds: 2));

        Stage stage = await RetryingClient().GetStageAsync(DemoApi, "prod", Cancel);

        Assert.Equal("prod", stage.StageName);
        AssertTwoSignedAttempts("TooManyRequests 2s");
        Assert.Equal(TimeSpan.FromSeconds(2), Assert.Single(_clock.Delays));
    }

    [Fact]
    public async Task A_503_is_retried_after_a_transient_backoff()
    {
        Emulator.Faults.Enqueue(EmulatorFault.ServiceError(503, "ServiceUnavailableException", "Service Unavailable"));

        Stage stage = await RetryingClient(o => o.Retry.Randomizer = () => 0.5).GetStageAsync(DemoApi, "prod", Cancel);

        Assert.Equal("prod", stage.StageName);
        AssertTwoSignedAttempts("ServiceError 503 ServiceUnavailableException");
        Assert.Equal(TimeSpan.FromMilliseconds(50), Assert.Single(_clock.Delays)); // 0.5 × 100 ms
    }

    [Fact]
    public async Task A_connection_dropped_before_the_response_is_retried()
    {
        Emulator.Faults.Enqueue(EmulatorFault.Abort());

        Stage stage = await RetryingClient().GetStageAsync(DemoApi, "prod", Cancel);

        Assert.Equal("prod", stage.StageName);
        AssertTwoSignedAttempts("Abort");
    }

    [Fact]
    public async Task A_retried_update_sends_its_body_again_signed_again_and_is_applied_once()
    {
        Emulator.Faults.Enqueue(EmulatorFault.ServiceError(500, "InternalServerErrorException", "Internal server error"));

        Stage stage = await RetryingClient().UpdateStageAsync(DemoApi, "prod", new UpdateStageInput { Description = "retried" }, Cancel);

        Assert.Equal("retried", stage.Description);
        RecordedRequest[] requests = AssertTwoSignedAttempts("ServiceError 500 InternalServerErrorException");
        Assert.Equal(requests[0].Body, requests[1].Body);
        Assert.Equal("{\"description\":\"retried\"}", requests[1].Body);
        Assert.Equal(requests[0].Headers["X-Amz-Content-SHA256"], requests[1].Headers["X-Amz-Content-SHA256"]);
    }

    [Theory]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(400)]
    [InlineData(409)]
    public async Task An_error_that_is_not_throttling_or_transient_reaches_the_caller_after_one_attempt(int status)
    {
        IStageClient client = RetryingClient(configure: status == 403
            ? o => o.Credentials = new Amazon.Runtime.BasicAWSCredentials(ReadOnlyKeyId, EmulatorSigV4.ExampleSecretAccessKey)
            : null);
        if (status == 400)
        {
            Emulator.Faults.Enqueue(EmulatorFault.ServiceError(400, "BadRequestException", "Invalid request"));
        }

        var exception = await Assert.ThrowsAnyAsync<ApiException>(() => status switch
        {
            403 => client.DeleteStageAsync(DemoApi, "prod", Cancel),                   // AccessDeniedException
            404 => client.GetStageAsync(DemoApi, "nope", Cancel),                      // NotFoundException
            400 => client.UpdateStageAsync(DemoApi, "prod", new UpdateStageInput { Description = "x" }, Cancel),
            _ => client.UpdateStageAsync(DemoApi, "$default", new UpdateStageInput { Description = "x" }, Cancel), // ConflictException
        });

        Assert.Equal(status, exception.StatusCode);
        RecordedRequest request = Assert.Single(Emulator.Requests.Snapshot());
        Assert.Equal("attempt=1; max=3", request.Headers["amz-sdk-request"]);
        Assert.Empty(_clock.Delays);
    }

    [Theory]
    [InlineData(null, 3)]
    [InlineData(5, 5)]
    [InlineData(1, 1)]
    public async Task Attempts_stop_at_MaxAttempts_and_the_caller_gets_the_last_typed_error_with_its_body(int? maxAttempts, int expected)
    {
        for (int i = 0; i < 6; i++)
        {
            Emulator.Faults.Enqueue(EmulatorFault.TooManyRequests(retryAfterSeconds: 1));
        }

        var exception = await Assert.ThrowsAsync<LimitExceededException>(() =>
            RetryingClient(o => o.Retry.MaxAttempts = maxAttempts).GetStageAsync(DemoApi, "prod", Cancel));

        Assert.Equal(429, exception.StatusCode);
        Assert.Equal("TooManyRequestsException", exception.ErrorCode);
        Assert.Equal("""{"message":"Too Many Requests","limitType":"RequestRate"}""", exception.Body);
        Assert.Equal("Too Many Requests", exception.Message);
        Assert.Equal(expected, Emulator.Requests.Count);
        Assert.Equal(6 - expected, Emulator.Faults.Count);
        Assert.Equal(expected - 1, _clock.Delays.Length);
    }

    [Fact]
    public async Task Cancelling_while_a_retry_waits_ends_the_call_at_once()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        _clock.HoldDelays = true; // the wait would never end by itself
        _clock.OnDelay = _ => cancel.Cancel();
        Emulator.Faults.Enqueue(EmulatorFault.ServiceError(503, "ServiceUnavailableException", "Service Unavailable"));

        // A fixed jitter: a random one below 1% makes a wait under a millisecond, which ends without a timer to hold.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            RetryingClient(o => o.Retry.Randomizer = () => 0.5).GetStageAsync(DemoApi, "prod", cancel.Token));

        Assert.Single(Emulator.Requests.Snapshot());
        Assert.Single(_clock.Delays);
    }

    [Theory]
    [InlineData("in flight")]
    [InlineData("error body")]
    public async Task Cancelling_while_a_request_is_in_flight_or_its_error_body_is_read_ends_the_call_at_once(string when)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        Emulator.Faults.Enqueue(when == "in flight" ? EmulatorFault.Delay(TimeSpan.FromSeconds(30)) : EmulatorFault.StallMidBody());
        Task call = RetryingClient().GetStageAsync(DemoApi, "prod", cancel.Token);
        while (Emulator.Requests.Count == 0)
        {
            await Task.Delay(10, Cancel);
        }
        if (when == "error body")
        {
            // Time for the status and the first bytes to arrive, so that the cancellation meets the read of the body
            // that finds the error's name (before .NET 9, LoadIntoBufferAsync takes no token: without more, that read
            // would wait for the server for ever).
            await Task.Delay(500, Cancel);
        }

        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Single(Emulator.Requests.Snapshot());
        Assert.Empty(_clock.Delays);
    }

    [Fact]
    public async Task With_a_standard_resilience_handler_a_400_ThrottlingException_is_not_retried_unless_it_is_told_AWS_codes()
    {
        Emulator.Faults.Enqueue(EmulatorFault.ServiceError(400, "ThrottlingException", RateExceeded));
        Emulator.Faults.Enqueue(EmulatorFault.ServiceError(400, "ThrottlingException", RateExceeded));

        // The resilience handler is the client's retry: AddAwsSigV4 adds none, and the standard handler's own
        // predicate knows statuses (429, 5xx), not AWS's error codes.
        var exception = await Assert.ThrowsAnyAsync<ApiException>(() =>
            RetryingClient(configureBuilder: b => b.AddStandardResilienceHandler(FastRetries)).GetStageAsync(DemoApi, "prod", Cancel));
        Assert.Equal("ThrottlingException", exception.ErrorCode);
        Assert.Single(Emulator.Requests.Snapshot());
        Assert.False(Emulator.Requests.Snapshot()[0].Headers.ContainsKey("amz-sdk-request"));

        // Told AWS's classification, it retries the throttling error.
        Stage stage = await RetryingClient(configureBuilder: b => b.AddStandardResilienceHandler(o =>
        {
            FastRetries(o);
            o.Retry.ShouldHandle = AwsRetryHandler.IsRetryable;
        })).GetStageAsync(DemoApi, "prod", Cancel);
        Assert.Equal("prod", stage.StageName);
        Assert.Equal(3, Emulator.Requests.Count);
    }

    private static void FastRetries(HttpStandardResilienceOptions o)
    {
        o.Retry.Delay = TimeSpan.FromMilliseconds(1);
        o.Retry.UseJitter = false;
        o.Retry.BackoffType = DelayBackoffType.Constant;
    }

    /// <summary>Two requests: the first met <paramref name="fault"/>, the second none; each signed on its own.</summary>
    private RecordedRequest[] AssertTwoSignedAttempts(string fault)
    {
        RecordedRequest[] requests = [.. Emulator.Requests.Snapshot()];
        Assert.Equal(2, requests.Length);
        Assert.Equal(fault, requests[0].Fault); // a fault only meets requests whose signature is right
        Assert.Null(requests[1].Fault);
        Assert.NotEqual(requests[0].Headers["X-Amz-Date"], requests[1].Headers["X-Amz-Date"]);
        Assert.NotEqual(requests[0].Headers["Authorization"], requests[1].Headers["Authorization"]);
        return requests;
    }
}
