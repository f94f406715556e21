using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using StageGen.Generator.Common;
using StageGen.Generator.Spec.Yaml;

namespace StageGen.Generator.Spec;

/// <summary>Paths, operations, parameters, request bodies and responses.</summary>
internal sealed partial class SpecReader
{
    private static readonly string[] HttpMethods = { "get", "put", "post", "delete", "options", "head", "patch", "trace" };

    private List<OperationSpec> ReadPaths(YamlNode? paths)
    {
        var operations = new List<OperationSpec>();
        if (paths is null)
        {
            return operations;
        }

        if (paths is not YamlMapping pathMap)
        {
            Report(DiagnosticDescriptors.InvalidValue, Locate(paths), "'paths' must be a mapping of path templates to path items");
            return operations;
        }

        foreach (var (pathKey, pathNode) in Entries(pathMap))
        {
            if (pathKey.Value?.StartsWith("x-", StringComparison.Ordinal) == true)
            {
                // A specification extension, which the Paths Object allows beside its templates.
                continue;
            }

            // A key may carry a query (/rest?method=flickr.photos.search): the path is what comes before it.
            var key = SpecText.PathWithoutKeySuffix(pathKey.Value ?? "");
            var queryAt = key.IndexOf('?');
            var template = queryAt >= 0 ? key.Substring(0, queryAt) : key;
            var query = queryAt >= 0 ? key.Substring(queryAt + 1) : null;
            if (!IsCodeSafe(pathKey, "path template"))
            {
                continue;
            }

            if (SpecText.PathTemplateProblem(template) is { } problem)
            {
                Report(DiagnosticDescriptors.InvalidPathTemplate, Locate(pathKey), pathKey.Value ?? "", problem);
                continue;
            }

            if (pathNode is not YamlMapping pathItem)
            {
                Report(DiagnosticDescriptors.InvalidValue, Locate(pathNode), $"The path item '{template}' must be a mapping");
                continue;
            }

            var shared = ReadParameters(Get(pathItem, "parameters"));
            foreach (var (methodKey, value) in Entries(pathItem))
            {
                var method = methodKey.Value ?? "";
                if (Array.IndexOf(HttpMethods, method) >= 0)
                {
                    var operation = ReadOperation(template, query, pathKey, method, methodKey, value, shared);
                    if (operation is null)
                    {
                        continue;
                    }

                    operations.Add(operation);
                }
                else if (method == "servers")
                {
                    ReadServers(methodKey, value, usedFor: $"path '{template}'");
                }
                else if (method is not ("parameters" or "summary" or "description"))
                {
                    ReportUnknown(methodKey);
                }
            }
        }

        return operations;
    }

