using System.Collections.Generic;
using System.Threading.Tasks;
using Contoso.Gateway;
using StageGen.Emulator;
using StageGen.Runtime;
using Xunit;

namespace StageGen.Client.Tests.OverTcp;

/// <summary>
/// Every error status the spec declares (400, 404, 409; 429 in <see cref="LimitExceededTests"/>), produced by the
/// emulator's real rules: the typed exception, its parsed fields, status, headers and raw body.
/// </summary>
public class DeclaredErrorTests : EmulatorTest
{
    [Fact]
    public async Task An_invalid_PATCH_the_client_did_not_check_is_a_BadRequestException_naming_every_bad_field()
    {
        StageClient lenient = CreateClient(new StageClientOptions { ValidateRequests = false });
        var input = new UpdateStageInput
        {
            StageVariables = new Dictionary<string, string> { ["bad key"] = "v" },
            AccessLogSettings = new AccessLogSettings { Format = "$context.status" },
        };

        var error = await Assert.ThrowsAsync<BadRequestException>(() => lenient.UpdateStageAsync(DemoApi, "prod", input, Cancel));

        Assert.Equal(400, error.StatusCode);
        Assert.Contains("""stageVariables["bad key"]""", error.Message);
        Assert.Contains("accessLogSettings.format", error.Message);
        Assert.Equal("BadRequestException", error.GetHeader("x-amzn-ErrorType"));
        Assert.Equal("application/json", error.GetHeader("Content-Type"));
        Assert.StartsWith("""{"message":"Invalid stageVariables[\"bad key\"]""", error.Body);
        AssertFromSingleRequest(error);
        Assert.Equal("Production stage", Emulator.Store.GetStage(DemoApi, "prod")!.Description);
    }

    [Fact]
    public async Task A_logging_level_the_service_does_not_know_is_a_BadRequestException()
    {
        // A loggingLevel the spec does not know passes the client only with validation off; the service refuses it.
        StageClient lenient = CreateClient(new StageClientOptions { ValidateRequests = false });
        var input = new UpdateStageInput { DefaultRouteSettings = new RouteSettings { LoggingLevel = new LoggingLevel("DEBUG") } };

        var error = await Assert.ThrowsAsync<BadRequestException>(() => lenient.UpdateStageAsync(DemoApi, "prod", input, Cancel));

        Assert.Contains("defaultRouteSettings.loggingLevel", error.Message);
        AssertFromSingleRequest(error);
    }

    [Fact]
    public async Task GetStage_of_an_unknown_stage_is_a_NotFoundException_with_its_resource_type()
    {
        var error = await Assert.ThrowsAsync<NotFoundException>(() => Client.GetStageAsync(DemoApi, "nope", Cancel));

        Assert.Equal(404, error.StatusCode);
        Assert.Equal("Stage", error.ResourceType);
        Assert.Equal("Invalid stage identifier specified: stage 'nope' not found in API 'a1b2c3'.", error.Message);
        Assert.Equal("NotFoundException", error.GetHeader("x-amzn-ErrorType"));
        Assert.Equal(
            """{"message":"Invalid stage identifier specified: stage 'nope' not found in API 'a1b2c3'.","resourceType":"Stage"}""",
            error.Body);
        AssertFromSingleRequest(error);
    }

    [Fact]
    public async Task DeleteStage_of_an_unknown_API_is_a_NotFoundException()
    {
        var error = await Assert.ThrowsAsync<NotFoundException>(() => Client.DeleteStageAsync("zzz", "prod", Cancel));

        Assert.Equal("Invalid API identifier specified: API 'zzz' not found.", error.Message);
        Assert.Equal("Stage", error.ResourceType);
        AssertFromSingleRequest(error);
    }

    [Fact]
    public async Task UpdateStage_of_an_unknown_stage_is_a_NotFoundException()
    {
        var error = await Assert.ThrowsAsync<NotFoundException>(() =>
            Client.UpdateStageAsync(DemoApi, "nope", new UpdateStageInput { Description = "x" }, Cancel));

        Assert.Equal(404, error.StatusCode);
        Assert.Equal("Stage", error.ResourceType);
        AssertFromSingleRequest(error);
    }

    [Fact]
    public async Task Setting_deploymentId_while_autoDeploy_is_on_is_a_ConflictException()
    {
        Emulator.Store.AddStage(DemoApi, new StageData { StageName = "beta", AutoDeploy = true, DeploymentId = "dep1" });

        var error = await Assert.ThrowsAsync<ConflictException>(() =>
            Client.UpdateStageAsync(DemoApi, "beta", new UpdateStageInput { DeploymentId = "dep2" }, Cancel));

        Assert.Equal(409, error.StatusCode);
        Assert.Equal("deploymentId can't be updated while autoDeploy is enabled for the stage.", error.Message);
        Assert.Equal("ConflictException", error.GetHeader("x-amzn-ErrorType"));
        AssertFromSingleRequest(error);
        Assert.Equal("dep1", Emulator.Store.GetStage(DemoApi, "beta")!.DeploymentId);
    }

    [Fact]
    public async Task Turning_autoDeploy_on_and_setting_deploymentId_in_one_PATCH_is_a_ConflictException()
    {
        var error = await Assert.ThrowsAsync<ConflictException>(() =>
            Client.UpdateStageAsync(DemoApi, "prod", new UpdateStageInput { AutoDeploy = true, DeploymentId = "dep9" }, Cancel));

        Assert.Equal("deploymentId can't be updated while autoDeploy is enabled for the stage.", error.Message);
        Assert.False(Emulator.Store.GetStage(DemoApi, "prod")!.AutoDeploy);
    }

    [Fact]
    public async Task Updating_the_managed_default_stage_is_a_ConflictException()
    {
        var error = await Assert.ThrowsAsync<ConflictException>(() =>
            Client.UpdateStageAsync(DemoApi, "$default", new UpdateStageInput { Description = "mine now" }, Cancel));

        Assert.Equal(409, error.StatusCode);
        Assert.Equal("Stage '$default' is managed by API Gateway and can't be modified.", error.Message);
        AssertFromSingleRequest(error);
        Assert.Null(Emulator.Store.GetStage(DemoApi, "$default")!.Description);
    }
}
