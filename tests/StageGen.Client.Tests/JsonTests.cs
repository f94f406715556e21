using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using Contoso.Gateway;
using StageGen.Client.Tests.Infrastructure;
using Xunit;

namespace StageGen.Client.Tests;

/// <summary>The generated Stage reader and writer (StageJson), on the documents the service sends.</summary>
public class JsonTests
{
    private static Stage Read(string json) => StageJson.DeserializeStage(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Full_stage_reads_every_member()
    {
        var stage = Read(Samples.FullStageJson);

        Assert.Equal("prod", stage.StageName);
        Assert.Equal("Production stage", stage.Description);
        Assert.Equal("dep-123", stage.DeploymentId);
        Assert.Equal("cert-9", stage.ClientCertificateId);
        Assert.Equal(new RouteSettings
        {
            DetailedMetricsEnabled = true,
            LoggingLevel = LoggingLevel.Info,
            DataTraceEnabled = false,
            ThrottlingBurstLimit = 500,
            ThrottlingRateLimit = 1234.5,
        }, stage.DefaultRouteSettings);
        Assert.Equal(2, stage.RouteSettings!.Count);
        Assert.Equal(new RouteSettings { LoggingLevel = LoggingLevel.Error, ThrottlingBurstLimit = 0 }, stage.RouteSettings["$default"]);
        Assert.Equal(new RouteSettings { DetailedMetricsEnabled = false, LoggingLevel = LoggingLevel.Off, ThrottlingRateLimit = 0.25 }, stage.RouteSettings["GET /pets"]);
        AssertMap(new Dictionary<string, string> { ["env"] = "prod", ["url"] = "https://example.com/a?b=c", ["empty_ok"] = "x" }, stage.StageVariables);
        Assert.Equal("$context.requestId $context.status", stage.AccessLogSettings!.Format);
        Assert.Equal("arn:aws:logs:eu-west-1:123456789012:log-group:gw", stage.AccessLogSettings.DestinationArn);
        Assert.True(stage.AutoDeploy);
        Assert.Equal("Deployed", stage.LastDeploymentStatusMessage);
        AssertExact(new DateTimeOffset(2024, 5, 1, 12, 34, 56, 789, TimeSpan.Zero), stage.CreatedDate);
        AssertExact(new DateTimeOffset(2024, 6, 2, 8, 0, 0, 500, TimeSpan.FromHours(2)), stage.LastUpdatedDate);
        AssertMap(new Dictionary<string, string> { ["team"] = "payments", ["cost-center"] = "42", ["empty"] = "" }, stage.Tags);
        Assert.False(stage.ApiGatewayManaged);
    }

    [Fact]
    public void Full_stage_round_trips_member_by_member()
    {
        var first = Read(Samples.FullStageJson);

        var second = StageJson.DeserializeStage(StageJson.Serialize(first));

        AssertSameStage(first, second);
    }

    [Fact]
    public void Round_trip_comparison_notices_a_changed_member()
    {
        // Guards the comparer the round-trip test relies on: maps are compared by content, and a difference is seen.
        var first = Read(Samples.FullStageJson);
        var changed = first with { Tags = new Dictionary<string, string>(first.Tags!) { ["team"] = "other" } };

        Assert.ThrowsAny<Exception>(() => AssertSameStage(first, changed));
        AssertSameStage(first, first with { Tags = new Dictionary<string, string>(first.Tags!) });
    }

    [Fact]
    public void Unknown_logging_level_is_kept_and_written_back_unchanged()
    {
        var stage = Read("""{"stageName":"s","defaultRouteSettings":{"loggingLevel":"TRACE"},"routeSettings":{"r":{"loggingLevel":"Trace"}}}""");

        var level = stage.DefaultRouteSettings!.LoggingLevel!.Value;
        Assert.Equal("TRACE", level.Value);
        Assert.False(level.IsKnown);
        Assert.NotEqual(LoggingLevel.Error, level);
        Assert.Equal("Trace", stage.RouteSettings!["r"].LoggingLevel!.Value.Value);

        var written = Encoding.UTF8.GetString(StageJson.Serialize(stage));
        Assert.Contains("\"defaultRouteSettings\":{\"loggingLevel\":\"TRACE\"}", written);
        Assert.Contains("\"r\":{\"loggingLevel\":\"Trace\"}", written);
        Assert.Equal("TRACE", Read(written).DefaultRouteSettings!.LoggingLevel!.Value.Value);
    }

    [Fact]
    public void Known_logging_levels_are_known()
    {
        Assert.All(new[] { "ERROR", "INFO", "OFF" }, value => Assert.True(((LoggingLevel)value).IsKnown));
        Assert.Equal(LoggingLevel.Info, (LoggingLevel)"INFO");
        Assert.False(((LoggingLevel)"info").IsKnown); // values are case-sensitive on the wire
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_null_logging_level_is_absent_not_a_conversion_that_throws(bool flag)
    {
        // `flag ? LoggingLevel.Info : null` converted null through the implicit conversion from string, which threw
        // ArgumentNullException; now the conversion is to LoggingLevel? and null stays null.
        string? none = null;

        var settings = new RouteSettings { LoggingLevel = flag ? LoggingLevel.Info : null };
        var fromText = new RouteSettings { LoggingLevel = none };

        Assert.Equal(flag ? LoggingLevel.Info : null, settings.LoggingLevel);
        Assert.Equal(flag ? """{"loggingLevel":"INFO"}""" : "{}", Encoding.UTF8.GetString(StageJson.Serialize(settings)));
        Assert.Null(fromText.LoggingLevel);
        Assert.Equal("{}", Encoding.UTF8.GetString(StageJson.Serialize(fromText)));
        Assert.Equal(LoggingLevel.Off, new RouteSettings { LoggingLevel = "OFF" }.LoggingLevel);
        Assert.Throws<ArgumentNullException>(() => (LoggingLevel)none!); // the explicit conversion, like the constructor
    }

    [Fact]
    public void Unknown_properties_are_skipped_at_every_level()
    {
        var stage = Read("""
            {
              "newTopLevel": {"a": [1, {"b": null, "c": [[], {}]}], "d": {"e": {"f": "g"}}},
              "stageName": "s",
              "newArray": [[1, 2], {"x": [true, false, null]}, "str", 1.5e3],
              "defaultRouteSettings": {"future": {"nested": [1, [2, [3]]]}, "loggingLevel": "INFO", "flag": false},
              "accessLogSettings": {"extra": [], "format": "$context.requestId"},
              "newScalar": "value",
              "autoDeploy": true
            }
            """);

        Assert.Equal("s", stage.StageName);
        Assert.Equal(LoggingLevel.Info, stage.DefaultRouteSettings!.LoggingLevel);
        Assert.Equal("$context.requestId", stage.AccessLogSettings!.Format);
        Assert.True(stage.AutoDeploy);
    }

    [Theory]
    [InlineData("2024-05-01T12:34:56.789Z", 0)]
    [InlineData("2024-05-01T14:34:56.789+02:00", 120)]
    [InlineData("2024-05-01T07:04:56.789-05:30", -330)]
    public void Created_date_keeps_instant_fraction_and_offset(string text, int offsetMinutes)
    {
        var stage = Read($$"""{"stageName":"s","createdDate":"{{text}}"}""");

        var expectedInstant = new DateTimeOffset(2024, 5, 1, 12, 34, 56, 789, TimeSpan.Zero);
        Assert.Equal(expectedInstant.UtcDateTime, stage.CreatedDate!.Value.UtcDateTime);
        Assert.Equal(TimeSpan.FromMinutes(offsetMinutes), stage.CreatedDate.Value.Offset);

        var again = StageJson.DeserializeStage(StageJson.Serialize(stage));
        AssertExact(stage.CreatedDate.Value, again.CreatedDate);
    }

    [Fact]
    public void Created_date_keeps_seven_fraction_digits()
    {
        var stage = Read("""{"stageName":"s","createdDate":"2024-05-01T12:34:56.1234567+02:00"}""");

        Assert.Equal(new DateTimeOffset(2024, 5, 1, 12, 34, 56, TimeSpan.FromHours(2)).AddTicks(1234567), stage.CreatedDate);
        Assert.Equal(TimeSpan.FromHours(2), stage.CreatedDate!.Value.Offset);
    }

    [Fact]
    public void Null_members_read_as_absent()
    {
        var stage = Read("""
            {
              "stageName": "s", "description": null, "deploymentId": null, "clientCertificateId": null,
              "defaultRouteSettings": {"loggingLevel": null, "throttlingBurstLimit": null, "detailedMetricsEnabled": null},
              "routeSettings": null, "stageVariables": null, "accessLogSettings": null, "autoDeploy": null,
              "lastDeploymentStatusMessage": null, "createdDate": null, "lastUpdatedDate": null, "tags": null,
              "apiGatewayManaged": null
            }
            """);

        Assert.Equal(new Stage { StageName = "s", DefaultRouteSettings = new RouteSettings() }, stage);
        Assert.Equal("""{"stageName":"s","defaultRouteSettings":{}}""", Encoding.UTF8.GetString(StageJson.Serialize(stage)));
    }

    [Fact]
    public void Empty_object_reads_as_a_stage_with_an_empty_name()
    {
        var stage = Read("{}");

        Assert.Equal(new Stage { StageName = "" }, stage);
    }

    [Theory]
    [InlineData("""{"stageName":"s","autoDeploy":"yes"}""", "Stage.autoDeploy")]
    [InlineData("""{"stageName":"s","autoDeploy":1}""", "Stage.autoDeploy")]
    [InlineData("""{"stageName":42}""", "Stage.stageName")]
    [InlineData("""{"stageName":"s","createdDate":"yesterday"}""", "Stage.createdDate")]
    [InlineData("""{"stageName":"s","createdDate":12345}""", "Stage.createdDate")]
    [InlineData("""{"stageName":"s","tags":["a"]}""", "Stage.tags")]
    [InlineData("""{"stageName":"s","stageVariables":{"k":5}}""", "Stage.stageVariables")]
    [InlineData("""{"stageName":"s","defaultRouteSettings":{"throttlingBurstLimit":1.5}}""", "RouteSettings.throttlingBurstLimit")]
    [InlineData("""{"stageName":"s","defaultRouteSettings":{"throttlingBurstLimit":3000000000}}""", "RouteSettings.throttlingBurstLimit")]
    [InlineData("""{"stageName":"s","defaultRouteSettings":{"loggingLevel":3}}""", "RouteSettings.loggingLevel")]
    [InlineData("""{"stageName":"s","defaultRouteSettings":5}""", "defaultRouteSettings")]
    [InlineData("""{"stageName":"s","routeSettings":{"r":"INFO"}}""", "routeSettings")]
    public void Wrong_types_give_a_JsonException_naming_the_member(string json, string member)
    {
        var exception = Assert.ThrowsAny<JsonException>(() => Read(json));

        Assert.Contains(member, exception.Message);
    }

    [Theory]
    [InlineData("""{"stageName":"prod" "description":"x"}""")]
    [InlineData("""{"stageName":"prod","tags":{"a":"b"},}""")]
    [InlineData("""{"stageName":"prod","stageVariables":{"a":"b"}""")]
    public void A_syntax_error_after_a_complete_member_names_the_object_not_that_member(string json)
    {
        var exception = Assert.ThrowsAny<JsonException>(() => Read(json));

        Assert.StartsWith("Stage: ", exception.Message);
    }

    [Theory]
    [InlineData("""{"stageName":"s","autoDeploy":tru}""", "Stage.autoDeploy")]
    [InlineData("""{"stageName":"s","description":"unterminated}""", "Stage.description")]
    [InlineData("""{"stageName":"s","tags":{"a":"b",}}""", "Stage.tags")]
    [InlineData("""{"stageName":"s","autoDeploy":""", "Stage.autoDeploy")]
    public void Malformed_json_gives_a_JsonException_naming_the_member(string json, string member)
    {
        var exception = Assert.ThrowsAny<JsonException>(() => Read(json));

        Assert.Contains(member, exception.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("\"stage\"")]
    [InlineData("""{"stageName":"s"} {}""")]
    public void A_document_that_is_not_one_object_gives_a_JsonException(string json)
    {
        Assert.ThrowsAny<JsonException>(() => Read(json));
    }

    private static void AssertSameStage(Stage expected, Stage actual)
    {
        Assert.Equal(expected.StageName, actual.StageName);
        Assert.Equal(expected.Description, actual.Description);
        Assert.Equal(expected.DeploymentId, actual.DeploymentId);
        Assert.Equal(expected.ClientCertificateId, actual.ClientCertificateId);
        Assert.Equal(expected.DefaultRouteSettings, actual.DefaultRouteSettings);
        AssertMap(expected.RouteSettings, actual.RouteSettings);
        AssertMap(expected.StageVariables, actual.StageVariables);
        Assert.Equal(expected.AccessLogSettings, actual.AccessLogSettings);
        Assert.Equal(expected.AutoDeploy, actual.AutoDeploy);
        Assert.Equal(expected.LastDeploymentStatusMessage, actual.LastDeploymentStatusMessage);
        AssertExact(expected.CreatedDate, actual.CreatedDate);
        AssertExact(expected.LastUpdatedDate, actual.LastUpdatedDate);
        AssertMap(expected.Tags, actual.Tags);
        Assert.Equal(expected.ApiGatewayManaged, actual.ApiGatewayManaged);
    }

    /// <summary>Maps compare by content (records compare their dictionaries by reference).</summary>
    private static void AssertMap<T>(IReadOnlyDictionary<string, T>? expected, IReadOnlyDictionary<string, T>? actual)
    {
        if (expected is null)
        {
            Assert.Null(actual);
            return;
        }

        Assert.NotNull(actual);
        Assert.Equal(
            expected.OrderBy(e => e.Key, StringComparer.Ordinal).ToList(),
            actual!.OrderBy(e => e.Key, StringComparer.Ordinal).ToList());
    }

    /// <summary>Same instant and same offset (DateTimeOffset's == compares the instant only).</summary>
    private static void AssertExact(DateTimeOffset? expected, DateTimeOffset? actual)
    {
        Assert.Equal(expected.HasValue, actual.HasValue);
        if (expected is { } e)
        {
            Assert.True(e.EqualsExact(actual!.Value), $"expected {e:O}, was {actual:O}");
        }
    }
}