    private OperationSpec? ReadOperation(
        string template, string? query, YamlScalar pathKey, string method, YamlScalar methodKey, YamlNode node, List<ParameterSpec> shared)
    {
        if (node is not YamlMapping map)
        {
            Report(DiagnosticDescriptors.InvalidValue, Locate(node), $"The '{method}' operation on '{template}' must be a mapping");
            return null;
        }

        string? operationId = null;
        LocationInfo? operationIdLocation = null;
        LocatedText? methodName = null;
        RequestBodySpec? requestBody = null;
        var responses = new List<ResponseSpec>();
        var own = new List<ParameterSpec>();
        EquatableArray<SecurityRequirementSpec>? security = null;
        foreach (var (key, value) in Entries(map))
        {
            switch (key.Value)
            {
                case "operationId":
                    if (!IsWithinBound(value, "operationId", MaxNameChars))
                    {
                        return null;
                    }

                    operationId = Text(value);
                    operationIdLocation = Locate(value);
                    break;
                case "x-stagegen-name":
                    methodName = Text(value) is { Length: > 0 } given && IsCodeSafe(value, "x-stagegen-name") ? new LocatedText(given, Locate(value)) : null;
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
                case "tags":
                case "externalDocs":
                case "consumes" when _swagger2:
                case "produces" when _swagger2:
                case "schemes" when _swagger2:
                    break;
                case "security":
                    security = ReadSecurity(value);
                    break;
                case "servers":
                    ReadServers(key, value, usedFor: $"operation '{Text(Get(map, "operationId")) ?? method}'");
                    break;
                case "callbacks":
                    Report(DiagnosticDescriptors.UnsupportedKeyword, Locate(key), key.Value);
                    break;
                default:
                    ReportUnknown(key);
                    break;
            }
        }

        if (operationId is not null && string.IsNullOrWhiteSpace(operationId))
        {
            // An empty one names nothing: the operation is named after its method and path, as one without it is.
            Report(DiagnosticDescriptors.ValueIgnored, operationIdLocation ?? Locate(methodKey), $"The '{method.ToUpperInvariant()}' operation on '{template}' has an empty operationId; it is named after its method and path");
            operationId = null;
            operationIdLocation = null;
        }

        // Operation-level parameters override path-level ones with the same name and location.
        var parameters = shared.Where(p => !own.Any(o => o.Name == p.Name && o.In == p.In)).Concat(own).ToList();
        if (parameters.FirstOrDefault(p => p.In == "body") is { } bodyParameter)
        {
            // Swagger 2.0's body parameter is the request body, when the operation consumes JSON.
            parameters.RemoveAll(p => p.In == "body");
            requestBody = Swagger2IsJson(map, "consumes", "request body")
                ? new RequestBodySpec(bodyParameter.Required, bodyParameter.Description, new ContentSpec(BodyMedia.Json, "application/json", bodyParameter.Schema), bodyParameter.Location)
                : null;
        }

        if (parameters.Any(p => p.In == "formData"))
        {
            var fields = parameters.Where(p => p.In == "formData").ToList();
            parameters.RemoveAll(p => p.In == "formData");
            if (requestBody is null)
            {
                requestBody = Swagger2FormBody(map, fields);
            }
            else
            {
                Report(DiagnosticDescriptors.UnsupportedParameter, fields[0].Location, $"The operation has a body parameter and formData parameters; the body is sent, the formData parameters are not");
            }
        }

        if (_swagger2 && responses.Any(r => r.Content is { Media: BodyMedia.Json }) && !Swagger2IsJson(map, "produces", "response"))
        {
            responses = responses.Select(r => r.Content is { Media: BodyMedia.Json } ? r with { Content = null } : r).ToList();
        }

        if (_swagger2 && Swagger2FileMediaType(map) is { } fileMediaType)
        {
            // A file response's bytes are of the type the operation produces.
            responses = responses.Select(r => r.Content is { Media: BodyMedia.Binary } file ? r with { Content = file with { MediaType = fileMediaType } } : r).ToList();
        }

        var segments = LocateParameters(SpecText.PathSegments(template), pathKey);
        var fixedQuery = query is null ? new List<QueryPairSpec>() : ReadPathQuery(query, pathKey, method, segments, parameters);

        return new OperationSpec(
            operationId,
            method,
            template,
            segments,
            DocText(Get(map, "summary")),
            DocText(Get(map, "description")),
            Bool(Get(map, "deprecated")),
            parameters.ToEquatableArray(),
            requestBody,
            responses.ToEquatableArray(),
            Locate(methodKey),
            operationIdLocation)
        {
            MethodName = methodName,
            Security = security,
            PathQuery = query,
            FixedQuery = fixedQuery.ToEquatableArray(),
        };
    }

    /// <summary>
    /// The query of a path key, as the documents that write one mean it: a literal pair (<c>method=flickr.photos.search</c>)
    /// is sent on every call, unless a query parameter of that name is declared; a <c>name={p}</c> pair sends the declared
    /// parameter <c>p</c> as the query parameter <c>name</c> (documents declare it <c>in: path</c> as often as
    /// <c>in: query</c>), and one that names no parameter is reported (SG2007) and left out. Returns the literal pairs.
    /// </summary>
    private List<QueryPairSpec> ReadPathQuery(string query, YamlScalar pathKey, string method, EquatableArray<PathSegment> segments, List<ParameterSpec> parameters)
    {
        var fixedPairs = new List<QueryPairSpec>();
        foreach (var pair in SpecText.QueryPairs(query))
        {
            if (!(pair.Value.Length > 2 && pair.Value[0] == '{' && pair.Value[pair.Value.Length - 1] == '}'))
            {
                if (!parameters.Any(p => p.In == "query" && p.Name == pair.Name) && !fixedPairs.Any(p => p.Name == pair.Name))
                {
                    fixedPairs.Add(pair);
                }

                continue;
            }

            var named = pair.Value.Substring(1, pair.Value.Length - 2);
            var at = parameters.FindIndex(p => p.Name == named && (p.In == "query" || (p.In == "path" && !segments.Any(s => s.IsParameter && s.Text == named))));
            if (at < 0)
            {
                Report(DiagnosticDescriptors.UnsupportedParameter, Locate(pathKey), $"The query of the path '{pathKey.Value}' uses '{{{named}}}', which the '{method.ToUpperInvariant()}' operation does not declare; '{pair.Name}' is not sent");
                continue;
            }

            // A path parameter's style means nothing in the query: it is sent as the form style's default.
            parameters[at] = parameters[at] is { In: "query" } declared
                ? declared with { Name = pair.Name }
                : parameters[at] with { In = "query", Name = pair.Name, Style = null, Explode = null };
        }

        return fixedPairs;
    }

