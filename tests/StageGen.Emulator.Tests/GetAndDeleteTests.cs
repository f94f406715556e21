using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using StageGen.Emulator.Tests.Infrastructure;
using Xunit;

namespace StageGen.Emulator.Tests;

public sealed class GetAndDeleteTests : EmulatorTest
{
    private static readonly DateTimeOffset Created = new(2023, 3, 4, 5, 6, 7, 890, TimeSpan.FromHours(2));

    [Fact]
    public async Task Get_returns_every_member_of_the_stage_as_spec_json()
    {
        Emulator.Store.AddStage("api1", new StageData
        {
            StageName = "beta",
            Description = "Beta",
            DeploymentId = "dep1",
            ClientCertificateId = "cert1",
            DefaultRouteSettings = new RouteSettingsData
            {
                DetailedMetricsEnabled = true, LoggingLevel = "ERROR", DataTraceEnabled = false,
                ThrottlingBurstLimit = 7, ThrottlingRateLimit = 2.5,
            },
            RouteSettings = new Dictionary<string, RouteSettingsData> { ["$connect"] = new() { LoggingLevel = "OFF" } },
            StageVariables = new Dictionary<string, string> { ["alias"] = "v1" },
            AccessLogSettings = new AccessLogSettingsData { Format = "$context.requestId", DestinationArn = "arn:log" },
            AutoDeploy = true,
            LastDeploymentStatusMessage = "Deployed",
            CreatedDate = Created,
            LastUpdatedDate = Created.AddHours(1),
            Tags = new Dictionary<string, string> { ["team"] = "a" },
            ApiGatewayManaged = false,
        });

        using HttpResponseMessage response = await GetAsync("api1", "beta");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonElement stage = await ReadJsonAsync(response);
        Assert.Equal(
            ["stageName", "description", "deploymentId", "clientCertificateId", "defaultRouteSettings", "routeSettings",
             "stageVariables", "accessLogSettings", "autoDeploy", "lastDeploymentStatusMessage", "createdDate",
             "lastUpdatedDate", "tags", "apiGatewayManaged"],
            stage.EnumerateObject().Select(member => member.Name));
        Assert.Equal("beta", stage.GetProperty("stageName").GetString());
        Assert.Equal(
            """{"detailedMetricsEnabled":true,"loggingLevel":"ERROR","dataTraceEnabled":false,"throttlingBurstLimit":7,"throttlingRateLimit":2.5}""",
            stage.GetProperty("defaultRouteSettings").GetRawText());
        Assert.Equal("""{"$connect":{"loggingLevel":"OFF"}}""", stage.GetProperty("routeSettings").GetRawText());
        Assert.Equal("""{"alias":"v1"}""", stage.GetProperty("stageVariables").GetRawText());
        Assert.Equal("""{"format":"$context.requestId","destinationArn":"arn:log"}""", stage.GetProperty("accessLogSettings").GetRawText());
        Assert.True(stage.GetProperty("autoDeploy").GetBoolean());
        Assert.False(stage.GetProperty("apiGatewayManaged").GetBoolean());
        Assert.Equal("""{"team":"a"}""", stage.GetProperty("tags").GetRawText());
        AssertDate(Created, stage.GetProperty("createdDate"));
        AssertDate(Created.AddHours(1), stage.GetProperty("lastUpdatedDate"));
    }

    [Fact]
    public async Task Get_leaves_out_members_the_stage_does_not_have()
    {
        Emulator.Store.AddStage("api1", new StageData { StageName = "bare" });

        using HttpResponseMessage response = await GetAsync("api1", "bare");

        JsonElement stage = await ReadJsonAsync(response);
        Assert.Equal(["stageName", "createdDate", "lastUpdatedDate"], stage.EnumerateObject().Select(member => member.Name));
    }

    [Fact]
    public async Task Get_of_an_unknown_api_is_404_naming_the_api()
    {
        using HttpResponseMessage response = await GetAsync("nope42", "prod");

        JsonElement error = await AssertErrorAsync(response, HttpStatusCode.NotFound, "NotFoundException");
        Assert.Contains("nope42", error.GetProperty("message").GetString());
        Assert.Equal("Stage", error.GetProperty("resourceType").GetString());
    }

