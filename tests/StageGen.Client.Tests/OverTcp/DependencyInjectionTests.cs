using System;
using System.Threading.Tasks;
using Contoso.Gateway;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using StageGen.Emulator;
using StageGen.Runtime;
using Xunit;

namespace StageGen.Client.Tests.OverTcp;

/// <summary>
/// The generated <c>services.AddStageClient(...)</c> (emitted because this project references Microsoft.Extensions.Http):
/// a typed client whose retries and 429 handling come from Microsoft.Extensions.Http.Resilience.
/// </summary>
public class DependencyInjectionTests : EmulatorTest
{
    /// <summary>The <c>Retry-After</c> the 429 asks for, and the least gap accepted between the two attempts (timer slack).</summary>
    private const int RetryAfterSeconds = 1;
    private static readonly TimeSpan RetryAfterTolerance = TimeSpan.FromSeconds(0.9);

    /// <summary>Registers the client with the standard resilience handler, retrying fast unless a Retry-After says otherwise.</summary>
    private ServiceProvider ProviderWithStandardResilience(bool shouldRetryAfterHeader)
    {
        var services = new ServiceCollection();
        IHttpClientBuilder builder = services.AddStageClient(http => http.BaseAddress = Emulator.BaseAddress);
        Assert.Equal(typeof(IStageClient).FullName, builder.Name); // unique per spec namespace, for named options
        builder.AddStandardResilienceHandler(options =>
        {
            // Deterministic: no jitter, and a fixed 10 ms delay that only a Retry-After header can lengthen.
            options.Retry.Delay = TimeSpan.FromMilliseconds(10);
            options.Retry.BackoffType = DelayBackoffType.Constant;
            options.Retry.UseJitter = false;
            options.Retry.ShouldRetryAfterHeader = shouldRetryAfterHeader; // true is the documented default
        });
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Fact]
    public async Task The_standard_resilience_handler_retries_a_429_after_its_Retry_After()
    {
        await using ServiceProvider provider = ProviderWithStandardResilience(shouldRetryAfterHeader: true);
        IStageClient client = provider.GetRequiredService<IStageClient>();
        Emulator.Faults.Enqueue(EmulatorFault.TooManyRequests(retryAfterSeconds: RetryAfterSeconds));

        Stage stage = await client.GetStageAsync(DemoApi, "prod", Cancel);

        Assert.IsType<StageClient>(client);
        Assert.Equal("prod", stage.StageName);
        RecordedRequest[] requests = [.. Emulator.Requests.Snapshot()];
        Assert.Equal(2, requests.Length);
        Assert.Equal($"TooManyRequests {RetryAfterSeconds}s", requests[0].Fault);
        Assert.Null(requests[1].Fault);
        TimeSpan gap = requests[1].ReceivedAt - requests[0].ReceivedAt;
        Assert.True(gap >= RetryAfterTolerance, $"the retry came {gap.TotalMilliseconds} ms after the 429; Retry-After asked for {RetryAfterSeconds} s");
    }

    [Fact]
    public async Task Without_Retry_After_the_retry_comes_at_the_configured_delay()
    {
        // The control for the test above: the ~1 s wait there comes from the header, not from the retry options.
        await using ServiceProvider provider = ProviderWithStandardResilience(shouldRetryAfterHeader: false);
        IStageClient client = provider.GetRequiredService<IStageClient>();
        Emulator.Faults.Enqueue(EmulatorFault.TooManyRequests(retryAfterSeconds: RetryAfterSeconds));

        await client.GetStageAsync(DemoApi, "prod", Cancel);

        RecordedRequest[] requests = [.. Emulator.Requests.Snapshot()];
        Assert.Equal(2, requests.Length);
        TimeSpan gap = requests[1].ReceivedAt - requests[0].ReceivedAt;
        Assert.True(gap < RetryAfterTolerance, $"the retry came {gap.TotalMilliseconds} ms after the 429");
    }

    [Fact]
    public async Task Without_a_resilience_handler_the_429_reaches_the_caller_after_one_attempt()
    {
        var services = new ServiceCollection();
        services.AddStageClient(http => http.BaseAddress = Emulator.BaseAddress);
        await using ServiceProvider provider = services.BuildServiceProvider();
        Emulator.Faults.Enqueue(EmulatorFault.TooManyRequests(retryAfterSeconds: RetryAfterSeconds));

        var error = await Assert.ThrowsAsync<LimitExceededException>(() =>
            provider.GetRequiredService<IStageClient>().GetStageAsync(DemoApi, "prod", Cancel));

        Assert.Equal("RequestRate", error.LimitType);
        Assert.Equal("1", error.GetHeader("Retry-After"));
        Assert.Equal(1, Emulator.Requests.Count); // the generated client has no retry loop of its own
    }

    [Fact]
    public async Task ApiClientOptions_from_configureOptions_reach_the_resolved_client()
    {
        var services = new ServiceCollection();
        services.AddStageClient(http => http.BaseAddress = Emulator.BaseAddress, options => options.ValidateRequests = false);
        await using ServiceProvider provider = services.BuildServiceProvider();
        IStageClient client = provider.GetRequiredService<IStageClient>();

        // Validation is off, so a name the spec forbids goes out and the service answers it.
        var error = await Assert.ThrowsAsync<NotFoundException>(() => client.GetStageAsync(DemoApi, "my stage", Cancel));

        Assert.Equal("Stage", error.ResourceType);
        RecordedRequest sent = SingleRequest();
        Assert.Equal("/v2/apis/a1b2c3/stages/my%20stage", sent.RawTarget);
        Assert.Equal("my stage", sent.StageName);
    }

    [Fact]
    public async Task Without_configureOptions_the_resolved_client_validates_requests()
    {
        var services = new ServiceCollection();
        services.AddStageClient(http => http.BaseAddress = Emulator.BaseAddress);
        await using ServiceProvider provider = services.BuildServiceProvider();
        IStageClient client = provider.GetRequiredService<IStageClient>();

        await Assert.ThrowsAsync<ApiValidationException>(() => client.GetStageAsync(DemoApi, "my stage", Cancel));

        Assert.Equal(0, Emulator.Requests.Count);
    }
}