    /// <summary>
    /// Gives each <c>{parameter}</c> of a path template its place: its own characters in a plain key, the whole key in a
    /// quoted one (where offsets in the value are not offsets in the file).
    /// </summary>
    private EquatableArray<PathSegment> LocateParameters(EquatableArray<PathSegment> segments, YamlScalar pathKey)
    {
        var keyLocation = Locate(pathKey);
        return segments.Select(segment =>
        {
            if (!segment.IsParameter)
            {
                return segment;
            }

            if (pathKey.Style != YamlDotNet.Core.ScalarStyle.Plain)
            {
                return segment with { Location = keyLocation };
            }

            var start = keyLocation.StartColumn + segment.Offset;
            return segment with
            {
                Location = keyLocation with
                {
                    Start = keyLocation.Start + segment.Offset,
                    Length = segment.Length,
                    StartColumn = start,
                    EndLine = keyLocation.StartLine,
                    EndColumn = start + segment.Length,
                },
            };
        }).ToEquatableArray();
    }

    private List<ParameterSpec> ReadParameters(YamlNode? node)
    {
        var parameters = new List<ParameterSpec>();
        if (node is null)
        {
            return parameters;
        }

        if (node is not YamlSequence sequence)
        {
            Report(DiagnosticDescriptors.InvalidValue, Locate(node), "'parameters' must be a sequence");
            return parameters;
        }

        foreach (var item in sequence.Children)
        {
            var at = Locate(item);
            if (Resolve(item, "parameters") is not YamlMapping map)
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

            if (location == "header" && !SpecText.IsToken(name))
            {
                // HttpClient drops a header whose name is no token without a word (Notion's documents declare one named
                // ''); it is left out of the method, where the user sees it missing, not silently unsent.
                Report(DiagnosticDescriptors.UnsupportedParameter, Locate(Get(map, "name")!), $"The header parameter name '{name}' is not an HTTP field name (a token: letters, digits and !#$%&'*+-.^_`|~); it is not sent");
                continue;
            }

            if (location == "cookie" && !SpecText.IsToken(name))
            {
                // A cookie's name is a token too (RFC 6265); '=' or ';' in it would write other cookies.
                Report(DiagnosticDescriptors.UnsupportedParameter, Locate(Get(map, "name")!), $"The cookie parameter '{name}' has a name that is not a token (letters, digits and !#$%&'*+-.^_`|~); it is not sent");
                continue;
            }

            if (_swagger2 && location == "body")
            {
                // The operation's request body, as a parameter; ReadOperation takes it out.
                var body = Get(map, "schema") is { } bodySchema ? ReadSchema(bodySchema) : null;
                parameters.Add(new ParameterSpec(name, location, Bool(Get(map, "required")), DocText(Get(map, "description")), false, body ?? EmptySchema(at), at));
                continue;
            }

            if (_swagger2 && location == "formData")
            {
                // A field of the operation's form or multipart body; ReadOperation gathers them.
                parameters.Add(new ParameterSpec(name, location, Bool(Get(map, "required")), DocText(Get(map, "description")), false, ReadSwagger2ParameterSchema(map, name), at));
                continue;
            }

            if (_swagger2 && Get(map, "schema") is null)
            {
                var required2 = location == "path" || Bool(Get(map, "required"));
                parameters.Add(new ParameterSpec(name, location, required2, DocText(Get(map, "description")), false, ReadSwagger2ParameterSchema(map, name), at));
                continue;
            }

            if (location is not ("path" or "query" or "header" or "cookie"))
            {
                Report(DiagnosticDescriptors.UnsupportedParameter, Locate(Get(map, "in")!), $"The {location} parameter '{name}' is not supported and is not sent (supported: path, query, header, cookie)");
                continue;
            }

            foreach (var (key, _) in Entries(map))
            {
                if (key.Value is not ("name" or "in" or "required" or "description" or "schema" or "content" or "deprecated" or "example" or "examples" or "style" or "explode"))
                {
                    ReportUnknown(key);
                }
            }

            var (schemaNode, mediaType) = Get(map, "schema") is { } schema ? (schema, null) : ReadParameterContent(map, name);
            if (schemaNode is null)
            {
                Report(DiagnosticDescriptors.InvalidValue, at, $"The parameter '{name}' has no 'schema', nor a 'content' media type with one");
                continue;
            }

            var required = location == "path" || Bool(Get(map, "required"));
            parameters.Add(new ParameterSpec(name, location, required, DocText(Get(map, "description")), Bool(Get(map, "deprecated")), ReadSchema(schemaNode), at)
            {
                Style = Text(Get(map, "style")),
                Explode = Get(map, "explode") is { } explode ? Bool(explode) : null,
                IsJsonContent = mediaType is not null && SpecText.IsJsonMediaType(mediaType),
            });
        }

        return parameters;
    }

