using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace StageGen.Benchmarks.Floor;

// Plain DTOs as a careful person writes them by hand: mutable classes, a real enum, concrete dictionaries. The floor
// client reads and writes them with its own Utf8JsonReader/Utf8JsonWriter code; Refit uses the same classes through
// System.Text.Json (the attributes below are only for Refit's serializer).

[JsonConverter(typeof(JsonStringEnumConverter<LoggingLevel>))]
public enum LoggingLevel
{
    [JsonStringEnumMemberName("ERROR")] Error,
    [JsonStringEnumMemberName("INFO")] Info,
    [JsonStringEnumMemberName("OFF")] Off,
}

public sealed class RouteSettings
{
    public bool? DetailedMetricsEnabled { get; set; }
    public LoggingLevel? LoggingLevel { get; set; }
    public bool? DataTraceEnabled { get; set; }
    public int? ThrottlingBurstLimit { get; set; }
    public double? ThrottlingRateLimit { get; set; }
}

public sealed class AccessLogSettings
{
    public string? Format { get; set; }
    public string? DestinationArn { get; set; }
}

public sealed class Stage
{
    public string StageName { get; set; } = "";
    public string? Description { get; set; }
    public string? DeploymentId { get; set; }
    public string? ClientCertificateId { get; set; }
    public RouteSettings? DefaultRouteSettings { get; set; }
    public Dictionary<string, RouteSettings>? RouteSettings { get; set; }
    public Dictionary<string, string>? StageVariables { get; set; }
    public AccessLogSettings? AccessLogSettings { get; set; }
    public bool? AutoDeploy { get; set; }
    public string? LastDeploymentStatusMessage { get; set; }
    public DateTimeOffset? CreatedDate { get; set; }
    public DateTimeOffset? LastUpdatedDate { get; set; }
    public Dictionary<string, string>? Tags { get; set; }
    public bool? ApiGatewayManaged { get; set; }
}

public sealed class UpdateStageInput
{
    public string? Description { get; set; }
    public string? DeploymentId { get; set; }
    public string? ClientCertificateId { get; set; }
    public RouteSettings? DefaultRouteSettings { get; set; }
    public Dictionary<string, RouteSettings>? RouteSettings { get; set; }
    public Dictionary<string, string>? StageVariables { get; set; }
    public AccessLogSettings? AccessLogSettings { get; set; }
    public bool? AutoDeploy { get; set; }
}
