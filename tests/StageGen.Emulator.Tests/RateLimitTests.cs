using System;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using StageGen.Emulator.Tests.Infrastructure;
using Xunit;

namespace StageGen.Emulator.Tests;

public sealed class RateLimitTests : EmulatorTest
{
    protected override EmulatorOptions Options => new()
    {
        SeedDemoData = true,
        RateLimit = new EmulatorRateLimit(PermitLimit: 2, Window: TimeSpan.FromSeconds(30)) { LimitType = "ApiRequestsPerWindow" },
    };

    [Fact]
    public async Task Requests_over_the_configured_rate_get_the_services_429()
    {
        for (int i = 0; i < 2; i++)
        {
            using HttpResponseMessage allowed = await GetAsync(DemoApi, "prod");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using HttpResponseMessage rejected = await GetAsync(DemoApi, "prod");

        JsonElement error = await AssertErrorAsync(rejected, (HttpStatusCode)429, "TooManyRequestsException");
        Assert.Equal("ApiRequestsPerWindow", error.GetProperty("limitType").GetString());
        int retryAfter = int.Parse(Header(rejected, "Retry-After")!, CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 30);
        Assert.True(Guid.TryParse(Header(rejected, "x-amzn-RequestId"), out _));
        // Rejected requests are still seen and recorded.
        Assert.Equal(3, Emulator.Requests.Count);
    }
}

public sealed class NoRateLimitTests : EmulatorTest
{
    [Fact]
    public async Task By_default_there_is_no_limit()
    {
        for (int i = 0; i < 200; i++)
        {
            using HttpResponseMessage response = await GetAsync(DemoApi, "prod");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }
}
