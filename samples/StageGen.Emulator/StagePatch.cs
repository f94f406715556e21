using System;
using System.Collections.Generic;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace StageGen.Emulator;

/// <summary>
/// A parsed and validated UpdateStage body. Each member is <c>null</c> when the body left it out or sent JSON
/// <c>null</c> (both leave the stored value unchanged, as the live service does). Objects merge member by member;
/// maps merge key by key, where a <c>null</c> entry removes the key.
/// </summary>
internal sealed class StagePatch
{
    public const int MaxDescriptionLength = 1024;
    public const string RequiredAccessLogVariable = "$context.requestId";

    private static readonly JsonDocumentOptions ParseOptions = new() { AllowDuplicateProperties = false };

    public string? Description { get; private set; }
    public string? DeploymentId { get; private set; }
    public string? ClientCertificateId { get; private set; }
    public RouteSettingsData? DefaultRouteSettings { get; private set; }
    public Dictionary<string, RouteSettingsData?>? RouteSettings { get; private set; }
    public Dictionary<string, string?>? StageVariables { get; private set; }
    public AccessLogSettingsData? AccessLogSettings { get; private set; }
    public bool? AutoDeploy { get; private set; }

    /// <summary>Parses <paramref name="body"/>; on failure <paramref name="error"/> names every invalid field.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> body, out StagePatch patch, out string? error)
    {
        patch = new StagePatch();
        if (body.IsEmpty)
        {
            error = "The request body is required: a JSON object with the members to update.";
            return false;
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, ParseOptions);
        }
        catch (JsonException e)
        {
            error = $"Could not parse the request body as JSON: {e.Message}";
            return false;
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = $"The request body must be a JSON object, got {KindName(document.RootElement)}.";
                return false;
            }
            var errors = new List<string>();
            patch.Read(document.RootElement, errors);
            error = errors.Count == 0 ? null : string.Join(" ", errors);
            return errors.Count == 0;
        }
    }

    /// <summary>The 409 rules, then the merge: the stage to store, or a conflict.</summary>
    public StageResult ApplyTo(StageData stage, DateTimeOffset now)
    {
        if (stage.ApiGatewayManaged == true)
        {
            return StageResult.Conflict($"Stage '{stage.StageName}' is managed by API Gateway and can't be modified.");
        }
        if (DeploymentId is not null && (AutoDeploy ?? stage.AutoDeploy ?? false))
        {
            return StageResult.Conflict("deploymentId can't be updated while autoDeploy is enabled for the stage.");
        }
        return StageResult.Ok(stage with
        {
            Description = Description ?? stage.Description,
            DeploymentId = DeploymentId ?? stage.DeploymentId,
            ClientCertificateId = ClientCertificateId ?? stage.ClientCertificateId,
            DefaultRouteSettings = Merge(stage.DefaultRouteSettings, DefaultRouteSettings),
            RouteSettings = MergeMap(stage.RouteSettings, RouteSettings, Merge),
            StageVariables = MergeMap(stage.StageVariables, StageVariables, (_, value) => value),
            AccessLogSettings = Merge(stage.AccessLogSettings, AccessLogSettings),
            AutoDeploy = AutoDeploy ?? stage.AutoDeploy,
            LastUpdatedDate = now,
        });
    }

    private void Read(JsonElement root, List<string> errors)
    {
        var reader = new MemberReader(errors);
        foreach (JsonProperty member in root.EnumerateObject())
        {
            JsonElement value = member.Value;
            switch (member.Name)
            {
                case "description":
                    Description = reader.String(value, "description");
                    reader.Check(Description is null || Description.Length <= MaxDescriptionLength, "description",
                        $"must be at most {MaxDescriptionLength} characters long, got {Description?.Length}.");
                    break;
                case "deploymentId":
                    DeploymentId = reader.String(value, "deploymentId");
                    break;
                case "clientCertificateId":
                    ClientCertificateId = reader.String(value, "clientCertificateId");
                    break;
                case "defaultRouteSettings":
                    DefaultRouteSettings = reader.Object(value, "defaultRouteSettings", ReadRouteSettings);
                    break;
                case "routeSettings":
                    RouteSettings = reader.Map(value, "routeSettings", (v, path) => reader.Object(v, path, ReadRouteSettings));
                    break;
                case "stageVariables":
                    StageVariables = reader.Map(value, "stageVariables", ReadStageVariable, IsStageVariableName, "^[A-Za-z0-9_]+$");
                    break;
                case "accessLogSettings":
                    AccessLogSettings = reader.Object(value, "accessLogSettings", ReadAccessLogSettings);
                    break;
                case "autoDeploy":
                    AutoDeploy = reader.Boolean(value, "autoDeploy");
                    break;
                default:
                    // Unknown and read-only members (stageName, tags, createdDate, ...) are ignored, as the live service does.
                    break;
            }
        }

        RouteSettingsData ReadRouteSettings(JsonElement settings, string path)
        {
            var result = new RouteSettingsData();
            foreach (JsonProperty member in settings.EnumerateObject())
            {
                string memberPath = $"{path}.{member.Name}";
                result = member.Name switch
                {
                    "detailedMetricsEnabled" => result with { DetailedMetricsEnabled = reader.Boolean(member.Value, memberPath) },
                    "loggingLevel" => result with { LoggingLevel = ReadLoggingLevel(member.Value, memberPath) },
                    "dataTraceEnabled" => result with { DataTraceEnabled = reader.Boolean(member.Value, memberPath) },
                    "throttlingBurstLimit" => result with { ThrottlingBurstLimit = reader.Int32(member.Value, memberPath) },
                    "throttlingRateLimit" => result with { ThrottlingRateLimit = reader.Double(member.Value, memberPath) },
                    _ => result,
                };
            }
            return result;
        }

        string? ReadLoggingLevel(JsonElement value, string path)
        {
            string? level = reader.String(value, path);
            reader.Check(level is null or "ERROR" or "INFO" or "OFF", path, $"must be one of ERROR, INFO, OFF, got '{level}'.");
            return level;
        }

        AccessLogSettingsData ReadAccessLogSettings(JsonElement settings, string path)
        {
            var result = new AccessLogSettingsData();
            foreach (JsonProperty member in settings.EnumerateObject())
            {
                string memberPath = $"{path}.{member.Name}";
                if (member.Name == "format")
                {
                    string? format = reader.String(member.Value, memberPath);
                    reader.Check(format is null || format.Contains(RequiredAccessLogVariable, StringComparison.Ordinal), memberPath,
                        $"must include {RequiredAccessLogVariable}.");
                    result = result with { Format = format };
                }
                else if (member.Name == "destinationArn")
                {
                    result = result with { DestinationArn = reader.String(member.Value, memberPath) };
                }
            }
            return result;
        }

        string? ReadStageVariable(JsonElement value, string path)
        {
            string? text = reader.String(value, path);
            // The spec's value pattern: ^[A-Za-z0-9\-._~:/?#&=,]+$
            reader.Check(text is null || IsAll(text, c => char.IsAsciiLetterOrDigit(c) || "-._~:/?#&=,".Contains(c)), path,
                @"value must match ^[A-Za-z0-9\-._~:/?#&=,]+$.");
            return text;
        }
    }

    // The spec's propertyNames pattern for stage variables: ^[A-Za-z0-9_]+$
    private static bool IsStageVariableName(string name) => IsAll(name, c => char.IsAsciiLetterOrDigit(c) || c == '_');

    // Checked char by char: .NET's `$` also matches before a final '\n', which the spec's ECMA-262 pattern does not.
    private static bool IsAll(string text, Func<char, bool> allowed)
    {
        foreach (char c in text)
        {
            if (!allowed(c))
            {
                return false;
            }
        }
        return text.Length > 0;
    }

    private static RouteSettingsData? Merge(RouteSettingsData? current, RouteSettingsData? patch) =>
        patch is null || current is null ? patch ?? current : new RouteSettingsData
        {
            DetailedMetricsEnabled = patch.DetailedMetricsEnabled ?? current.DetailedMetricsEnabled,
            LoggingLevel = patch.LoggingLevel ?? current.LoggingLevel,
            DataTraceEnabled = patch.DataTraceEnabled ?? current.DataTraceEnabled,
            ThrottlingBurstLimit = patch.ThrottlingBurstLimit ?? current.ThrottlingBurstLimit,
            ThrottlingRateLimit = patch.ThrottlingRateLimit ?? current.ThrottlingRateLimit,
        };

    private static AccessLogSettingsData? Merge(AccessLogSettingsData? current, AccessLogSettingsData? patch) =>
        patch is null || current is null ? patch ?? current : new AccessLogSettingsData
        {
            Format = patch.Format ?? current.Format,
            DestinationArn = patch.DestinationArn ?? current.DestinationArn,
        };

    private static IReadOnlyDictionary<string, T>? MergeMap<T>(
        IReadOnlyDictionary<string, T>? current, Dictionary<string, T?>? patch, Func<T?, T, T?> merge)
        where T : class
    {
        if (patch is null)
        {
            return current;
        }
        var result = current is null ? new Dictionary<string, T>(StringComparer.Ordinal) : new Dictionary<string, T>(current, StringComparer.Ordinal);
        foreach ((string key, T? value) in patch)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                result[key] = merge(result.GetValueOrDefault(key), value)!;
            }
        }
        return result;
    }

    private static string KindName(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    /// <summary>Reads typed values; a wrong type or value adds "Invalid {path}: ..." to the error list.</summary>
    private sealed class MemberReader(List<string> errors)
    {
        public void Check(bool valid, string path, string problem)
        {
            if (!valid)
            {
                errors.Add($"Invalid {path}: {problem}");
            }
        }

        public string? String(JsonElement value, string path) =>
            Is(value, path, "a string", value.ValueKind == JsonValueKind.String) ? value.GetString() : null;

        public bool? Boolean(JsonElement value, string path) =>
            Is(value, path, "a boolean", value.ValueKind is JsonValueKind.True or JsonValueKind.False) ? value.GetBoolean() : null;

        public int? Int32(JsonElement value, string path) =>
            Is(value, path, "a 32-bit integer", value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out _))
                ? value.GetInt32()
                : null;

        public double? Double(JsonElement value, string path) =>
            Is(value, path, "a finite number",
                value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out double number) && double.IsFinite(number))
                ? value.GetDouble()
                : null;

        public T? Object<T>(JsonElement value, string path, Func<JsonElement, string, T> read)
            where T : class =>
            Is(value, path, "an object", value.ValueKind == JsonValueKind.Object) ? read(value, path) : null;

        /// <summary>
        /// A JSON object read as a map; each entry's path is <c>path["key"]</c>. A <c>null</c> entry is kept as
        /// <c>null</c> (it removes the key); <paramref name="isValidKey"/> checks names against <paramref name="keyRule"/>.
        /// </summary>
        public Dictionary<string, T?>? Map<T>(JsonElement value, string path, Func<JsonElement, string, T?> readEntry,
            Func<string, bool>? isValidKey = null, string? keyRule = null)
            where T : class
        {
            if (!Is(value, path, "an object", value.ValueKind == JsonValueKind.Object))
            {
                return null;
            }
            var result = new Dictionary<string, T?>(StringComparer.Ordinal);
            foreach (JsonProperty entry in value.EnumerateObject())
            {
                string entryPath = $"{path}[\"{JsonEncodedText.Encode(entry.Name, JavaScriptEncoder.UnsafeRelaxedJsonEscaping)}\"]";
                Check(isValidKey is null || isValidKey(entry.Name), entryPath, $"name must match {keyRule}.");
                result[entry.Name] = entry.Value.ValueKind == JsonValueKind.Null ? null : readEntry(entry.Value, entryPath);
            }
            return result;
        }

        // True when the value has the expected type. JSON null is no error: it means "leave unchanged".
        private bool Is(JsonElement value, string path, string expected, bool matches)
        {
            if (!matches)
            {
                Check(value.ValueKind == JsonValueKind.Null, path, $"expected {expected}, got {KindName(value)}.");
            }
            return matches;
        }
    }
}
