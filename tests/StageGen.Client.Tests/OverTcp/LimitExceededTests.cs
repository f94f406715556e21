using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading.Tasks;
using Contoso.Gateway;
using StageGen.Emulator;
using Xunit;

namespace StageGen.Client.Tests.OverTcp;

/// <summary>
/// 429 from a rate-limited emulator (ASP.NET Core's rate limiter, one request a minute): the spec's
/// <see cref="LimitExceededException"/>, although the service names it <c>TooManyRequestsException</c>.
/// </summary>
public class LimitExceededTests : EmulatorTest
{
    private const string LimitType = "BurstLimit";

    protected override EmulatorOptions Options => new()
    {
        SeedDemoData = true,
        RateLimit = new EmulatorRateLimit(PermitLimit: 1, Window: TimeSpan.FromMinutes(1)) { LimitType = LimitType },
    };

    [Fact]
    public async Task GetStage_over_the_limit_is_a_LimitExceededException_with_its_limit_type_and_headers()
    {
        await Client.GetStageAsync(DemoApi, "prod", Cancel);

        var error = await Assert.ThrowsAsync<LimitExceededException>(() => Client.GetStageAsync(DemoApi, "prod", Cancel));

        Assert.Equal(429, error.StatusCode);
        Assert.Equal(LimitType, error.LimitType);
        Assert.Equal("Too Many Requests", error.Message);
        Assert.Equal("TooManyRequestsException", error.GetHeader("x-amzn-ErrorType"));
        // Retry-After is the time left in the window, in whole seconds.
        var retryAfter = Assert.Single(error.Headers["Retry-After"]);
        Assert.InRange(int.Parse(retryAfter, CultureInfo.InvariantCulture), 1, 60);
        Assert.Equal(Emulator.Requests.Snapshot()[1].RequestId, error.GetHeader("x-amzn-RequestId"));
    }

    [Fact]
    public async Task Every_operation_over_the_limit_is_a_LimitExceededException_and_changes_nothing()
    {
        await Client.GetStageAsync(DemoApi, "prod", Cancel);

        var onDelete = await Assert.ThrowsAsync<LimitExceededException>(() => Client.DeleteStageAsync(DemoApi, "prod", Cancel));
        var onUpdate = await Assert.ThrowsAsync<LimitExceededException>(() =>
            Client.UpdateStageAsync(DemoApi, "prod", new UpdateStageInput { Description = "x" }, Cancel));

        Assert.Equal(LimitType, onDelete.LimitType);
        Assert.Equal(LimitType, onUpdate.LimitType);
        Assert.NotEqual(onDelete.GetHeader("x-amzn-RequestId"), onUpdate.GetHeader("x-amzn-RequestId"));
        Assert.Equal("Production stage", Emulator.Store.GetStage(DemoApi, "prod")?.Description);
    }

    [Fact]
    public async Task A_429_whose_body_is_not_JSON_is_still_a_LimitExceededException_with_the_raw_body()
    {
        // E.g. a proxy in front of the service answering with HTML.
        const string html = "<html><body>Slow down</body></html>";
        Emulator.Faults.Enqueue(EmulatorFault.Respond(429, "text/html", html, new Dictionary<string, string> { ["Retry-After"] = "5" }));

        var error = await Assert.ThrowsAsync<LimitExceededException>(() => Client.GetStageAsync(DemoApi, "prod", Cancel));

        Assert.Null(error.LimitType);
        Assert.Equal(html, error.Body);
        Assert.Equal("5", error.GetHeader("Retry-After"));
        Assert.StartsWith("GetStage failed: the service returned 429", error.Message);
        AssertFromSingleRequest(error);
    }
}