    /// <summary>
    /// The schema and media type of a parameter given as <c>content</c> instead of <c>schema</c> (its one entry, as
    /// OpenAPI requires; of several the first is used, reported as SG2007); nulls when it has none.
    /// </summary>
    private (YamlNode? Schema, string? MediaType) ReadParameterContent(YamlMapping parameter, string name)
    {
        if (Get(parameter, "content") is not YamlMapping content)
        {
            return (null, null);
        }

        foreach (var (mediaKey, media) in Entries(content))
        {
            if (content.Children.Count > 1)
            {
                Report(DiagnosticDescriptors.UnsupportedParameter, Locate(mediaKey), $"The parameter '{name}' has {content.Children.Count} media types in 'content', where OpenAPI allows one; the first, '{mediaKey.Value}', is used");
            }

            return (media is YamlMapping mediaMap ? Get(mediaMap, "schema") : null, mediaKey.Value);
        }

        return (null, null);
    }

    private RequestBodySpec? ReadRequestBody(YamlNode node)
    {
        var at = Locate(node);
        if (Resolve(node, "requestBodies") is not YamlMapping map)
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

        return new RequestBodySpec(Bool(Get(map, "required")), DocText(Get(map, "description")), ReadContent(Get(map, "content"), "request body"), at);
    }

    /// <summary>
    /// An operation's <c>responses</c>, or with <paramref name="serviceWide"/> the spec extension
    /// <c>x-stagegen-service-errors</c>: the errors any operation may meet, keyed by status the same way, where a status
    /// may list several responses (the 403s of AWS's signature check), told apart by name.
    /// </summary>
    private List<ResponseSpec> ReadResponses(YamlNode node, bool serviceWide = false)
    {
        var responses = new List<ResponseSpec>();
        if (node is not YamlMapping map)
        {
            Report(DiagnosticDescriptors.InvalidValue, Locate(node), serviceWide
                ? "'x-stagegen-service-errors' must be a mapping of status codes to responses, or to lists of them"
                : "'responses' must be a mapping of status codes to responses");
            return responses;
        }

        foreach (var (key, value) in Entries(map))
        {
            if (StatusCode(key) is not { } code)
            {
                continue;
            }

            if (serviceWide && code.StartsWith("2", StringComparison.Ordinal))
            {
                Report(DiagnosticDescriptors.InvalidValue, Locate(key), $"'{code}' is a success status; 'x-stagegen-service-errors' lists errors");
                continue;
            }

            // An operation's response is located at its status; each of a service-wide status's list at itself.
            var items = serviceWide && value is YamlSequence list ? (IEnumerable<YamlNode>)list.Children : new[] { value };
            foreach (var item in items)
            {
                if (ReadResponse(code, serviceWide ? item : key, item) is { } response)
                {
                    responses.Add(response);
                }
            }
        }

        return responses;
    }