    [Fact]
    public async Task Get_of_an_unknown_stage_is_404_with_resource_type_Stage()
    {
        using HttpResponseMessage response = await GetAsync(DemoApi, "staging");

        JsonElement error = await AssertErrorAsync(response, HttpStatusCode.NotFound, "NotFoundException");
        Assert.Contains("'staging'", error.GetProperty("message").GetString());
        Assert.Equal("Stage", error.GetProperty("resourceType").GetString());
    }

    [Fact]
    public async Task Percent_encoded_dollar_reaches_the_managed_default_stage()
    {
        using HttpResponseMessage response = await SendAsync(HttpMethod.Get, $"v2/apis/{DemoApi}/stages/%24default");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonElement stage = await ReadJsonAsync(response);
        Assert.Equal("$default", stage.GetProperty("stageName").GetString());
        Assert.True(stage.GetProperty("apiGatewayManaged").GetBoolean());
        Assert.EndsWith("/stages/%24default", Emulator.Requests.Snapshot().Single().RawTarget);
    }

    [Fact]
    public async Task Delete_is_204_with_an_empty_body_and_the_stage_is_gone()
    {
        using HttpResponseMessage deleted = await SendAsync(HttpMethod.Delete, StagePath(DemoApi, "prod"));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(await deleted.Content.ReadAsByteArrayAsync(Cancel));
        Assert.Null(Emulator.Store.GetStage(DemoApi, "prod"));

        using HttpResponseMessage get = await GetAsync(DemoApi, "prod");
        await AssertErrorAsync(get, HttpStatusCode.NotFound, "NotFoundException");

        using HttpResponseMessage again = await SendAsync(HttpMethod.Delete, StagePath(DemoApi, "prod"));
        await AssertErrorAsync(again, HttpStatusCode.NotFound, "NotFoundException");
    }

    [Fact]
    public async Task Delete_of_the_managed_stage_is_allowed_because_the_spec_declares_no_409_for_it()
    {
        using HttpResponseMessage deleted = await SendAsync(HttpMethod.Delete, StagePath(DemoApi, "$default"));

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }

    [Fact]
    public async Task Unknown_operation_is_404_json()
    {
        using HttpResponseMessage response = await SendAsync(HttpMethod.Post, StagePath(DemoApi, "prod"), "{}");

        JsonElement error = await AssertErrorAsync(response, HttpStatusCode.NotFound, "NotFoundException");
        Assert.Contains("POST", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Every_response_carries_a_distinct_request_id_guid()
    {
        Emulator.Faults.Enqueue(EmulatorFault.Respond(503, "text/html", "<h1>down</h1>"));
        var requests = new (HttpMethod Method, string Path, string? Body)[]
        {
            (HttpMethod.Get, StagePath(DemoApi, "prod"), null),          // fault 503
            (HttpMethod.Get, StagePath(DemoApi, "prod"), null),          // 200
            (HttpMethod.Get, StagePath(DemoApi, "missing"), null),       // 404
            (HttpMethod.Patch, StagePath(DemoApi, "prod"), "{"),         // 400
            (HttpMethod.Patch, StagePath(DemoApi, "$default"), "{}"),    // 409
            (HttpMethod.Delete, StagePath(DemoApi, "prod"), null),       // 204
            (HttpMethod.Get, "elsewhere", null),                         // 404 fallback
        };
        var ids = new List<string>();
        foreach ((HttpMethod method, string path, string? body) in requests)
        {
            using HttpResponseMessage response = await SendAsync(method, path, body);
            string? id = Header(response, "x-amzn-RequestId");
            Assert.True(Guid.TryParse(id, out _), $"{method} {path} → {(int)response.StatusCode}: x-amzn-RequestId '{id}'");
            ids.Add(id!);
        }
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(ids, Emulator.Requests.Snapshot().Select(request => request.RequestId));
    }

    /// <summary>RFC 3339 in UTC with a fraction, and the same instant as seeded.</summary>
    private static void AssertDate(DateTimeOffset expected, JsonElement value)
    {
        string text = value.GetString()!;
        Assert.Matches(new Regex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d+Z$"), text);
        Assert.Equal(expected, DateTimeOffset.Parse(text, CultureInfo.InvariantCulture));
    }
}
