using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Contoso.Gateway;
using StageGen.Emulator;
using Xunit;

namespace StageGen.Client.Tests.OverTcp;

/// <summary>GetStage, UpdateStage and DeleteStage of the generated client, end to end against the emulator.</summary>
public class OperationTests : EmulatorTest
{
    private static readonly DateTimeOffset SeedCreated = new(2024, 1, 15, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task GetStage_returns_the_seeded_stage_with_every_member()
    {
        Stage stage = await Client.GetStageAsync(DemoApi, "prod", Cancel);

        Assert.Equal("prod", stage.StageName);
        Assert.Equal("Production stage", stage.Description);
        Assert.Equal("dep123", stage.DeploymentId);
        Assert.Equal("cert42", stage.ClientCertificateId);
        Assert.Equal(new RouteSettings
        {
            DetailedMetricsEnabled = true,
            LoggingLevel = LoggingLevel.Info,
            DataTraceEnabled = false,
            ThrottlingBurstLimit = 100,
            ThrottlingRateLimit = 50.5,
        }, stage.DefaultRouteSettings);
        var route = Assert.Single(stage.RouteSettings!);
        Assert.Equal("GET /pets", route.Key);
        Assert.Equal(new RouteSettings { ThrottlingBurstLimit = 10, ThrottlingRateLimit = 5 }, route.Value);
        Assert.Equal(new Dictionary<string, string> { ["lambdaAlias"] = "live", ["backend"] = "pets.example.com" }, stage.StageVariables);
        Assert.Equal(new AccessLogSettings
        {
            Format = "$context.requestId $context.httpMethod $context.status",
            DestinationArn = "arn:aws:logs:eu-west-1:123456789012:log-group:prod-access",
        }, stage.AccessLogSettings);
        Assert.False(stage.AutoDeploy);
        Assert.Null(stage.LastDeploymentStatusMessage);
        Assert.Equal(SeedCreated, stage.CreatedDate);
        Assert.Equal(SeedCreated.AddDays(1), stage.LastUpdatedDate);
        Assert.Equal(new Dictionary<string, string> { ["team"] = "pets" }, stage.Tags);
        Assert.False(stage.ApiGatewayManaged);

        RecordedRequest sent = SingleRequest();
        Assert.Equal("GET", sent.Method);
        Assert.Equal("/v2/apis/a1b2c3/stages/prod", sent.RawTarget);
        Assert.Equal("application/json", sent.Headers["Accept"]);
    }

    [Fact]
    public async Task UpdateStage_changes_only_what_was_sent_and_returns_the_full_stage()
    {
        var input = new UpdateStageInput
        {
            Description = "Blue/green",
            DefaultRouteSettings = new RouteSettings { LoggingLevel = LoggingLevel.Error, ThrottlingBurstLimit = 7 },
            StageVariables = new Dictionary<string, string> { ["backend"] = "pets-v2.example.com", ["color"] = "blue" },
        };

        Stage updated = await Client.UpdateStageAsync(DemoApi, "prod", input, Cancel);

        // What was sent changed (route settings merge member by member, stage variables key by key)...
        Assert.Equal("Blue/green", updated.Description);
        Assert.Equal(new RouteSettings
        {
            DetailedMetricsEnabled = true,
            LoggingLevel = LoggingLevel.Error,
            DataTraceEnabled = false,
            ThrottlingBurstLimit = 7,
            ThrottlingRateLimit = 50.5,
        }, updated.DefaultRouteSettings);
        Assert.Equal(new Dictionary<string, string>
        {
            ["lambdaAlias"] = "live",
            ["backend"] = "pets-v2.example.com",
            ["color"] = "blue",
        }, updated.StageVariables);
        // ...everything else came back as it was: the response is the whole stage, not an echo of the request.
        Assert.Equal("prod", updated.StageName);
        Assert.Equal("dep123", updated.DeploymentId);
        Assert.Equal("cert42", updated.ClientCertificateId);
        Assert.Equal("GET /pets", Assert.Single(updated.RouteSettings!).Key);
        Assert.Equal("$context.requestId $context.httpMethod $context.status", updated.AccessLogSettings?.Format);
        Assert.False(updated.AutoDeploy);
        Assert.Equal(SeedCreated, updated.CreatedDate);
        Assert.True(updated.LastUpdatedDate > SeedCreated.AddDays(1));
        Assert.Equal("pets", updated.Tags?["team"]);
        Assert.False(updated.ApiGatewayManaged);

        RecordedRequest sent = SingleRequest();
        Assert.Equal("PATCH", sent.Method);
        Assert.Equal("application/json", sent.Headers["Content-Type"]);
        Assert.Equal(
            """{"description":"Blue/green","defaultRouteSettings":{"loggingLevel":"ERROR","throttlingBurstLimit":7},"stageVariables":{"backend":"pets-v2.example.com","color":"blue"}}""",
            sent.Body);
        // The change was stored: a later GetStage sees it.
        Assert.Equal("Blue/green", (await Client.GetStageAsync(DemoApi, "prod", Cancel)).Description);
    }

    [Fact]
    public async Task DeleteStage_removes_the_stage_so_GetStage_then_throws_NotFoundException()
    {
        await Client.DeleteStageAsync(DemoApi, "prod", Cancel);

        var notFound = await Assert.ThrowsAsync<NotFoundException>(() => Client.GetStageAsync(DemoApi, "prod", Cancel));

        Assert.Equal(404, notFound.StatusCode);
        Assert.Equal("Stage", notFound.ResourceType);
        Assert.Equal(["$default"], Emulator.Store.GetStageNames(DemoApi));
        Assert.Equal(["DELETE", "GET"], Emulator.Requests.Snapshot().Select(request => request.Method));
    }

    [Fact]
    public async Task GetStage_of_a_stage_seeded_with_only_its_name_reads_every_other_member_as_null()
    {
        Emulator.Store.AddStage("api9", new StageData { StageName = "bare" });

        Stage stage = await Client.GetStageAsync("api9", "bare", Cancel);

        Assert.Equal("bare", stage.StageName);
        Assert.Null(stage.Description);
        Assert.Null(stage.DefaultRouteSettings);
        Assert.Null(stage.RouteSettings);
        Assert.Null(stage.StageVariables);
        Assert.Null(stage.AutoDeploy);
        Assert.Null(stage.Tags);
        Assert.NotNull(stage.CreatedDate); // the store stamps it
    }
}