    /// <summary>The status code a <c>responses</c> key names, or null (reported) when it names none.</summary>
    private string? StatusCode(YamlScalar key)
    {
        var code = key.Value ?? "";
        if (SpecText.IsStatusCode(code))
        {
            return code;
        }

        Report(DiagnosticDescriptors.InvalidValue, Locate(key), $"'{code}' is not a response status code (100-599, 1XX-5XX or default)");
        return null;
    }

    /// <summary>One response (or a <c>$ref</c> to one) for <paramref name="code"/>, located at <paramref name="at"/>.</summary>
    private ResponseSpec? ReadResponse(string code, YamlNode at, YamlNode value)
    {
        if (Resolve(value, "responses") is not YamlMapping response)
        {
            return null;
        }

        foreach (var (responseKey, _) in Entries(response))
        {
            if (responseKey.Value is "links")
            {
                Report(DiagnosticDescriptors.UnsupportedKeyword, Locate(responseKey), responseKey.Value);
            }
            else if (responseKey.Value is not ("description" or "content" or "headers") && !(_swagger2 && responseKey.Value is "schema" or "examples"))
            {
                ReportUnknown(responseKey);
            }
        }

        // A 2.0 response carries its body's schema itself; the operation's `produces` says whether it is JSON, and a
        // `type: file` schema is bytes.
        var content = _swagger2
            ? (Get(response, "schema") is { } bodySchema ? Swagger2ResponseContent(ReadSchema(bodySchema)) : null)
            : ReadContent(Get(response, "content"), $"{code} response");
        return new ResponseSpec(code, DocText(Get(response, "description")), content, Locate(at)) { Headers = ReadHeaders(Get(response, "headers")) };
    }

    /// <summary>A 2.0 header's keys that are not part of its schema.</summary>
    private static readonly HashSet<string> Swagger2HeaderKeys = new(StringComparer.Ordinal) { "description", "collectionFormat" };

    /// <summary>
    /// A response's <c>headers</c>: each a header object (or a <c>$ref</c> to one) with its <c>schema</c> (in 2.0, its
    /// own <c>type</c>, <c>format</c>, <c>items</c>); <c>Content-Type</c> is left out, as OpenAPI says, and a name that is
    /// not an HTTP token reported.
    /// </summary>
    private EquatableArray<HeaderSpec> ReadHeaders(YamlNode? node)
    {
        if (node is null)
        {
            return EquatableArray<HeaderSpec>.Empty;
        }

        if (node is not YamlMapping map)
        {
            Report(DiagnosticDescriptors.InvalidValue, Locate(node), "'headers' must be a mapping of header names to headers");
            return EquatableArray<HeaderSpec>.Empty;
        }

        var headers = new List<HeaderSpec>();
        foreach (var (key, value) in Entries(map))
        {
            var name = key.Value ?? "";
            if (!SpecText.IsToken(name))
            {
                Report(DiagnosticDescriptors.ResponseTypeReduced, Locate(key), $"The response header '{name}' is not an HTTP field name (a token: letters, digits and !#$%&'*+-.^_`|~); it is not read");
                continue;
            }

            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) || Resolve(value, "headers") is not YamlMapping header)
            {
                continue;
            }

            SchemaSpec schema;
            if (_swagger2)
            {
                schema = ReadSchema(header, Swagger2HeaderKeys);
            }
            else if (Get(header, "schema") is { } schemaNode)
            {
                schema = ReadSchema(schemaNode);
                foreach (var (headerKey, _) in Entries(header))
                {
                    if (headerKey.Value is not ("description" or "required" or "deprecated" or "schema" or "style" or "explode" or "example" or "examples"))
                    {
                        Report(DiagnosticDescriptors.UnsupportedKeyword, Locate(headerKey), headerKey.Value ?? "");
                    }
                }
            }
            else
            {
                Report(DiagnosticDescriptors.UnsupportedKeyword, Locate(key), $"headers.{name} without a schema");
                continue;
            }

