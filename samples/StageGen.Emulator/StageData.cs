using System;
using System.Collections.Generic;

namespace StageGen.Emulator;

/// <summary>
/// One stage as the emulator stores it: the 14 members of the spec's <c>Stage</c> schema. A <c>null</c> member is absent
/// from the JSON the emulator returns. Instances are immutable once stored (the store copies the maps it is given).
/// </summary>
public sealed record StageData
{
    /// <summary>The name of the stage (<c>stageName</c>, the only required member).</summary>
    public required string StageName { get; init; }

    /// <summary><c>description</c>.</summary>
    public string? Description { get; init; }

    /// <summary><c>deploymentId</c>; can't be updated while <see cref="AutoDeploy"/> is on.</summary>
    public string? DeploymentId { get; init; }

    /// <summary><c>clientCertificateId</c>.</summary>
    public string? ClientCertificateId { get; init; }

    /// <summary><c>defaultRouteSettings</c>.</summary>
    public RouteSettingsData? DefaultRouteSettings { get; init; }

    /// <summary><c>routeSettings</c>, by route key.</summary>
    public IReadOnlyDictionary<string, RouteSettingsData>? RouteSettings { get; init; }

    /// <summary><c>stageVariables</c>.</summary>
    public IReadOnlyDictionary<string, string>? StageVariables { get; init; }

    /// <summary><c>accessLogSettings</c>.</summary>
    public AccessLogSettingsData? AccessLogSettings { get; init; }

    /// <summary><c>autoDeploy</c>.</summary>
    public bool? AutoDeploy { get; init; }

    /// <summary><c>lastDeploymentStatusMessage</c> (read-only for clients).</summary>
    public string? LastDeploymentStatusMessage { get; init; }

    /// <summary><c>createdDate</c> (read-only for clients); the store sets it to now when it is not given.</summary>
    public DateTimeOffset? CreatedDate { get; init; }

    /// <summary><c>lastUpdatedDate</c> (read-only for clients); set to now by every successful PATCH.</summary>
    public DateTimeOffset? LastUpdatedDate { get; init; }

    /// <summary><c>tags</c> (not updatable through UpdateStage).</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    /// <summary><c>apiGatewayManaged</c>: a managed stage (the quick-create <c>$default</c>) can't be modified.</summary>
    public bool? ApiGatewayManaged { get; init; }
}

/// <summary>The spec's <c>RouteSettings</c> schema.</summary>
public sealed record RouteSettingsData
{
    /// <summary><c>detailedMetricsEnabled</c>.</summary>
    public bool? DetailedMetricsEnabled { get; init; }

    /// <summary><c>loggingLevel</c>: <c>ERROR</c>, <c>INFO</c> or <c>OFF</c>.</summary>
    public string? LoggingLevel { get; init; }

    /// <summary><c>dataTraceEnabled</c>.</summary>
    public bool? DataTraceEnabled { get; init; }

    /// <summary><c>throttlingBurstLimit</c> (int32).</summary>
    public int? ThrottlingBurstLimit { get; init; }

    /// <summary><c>throttlingRateLimit</c> (double).</summary>
    public double? ThrottlingRateLimit { get; init; }
}

/// <summary>The spec's <c>AccessLogSettings</c> schema.</summary>
public sealed record AccessLogSettingsData
{
    /// <summary><c>format</c>: must contain <c>$context.requestId</c>.</summary>
    public string? Format { get; init; }

    /// <summary><c>destinationArn</c>.</summary>
    public string? DestinationArn { get; init; }
}
