using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using StageGen.Emulator.Tests.Infrastructure;
using Xunit;

namespace StageGen.Emulator.Tests;

public sealed class FaultTests : EmulatorTest
{
    [Fact]
    public async Task Respond_sends_exactly_the_scripted_status_content_type_body_and_headers()
    {
        Emulator.Faults.Enqueue(EmulatorFault.Respond(500, "application/json", """{"message":"boom"}"""));
        Emulator.Faults.Enqueue(EmulatorFault.Respond(503, "text/html", "<html>busy</html>",
            new Dictionary<string, string> { ["Retry-After"] = "7" }));

        using HttpResponseMessage first = await GetAsync(DemoApi, "prod");
        Assert.Equal(HttpStatusCode.InternalServerError, first.StatusCode);
        Assert.Equal("""{"message":"boom"}""", await first.Content.ReadAsStringAsync(Cancel));

        using HttpResponseMessage second = await GetAsync(DemoApi, "prod");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.Equal("text/html", second.Content.Headers.ContentType?.MediaType);
        Assert.Equal("<html>busy</html>", await second.Content.ReadAsStringAsync(Cancel));
        Assert.Equal("7", Header(second, "Retry-After"));

        using HttpResponseMessage third = await GetAsync(DemoApi, "prod");
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Empty(Emulator.Faults);
    }

    [Fact]
    public async Task MalformedJson_is_a_200_json_response_that_does_not_parse()
    {
        Emulator.Faults.Enqueue(EmulatorFault.MalformedJson());

        using HttpResponseMessage response = await GetAsync(DemoApi, "prod");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        string body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(body));
    }

    [Fact]
    public async Task ResetMidBody_breaks_the_connection_after_part_of_the_body()
    {
        Emulator.Faults.Enqueue(EmulatorFault.ResetMidBody(bytesBeforeReset: 20));

        using (HttpResponseMessage response = await Client.GetAsync(StagePath(DemoApi, "prod"), HttpCompletionOption.ResponseHeadersRead, Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => response.Content.ReadAsByteArrayAsync(Cancel));
        }

        // The next request gets a new connection and normal handling.
        using HttpResponseMessage next = await GetAsync(DemoApi, "prod");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task Delay_waits_then_handles_the_request_normally()
    {
        Emulator.Faults.Enqueue(EmulatorFault.Delay(TimeSpan.FromMilliseconds(300)));
        var watch = Stopwatch.StartNew();

        using HttpResponseMessage response = await GetAsync(DemoApi, "prod");

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(250), $"answered after {watch.Elapsed}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("prod", (await ReadJsonAsync(response)).GetProperty("stageName").GetString());
    }

    [Fact]
    public async Task Delay_stops_when_the_client_cancels()
    {
        Emulator.Faults.Enqueue(EmulatorFault.Delay(TimeSpan.FromMinutes(5)));
        using var clientGivesUp = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        clientGivesUp.CancelAfter(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client.GetAsync(StagePath(DemoApi, "prod"), clientGivesUp.Token));

        // Shutdown waits up to 5 s for requests in flight: finishing well before proves the delay saw the abort.
        var watch = Stopwatch.StartNew();
        await Emulator.DisposeAsync();
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"shutdown took {watch.Elapsed}");
    }

    [Fact]
    public async Task TooManyRequests_answers_one_429_then_normal_handling_resumes()
    {
        Emulator.Faults.Enqueue(EmulatorFault.TooManyRequests(retryAfterSeconds: 2));

        using HttpResponseMessage throttled = await GetAsync(DemoApi, "prod");
        JsonElement error = await AssertErrorAsync(throttled, (HttpStatusCode)429, "TooManyRequestsException");
        Assert.Equal("2", Header(throttled, "Retry-After"));
        Assert.Equal(EmulatorRateLimit.DefaultLimitType, error.GetProperty("limitType").GetString());

        using HttpResponseMessage retried = await GetAsync(DemoApi, "prod");
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
    }

    [Fact]
    public async Task Faults_are_consumed_in_order_one_per_request_and_logged()
    {
        EmulatorFault[] faults =
        [
            EmulatorFault.TooManyRequests(),
            EmulatorFault.Respond(502, "text/plain", "bad gateway"),
            EmulatorFault.Delay(TimeSpan.FromMilliseconds(10)),
        ];
        foreach (EmulatorFault fault in faults)
        {
            Emulator.Faults.Enqueue(fault);
        }

        var statuses = new List<int>();
        for (int i = 0; i < 4; i++)
        {
            using HttpResponseMessage response = await GetAsync(DemoApi, "prod");
            statuses.Add((int)response.StatusCode);
        }

        Assert.Equal([429, 502, 200, 200], statuses);
        Assert.Equal(
            ["TooManyRequests 1s", "Respond 502 text/plain", "Delay 00:00:00.0100000", null],
            Emulator.Requests.Snapshot().Select(request => request.Fault));
    }
}
