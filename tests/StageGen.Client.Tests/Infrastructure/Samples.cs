using System.Collections.Generic;
using Contoso.Gateway;
using Contoso.Inventory;

namespace StageGen.Client.Tests.Infrastructure;

/// <summary>Valid, fully populated values shared by the tests.</summary>
public static class Samples
{
    /// <summary>A Stage with all 14 members, 2 route settings, 3 stage variables and 3 tags.</summary>
    public const string FullStageJson = """
        {
          "stageName": "prod",
          "description": "Production stage",
          "deploymentId": "dep-123",
          "clientCertificateId": "cert-9",
          "defaultRouteSettings": {
            "detailedMetricsEnabled": true,
            "loggingLevel": "INFO",
            "dataTraceEnabled": false,
            "throttlingBurstLimit": 500,
            "throttlingRateLimit": 1234.5
          },
          "routeSettings": {
            "$default": { "loggingLevel": "ERROR", "throttlingBurstLimit": 0 },
            "GET /pets": { "detailedMetricsEnabled": false, "loggingLevel": "OFF", "throttlingRateLimit": 0.25 }
          },
          "stageVariables": { "env": "prod", "url": "https://example.com/a?b=c", "empty_ok": "x" },
          "accessLogSettings": {
            "format": "$context.requestId $context.status",
            "destinationArn": "arn:aws:logs:eu-west-1:123456789012:log-group:gw"
          },
          "autoDeploy": true,
          "lastDeploymentStatusMessage": "Deployed",
          "createdDate": "2024-05-01T12:34:56.789Z",
          "lastUpdatedDate": "2024-06-02T08:00:00.5+02:00",
          "tags": { "team": "payments", "cost-center": "42", "empty": "" },
          "apiGatewayManaged": false
        }
        """;

    /// <summary>An UpdateStageInput with every member set to a value the spec accepts.</summary>
    public static UpdateStageInput FullUpdateStageInput() => new()
    {
        Description = "Production stage",
        DeploymentId = "dep-123",
        ClientCertificateId = "cert-9",
        DefaultRouteSettings = new RouteSettings
        {
            DetailedMetricsEnabled = true,
            LoggingLevel = LoggingLevel.Info,
            DataTraceEnabled = false,
            ThrottlingBurstLimit = 500,
            ThrottlingRateLimit = 1234.5,
        },
        RouteSettings = new Dictionary<string, RouteSettings>
        {
            ["$default"] = new() { LoggingLevel = LoggingLevel.Error, ThrottlingBurstLimit = 0 },
            ["GET /pets"] = new() { LoggingLevel = LoggingLevel.Off, ThrottlingRateLimit = 0.25 },
        },
        StageVariables = new Dictionary<string, string>
        {
            ["env"] = "prod",
            ["url"] = "https://example.com/a?b=c",
            ["empty_ok"] = "x",
        },
        AccessLogSettings = new AccessLogSettings
        {
            Format = "$context.requestId $context.status",
            DestinationArn = "arn:aws:logs:eu-west-1:123456789012:log-group:gw",
        },
        AutoDeploy = true,
    };

    /// <summary>A NewItem with only its required members.</summary>
    public static NewItem MinimalNewItem() => new() { Sku = "ABC123", Name = "Widget", Quantity = 5 };
}
