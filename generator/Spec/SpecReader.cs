using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using StageGen.Generator.Common;
using StageGen.Generator.Spec.Yaml;
using YamlDotNet.Core;

namespace StageGen.Generator.Spec;

/// <summary>The read step's result: the document (null when it cannot be read at all) and what was found wrong.</summary>
internal sealed record ReadResult(SpecDocument? Document, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>
/// Reads an OpenAPI 3.x YAML document into <see cref="SpecDocument"/>. Every problem becomes a diagnostic located at
/// the YAML node that causes it; keywords outside the supported subset are reported, never silently dropped.
/// </summary>
internal sealed partial class SpecReader
{
    /// <summary>How many nodes a walk may visit; aliases can make a small file expand exponentially.</summary>
    public const int MaxNodeVisits = 2_000_000;

    /// <summary>
    /// How many times its own size a spec may expand to while it is read (aliases, and shared components read once per
    /// use), on top of <see cref="MinNodeVisits"/>. A small file whose aliases multiply would otherwise stay under
    /// <see cref="MaxNodeVisits"/> and still turn into thousands of generated types.
    /// </summary>
    public const int MaxExpansion = 4;

    /// <summary>The visits every spec may make whatever its size.</summary>
    public const int MinNodeVisits = 2_000;

    /// <summary>
    /// The longest spec read, in characters (16 Mi: the largest published documents pass 4 MiB; the Stage spec is about
    /// 12 Ki): a larger one is refused unread.
    /// </summary>
    public const int MaxDocumentChars = 16 * 1024 * 1024;

    /// <summary>
    /// The longest name or value generated code carries verbatim (schema, property, parameter and enum names,
    /// operationIds, path templates, server URLs), in characters; the 19 published documents of the corpus stay under 150.
    /// A name past the 480 characters of a C# name is the binder's error (SG1014) already; this bound keeps megabytes of
    /// name from reaching it.
    /// </summary>
    public const int MaxNameChars = 4 * 1024;

    /// <summary>
    /// The longest pattern, in characters: each is translated, compiled and searched for backtracking, and a pattern of
    /// megabytes took seconds; the corpus's longest is 78.
    /// </summary>
    public const int MaxPatternChars = 4 * 1024;

    /// <summary>The longest description, summary or title, in characters; the corpus's longest is about 18 Ki.</summary>
    public const int MaxDocumentationChars = 64 * 1024;

    // Keywords that only document a thing: read past them without a warning.
    private static readonly HashSet<string> DocumentationOnly = new(StringComparer.Ordinal)
    {
        "title", "example", "examples", "$comment", "externalDocs", "xml", "tags",
    };

    private readonly string _path;
    private readonly List<DiagnosticInfo> _diagnostics = new();
    private readonly HashSet<DiagnosticInfo> _reported = new();
    private Scanner? _scanner;
    private BlockScalarLeadingLines? _positions;
    private YamlMapping? _components;
    private YamlNode? _root;
    // Each local reference's target (or null), walked once: see Pointer.
    private readonly Dictionary<string, YamlNode?> _pointers = new(StringComparer.Ordinal);
    private bool _swagger2;
    // OpenAPI 3.0 or Swagger 2.0, which ignore a $ref's siblings (3.1 reads them as JSON Schema does) and only advise
    // what 3.1 requires (a server variable's default among its enum values).
    private bool _beforeOpenApi31;
    private int _visits;
    private readonly CancellationToken _cancellationToken;
    private int _visitBudget = MaxNodeVisits;
    private int _schemaDepth;
    // Schemas inside other schemas that refer back to themselves, named so the binder makes them types: see
    // IsRecursiveInterior; read after the component schemas, in the order they were first reached.
    private readonly Dictionary<YamlMapping, bool> _recursiveInterior = new();
    private readonly Dictionary<YamlMapping, List<YamlMapping>> _interiorTargets = new();
    private readonly Dictionary<YamlMapping, (string Name, LocationInfo Location)> _interiorSchemas = new();
    private readonly Queue<YamlMapping> _interiorPending = new();
    private readonly HashSet<string> _interiorNames = new(StringComparer.Ordinal);

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
        var documents = Load(text, out var events);
        _visitBudget = (int)Math.Min(MaxNodeVisits, MinNodeVisits + (long)MaxExpansion * events);
        if (documents.Count == 0 || documents[0] is YamlScalar { Value: "" })
        {
            Report(DiagnosticDescriptors.NotOpenApi, LocationInfo.FileStart(_path), "the file is empty");
            return null;
        }

        if (documents.Count > 1)
        {
            Report(DiagnosticDescriptors.InvalidValue, Locate(documents[1]), "The spec file holds more than one YAML document; only one is allowed");
            return null;
        }

        if (documents[0] is not YamlMapping root)
        {
            Report(DiagnosticDescriptors.NotOpenApi, Locate(documents[0]), "the top level is not a mapping");
            return null;
        }

        var version = Get(root, "openapi");
        var swagger = Get(root, "swagger");
        if (version is null && swagger is YamlScalar { Value: "2.0" })
        {
            _swagger2 = true;
        }
        else if (version is not YamlScalar { Value: { } versionText } || !versionText.StartsWith("3.", StringComparison.Ordinal))
        {
            var found = version is YamlScalar { Value: { } v } ? $"'openapi' is '{v}', expected 3.0.x or 3.1.x"
                : swagger is YamlScalar { Value: { } s } ? $"'swagger' is '{s}', expected 2.0"
                : "it has neither 'openapi: 3.x' nor 'swagger: \"2.0\"'";
            Report(DiagnosticDescriptors.NotOpenApi, Locate(version ?? swagger ?? root), found);
            return null;
        }

        _root = root;
        _beforeOpenApi31 = _swagger2 || version is YamlScalar { Value: { } three } && three.StartsWith("3.0", StringComparison.Ordinal);
        var components = _swagger2 ? Swagger2Components(root) : Get(root, "components");
        _components = components as YamlMapping;
        if (components is not null && _components is null)
        {
            Report(DiagnosticDescriptors.InvalidValue, Locate(components), "'components' must be a mapping");
        }

        string? title = null;
        string? description = null;
        string? signingName = null;
        var serviceErrors = new List<ResponseSpec>();
        var servers = new List<ServerSpec>();
        var security = EquatableArray<SecurityRequirementSpec>.Empty;
        var schemes = ReadSecuritySchemes(Get(_components, "securitySchemes"));
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
                    signingName = ReadSigningName(value);
                    break;
                case "x-stagegen-service-errors":
                    serviceErrors = ReadResponses(value, serviceWide: true);
                    break;
                case "servers":
                    servers = ReadServers(key, value);
                    break;
                case "security":
                    security = ReadSecurity(value);
                    break;
                case "swagger" when _swagger2:
                case "definitions" when _swagger2:
                case "parameters" when _swagger2:
                case "responses" when _swagger2:
                case "consumes" when _swagger2:
                case "produces" when _swagger2:
                case "tags":
                case "externalDocs":
                    break;
                case "host" when _swagger2:
                    servers = Swagger2Servers(root, key);
                    break;
                case "basePath" when _swagger2:
                case "schemes" when _swagger2:
                case "securityDefinitions" when _swagger2:
                    break;
                default:
                    ReportUnknown(key);
                    break;
            }
        }

        if (_components is not null && !_swagger2)
        {
            foreach (var (key, value) in Entries(_components))
            {
                // Examples only document; what else is not read is reported.
                if (key.Value is "examples")
                {
                    continue;
                }

                if (key.Value is not ("schemas" or "parameters" or "responses" or "requestBodies" or "headers" or "securitySchemes"))
                {
                    ReportUnknown(key);
                }
                else if (value is not YamlMapping)
                {
                    Report(DiagnosticDescriptors.InvalidValue, Locate(value), $"'components/{key.Value}' must be a mapping of names to {key.Value}");
                }
            }
        }

        var operations = ReadPaths(Get(root, "paths"));
        var schemas = new List<NamedSchemaSpec>();
        if (Get(_components, "schemas") is YamlMapping schemaMap)
        {
            foreach (var (key, value) in Entries(schemaMap))
            {
                if (IsCodeSafe(key, "schema name"))
                {
                    schemas.Add(new NamedSchemaSpec(key.Value ?? "", ReadSchema(value), Locate(key)));
                }
            }
        }

        // Reading one may reach others.
        while (_interiorPending.Count > 0)
        {
            var interior = _interiorPending.Dequeue();
            var (name, at) = _interiorSchemas[interior];
            schemas.Add(new NamedSchemaSpec(name, ReadSchema(interior), at));
        }

        return new SpecDocument(_path, title, description, operations.ToEquatableArray(), schemas.ToEquatableArray())
        {
            ServiceErrors = serviceErrors.ToEquatableArray(),
            Servers = servers.ToEquatableArray(),
            SecuritySchemes = schemes.ToEquatableArray(),
            Security = security,
            AwsSigningName = signingName,
        };
    }

    /// <summary>
    /// The documents of the text and the number of YAML events they are: read by StageGen's own reader when it takes
    /// the text (the YAML specs are written in), else by YamlDotNet, whose errors are the syntax diagnostics.
    /// </summary>
    private List<YamlNode> Load(string text, out int events)
    {
        if (YamlReader.TryRead(text, _cancellationToken, out events) is { } read)
        {
            return read;
        }

        return LoadWithYamlDotNet(text, out events);
    }

    /// <summary>YamlDotNet's reading of the text, in the positions of the text as written.</summary>
    private List<YamlNode> LoadWithYamlDotNet(string text, out int events)
    {
        var (scanned, positions) = BlockScalarLeadingLines.Empty(text);
        _positions = positions;
        _scanner = new Scanner(new StringReader(scanned));
        var parser = new LimitedParser(new Parser(_scanner), _cancellationToken);
        try
        {
            var documents = YamlTree.Load(parser);
            events = parser.Events;
            return documents;
        }
        catch (Exception ex) when (ex is not (YamlException or OperationCanceledException))
        {
            // YamlDotNet throws a few errors that are not YamlExceptions (e.g. InvalidOperationException for a NEL or
            // LS line break inside a plain scalar in a flow collection): still invalid YAML, at the scanner's position.
            var at = _scanner.CurrentPosition;
            throw new YamlException(at, at, $"The YAML parser cannot read the text here ({ex.GetType().Name}: {ex.Message})", ex);
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
        // Positions in the document as written, not in the text YamlDotNet read.
        var startIndex = (int)(_positions?.Original(start.Index) ?? start.Index);
        var length = Math.Max(0, (int)(_positions?.Original(end.Index) ?? end.Index) - startIndex);
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
