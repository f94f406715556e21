using System.Linq;
using System.Threading.Tasks;
using Contoso.Gateway;
using StageGen.Emulator;
using Xunit;

namespace StageGen.Client.Tests.OverTcp;

/// <summary>One generated client (one HttpClient) shared by many concurrent calls, as an application would use it.</summary>
public class ConcurrencyTests : EmulatorTest
{
    private const int Calls = 1_000;

    [Fact]
    public async Task A_thousand_concurrent_GetStage_calls_through_one_client_all_succeed()
    {
        Stage[] stages = await Task.WhenAll(Enumerable.Range(0, Calls).Select(_ => Client.GetStageAsync(DemoApi, "prod", Cancel)));

        Assert.All(stages, stage =>
        {
            Assert.Equal("prod", stage.StageName);
            Assert.Equal("pets.example.com", stage.StageVariables?["backend"]);
        });
        RecordedRequest[] requests = [.. Emulator.Requests.Snapshot()];
        Assert.Equal(Calls, requests.Length);
        Assert.All(requests, request => Assert.Equal("/v2/apis/a1b2c3/stages/prod", request.RawTarget));
        Assert.Equal(Calls, requests.Select(request => request.RequestId).Distinct().Count());
    }
}
