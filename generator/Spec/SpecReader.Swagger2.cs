using System;
using System.Collections.Generic;
using System.Linq;
using StageGen.Generator.Common;
using StageGen.Generator.Spec.Yaml;

namespace StageGen.Generator.Spec;

/// <summary>
/// Swagger 2.0 (<c>swagger: "2.0"</c>) read into the same model as OpenAPI 3: <c>definitions</c>, the top-level
/// <c>parameters</c> and <c>responses</c> are the components; a <c>body</c> parameter is the request body; a
/// parameter's own <c>type</c>, <c>format</c>, <c>items</c>, <c>enum</c> and bounds are its schema; a response's
/// <c>schema</c> is its JSON body; <c>consumes</c> and <c>produces</c> say whether bodies are JSON.
/// </summary>
internal sealed partial class SpecReader
{
    /// <summary>A 2.0 parameter's keys that are not part of its schema.</summary>
    private static readonly HashSet<string> Swagger2ParameterKeys = new(StringComparer.Ordinal)
    {
        "name", "in", "required", "description", "allowEmptyValue", "collectionFormat", "x-example",
    };

    /// <summary>The 2.0 sections that are 3.x's components, under 3.x's names (the nodes are the document's own).</summary>
    private static YamlMapping Swagger2Components(YamlMapping root)
    {
        var components = new YamlMapping();
        foreach (var (section, name) in new[] { ("definitions", "schemas"), ("parameters", "parameters"), ("responses", "responses"), ("securityDefinitions", "securitySchemes") })
        {
            if (Get(root, section) is { } node)
            {
                components.Add(name, node);
            }
        }

        return components;
    }

    /// <summary>
    /// The server 2.0's <c>host</c>, <c>basePath</c> and <c>schemes</c> make: <c>https</c> when it is among the schemes
    /// (or none is given), else the first.
    /// </summary>
    private List<ServerSpec> Swagger2Servers(YamlMapping root, YamlScalar hostKey)
    {
        var servers = new List<ServerSpec>();
        var hostNode = Get(root, "host")!;
        if (Text(hostNode) is not { Length: > 0 } host || !IsCodeSafe(hostNode, "host"))
        {
            return servers;
        }

        var schemes = Get(root, "schemes") is YamlSequence list ? list.Children.Select(Text).Where(t => t is not null).ToList() : new List<string?>();
        var scheme = schemes.Count == 0 || schemes.Contains("https") ? "https" : schemes[0]!;
        var basePath = Text(Get(root, "basePath")) is { } path && IsCodeSafe(Get(root, "basePath")!, "basePath") ? path : "";
        var url = $"{scheme}://{host}{(basePath.StartsWith("/", StringComparison.Ordinal) || basePath.Length == 0 ? "" : "/")}{basePath}";
        var segments = SpecText.PathSegments(url);
        if (segments.Any(s => s.IsParameter) || SpecText.ServerUrlProblem(segments) is { } problem)
        {
            Report(DiagnosticDescriptors.ServerNotUsed, Locate(hostKey), $"The server '{url}' that host, basePath and schemes make cannot be the client's default address");
            return servers;
        }

        servers.Add(new ServerSpec(url, segments, EquatableArray<ServerVariableSpec>.Empty, null, Locate(hostNode)));
        return servers;
    }

    /// <summary>A 2.0 parameter other than a body: its schema is written on the parameter itself.</summary>
    private SchemaSpec ReadSwagger2ParameterSchema(YamlMapping parameter, string name)
    {
        if (Get(parameter, "collectionFormat") is YamlScalar { Value: { } format } formatNode && format is not ("multi" or "csv"))
        {
            Report(DiagnosticDescriptors.UnsupportedParameter, Locate(formatNode), $"The parameter '{name}' has collectionFormat '{format}'; it is sent as repeated parameters (multi)");
        }

        return ReadSchema(parameter, Swagger2ParameterKeys);
    }

    /// <summary>A 2.0 response's body: bytes for <c>type: file</c> (its media type set by the operation's <c>produces</c>), else JSON.</summary>
    private static ContentSpec Swagger2ResponseContent(SchemaSpec schema) =>
        schema.Binary && schema.Ref is null
            ? new ContentSpec(BodyMedia.Binary, "application/octet-stream", null)
            : new ContentSpec(BodyMedia.Json, "application/json", schema);

    /// <summary>The first media type an operation produces (its own, else the document's) that is not JSON; null when none.</summary>
    private string? Swagger2FileMediaType(YamlMapping operation) =>
        (Get(operation, "produces") ?? Get(_root, "produces")) is YamlSequence list
            ? list.Children.OfType<YamlScalar>().Select(t => t.Value).FirstOrDefault(t => t is { Length: > 0 } && !SpecText.IsJsonMediaType(t) && t.IndexOf('*') < 0 && SpecText.IsToken(t.Replace("/", "")))
            : null;

    /// <summary>
    /// 2.0's <c>formData</c> parameters as the request body they are: an object with a member per field (required where
    /// the parameter is), sent as a multipart body when a field is a file (<c>type: file</c>) or <c>consumes</c> names
    /// <c>multipart/form-data</c> but not <c>application/x-www-form-urlencoded</c>, else as a form.
    /// </summary>
    private RequestBodySpec Swagger2FormBody(YamlMapping operation, List<ParameterSpec> fields)
    {
        var consumes = (Get(operation, "consumes") ?? Get(_root, "consumes")) is YamlSequence list
            ? list.Children.OfType<YamlScalar>().Select(t => SpecText.MediaOf(t.Value ?? "")).ToList()
            : new List<BodyMedia>();
        var multipart = fields.Any(f => f.Schema.Binary)
            || (consumes.Contains(BodyMedia.Multipart) && !consumes.Contains(BodyMedia.Form));
        var at = fields[0].Location;
        var schema = new SchemaSpec(at)
        {
            Types = new[] { "object" }.ToEquatableArray(),
            Properties = fields.Select(f => new PropertySpec(f.Name, f.Description is { } d && f.Schema.Description is null ? f.Schema with { Description = d } : f.Schema, f.Location)).ToEquatableArray(),
            Required = fields.Where(f => f.Required).Select(f => f.Name).ToEquatableArray(),
        };
        var content = multipart
            ? new ContentSpec(BodyMedia.Multipart, "multipart/form-data", schema)
            : new ContentSpec(BodyMedia.Form, "application/x-www-form-urlencoded", schema);
        return new RequestBodySpec(fields.Any(f => f.Required), null, content, at);
    }

    /// <summary>
    /// Whether an operation's bodies are JSON under 2.0's <c>consumes</c> or <c>produces</c> (the operation's, else the
    /// document's; JSON when neither says, or when one takes any type, <c>*/*</c>): reported where a list names no JSON type.
    /// </summary>
    private bool Swagger2IsJson(YamlMapping operation, string key, string what)
    {
        var types = Get(operation, key) ?? Get(_root, key);
        if (types is null)
        {
            return true;
        }

        if (types is YamlSequence list && list.Children.OfType<YamlScalar>().Any(t => SpecText.IsJsonMediaType(t.Value ?? "") || t.Value == "*/*"))
        {
            return true;
        }

        var named = types is YamlSequence sequence ? string.Join(", ", sequence.Children.OfType<YamlScalar>().Select(t => t.Value)) : Text(types) ?? "";
        Report(DiagnosticDescriptors.UnsupportedMediaType, Locate(types), $"The {what} media types '{named}' are not JSON; StageGen reads and writes JSON only");
        return false;
    }
}
