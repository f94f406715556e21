using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using StageGen.Emulator.Tests.Infrastructure;
using Xunit;

namespace StageGen.Emulator.Tests;

public sealed class RequestLogTests : EmulatorTest
{
    [Fact]
    public async Task Log_records_the_raw_target_the_path_and_the_decoded_route_values()
    {
        var get = new HttpRequestMessage(HttpMethod.Get, $"v2/apis/{DemoApi}/stages/%24default?trace=1");
        get.Headers.Add("X-Test", "yes");
        using HttpResponseMessage getResponse = await Client.SendAsync(get, Cancel);
        using HttpResponseMessage patchResponse = await SendAsync(HttpMethod.Patch, "v2/apis/my%20api/stages/a%2Fb", """{"description":"d"}""");

        RecordedRequest[] log = Emulator.Requests.Snapshot().ToArray();
        Assert.Equal(2, log.Length);

        RecordedRequest first = log[0];
        Assert.Equal(1, first.Sequence);
        Assert.Equal("GET", first.Method);
        Assert.Equal($"/v2/apis/{DemoApi}/stages/%24default?trace=1", first.RawTarget);
        Assert.Equal($"/v2/apis/{DemoApi}/stages/$default", first.Path);
        Assert.Equal("", first.PathBase);
        Assert.Equal(DemoApi, first.ApiId);
        Assert.Equal("$default", first.StageName);
        Assert.Equal("yes", first.Headers["x-test"]);
        Assert.Equal("", first.Body);
        Assert.Null(first.Fault);
        Assert.Equal(Header(getResponse, "x-amzn-RequestId"), first.RequestId);

        RecordedRequest second = log[1];
        Assert.Equal(2, second.Sequence);
        Assert.Equal("PATCH", second.Method);
        Assert.Equal("/v2/apis/my%20api/stages/a%2Fb", second.RawTarget);
        // Kestrel decodes the path except %2F; the route values are decoded exactly once from the raw target.
        Assert.Equal("/v2/apis/my api/stages/a%2Fb", second.Path);
        Assert.Equal("my api", second.ApiId);
        Assert.Equal("a/b", second.StageName);
        Assert.Equal("""{"description":"d"}""", second.Body);
        Assert.StartsWith("application/json", second.Headers["Content-Type"]);
        Assert.Equal(HttpStatusCode.NotFound, patchResponse.StatusCode);
    }

    [Fact]
    public async Task Log_counts_exactly_the_requests_received_including_unrouted_ones()
    {
        using (await GetAsync(DemoApi, "prod")) { }
        using (await SendAsync(HttpMethod.Get, "not/a/stage")) { }
        using (await SendAsync(HttpMethod.Delete, StagePath(DemoApi, "prod"))) { }

        Assert.Equal(3, Emulator.Requests.Count);
        RecordedRequest unrouted = Emulator.Requests.Snapshot()[1];
        Assert.Equal("/not/a/stage", unrouted.RawTarget);
        Assert.Null(unrouted.ApiId);
        Assert.Null(unrouted.StageName);

        Emulator.Requests.Clear();
        Assert.Equal(0, Emulator.Requests.Count);
        using (await GetAsync(DemoApi, "prod")) { }
        Assert.Equal(4, Emulator.Requests.Snapshot().Single().Sequence);
    }
}
