using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using StageGen.Generator.Common;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace StageGen.Generator.Spec;

/// <summary>The read step's result: the document (null when it cannot be read at all) and what was found wrong.</summary>
public sealed record ReadResult(SpecDocument? Document, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>
/// Reads an OpenAPI 3.x YAML document into <see cref="SpecDocument"/>. Every problem becomes a diagnostic located at
/// the YAML node that causes it; keywords outside the supported subset are reported, never silently dropped.
/// </summary>
public sealed class SpecReader
{
    /// <summary>How many nodes a walk may visit; aliases can make a small file expand exponentially.</summary>
    public const int MaxNodeVisits = 200_000;

    /// <summary>
    /// How many times its own size a spec may expand to while it is read (aliases, and shared components read once per
    /// use), on top of <see cref="MinNodeVisits"/>. A small file whose aliases multiply would otherwise stay under
    /// <see cref="MaxNodeVisits"/> and still turn into thousands of generated types.
    /// </summary>
    public const int MaxExpansion = 4;

    /// <summary>The visits every spec may make whatever its size.</summary>
    public const int MinNodeVisits = 2_000;

    /// <summary>The longest spec read, in characters (4 Mi; the Stage spec is about 12 Ki): a larger one is refused unread.</summary>
    public const int MaxDocumentChars = 4 * 1024 * 1024;

    private static readonly string[] HttpMethods = { "get", "put", "post", "delete", "options", "head", "patch", "trace" };

    // Keywords that only document a thing: read past them without a warning.
    private static readonly HashSet<string> DocumentationOnly = new(StringComparer.Ordinal)
    {
        "title", "example", "examples", "$comment", "externalDocs", "xml", "tags",
    };

    private static readonly HashSet<string> SchemaTypes = new(StringComparer.Ordinal)
    {
        "string", "integer", "number", "boolean", "object", "array", "null",
    };

    private static readonly HashSet<string> SupportedFormats = new(StringComparer.Ordinal)
    {
        "int32", "int64", "double", "float", "date-time", "date", "uuid", "uri", "byte",
    };

    private readonly string _path;
    private readonly List<DiagnosticInfo> _diagnostics = new();
    private readonly HashSet<DiagnosticInfo> _reported = new();
    private Scanner? _scanner;
    private YamlMappingNode? _components;
    private int _visits;
    private readonly CancellationToken _cancellationToken;
    private int _visitBudget = MaxNodeVisits;
    private int _schemaDepth;

    private SpecReader(string path, CancellationToken cancellationToken)
    {
        _path = path;
        _cancellationToken = cancellationToken;
    }

    public static ReadResult Read(string path, string text, CancellationToken cancellationToken = default)
    {
        var reader = new SpecReader(path, cancellationToken);
        if (text.Length > MaxDocumentChars)
        {
            reader.Report(
                DiagnosticDescriptors.LimitExceeded,
                LocationInfo.FileStart(path),
                $"The spec has {text.Length.ToString("N0", CultureInfo.InvariantCulture)} characters, more than the {MaxDocumentChars.ToString("N0", CultureInfo.InvariantCulture)} StageGen reads; StageGen stops here");
            return new ReadResult(null, reader._diagnostics.ToEquatableArray());
        }

        SpecDocument? document;
        try
        {
            document = reader.ReadDocument(text);
        }
        catch (YamlException ex)
        {
            reader.Report(DiagnosticDescriptors.YamlSyntax, reader.Locate(ex), SyntaxMessage(ex));
            document = null;
        }
        catch (TooLargeException ex)
        {
            reader.Report(DiagnosticDescriptors.LimitExceeded, ex.Location, ex.Message);
            document = null;
        }

        return new ReadResult(document, reader._diagnostics.ToEquatableArray());
    }

    private SpecDocument? ReadDocument(string text)
    {
        var stream = new YamlStream();
        _scanner = new Scanner(new StringReader(text));
        var parser = new LimitedParser(new Parser(_scanner), _cancellationToken);
        try
        {
            stream.Load(parser);
        }
        catch (Exception ex) when (ex is not (YamlException or OperationCanceledException))
        {
            // YamlDotNet throws a few errors that are not YamlExceptions (e.g. InvalidOperationException for a NEL or
            // LS line break inside a plain scalar in a flow collection): still invalid YAML, at the scanner's position.
            var at = _scanner.CurrentPosition;
            throw new YamlException(at, at, $"The YAML parser cannot read the text here ({ex.GetType().Name}: {ex.Message})", ex);
        }

        _visitBudget = (int)Math.Min(MaxNodeVisits, MinNodeVisits + (long)MaxExpansion * parser.Events);
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            Report(DiagnosticDescriptors.NotOpenApi, LocationInfo.FileStart(_path), "the file is empty");
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            Report(DiagnosticDescriptors.InvalidValue, Locate(stream.Documents[1].RootNode), "The spec file holds more than one YAML document; only one is allowed");
            return null;
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            Report(DiagnosticDescriptors.NotOpenApi, Locate(stream.Documents[0].RootNode), "the top level is not a mapping");
            return null;
        }

        var version = Get(root, "openapi");
        if (version is not YamlScalarNode { Value: { } versionText } || !versionText.StartsWith("3.", StringComparison.Ordinal))
        {
            var found = version is YamlScalarNode { Value: { } v } ? $"'openapi' is '{v}', expected 3.0.x or 3.1.x" : "it has no 'openapi: 3.x' field";
            Report(DiagnosticDescriptors.NotOpenApi, version is null ? Locate(root) : Locate(version), found);
            return null;
        }

        var components = Get(root, "components");
        _components = components as YamlMappingNode;
        if (components is not null && _components is null)
        {
            Report(DiagnosticDescriptors.InvalidValue, Locate(components), "'components' must be a mapping");
        }

        string? title = null;
        string? description = null;
        foreach (var (key, value) in Entries(root))
        {
            switch (key.Value)
            {
                case "openapi":
                case "paths":
                case "components":
                case "jsonSchemaDialect":
                    break;
                case "info":
                    title = DocText(Get(value, "title"));
                    description = DocText(Get(value, "description"));
                    break;
                case "servers":
                    Report(DiagnosticDescriptors.ServersIgnored, Locate(key), "'servers' is ignored: the client calls the HttpClient's BaseAddress");
                    break;
                default:
                    ReportUnknown(key);
                    break;
            }
        }

        if (_components is not null)
        {
            foreach (var (key, value) in Entries(_components))
            {
                if (key.Value is not ("schemas" or "parameters" or "responses" or "requestBodies"))
                {
                    ReportUnknown(key);
                }
                else if (value is not YamlMappingNode)
                {
                    Report(DiagnosticDescriptors.InvalidValue, Locate(value), $"'components/{key.Value}' must be a mapping of names to {key.Value}");
                }
            }
        }

        var operations = ReadPaths(Get(root, "paths"));
        var schemas = new List<NamedSchemaSpec>();
        if (Get(_components, "schemas") is YamlMappingNode schemaMap)
        {
            foreach (var (key, value) in Entries(schemaMap))
            {
                if (IsCodeSafe(key, "schema name"))
                {
                    schemas.Add(new NamedSchemaSpec(key.Value ?? "", ReadSchema(value), Locate(key)));
                }
            }
        }

        return new SpecDocument(_path, title, description, operations.ToEquatableArray(), schemas.ToEquatableArray());
    }

    private List<OperationSpec> ReadPaths(YamlNode? paths)
    {
        var operations = new List<OperationSpec>();
        var operationIds = new Dictionary<string, OperationSpec>(StringComparer.Ordinal);
        if (paths is null)
        {
            return operations;
        }

        if (paths is not YamlMappingNode pathMap)
        {
            Report(DiagnosticDescriptors.InvalidValue, Locate(paths), "'paths' must be a mapping of path templates to path items");
            return operations;
        }

        foreach (var (pathKey, pathNode) in Entries(pathMap))
        {
            var template = PathWithoutKeySuffix(pathKey.Value ?? "");
            if (!IsCodeSafe(pathKey, "path template"))
            {
                continue;
            }

            if (PathTemplateProblem(template) is { } problem)
            {
                Report(DiagnosticDescriptors.InvalidPathTemplate, Locate(pathKey), pathKey.Value ?? "", problem);
                continue;
            }

            if (pathNode is not YamlMappingNode pathItem)
            {
                Report(DiagnosticDescriptors.InvalidValue, Locate(pathNode), $"The path item '{template}' must be a mapping");
                continue;
            }

            var shared = ReadParameters(Get(pathItem, "parameters"));
            foreach (var (key, value) in Entries(pathItem))
            {
                var method = key.Value ?? "";
                if (Array.IndexOf(HttpMethods, method) >= 0)
                {
                    var operation = ReadOperation(template, pathKey, method, key, value, shared);
                    if (operation is null)
                    {
                        continue;
                    }

                    if (operation.OperationId is { } id)
                    {
                        if (operationIds.TryGetValue(id, out var first))
                        {
                            Report(DiagnosticDescriptors.DuplicateOperationId, operation.OperationIdLocation, id, (first.OperationIdLocation!.StartLine + 1).ToString(CultureInfo.InvariantCulture));
                            continue;
                        }

                        operationIds.Add(id, operation);
                    }

                    operations.Add(operation);
                }
                else if (method is not ("parameters" or "summary" or "description"))
                {
                    ReportUnknown(key);
                }
            }
        }

        return operations;
    }

    private OperationSpec? ReadOperation(
        string template, YamlScalarNode pathKey, string method, YamlScalarNode methodKey, YamlNode node, List<ParameterSpec> shared)
    {
        if (node is not YamlMappingNode map)
        {
            Report(DiagnosticDescriptors.InvalidValue, Locate(node), $"The '{method}' operation on '{template}' must be a mapping");
            return null;
        }

        string? operationId = null;
        LocationInfo? operationIdLocation = null;
        RequestBodySpec? requestBody = null;
        var responses = new List<ResponseSpec>();
        var own = new List<ParameterSpec>();
        foreach (var (key, value) in Entries(map))
        {
            switch (key.Value)
            {
                case "operationId":
                    operationId = Text(value);
                    operationIdLocation = Locate(value);
                    break;
                case "parameters":
                    own = ReadParameters(value);
                    break;
                case "requestBody":
                    requestBody = ReadRequestBody(value);
                    break;
                case "responses":
                    responses = ReadResponses(value);
                    break;
                case "summary":
                case "description":
                case "deprecated":
                    break;
                case "security":
                case "callbacks":
                case "servers":
                    Report(DiagnosticDescriptors.UnsupportedKeyword, Locate(key), key.Value);
                    break;
                default:
                    ReportUnknown(key);
                    break;
            }
        }

        if (string.IsNullOrWhiteSpace(operationId))
        {
            Report(DiagnosticDescriptors.MissingOperationId, operationIdLocation ?? Locate(methodKey), method.ToUpperInvariant(), template);
            return null;
        }

        // Operation-level parameters override path-level ones with the same name and location.
        var parameters = shared.Where(p => !own.Any(o => o.Name == p.Name && o.In == p.In)).Concat(own).ToList();
        CheckPathParameters(template, pathKey, operationId!, parameters);

        return new OperationSpec(
            operationId,
            method,
            template,
            DocText(Get(map, "summary")),
            DocText(Get(map, "description")),
            Bool(Get(map, "deprecated")),
            parameters.ToEquatableArray(),
            requestBody,
            responses.ToEquatableArray(),
            Locate(methodKey),
            operationIdLocation);
    }

    private void CheckPathParameters(string template, YamlScalarNode pathKey, string operationId, List<ParameterSpec> parameters)
    {
        var names = new List<string>();
        foreach (Match match in Regex.Matches(template, "\\{([^}/]*)\\}"))
        {
            names.Add(match.Groups[1].Value);
            if (!parameters.Any(p => p.In == "path" && p.Name == match.Groups[1].Value))
            {
                var keyLocation = Locate(pathKey);
                var start = keyLocation.StartColumn + match.Index;
                var at = keyLocation with
                {
                    Start = keyLocation.Start + match.Index,
                    Length = match.Length,
                    StartColumn = start,
                    EndLine = keyLocation.StartLine,
                    EndColumn = start + match.Length,
                };
                Report(DiagnosticDescriptors.UndeclaredPathParameter, pathKey.Style == YamlDotNet.Core.ScalarStyle.Plain ? at : keyLocation, template, match.Groups[1].Value, operationId);
            }
        }

        foreach (var parameter in parameters.Where(p => p.In == "path" && !names.Contains(p.Name)))
        {
            Report(DiagnosticDescriptors.PathParameterNotInTemplate, parameter.Location, parameter.Name, template);
        }
    }

    private List<ParameterSpec> ReadParameters(YamlNode? node)
    {
        var parameters = new List<ParameterSpec>();
        if (node is null)
        {
            return parameters;
        }

        if (node is not YamlSequenceNode sequence)
        {
            Report(DiagnosticDescriptors.InvalidValue, Locate(node), "'parameters' must be a sequence");
            return parameters;
        }

        foreach (var item in sequence.Children)
        {
            var at = Locate(item);
            if (Resolve(item, "parameters") is not YamlMappingNode map)
            {
                continue;
            }

            var name = Text(Get(map, "name"));
            var location = Text(Get(map, "in"));
            if (name is null || location is null)
            {
                Report(DiagnosticDescriptors.InvalidValue, at, "A parameter needs both 'name' and 'in'");
                continue;
            }

            if (!IsCodeSafe(Get(map, "name")!, "parameter name"))
            {
                continue;
            }

            if (location == "header" && !IsToken(name))
            {
                Report(DiagnosticDescriptors.InvalidHeaderName, Locate(Get(map, "name")!), name);
                continue;
            }

            if (location is not ("path" or "query" or "header"))
            {
                Report(DiagnosticDescriptors.UnsupportedParameter, Locate(Get(map, "in")!), $"The {location} parameter '{name}' is not supported and is not sent (supported: path, query, header)");
                continue;
            }

            foreach (var (key, _) in Entries(map))
            {
                if (key.Value is not ("name" or "in" or "required" or "description" or "schema" or "deprecated" or "example" or "examples"))
                {
                    Report(DiagnosticDescriptors.UnsupportedKeyword, Locate(key), key.Value ?? "");
                }
            }

            var schemaNode = Get(map, "schema");
            if (schemaNode is null)
            {
                Report(DiagnosticDescriptors.InvalidValue, at, $"The parameter '{name}' has no 'schema'");
                continue;
            }

            var required = location == "path" || Bool(Get(map, "required"));
            parameters.Add(new ParameterSpec(name, location, required, DocText(Get(map, "description")), Bool(Get(map, "deprecated")), ReadSchema(schemaNode), at));
        }

        return parameters;
    }

    private RequestBodySpec? ReadRequestBody(YamlNode node)
    {
        var at = Locate(node);
        if (Resolve(node, "requestBodies") is not YamlMappingNode map)
        {
            return null;
        }

        foreach (var (key, _) in Entries(map))
        {
            if (key.Value is not ("required" or "description" or "content"))
            {
                ReportUnknown(key);
            }
        }

        return new RequestBodySpec(Bool(Get(map, "required")), DocText(Get(map, "description")), ReadJsonContent(Get(map, "content"), "request body"), at);
    }

    private List<ResponseSpec> ReadResponses(YamlNode node)
    {
        var responses = new List<ResponseSpec>();
        if (node is not YamlMappingNode map)
        {
            Report(DiagnosticDescriptors.InvalidValue, Locate(node), "'responses' must be a mapping of status codes to responses");
            return responses;
        }

        foreach (var (key, value) in Entries(map))
        {
            var code = key.Value ?? "";
            if (!IsStatusCode(code))
            {
                Report(DiagnosticDescriptors.InvalidValue, Locate(key), $"'{code}' is not a response status code (100-599, 1XX-5XX or default)");
                continue;
            }

            if (Resolve(value, "responses") is not YamlMappingNode response)
            {
                continue;
            }

            foreach (var (responseKey, _) in Entries(response))
            {
                if (responseKey.Value is "headers" or "links")
                {
                    Report(DiagnosticDescriptors.UnsupportedKeyword, Locate(responseKey), responseKey.Value);
                }
                else if (responseKey.Value is not ("description" or "content"))
                {
                    ReportUnknown(responseKey);
                }
            }

            responses.Add(new ResponseSpec(code, DocText(Get(response, "description")), ReadJsonContent(Get(response, "content"), $"{code} response"), Locate(key)));
        }

        return responses;
    }

    /// <summary>
    /// Why a path template cannot be sent as written, or null: the client appends it to the base address as it is, so a
    /// <c>?</c> or <c>#</c> would start a query or fragment, and a <c>.</c> or <c>..</c> segment (also percent-encoded)
    /// would be removed by URI normalization and reach another resource.
    /// </summary>
    /// <summary>
    /// The path of a path key: AWS's and Box's documents put two path items on one path by giving the key a suffix
    /// (<c>/v2/tags/{resource-arn}#tagKeys</c>), since keys must be unique and a fragment never reaches the server.
    /// </summary>
    private static string PathWithoutKeySuffix(string key) => key.IndexOf('#') is var at and >= 0 ? key.Substring(0, at) : key;

    private static string? PathTemplateProblem(string template)
    {
        if (template.IndexOf('?') >= 0)
        {
            return "contains '?'; a path cannot hold a query (declare query parameters instead)";
        }

        foreach (var segment in template.Split('/'))
        {
            if (Regex.Replace(segment, "%2[eE]", ".") is "." or "..")
            {
                return $"has the dot segment '{segment}', which URI normalization removes";
            }
        }

        return null;
    }

    /// <summary>An HTTP token (RFC 9110 5.6.2): what a field name must be; anything else is never sent.</summary>
    private static bool IsToken(string name) =>
        name.Length > 0 && name.All(c => c < 128 && (char.IsLetterOrDigit(c) || "!#$%&'*+-.^_`|~".IndexOf(c) >= 0));

    private static bool IsStatusCode(string code) =>
        code == "default"
        || (code.Length == 3 && code[0] is >= '1' and <= '5'
            && ((char.IsDigit(code[1]) && char.IsDigit(code[2])) || (code[1] == 'X' && code[2] == 'X')));

    private SchemaSpec? ReadJsonContent(YamlNode? content, string what)
    {
        if (content is null)
        {
            return null;
        }

        if (content is not YamlMappingNode map)
        {
            Report(DiagnosticDescriptors.InvalidValue, Locate(content), "'content' must be a mapping of media types");
            return null;
        }

        SchemaSpec? schema = null;
        foreach (var (key, value) in Entries(map))
        {
            var mediaType = key.Value ?? "";
            if (!IsJsonMediaType(mediaType))
            {
                Report(DiagnosticDescriptors.UnsupportedMediaType, Locate(key), $"The {what} media type '{mediaType}' is not JSON; StageGen reads and writes JSON only");
                continue;
            }

            if (schema is not null)
            {
                continue;
            }

            var schemaNode = Get(value, "schema");
            schema = schemaNode is null ? null : ReadSchema(schemaNode);
            if (value is YamlMappingNode mediaMap)
            {
                foreach (var (mediaKey, _) in Entries(mediaMap))
                {
                    if (mediaKey.Value is not ("schema" or "example" or "examples"))
                    {
                        Report(DiagnosticDescriptors.UnsupportedKeyword, Locate(mediaKey), mediaKey.Value ?? "");
                    }
                }
            }
        }

        return schema;
    }

    private static bool IsJsonMediaType(string mediaType)
    {
        var type = mediaType.Split(';')[0].Trim();
        return type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    private SchemaSpec ReadSchema(YamlNode node)
    {
        // LimitedParser bounds the nesting of the text, but an alias may name a schema that contains it (or a long chain
        // of them): without this bound the walk would recurse until the stack overflows and takes the compiler down.
        if (++_schemaDepth > LimitedParser.MaxDepth)
        {
            throw new TooLargeException(Locate(node), $"Schemas nest deeper than {LimitedParser.MaxDepth} levels (a YAML alias inside the node it names?); StageGen stops here");
        }

        try
        {
            return ReadSchemaNode(node);
        }
        finally
        {
            _schemaDepth--;
        }
    }

    private SchemaSpec ReadSchemaNode(YamlNode node)
    {
        Visit(node);
        var at = Locate(node);
        if (node is not YamlMappingNode map)
        {
            Report(DiagnosticDescriptors.InvalidValue, at, "A schema must be a mapping");
            return EmptySchema(at);
        }

        LocatedText? reference = null;
        var types = new List<string>();
        string? format = null;
        var properties = new List<PropertySpec>();
        var required = new List<string>();
        SchemaSpec? additionalProperties = null;
        SchemaSpec? propertyNames = null;
        SchemaSpec? items = null;
        var enumValues = new List<LocatedText>();
        LocatedText? pattern = null;
        long? minLength = null, maxLength = null, minItems = null, maxItems = null;
        NumberBound? minimum = null, maximum = null;
        bool exclusiveMinimum = false, exclusiveMaximum = false;
        bool readOnly = false, writeOnly = false, deprecated = false, nullable = false, composition = false;
        string? defaultValue = null;

        foreach (var (key, value) in Entries(map))
        {
            switch (key.Value)
            {
                case "$ref":
                    reference = ReadSchemaReference(value);
                    break;
                case "type":
                    types = ReadTypes(value);
                    break;
                case "format":
                    format = Text(value);
                    if (format is not null && !SupportedFormats.Contains(format))
                    {
                        Report(DiagnosticDescriptors.UnknownFormat, Locate(value), $"The format '{format}' is not supported; the value is treated as its plain type");
                        format = null;
                    }

                    break;
                case "properties":
                    if (value is YamlMappingNode propertyMap)
                    {
                        foreach (var (propertyKey, propertyValue) in Entries(propertyMap))
                        {
                            if (IsCodeSafe(propertyKey, "property name"))
                            {
                                properties.Add(new PropertySpec(propertyKey.Value ?? "", ReadSchema(propertyValue), Locate(propertyKey)));
                            }
                        }
                    }
                    else
                    {
                        Report(DiagnosticDescriptors.InvalidValue, Locate(value), "'properties' must be a mapping");
                    }

                    break;
                case "required":
                    if (value is YamlSequenceNode requiredList)
                    {
                        required.AddRange(requiredList.Children.Select(Text).Where(t => t is not null)!);
                    }
                    else
                    {
                        Report(DiagnosticDescriptors.InvalidValue, Locate(value), "'required' must be a sequence of property names");
                    }

                    break;
                case "additionalProperties":
                    if (value is YamlScalarNode flag)
                    {
                        // 'false' forbids extra members (the default for generated types); 'true' keeps them as raw JSON.
                        if (!IsBoolean(flag))
                        {
                            Report(DiagnosticDescriptors.InvalidValue, Locate(value), "'additionalProperties' must be true, false or a schema");
                        }

                        additionalProperties = IsTrue(flag) ? EmptySchema(Locate(value)) : null;
                    }
                    else
                    {
                        additionalProperties = ReadSchema(value);
                    }

                    break;
                case "propertyNames":
                    propertyNames = ReadSchema(value);
                    break;
                case "items":
                    items = ReadSchema(value);
                    break;
                case "enum":
                    if (value is YamlSequenceNode enumList && enumList.Children.All(c => c is YamlScalarNode))
                    {
                        enumValues.AddRange(enumList.Children.Where(c => IsCodeSafe(c, "enum value")).Select(c => new LocatedText(((YamlScalarNode)c).Value ?? "", Locate(c))));
                    }
                    else
                    {
                        Report(DiagnosticDescriptors.InvalidValue, Locate(value), "'enum' must be a sequence of scalar values");
                    }

                    break;
                case "pattern":
                    pattern = ReadPattern(value);
                    break;
                case "minLength":
                    minLength = Count(key, value);
                    break;
                case "maxLength":
                    maxLength = Count(key, value);
                    break;
                case "minItems":
                    minItems = Count(key, value);
                    break;
                case "maxItems":
                    maxItems = Count(key, value);
                    break;
                case "minimum":
                    minimum = Number(key, value) is { } min ? new NumberBound(min, false) : null;
                    break;
                case "maximum":
                    maximum = Number(key, value) is { } max ? new NumberBound(max, false) : null;
                    break;
                case "exclusiveMinimum":
                    // OpenAPI 3.1 gives the bound itself; 3.0 gives a flag that makes 'minimum' exclusive.
                    if (IsBoolean(value))
                    {
                        exclusiveMinimum = IsTrue((YamlScalarNode)value);
                    }
                    else if (Number(key, value) is { } exclusiveMin)
                    {
                        minimum = new NumberBound(exclusiveMin, true);
                    }

                    break;
                case "exclusiveMaximum":
                    if (IsBoolean(value))
                    {
                        exclusiveMaximum = IsTrue((YamlScalarNode)value);
                    }
                    else if (Number(key, value) is { } exclusiveMax)
                    {
                        maximum = new NumberBound(exclusiveMax, true);
                    }

                    break;
                case "readOnly":
                    readOnly = Bool(value);
                    break;
                case "writeOnly":
                    writeOnly = Bool(value);
                    break;
                case "deprecated":
                    deprecated = Bool(value);
                    break;
                case "nullable":
                    nullable = Bool(value);
                    break;
                case "default":
                    defaultValue = value is YamlScalarNode ? DocText(value) : null;
                    break;
                case "description":
                    break;
                case "oneOf":
                case "anyOf":
                case "allOf":
                case "not":
                    composition = true;
                    Report(DiagnosticDescriptors.KeptAsJsonElement, Locate(key), $"'{key.Value}' is not supported; the value is kept as raw JSON (System.Text.Json.JsonElement)");
                    break;
                default:
                    if (!DocumentationOnly.Contains(key.Value ?? ""))
                    {
                        ReportUnknown(key);
                    }

                    break;
            }
        }

        if (exclusiveMinimum && minimum is not null)
        {
            minimum = minimum with { Exclusive = true };
        }

        if (exclusiveMaximum && maximum is not null)
        {
            maximum = maximum with { Exclusive = true };
        }

        if (nullable && !types.Contains("null"))
        {
            types.Add("null");
        }

        return new SchemaSpec(at)
        {
            Ref = reference,
            Types = types.ToEquatableArray(),
            Format = format,
            Description = DocText(Get(map, "description")),
            Properties = properties.ToEquatableArray(),
            Required = required.ToEquatableArray(),
            AdditionalProperties = additionalProperties,
            PropertyNames = propertyNames,
            Items = items,
            Enum = enumValues.ToEquatableArray(),
            Pattern = pattern,
            MinLength = minLength,
            MaxLength = maxLength,
            MinItems = minItems,
            MaxItems = maxItems,
            Minimum = minimum,
            Maximum = maximum,
            ReadOnly = readOnly,
            WriteOnly = writeOnly,
            Deprecated = deprecated,
            Default = defaultValue,
            HasUnsupportedComposition = composition,
        };
    }

    private static SchemaSpec EmptySchema(LocationInfo at) => new(at);

    private LocatedText? ReadSchemaReference(YamlNode value)
    {
        const string prefix = "#/components/schemas/";
        var text = Text(value) ?? "";
        var at = Locate(value);
        var name = text.StartsWith(prefix, StringComparison.Ordinal)
            ? text.Substring(prefix.Length).Replace("~1", "/").Replace("~0", "~")
            : null;
        if (name is null || Get(Get(_components, "schemas"), name) is null)
        {
            Report(DiagnosticDescriptors.UnresolvedReference, at, text);
            return null;
        }

        return new LocatedText(name, at);
    }

    private List<string> ReadTypes(YamlNode value)
    {
        var names = value switch
        {
            YamlScalarNode scalar => new List<string> { scalar.Value ?? "" },
            YamlSequenceNode sequence when sequence.Children.All(c => c is YamlScalarNode) =>
                sequence.Children.Select(c => ((YamlScalarNode)c).Value ?? "").ToList(),
            _ => null,
        };
        if (names is null || names.Any(n => !SchemaTypes.Contains(n)))
        {
            Report(DiagnosticDescriptors.InvalidValue, Locate(value), "'type' must be one of string, integer, number, boolean, object, array, null, or a list of them");
            return new List<string>();
        }

        return names;
    }

    private LocatedText? ReadPattern(YamlNode value)
    {
        var at = Locate(value);
        if (Text(value) is not { } pattern)
        {
            Report(DiagnosticDescriptors.InvalidValue, at, "'pattern' must be a string");
            return null;
        }

        if (!IsCodeSafe(value, "pattern"))
        {
            return null;
        }

        // The pattern is ECMA-262; what the validators run is its .NET translation, which must compile too.
        var translated = EcmaPattern.Translate(pattern, out var error);
        try
        {
            if (translated is not null)
            {
                _ = new Regex(translated, RegexOptions.CultureInvariant);
            }
        }
        catch (ArgumentException ex)
        {
            error = ex.Message;
        }

        if (error is not null)
        {
            Report(DiagnosticDescriptors.InvalidPattern, at, pattern, error);
            return null;
        }

        if (PatternRisk.Find(pattern) is { } risk)
        {
            Report(DiagnosticDescriptors.CatastrophicBacktracking, at, pattern, risk);
        }

        return new LocatedText(pattern, at);
    }

    private long? Count(YamlScalarNode key, YamlNode value)
    {
        if (value is YamlScalarNode { Value: { } text }
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            && count <= int.MaxValue)
        {
            return count;
        }

        Report(DiagnosticDescriptors.InvalidValue, Locate(value), $"'{key.Value}' must be a non-negative integer");
        return null;
    }

    private string? Number(YamlScalarNode key, YamlNode value)
    {
        if (value is YamlScalarNode { Value: { } text }
            && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return number.ToString(CultureInfo.InvariantCulture);
        }

        Report(DiagnosticDescriptors.InvalidValue, Locate(value), $"'{key.Value}' must be a number");
        return null;
    }

    /// <summary>Follows a <c>$ref</c> into <c>components/{section}</c>; returns the node itself when it is not a reference.</summary>
    private YamlNode? Resolve(YamlNode node, string section)
    {
        if (Get(node, "$ref") is not { } refNode)
        {
            if (node is not YamlMappingNode)
            {
                Report(DiagnosticDescriptors.InvalidValue, Locate(node), "Expected a mapping here");
                return null;
            }

            return node;
        }

        var text = Text(refNode) ?? "";
        var prefix = $"#/components/{section}/";
        var target = text.StartsWith(prefix, StringComparison.Ordinal)
            ? Get(Get(_components, section), text.Substring(prefix.Length).Replace("~1", "/").Replace("~0", "~"))
            : null;
        if (target is null)
        {
            Report(DiagnosticDescriptors.UnresolvedReference, Locate(refNode), text);
            return null;
        }

        if (Get(target, "$ref") is not null)
        {
            Report(DiagnosticDescriptors.ReferenceChain, Locate(refNode), $"The reference '{text}' points at another reference; chains of $ref are not followed");
            return null;
        }

        return target;
    }

    private void Visit(YamlNode node)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        if (++_visits > _visitBudget)
        {
            throw new TooLargeException(
                Locate(node),
                $"The spec expands to more than {_visitBudget.ToString("N0", CultureInfo.InvariantCulture)} nodes (YAML aliases?); StageGen stops here");
        }
    }

    private IEnumerable<(YamlScalarNode Key, YamlNode Value)> Entries(YamlMappingNode map)
    {
        foreach (var entry in map.Children)
        {
            Visit(entry.Value);
            if (entry.Key is YamlScalarNode key)
            {
                yield return (key, entry.Value);
            }
            else
            {
                Report(DiagnosticDescriptors.InvalidValue, Locate(entry.Key), "Mapping keys must be plain strings");
            }
        }
    }

    private static YamlNode? Get(YamlNode? node, string key)
    {
        if (node is not YamlMappingNode map)
        {
            return null;
        }

        foreach (var entry in map.Children)
        {
            if (entry.Key is YamlScalarNode { Value: { } name } && name == key)
            {
                return entry.Value;
            }
        }

        return null;
    }

    private static string? Text(YamlNode? node) => node is YamlScalarNode { Value: { } value } ? value : null;

    /// <summary>
    /// Documentation text (descriptions, summaries, titles, defaults) made safe for a <c>///</c> comment: every line break
    /// becomes <c>\n</c> (C# also ends a line at CR, NEL, LS and PS, and one of those would turn the rest of the text into
    /// code), and a character XML cannot hold (C0 controls, unpaired surrogates, U+FFFE, U+FFFF) becomes U+FFFD, as it
    /// would otherwise break the documentation file (CS1570). Both found by fuzzing.
    /// </summary>
    private static string? DocText(YamlNode? node)
    {
        var text = Text(node);
        if (text is null || string.IsNullOrWhiteSpace(text))
        {
            // Blank documentation is no documentation: the emitters then write their own text (a whitespace-only
            // description would otherwise drop a <param> tag, CS1573).
            return null;
        }

        if (FindUnsafe(text) < 0)
        {
            return text;
        }

        var builder = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                continue;
            }

            if (IsLineBreak(c))
            {
                builder.Append('\n');
            }
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else
            {
                builder.Append(IsXmlInvalid(c) ? '\uFFFD' : c);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// A name or value that generated code carries verbatim (schema and property names, parameter names, enum values,
    /// path templates) must not hold a line break or a character XML cannot hold: it is reported (SG1015) and left out.
    /// </summary>
    private bool IsCodeSafe(YamlNode node, string what)
    {
        if (Text(node) is { } text && FindUnsafe(text) is var at && at >= 0)
        {
            var code = ((int)text[at]).ToString("X4", CultureInfo.InvariantCulture);
            Report(
                DiagnosticDescriptors.UnsafeCharacter,
                Locate(node),
                $"The {what} contains U+{code}, a line break or control character that generated code cannot carry");
            return false;
        }

        return true;
    }

    /// <summary>The index of the first line break or XML-invalid character, or -1.</summary>
    private static int FindUnsafe(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (IsLineBreak(c) || IsXmlInvalid(c))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsLineBreak(char c) => c is '\r' or '\n' or '\u0085' or '\u2028' or '\u2029';

    /// <summary>Not a character of XML 1.0 (tab, CR and LF aside): C0 controls, a surrogate on its own, U+FFFE, U+FFFF.</summary>
    private static bool IsXmlInvalid(char c) => (c < ' ' && c is not ('\t' or '\r' or '\n')) || char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF';

    private static bool IsBoolean(YamlNode node) =>
        node is YamlScalarNode { Value: { } v } && (v.Equals("true", StringComparison.OrdinalIgnoreCase) || v.Equals("false", StringComparison.OrdinalIgnoreCase));

    private static bool IsTrue(YamlScalarNode node) => string.Equals(node.Value, "true", StringComparison.OrdinalIgnoreCase);

    private bool Bool(YamlNode? node)
    {
        if (node is null)
        {
            return false;
        }

        if (!IsBoolean(node))
        {
            Report(DiagnosticDescriptors.InvalidValue, Locate(node), "Expected true or false");
            return false;
        }

        return IsTrue((YamlScalarNode)node);
    }

    private void ReportUnknown(YamlScalarNode key)
    {
        if (key.Value is { } name && !name.StartsWith("x-", StringComparison.Ordinal))
        {
            Report(DiagnosticDescriptors.UnsupportedKeyword, Locate(key), name);
        }
    }

    /// <summary>
    /// Reports a diagnostic once: a shared path parameter or a <c>components</c> parameter, response or request body is
    /// read again for every operation that uses it, and its problems would otherwise repeat at the same place.
    /// </summary>
    private void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments)
    {
        var diagnostic = DiagnosticInfo.Create(descriptor, location, arguments);
        if (_reported.Add(diagnostic))
        {
            _diagnostics.Add(diagnostic);
        }
    }

    private LocationInfo Locate(YamlNode node) => Locate(node.Start, node.End);

    /// <summary>
    /// YamlDotNet's scanner throws some errors without a position (a tab used as indentation); those point where the
    /// scanner stopped, which is the offending character.
    /// </summary>
    private LocationInfo Locate(YamlException ex) =>
        ex is SyntaxErrorException && ex.Start.Equals(Mark.Empty) && ex.End.Equals(Mark.Empty) && _scanner is not null
            ? Locate(_scanner.CurrentPosition, _scanner.CurrentPosition)
            : Locate(ex.Start, ex.End);

    private LocationInfo Locate(Mark start, Mark end)
    {
        var startIndex = (int)start.Index;
        var length = Math.Max(0, (int)end.Index - startIndex);
        return new LocationInfo(
            _path,
            startIndex,
            length,
            Math.Max(0, (int)start.Line - 1),
            Math.Max(0, (int)start.Column - 1),
            Math.Max(0, (int)end.Line - 1),
            Math.Max(0, (int)end.Column - 1));
    }

    private static string SyntaxMessage(YamlException ex)
    {
        // YamlDotNet prefixes its messages with "(Line: 3, Col: 5, Idx: 20) - (...): "; the location already says that.
        var message = ex.InnerException is YamlException inner && !string.IsNullOrEmpty(inner.Message) ? inner.Message : ex.Message;
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        return cut >= 0 && message.StartsWith("(", StringComparison.Ordinal) ? message.Substring(cut + 3) : message;
    }

    private sealed class TooLargeException : Exception
    {
        public TooLargeException(LocationInfo location, string message)
            : base(message) => Location = location;

        public LocationInfo Location { get; }
    }
}