            headers.Add(new HeaderSpec(name, DocText(Get(header, "description")), schema, Locate(key)));
        }

        return headers.ToEquatableArray();
    }

    /// <summary>The members a form's <c>encoding</c> sends with <c>style: deepObject</c>.</summary>
    private EquatableArray<string> DeepObjectMembers(YamlNode? encoding) =>
        encoding is YamlMapping members
            ? Entries(members).Where(entry => Text(Get(entry.Value, "style")) == "deepObject").Select(entry => entry.Key.Value ?? "").ToEquatableArray()
            : EquatableArray<string>.Empty;

    /// <summary>A multipart body's <c>encoding</c>: each member's <c>contentType</c> and <c>style</c>.</summary>
    private EquatableArray<PartEncodingSpec> PartEncodings(YamlNode? encoding)
    {
        if (encoding is not YamlMapping members)
        {
            return EquatableArray<PartEncodingSpec>.Empty;
        }

        var encodings = new List<PartEncodingSpec>();
        foreach (var (member, value) in Entries(members))
        {
            if (Get(value, "headers") is { } headers)
            {
                Report(DiagnosticDescriptors.UnsupportedKeyword, Locate(headers), "headers");
            }

            var contentType = Get(value, "contentType") is { } typeNode && IsCodeSafe(typeNode, "encoding contentType") ? Text(typeNode) : null;
            encodings.Add(new PartEncodingSpec(member.Value ?? "", contentType, Text(Get(value, "style"))));
        }

        return encodings.ToEquatableArray();
    }

    /// <summary>
    /// How much the client prefers a body of <paramref name="media"/> (lower first): JSON, then a form, then
    /// multipart, then text or bytes (among those, the first written).
    /// </summary>
    private static int Preference(BodyMedia media) => media switch
    {
        BodyMedia.Json => 0,
        BodyMedia.Form => 1,
        BodyMedia.Multipart => 2,
        _ => 3,
    };

    /// <summary>
    /// The body a <c>content</c> map offers the client: the media type it prefers (<see cref="Preference"/>), the
    /// first written among equals. Another media type of the same body is left alone: the client sends and reads the
    /// one chosen. Only when none can be used are the unsupported ones reported (other multipart types; forms and
    /// multipart outside request bodies).
    /// </summary>
    private ContentSpec? ReadContent(YamlNode? content, string what)
    {
        if (content is null)
        {
            return null;
        }

        if (content is not YamlMapping map)
        {
            Report(DiagnosticDescriptors.InvalidValue, Locate(content), "'content' must be a mapping of media types");
            return null;
        }

        var request = what.StartsWith("request", StringComparison.Ordinal);
        bool Usable(BodyMedia media) => media != BodyMedia.Unsupported && (request || media is not (BodyMedia.Form or BodyMedia.Multipart));
        var entries = Entries(map).Select(entry => (entry.Key, entry.Value, Media: SpecText.MediaOf(entry.Key.Value ?? ""))).ToList();
        var usable = entries.Where(entry => Usable(entry.Media)).ToList();
        if (usable.Count == 0)
        {
            foreach (var (key, _, _) in entries)
            {
                Report(DiagnosticDescriptors.UnsupportedMediaType, Locate(key), $"The {what} media type '{key.Value}' is not supported (multipart types other than multipart/form-data, and forms other than request bodies, are not); the body is left out");
            }

            return null;
        }

        var best = usable.Min(entry => Preference(entry.Media));
        foreach (var (key, value, media) in usable.Where(entry => Preference(entry.Media) == best))
        {
            if (!IsCodeSafe(key, "media type"))
            {
                continue;
            }

            var typed = media is BodyMedia.Json or BodyMedia.Form or BodyMedia.Multipart;
            var schemaNode = Get(value, "schema");
            var chosen = new ContentSpec(media, key.Value ?? "", schemaNode is null || !typed ? null : ReadSchema(schemaNode))
            {
                DeepObjectMembers = media == BodyMedia.Form ? DeepObjectMembers(Get(value, "encoding")) : EquatableArray<string>.Empty,
                Encodings = media == BodyMedia.Multipart ? PartEncodings(Get(value, "encoding")) : EquatableArray<PartEncodingSpec>.Empty,
            };
            if (value is YamlMapping mediaMap)
            {
                foreach (var (mediaKey, _) in Entries(mediaMap))
                {
                    if (mediaKey.Value is not ("schema" or "example" or "examples") && !(media is BodyMedia.Form or BodyMedia.Multipart && mediaKey.Value == "encoding"))
                    {
                        ReportUnknown(mediaKey);
                    }
                }
            }

            return chosen;
        }

        return null;
    }
}
