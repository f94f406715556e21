using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Contoso.Gateway;
using StageGen.Emulator;
using StageGen.Runtime;
using Xunit;

namespace StageGen.Client.Tests.OverTcp;

/// <summary>
/// A server that answers late or breaks the connection: the client gives up promptly when told to, and fails fast
/// with a transport error rather than hanging or returning half a stage.
/// </summary>
public class SlowAndBrokenServerTests : EmulatorTest
{
    /// <summary>Far longer than any test waits: a call that ends early was cut short by the client.</summary>
    private static readonly TimeSpan ServerDelay = TimeSpan.FromSeconds(10);

    /// <summary>How long "promptly" may take on a busy 2-core machine; still well under <see cref="ServerDelay"/>.</summary>
    private static readonly TimeSpan Promptly = TimeSpan.FromSeconds(3);

    /// <summary>How long after the server took the request the caller's token is cancelled.</summary>
    private static readonly TimeSpan CancelAfter = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Starts <paramref name="call"/> against a server that holds it for <see cref="ServerDelay"/>, waits until the
    /// emulator has it (so the cancellation lands while the server stalls, not while a cold connection opens), cancels
    /// the token <see cref="CancelAfter"/> later, and returns the exception and the time from then until the call ended.
    /// </summary>
    private async Task<(OperationCanceledException Exception, TimeSpan Elapsed)> CancelWhileTheServerStallsAsync(
        Func<CancellationToken, Task> call)
    {
        Emulator.Faults.Enqueue(EmulatorFault.Delay(ServerDelay));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        int before = Emulator.Requests.Count;
        Task pending = call(cancel.Token);
        await WaitForRequestsAsync(before + 1);

        cancel.CancelAfter(CancelAfter);
        var (error, elapsed) = await TimeThrowsAnyAsync<OperationCanceledException>(() => pending);

        Assert.Equal(cancel.Token, error.CancellationToken);
        Assert.Equal("Delay 00:00:10", Emulator.Requests.Snapshot()[before].Fault);
        return (error, elapsed);
    }

    [Fact]
    public async Task Cancelling_the_token_ends_a_call_to_a_slow_server_promptly()
    {
        var (error, elapsed) = await CancelWhileTheServerStallsAsync(token => Client.GetStageAsync(DemoApi, "prod", token));

        Assert.IsType<TaskCanceledException>(error);
        Assert.InRange(elapsed, CancelAfter - TimeSpan.FromMilliseconds(50), Promptly);
    }

    [Fact]
    public async Task Cancelling_an_UpdateStage_the_server_is_still_holding_leaves_the_stage_unchanged()
    {
        var (_, elapsed) = await CancelWhileTheServerStallsAsync(token =>
            Client.UpdateStageAsync(DemoApi, "prod", new UpdateStageInput { Description = "late" }, token));

        Assert.True(elapsed < Promptly, $"took {elapsed}");
        Assert.Equal("""{"description":"late"}""", SingleRequest().Body); // it was sent...
        Assert.Equal("Production stage", Emulator.Store.GetStage(DemoApi, "prod")!.Description); // ...never applied
    }

    [Fact]
    public async Task HttpClient_Timeout_ends_a_call_to_a_slow_server_with_a_TimeoutException_inside()
    {
        StageClient impatient = CreateClient(timeout: TimeSpan.FromMilliseconds(300));
        Emulator.Faults.Enqueue(EmulatorFault.Delay(ServerDelay));

        var (error, elapsed) = await TimeThrowsAnyAsync<OperationCanceledException>(() =>
            impatient.GetStageAsync(DemoApi, "prod", Cancel));

        Assert.IsType<TaskCanceledException>(error);
        Assert.IsType<TimeoutException>(error.InnerException);
        Assert.InRange(elapsed, TimeSpan.FromMilliseconds(250), Promptly);
    }

    [Fact]
    public async Task A_token_cancelled_before_the_call_sends_nothing()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        await Assert.ThrowsAsync<TaskCanceledException>(() => Client.GetStageAsync(DemoApi, "prod", cancelled.Token));

        Assert.Equal(0, Emulator.Requests.Count);
    }

    [Fact]
    public async Task A_connection_reset_mid_body_fails_fast_with_a_transport_error()
    {
        Emulator.Faults.Enqueue(EmulatorFault.ResetMidBody(bytesBeforeReset: 32));

        var (error, elapsed) = await TimeThrowsAnyAsync<Exception>(() => Client.GetStageAsync(DemoApi, "prod", Cancel));

        AssertResetMidBody(error, bytesBeforeReset: 32);
        Assert.True(elapsed < Promptly, $"took {elapsed}");
        Assert.Equal("ResetMidBody 32", SingleRequest().Fault);
    }

    [Fact]
    public async Task The_client_works_normally_after_a_cancelled_and_a_reset_call()
    {
        await CancelWhileTheServerStallsAsync(token => Client.GetStageAsync(DemoApi, "prod", token));
        Emulator.Faults.Enqueue(EmulatorFault.ResetMidBody());
        var reset = await Assert.ThrowsAnyAsync<Exception>(() => Client.GetStageAsync(DemoApi, "prod", Cancel));
        AssertResetMidBody(reset, bytesBeforeReset: 32);

        Stage stage = await Client.GetStageAsync(DemoApi, "prod", Cancel);

        Assert.Equal("prod", stage.StageName);
        Assert.Equal(3, Emulator.Requests.Count);
    }

    /// <summary>
    /// The 200's headers arrived and the body broke off. The socket reports the reset (<see cref="IOException"/>,
    /// normally), or the end of a body short of its Content-Length (<see cref="HttpRequestException"/>/<see cref="IOException"/>
    /// from HttpClient, or the client's own <see cref="ApiResponseFormatException"/>). Never a Stage, a hang, or anything else.
    /// </summary>
    private static void AssertResetMidBody(Exception error, int bytesBeforeReset)
    {
        switch (error)
        {
            case HttpRequestException or IOException:
                break;
            case ApiResponseFormatException format:
                Assert.Contains($"ended after {bytesBeforeReset} of the", format.Message);
                break;
            default:
                Assert.Fail($"Expected HttpRequestException, IOException or ApiResponseFormatException, got {error}");
                break;
        }
    }
}
