using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace StageGen.Aws;

/// <summary>The inputs of an endpoint rule set (apigatewayv2's: Region, UseFIPS, UseDualStack, Endpoint).</summary>
public sealed record AwsEndpointParameters(string? Region, bool UseFips = false, bool UseDualStack = false, string? Endpoint = null);

/// <summary>
/// Resolves a service endpoint from a region by evaluating the service's Smithy endpoint rule set against AWS's
/// partition data, as the AWS SDKs do. The rule set and <c>partitions.json</c> are botocore's files, embedded as they
/// are; only the rule-set functions apigatewayv2 uses are implemented (<c>isSet</c>, <c>booleanEquals</c>,
/// <c>getAttr</c>, <c>aws.partition</c>), and any other is a clear error, not a guess.
/// </summary>
public sealed class AwsEndpointRuleSet
{
    private readonly JsonElement _rules;
    private readonly JsonElement _parameters;
    private readonly List<Partition> _partitions;

    /// <summary>apigatewayv2's rule set (2018-11-29), the one the Stage API uses.</summary>
    public static AwsEndpointRuleSet ApiGatewayV2 { get; } = new(
        ReadResource("StageGen.Aws.apigatewayv2-endpoint-rule-set-1.json"), ReadResource("StageGen.Aws.partitions.json"));

    /// <summary>A rule set and partition data, both as JSON text (the botocore file formats).</summary>
    public AwsEndpointRuleSet(string ruleSetJson, string partitionsJson)
    {
        using (JsonDocument rules = JsonDocument.Parse(ruleSetJson))
        {
            _rules = rules.RootElement.GetProperty("rules").Clone();
            _parameters = rules.RootElement.GetProperty("parameters").Clone();
        }
        using JsonDocument partitions = JsonDocument.Parse(partitionsJson);
        _partitions = new List<Partition>();
        foreach (JsonElement p in partitions.RootElement.GetProperty("partitions").EnumerateArray())
        {
            var regions = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            if (p.TryGetProperty("regions", out JsonElement r))
            {
                foreach (JsonProperty region in r.EnumerateObject())
                {
                    regions[region.Name] = region.Value.Clone();
                }
            }
            _partitions.Add(new Partition(
                p.GetProperty("id").GetString()!,
                new Regex(p.GetProperty("regionRegex").GetString()!, RegexOptions.CultureInvariant),
                p.GetProperty("outputs").Clone(),
                regions));
        }
    }

