using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace StageGen.Emulator;

/// <summary>
/// The emulator's thread-safe in-memory state: APIs by id, each with its stages by name. One lock guards everything,
/// so a PATCH's read-check-write is atomic and concurrent requests never lose an update.
/// </summary>
public sealed class StageStore
{
    /// <summary>The id of the demo API that <see cref="AddDemoData"/> seeds.</summary>
    public const string DemoApiId = "a1b2c3";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Dictionary<string, StageData>> _apis = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    internal StageStore(TimeProvider time) => _time = time;

    /// <summary>Adds an API with no stages (no-op when it exists).</summary>
    public void AddApi(string apiId)
    {
        lock (_gate)
        {
            GetOrAddApi(apiId);
        }
    }

    /// <summary>
    /// Adds or replaces a stage, adding the API when needed. The stage is stored as given (no validation, so tests can
    /// seed anything), except that missing dates are set: <c>createdDate</c> to now, <c>lastUpdatedDate</c> to
    /// <c>createdDate</c>. Maps are copied so later changes to the caller's dictionaries don't leak in.
    /// </summary>
    public void AddStage(string apiId, StageData stage)
    {
        DateTimeOffset created = stage.CreatedDate ?? _time.GetUtcNow();
        StageData stored = stage with
        {
            RouteSettings = Copy(stage.RouteSettings),
            StageVariables = Copy(stage.StageVariables),
            Tags = Copy(stage.Tags),
            CreatedDate = created,
            LastUpdatedDate = stage.LastUpdatedDate ?? created,
        };
        lock (_gate)
        {
            GetOrAddApi(apiId)[stage.StageName] = stored;
        }
    }

    /// <summary>The stored stage, or <c>null</c> when the API or the stage does not exist.</summary>
    public StageData? GetStage(string apiId, string stageName)
    {
        lock (_gate)
        {
            return _apis.TryGetValue(apiId, out var stages) && stages.TryGetValue(stageName, out var stage) ? stage : null;
        }
    }

    /// <summary>The names of the API's stages (empty when the API does not exist).</summary>
    public IReadOnlyList<string> GetStageNames(string apiId)
    {
        lock (_gate)
        {
            return _apis.TryGetValue(apiId, out var stages) ? stages.Keys.Order(StringComparer.Ordinal).ToArray() : [];
        }
    }

    /// <summary>Seeds API <see cref="DemoApiId"/> with a <c>prod</c> stage and the managed <c>$default</c> stage.</summary>
    public void AddDemoData()
    {
        DateTimeOffset created = new(2024, 1, 15, 10, 0, 0, TimeSpan.Zero);
        AddStage(DemoApiId, new StageData
        {
            StageName = "prod",
            Description = "Production stage",
            DeploymentId = "dep123",
            ClientCertificateId = "cert42",
            DefaultRouteSettings = new RouteSettingsData
            {
                DetailedMetricsEnabled = true,
                LoggingLevel = "INFO",
                DataTraceEnabled = false,
                ThrottlingBurstLimit = 100,
                ThrottlingRateLimit = 50.5,
            },
            RouteSettings = new Dictionary<string, RouteSettingsData>
            {
                ["GET /pets"] = new RouteSettingsData { ThrottlingBurstLimit = 10, ThrottlingRateLimit = 5 },
            },
            StageVariables = new Dictionary<string, string> { ["lambdaAlias"] = "live", ["backend"] = "pets.example.com" },
            AccessLogSettings = new AccessLogSettingsData
            {
                Format = "$context.requestId $context.httpMethod $context.status",
                DestinationArn = "arn:aws:logs:eu-west-1:123456789012:log-group:prod-access",
            },
            AutoDeploy = false,
            CreatedDate = created,
            LastUpdatedDate = created.AddDays(1),
            Tags = new Dictionary<string, string> { ["team"] = "pets" },
            ApiGatewayManaged = false,
        });
        AddStage(DemoApiId, new StageData
        {
            StageName = "$default",
            DeploymentId = "auto789",
            DefaultRouteSettings = new RouteSettingsData { DetailedMetricsEnabled = false },
            RouteSettings = new Dictionary<string, RouteSettingsData>(),
            StageVariables = new Dictionary<string, string>(),
            AutoDeploy = true,
            LastDeploymentStatusMessage = "Successfully deployed stage with deployment ID 'auto789'",
            CreatedDate = created,
            LastUpdatedDate = created,
            Tags = new Dictionary<string, string>(),
            ApiGatewayManaged = true,
        });
    }

    internal StageResult Get(string apiId, string stageName)
    {
        lock (_gate)
        {
            return Find(apiId, stageName, out var stages) is { } stage ? StageResult.Ok(stage) : NotFound(apiId, stageName, stages);
        }
    }

    internal StageResult Delete(string apiId, string stageName)
    {
        lock (_gate)
        {
            if (Find(apiId, stageName, out var stages) is null)
            {
                return NotFound(apiId, stageName, stages);
            }
            stages!.Remove(stageName);
            return StageResult.NoContent;
        }
    }

    /// <summary>Runs <paramref name="update"/> on the current stage under the lock and stores the stage it returns.</summary>
    internal StageResult Update(string apiId, string stageName, Func<StageData, StageResult> update)
    {
        lock (_gate)
        {
            if (Find(apiId, stageName, out var stages) is not { } stage)
            {
                return NotFound(apiId, stageName, stages);
            }
            StageResult result = update(stage);
            if (result.Stage is { } updated)
            {
                stages![stageName] = updated;
            }
            return result;
        }
    }

    private Dictionary<string, StageData> GetOrAddApi(string apiId)
    {
        if (!_apis.TryGetValue(apiId, out var stages))
        {
            _apis[apiId] = stages = new Dictionary<string, StageData>(StringComparer.Ordinal);
        }
        return stages;
    }

    private StageData? Find(string apiId, string stageName, out Dictionary<string, StageData>? stages) =>
        _apis.TryGetValue(apiId, out stages) && stages.TryGetValue(stageName, out var stage) ? stage : null;

    private static StageResult NotFound(string apiId, string stageName, Dictionary<string, StageData>? stages) =>
        StageResult.NotFound(stages is null
            ? $"Invalid API identifier specified: API '{apiId}' not found."
            : $"Invalid stage identifier specified: stage '{stageName}' not found in API '{apiId}'.");

    private static IReadOnlyDictionary<string, T>? Copy<T>(IReadOnlyDictionary<string, T>? map) =>
        map is null ? null : new Dictionary<string, T>(map, StringComparer.Ordinal);
}

/// <summary>The outcome of a store operation: a stage (200), nothing (204), or an error status with its message.</summary>
internal readonly record struct StageResult(int Status, StageData? Stage, string? Message)
{
    public static readonly StageResult NoContent = new(204, null, null);

    public static StageResult Ok(StageData stage) => new(200, stage, null);

    public static StageResult NotFound(string message) => new(404, null, message);

    public static StageResult Conflict(string message) => new(409, null, message);
}
