using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using StageGen.Aws.Tests;
using StageGen.Emulator.Tests.Infrastructure;
using Xunit;

namespace StageGen.Emulator.Tests;

public sealed class PatchTests : EmulatorTest
{
    private static readonly DateTimeOffset Created = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2025, 6, 1, 12, 30, 45, 123, TimeSpan.Zero));

    protected override EmulatorOptions Options => new() { SeedDemoData = true, TimeProvider = _clock };

    [Theory]
    [InlineData("""{"description": """)]
    [InlineData("""not json""")]
    [InlineData("""{"description": "a",}""")]
    [InlineData("""{"description": "a", "description": "b"}""")]
    [InlineData("""[]""")]
    [InlineData("""null""")]
    [InlineData("")]
    public async Task Malformed_or_non_object_body_is_400_and_changes_nothing(string body)
    {
        StageData before = Emulator.Store.GetStage(DemoApi, "prod")!;

        using HttpResponseMessage response = await PatchAsync(DemoApi, "prod", body);

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "BadRequestException");
        Assert.Same(before, Emulator.Store.GetStage(DemoApi, "prod"));
    }

    [Theory]
    [InlineData("""{"autoDeploy": "yes"}""", "Invalid autoDeploy: expected a boolean, got a string.")]
    [InlineData("""{"description": 5}""", "Invalid description: expected a string, got a number.")]
    [InlineData("""{"deploymentId": true}""", "Invalid deploymentId: expected a string, got a boolean.")]
    [InlineData("""{"clientCertificateId": {}}""", "Invalid clientCertificateId: expected a string, got an object.")]
    [InlineData("""{"defaultRouteSettings": "fast"}""", "Invalid defaultRouteSettings: expected an object, got a string.")]
    [InlineData("""{"defaultRouteSettings": {"throttlingBurstLimit": 1.5}}""", "Invalid defaultRouteSettings.throttlingBurstLimit: expected a 32-bit integer")]
    [InlineData("""{"defaultRouteSettings": {"throttlingBurstLimit": 3000000000}}""", "Invalid defaultRouteSettings.throttlingBurstLimit: expected a 32-bit integer")]
    [InlineData("""{"defaultRouteSettings": {"throttlingRateLimit": "10"}}""", "Invalid defaultRouteSettings.throttlingRateLimit: expected a finite number, got a string.")]
    [InlineData("""{"defaultRouteSettings": {"detailedMetricsEnabled": 1}}""", "Invalid defaultRouteSettings.detailedMetricsEnabled: expected a boolean, got a number.")]
    [InlineData("""{"routeSettings": {"GET /pets": {"dataTraceEnabled": "no"}}}""", """Invalid routeSettings["GET /pets"].dataTraceEnabled: expected a boolean, got a string.""")]
    [InlineData("""{"routeSettings": []}""", "Invalid routeSettings: expected an object, got an array.")]
    [InlineData("""{"stageVariables": {"alias": 1}}""", """Invalid stageVariables["alias"]: expected a string, got a number.""")]
    [InlineData("""{"accessLogSettings": {"destinationArn": false}}""", "Invalid accessLogSettings.destinationArn: expected a string, got a boolean.")]
    public async Task Wrongly_typed_member_is_400_naming_the_field(string body, string expectedMessage)
    {
        await AssertBadRequestAsync(body, expectedMessage);
    }

    [Theory]
    [InlineData("""{"stageVariables": {"bad key": "x"}}""", """Invalid stageVariables["bad key"]: name must match ^[A-Za-z0-9_]+$.""")]
    [InlineData("""{"stageVariables": {"a-b": "x"}}""", """Invalid stageVariables["a-b"]: name must match""")]
    [InlineData("""{"stageVariables": {"trailing\n": "x"}}""", """Invalid stageVariables["trailing\n"]: name must match""")]
    [InlineData("""{"stageVariables": {"": "x"}}""", """Invalid stageVariables[""]: name must match""")]
    [InlineData("""{"stageVariables": {"alias": "has space"}}""", """Invalid stageVariables["alias"]: value must match ^[A-Za-z0-9\-._~:/?#&=,]+$.""")]
    [InlineData("""{"stageVariables": {"alias": ""}}""", """Invalid stageVariables["alias"]: value must match""")]
    [InlineData("""{"accessLogSettings": {"format": "$context.status"}}""", "Invalid accessLogSettings.format: must include $context.requestId.")]
    [InlineData("""{"defaultRouteSettings": {"loggingLevel": "DEBUG"}}""", "Invalid defaultRouteSettings.loggingLevel: must be one of ERROR, INFO, OFF, got 'DEBUG'.")]
    [InlineData("""{"defaultRouteSettings": {"loggingLevel": "info"}}""", "Invalid defaultRouteSettings.loggingLevel: must be one of ERROR, INFO, OFF")]
    [InlineData("""{"routeSettings": {"$connect": {"loggingLevel": "false"}}}""", """Invalid routeSettings["$connect"].loggingLevel: must be one of""")]
    public async Task Invalid_value_is_400_naming_the_field(string body, string expectedMessage)
    {
        await AssertBadRequestAsync(body, expectedMessage);
    }

    [Fact]
    public async Task Every_invalid_field_is_reported()
    {
        using HttpResponseMessage response = await PatchAsync(DemoApi, "prod",
            """{"autoDeploy": "yes", "stageVariables": {"bad key": "x"}, "description": 1}""");

        JsonElement error = await AssertErrorAsync(response, HttpStatusCode.BadRequest, "BadRequestException");
        string message = error.GetProperty("message").GetString()!;
        Assert.Contains("autoDeploy", message);
        Assert.Contains("""stageVariables["bad key"]""", message);
        Assert.Contains("description", message);
    }

    [Fact]
    public async Task Description_of_1024_characters_is_accepted_and_1025_is_400()
    {
        using HttpResponseMessage ok = await PatchAsync(DemoApi, "prod", $$"""{"description": "{{new string('d', 1024)}}"}""");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        await AssertBadRequestAsync($$"""{"description": "{{new string('d', 1025)}}"}""",
            "Invalid description: must be at most 1024 characters long, got 1025.");
    }

    [Fact]
    public async Task Validation_comes_before_the_lookup_so_400_wins_over_404()
    {
        using HttpResponseMessage invalid = await PatchAsync("nope", "prod", """{"autoDeploy": "yes"}""");
        await AssertErrorAsync(invalid, HttpStatusCode.BadRequest, "BadRequestException");

        using HttpResponseMessage unknownApi = await PatchAsync("nope", "prod", "{}");
        Assert.Equal("Stage", (await AssertErrorAsync(unknownApi, HttpStatusCode.NotFound, "NotFoundException")).GetProperty("resourceType").GetString());

        using HttpResponseMessage unknownStage = await PatchAsync(DemoApi, "nope", "{}");
        Assert.Equal("Stage", (await AssertErrorAsync(unknownStage, HttpStatusCode.NotFound, "NotFoundException")).GetProperty("resourceType").GetString());
    }

    [Fact]
    public async Task DeploymentId_on_a_stage_with_autoDeploy_is_409()
    {
        Emulator.Store.AddStage(DemoApi, new StageData { StageName = "auto", AutoDeploy = true, DeploymentId = "d1" });

        using HttpResponseMessage response = await PatchAsync(DemoApi, "auto", """{"deploymentId": "d2"}""");

        JsonElement error = await AssertErrorAsync(response, HttpStatusCode.Conflict, "ConflictException");
        Assert.Contains("deploymentId", error.GetProperty("message").GetString());
        Assert.Equal("d1", Emulator.Store.GetStage(DemoApi, "auto")!.DeploymentId);
    }

    [Fact]
    public async Task DeploymentId_with_autoDeploy_turned_on_in_the_same_request_is_409_and_off_is_allowed()
    {
        using HttpResponseMessage conflict = await PatchAsync(DemoApi, "prod", """{"autoDeploy": true, "deploymentId": "d2"}""");
        await AssertErrorAsync(conflict, HttpStatusCode.Conflict, "ConflictException");
        Assert.False(Emulator.Store.GetStage(DemoApi, "prod")!.AutoDeploy);

        Emulator.Store.AddStage(DemoApi, new StageData { StageName = "auto", AutoDeploy = true });
        using HttpResponseMessage allowed = await PatchAsync(DemoApi, "auto", """{"autoDeploy": false, "deploymentId": "d3"}""");
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("d3", Emulator.Store.GetStage(DemoApi, "auto")!.DeploymentId);
    }

    [Fact]
    public async Task Modifying_the_managed_default_stage_is_409()
    {
        StageData before = Emulator.Store.GetStage(DemoApi, "$default")!;

        using HttpResponseMessage response = await PatchAsync(DemoApi, "$default", """{"description": "mine now"}""");

        JsonElement error = await AssertErrorAsync(response, HttpStatusCode.Conflict, "ConflictException");
        Assert.Contains("$default", error.GetProperty("message").GetString());
        Assert.Same(before, Emulator.Store.GetStage(DemoApi, "$default"));
    }

    [Fact]
    public async Task Patch_applies_only_the_members_sent_keeps_createdDate_and_bumps_lastUpdatedDate()
    {
        Emulator.Store.AddStage("api1", new StageData
        {
            StageName = "s1",
            Description = "old",
            DeploymentId = "dep1",
            ClientCertificateId = "cert1",
            DefaultRouteSettings = new RouteSettingsData { LoggingLevel = "ERROR", ThrottlingBurstLimit = 5 },
            RouteSettings = new Dictionary<string, RouteSettingsData>
            {
                ["GET /a"] = new() { ThrottlingBurstLimit = 1, DataTraceEnabled = true },
                ["GET /b"] = new() { ThrottlingBurstLimit = 2 },
            },
            StageVariables = new Dictionary<string, string> { ["keep"] = "1", ["change"] = "2", ["drop"] = "3" },
            AccessLogSettings = new AccessLogSettingsData { Format = "$context.requestId", DestinationArn = "arn:old" },
            AutoDeploy = false,
            CreatedDate = Created,
            Tags = new Dictionary<string, string> { ["t"] = "v" },
        });

        using HttpResponseMessage response = await PatchAsync("api1", "s1", """
            {
              "description": "new",
              "clientCertificateId": null,
              "defaultRouteSettings": {"loggingLevel": "INFO", "throttlingBurstLimit": null},
              "routeSettings": {"GET /a": {"throttlingBurstLimit": 10}, "GET /b": null, "GET /c": {"detailedMetricsEnabled": true}},
              "stageVariables": {"change": "20", "drop": null, "add": "4"},
              "accessLogSettings": {"destinationArn": "arn:new"},
              "tags": {"ignored": "yes"},
              "stageName": "renamed",
              "createdDate": "2000-01-01T00:00:00Z",
              "somethingNew": [1, 2, 3]
            }
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        StageData stored = Emulator.Store.GetStage("api1", "s1")!;
        Assert.Equal("new", stored.Description);
        Assert.Equal("dep1", stored.DeploymentId);
        Assert.Equal("cert1", stored.ClientCertificateId);
        Assert.Equal(new RouteSettingsData { LoggingLevel = "INFO", ThrottlingBurstLimit = 5 }, stored.DefaultRouteSettings);
        Assert.Equal(new RouteSettingsData { ThrottlingBurstLimit = 10, DataTraceEnabled = true }, stored.RouteSettings!["GET /a"]);
        Assert.Equal(["GET /a", "GET /c"], stored.RouteSettings.Keys.Order());
        Assert.Equal(
            new Dictionary<string, string> { ["keep"] = "1", ["change"] = "20", ["add"] = "4" }.OrderBy(entry => entry.Key),
            stored.StageVariables!.OrderBy(entry => entry.Key));
        Assert.Equal(new AccessLogSettingsData { Format = "$context.requestId", DestinationArn = "arn:new" }, stored.AccessLogSettings);
        Assert.False(stored.AutoDeploy);
        Assert.Equal("s1", stored.StageName);
        Assert.Equal(new Dictionary<string, string> { ["t"] = "v" }, stored.Tags);
        Assert.Equal(Created, stored.CreatedDate);
        Assert.Equal(_clock.Now, stored.LastUpdatedDate);

        // The response is the whole updated stage.
        JsonElement stage = await ReadJsonAsync(response);
        Assert.Equal("s1", stage.GetProperty("stageName").GetString());
        Assert.Equal("dep1", stage.GetProperty("deploymentId").GetString());
        Assert.Equal("2024-01-01T00:00:00.0000000Z", stage.GetProperty("createdDate").GetString());
        Assert.Equal("2025-06-01T12:30:45.1230000Z", stage.GetProperty("lastUpdatedDate").GetString());
        Assert.Equal("""{"t":"v"}""", stage.GetProperty("tags").GetRawText());
    }

    [Fact]
    public async Task Empty_object_changes_only_lastUpdatedDate()
    {
        StageData before = Emulator.Store.GetStage(DemoApi, "prod")!;

        using HttpResponseMessage response = await PatchAsync(DemoApi, "prod", "{}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        StageData after = Emulator.Store.GetStage(DemoApi, "prod")!;
        Assert.Equal(_clock.Now, after.LastUpdatedDate);
        Assert.Equal(before.CreatedDate, after.CreatedDate);
        Assert.Equal(before.Description, after.Description);
        Assert.Equal(before.StageVariables!.OrderBy(entry => entry.Key), after.StageVariables!.OrderBy(entry => entry.Key));
    }

    [Fact]
    public async Task Concurrent_patches_lose_no_update()
    {
        const int Writers = 40;
        HttpResponseMessage[] responses = await Task.WhenAll(Enumerable.Range(0, Writers).Select(i =>
            PatchAsync(DemoApi, "prod", $$"""{"stageVariables": {"v{{i}}": "{{i}}"}, "description": "writer {{i}}"}""")));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        foreach (HttpResponseMessage response in responses)
        {
            response.Dispose();
        }
        StageData stored = Emulator.Store.GetStage(DemoApi, "prod")!;
        for (int i = 0; i < Writers; i++)
        {
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), stored.StageVariables![$"v{i}"]);
        }
        Assert.Equal("live", stored.StageVariables!["lambdaAlias"]);
        Assert.Equal(Writers + 2, stored.StageVariables.Count);
        Assert.StartsWith("writer ", stored.Description);
        Assert.Equal(Writers, Emulator.Requests.Count);
    }

    private async Task AssertBadRequestAsync(string body, string expectedMessage)
    {
        StageData before = Emulator.Store.GetStage(DemoApi, "prod")!;

        using HttpResponseMessage response = await PatchAsync(DemoApi, "prod", body);

        JsonElement error = await AssertErrorAsync(response, HttpStatusCode.BadRequest, "BadRequestException");
        Assert.Contains(expectedMessage, error.GetProperty("message").GetString());
        Assert.Same(before, Emulator.Store.GetStage(DemoApi, "prod"));
    }
}