    /// <summary>The endpoint URL for <paramref name="parameters"/>.</summary>
    /// <exception cref="AwsEndpointException">The rule set ends in an error rule (e.g. FIPS with a custom endpoint).</exception>
    public Uri Resolve(AwsEndpointParameters parameters)
    {
        var scope = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["Region"] = parameters.Region,
            ["UseFIPS"] = parameters.UseFips,
            ["UseDualStack"] = parameters.UseDualStack,
            ["Endpoint"] = parameters.Endpoint,
        };
        foreach (JsonProperty p in _parameters.EnumerateObject())
        {
            if (scope.TryGetValue(p.Name, out object? v) && v is null && p.Value.TryGetProperty("required", out JsonElement req)
                && req.ValueKind == JsonValueKind.True && !p.Value.TryGetProperty("default", out _))
            {
                throw new AwsEndpointException($"The endpoint parameter {p.Name} is required.");
            }
        }
        string? url = EvaluateRules(_rules, scope);
        return url is null
            ? throw new AwsEndpointException("No endpoint rule matched the parameters.")
            : new Uri(url, UriKind.Absolute);
    }

    private string? EvaluateRules(JsonElement rules, Dictionary<string, object?> outer)
    {
        foreach (JsonElement rule in rules.EnumerateArray())
        {
            // Assignments made by a rule's conditions are visible to that rule only.
            var scope = new Dictionary<string, object?>(outer, StringComparer.Ordinal);
            if (!ConditionsHold(rule.GetProperty("conditions"), scope))
            {
                continue;
            }
            switch (rule.GetProperty("type").GetString())
            {
                case "tree":
                    string? found = EvaluateRules(rule.GetProperty("rules"), scope);
                    if (found is not null)
                    {
                        return found;
                    }
                    // A tree whose rules all fail to match falls through, as the rules engine specifies.
                    break;
                case "endpoint":
                    return AsString(Evaluate(rule.GetProperty("endpoint").GetProperty("url"), scope), "endpoint url");
                case "error":
                    throw new AwsEndpointException(AsString(Evaluate(rule.GetProperty("error"), scope), "error"));
                default:
                    throw new AwsEndpointException($"Unsupported endpoint rule type '{rule.GetProperty("type").GetString()}'.");
            }
        }
        return null;
    }

    private bool ConditionsHold(JsonElement conditions, Dictionary<string, object?> scope)
    {
        foreach (JsonElement condition in conditions.EnumerateArray())
        {
            object? value = Evaluate(condition, scope);
            if (value is null || value is false)
            {
                return false;
            }
            if (condition.TryGetProperty("assign", out JsonElement assign))
            {
                scope[assign.GetString()!] = value;
            }
        }
        return true;
    }

    private object? Evaluate(JsonElement e, Dictionary<string, object?> scope)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.True: return true;
            case JsonValueKind.False: return false;
            case JsonValueKind.String: return Template(e.GetString()!, scope);
            case JsonValueKind.Object:
                if (e.TryGetProperty("ref", out JsonElement r))
                {
                    return scope.TryGetValue(r.GetString()!, out object? v) ? v : null;
                }
                if (e.TryGetProperty("fn", out JsonElement fn))
                {
                    return Call(fn.GetString()!, e.GetProperty("argv"), scope);
                }
                break;
        }
        throw new AwsEndpointException($"Unsupported endpoint rule expression: {e.GetRawText()}");
    }

    private object? Call(string fn, JsonElement argv, Dictionary<string, object?> scope)
    {
        var args = new List<object?>();
        foreach (JsonElement a in argv.EnumerateArray())
        {
            // getAttr's path argument is a literal, not a template.
            args.Add(fn == "getAttr" && args.Count == 1 ? a.GetString() : Evaluate(a, scope));
        }
        return fn switch
        {
            "isSet" => args[0] is not null,
            "not" => args[0] is false,
            "booleanEquals" => args[0] is bool x && args[1] is bool y && x == y,
            "stringEquals" => args[0] is string s && args[1] is string t && string.Equals(s, t, StringComparison.Ordinal),
            "getAttr" => GetAttr(args[0], (string)args[1]!),
            "aws.partition" => args[0] is string region ? PartitionOf(region) : null,
            _ => throw new AwsEndpointException($"Unsupported endpoint rule function '{fn}'."),
        };
    }

    private static object? GetAttr(object? target, string path) =>
        target is IReadOnlyDictionary<string, object?> map && map.TryGetValue(path, out object? v) ? v : null;

    /// <summary><c>aws.partition</c>: a listed region first, then the first partition whose regex matches, else aws.</summary>
    private IReadOnlyDictionary<string, object?> PartitionOf(string region)
    {
        Partition? match = _partitions.Find(p => p.Regions.ContainsKey(region))
            ?? _partitions.Find(p => p.RegionRegex.IsMatch(region))
            ?? _partitions.Find(p => p.Id == "aws");
        if (match is null)
        {
            throw new AwsEndpointException("The partition data has no aws partition.");
        }
        var outputs = new Dictionary<string, object?>(StringComparer.Ordinal);
        Add(outputs, match.Outputs);
        if (match.Regions.TryGetValue(region, out JsonElement overrides) && overrides.TryGetProperty("outputs", out JsonElement o))
        {
            Add(outputs, o);
        }
        return outputs;

        static void Add(Dictionary<string, object?> to, JsonElement from)
        {
            foreach (JsonProperty p in from.EnumerateObject())
            {
                to[p.Name] = p.Value.ValueKind switch
                {
                    JsonValueKind.String => p.Value.GetString(),
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => p.Value.GetRawText(),
                };
            }
        }
    }

    /// <summary>A template string: <c>{Name}</c> and <c>{Name#attr}</c> are replaced, <c>{{</c>/<c>}}</c> are braces.</summary>
    private static string Template(string text, Dictionary<string, object?> scope)
    {
        if (text.IndexOf('{') < 0 && text.IndexOf('}') < 0)
        {
            return text;
        }
        var sb = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if ((c == '{' || c == '}') && i + 1 < text.Length && text[i + 1] == c)
            {
                sb.Append(c);
                i++;
            }
            else if (c == '{')
            {
                int end = text.IndexOf('}', i + 1);
                if (end < 0)
                {
                    throw new AwsEndpointException($"Unclosed '{{' in endpoint template '{text}'.");
                }
                string name = text.Substring(i + 1, end - i - 1);
                int hash = name.IndexOf('#');
                object? value = hash < 0
                    ? (scope.TryGetValue(name, out object? v) ? v : null)
                    : GetAttr(scope.TryGetValue(name.Substring(0, hash), out object? t) ? t : null, name.Substring(hash + 1));
                sb.Append(AsString(value, $"template value {name}"));
                i = end;
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    private static string AsString(object? value, string what) =>
        value as string ?? throw new AwsEndpointException($"The endpoint rule set's {what} is not a string.");

    private static string ReadResource(string name)
    {
        using Stream stream = typeof(AwsEndpointRuleSet).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource {name} is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private sealed record Partition(string Id, Regex RegionRegex, JsonElement Outputs, Dictionary<string, JsonElement> Regions);
}

/// <summary>The endpoint rules reject the parameters; the message is the rule set's own.</summary>
public sealed class AwsEndpointException : Exception
{
    /// <summary>An error with the rule set's message.</summary>
    public AwsEndpointException(string message) : base(message)
    {
    }
}
