using System.Threading.Tasks;
using Contoso.Gateway;
using StageGen.Emulator;
using StageGen.Runtime;
using Xunit;

namespace StageGen.Client.Tests.OverTcp;

/// <summary>What reaches the server: invalid requests are refused before sending; path segments arrive escaped.</summary>
public class RequestTests : EmulatorTest
{
    [Fact]
    public async Task A_stage_name_with_a_space_is_refused_locally_and_nothing_is_sent()
    {
        var error = await Assert.ThrowsAsync<ApiValidationException>(() => Client.GetStageAsync(DemoApi, "my stage", Cancel));

        var broken = Assert.Single(error.Errors);
        Assert.Equal(("stageName", "pattern"), (broken.Path, broken.Rule));
        Assert.Equal(0, Emulator.Requests.Count);
    }

    [Fact]
    public async Task DeleteStage_with_an_invalid_stage_name_is_refused_locally_and_nothing_is_sent()
    {
        await Assert.ThrowsAsync<ApiValidationException>(() => Client.DeleteStageAsync(DemoApi, new string('a', 129), Cancel));

        Assert.Equal(0, Emulator.Requests.Count);
        Assert.Equal(["$default", "prod"], Emulator.Store.GetStageNames(DemoApi));
    }

    [Fact]
    public async Task An_access_log_format_without_the_request_id_is_refused_locally_and_nothing_is_sent()
    {
        var input = new UpdateStageInput { AccessLogSettings = new AccessLogSettings { Format = "$context.status" } };

        var error = await Assert.ThrowsAsync<ApiValidationException>(() => Client.UpdateStageAsync(DemoApi, "prod", input, Cancel));

        var broken = Assert.Single(error.Errors);
        Assert.Equal(("accessLogSettings.format", "pattern"), (broken.Path, broken.Rule));
        Assert.Equal(0, Emulator.Requests.Count);
    }

    [Fact]
    public async Task The_managed_default_stage_is_reached_as_percent_24default()
    {
        Stage stage = await Client.GetStageAsync(DemoApi, "$default", Cancel);

        Assert.Equal("$default", stage.StageName);
        Assert.True(stage.ApiGatewayManaged);
        Assert.True(stage.AutoDeploy);
        RecordedRequest sent = SingleRequest();
        Assert.Equal("/v2/apis/a1b2c3/stages/%24default", sent.RawTarget);
        Assert.Equal("$default", sent.StageName);
    }

    [Fact]
    public async Task A_slash_in_a_stage_name_stays_inside_its_segment()
    {
        // Only with validation off can such a name be sent; it must still address that one stage, not another path.
        Emulator.Store.AddStage(DemoApi, new StageData { StageName = "a/b" });
        StageClient lenient = CreateClient(new StageClientOptions { ValidateRequests = false });

        await lenient.DeleteStageAsync(DemoApi, "a/b", Cancel);

        RecordedRequest sent = SingleRequest();
        Assert.Equal("/v2/apis/a1b2c3/stages/a%2Fb", sent.RawTarget);
        Assert.Equal("a/b", sent.StageName);
        Assert.Equal(["$default", "prod"], Emulator.Store.GetStageNames(DemoApi));
    }
}
