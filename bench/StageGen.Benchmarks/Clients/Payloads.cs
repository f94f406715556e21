using System;
using System.Collections.Generic;
using System.Text;

namespace StageGen.Benchmarks.Clients;

/// <summary>What every client sends and receives: one full Stage, one rich UpdateStageInput.</summary>
public static class Payloads
{
    public const string ApiId = "a1b2c3d4e5";
    public const string StageName = "prod";
    public static readonly Uri BaseAddress = new("https://apigateway.bench.test/");

    /// <summary>A Stage with all 14 members, 2 route settings, 3 stage variables and 3 tags.</summary>
    public const string StageJson = """
        {"stageName":"prod","description":"Production stage of the orders API","deploymentId":"dep-7f3k2m","clientCertificateId":"cert-9x8y7z","defaultRouteSettings":{"detailedMetricsEnabled":true,"loggingLevel":"ERROR","dataTraceEnabled":false,"throttlingBurstLimit":500,"throttlingRateLimit":250.5},"routeSettings":{"GET /orders":{"detailedMetricsEnabled":false,"loggingLevel":"INFO","dataTraceEnabled":true,"throttlingBurstLimit":100,"throttlingRateLimit":50.0},"POST /orders":{"detailedMetricsEnabled":true,"loggingLevel":"OFF","dataTraceEnabled":false,"throttlingBurstLimit":20,"throttlingRateLimit":10.25}},"stageVariables":{"lambdaAlias":"live","logLevel":"warn","region":"eu-west-1"},"accessLogSettings":{"format":"$context.requestId $context.httpMethod $context.status","destinationArn":"arn:aws:logs:eu-west-1:123456789012:log-group:orders-api-access"},"autoDeploy":false,"lastDeploymentStatusMessage":"Deployment dep-7f3k2m succeeded","createdDate":"2024-01-15T10:00:00Z","lastUpdatedDate":"2024-06-01T12:34:56.789+02:00","tags":{"team":"payments","environment":"production","costCenter":"cc-4711"},"apiGatewayManaged":false}
        """;

    public static readonly byte[] StageUtf8 = Encoding.UTF8.GetBytes(StageJson);

    // The UpdateStage body: every member of UpdateStageInput set (each client builds it from these values).
    public const string Description = "Production stage of the orders API, throttled";
    public const string DeploymentId = "dep-8a4b1c";
    public const string ClientCertificateId = "cert-9x8y7z";
    public const string AccessLogFormat = "$context.requestId $context.httpMethod $context.status";
    public const string AccessLogDestination = "arn:aws:logs:eu-west-1:123456789012:log-group:orders-api-access";

    public static readonly (string Key, string Value)[] StageVariables = [("lambdaAlias", "live"), ("logLevel", "warn"), ("region", "eu-west-1")];

    /// <summary>Route settings: (detailed metrics, logging level, data trace, burst, rate).</summary>
    public static readonly (bool Metrics, string Level, bool Trace, int Burst, double Rate) DefaultRoute = (true, "ERROR", false, 500, 250.5);

    public static readonly (string Key, (bool Metrics, string Level, bool Trace, int Burst, double Rate) Settings)[] Routes =
    [
        ("GET /orders", (false, "INFO", true, 100, 50.0)),
        ("POST /orders", (true, "OFF", false, 20, 10.25)),
    ];
}
