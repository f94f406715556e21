using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using StageGen.Generator.Common;
using StageGen.Generator.Spec.Yaml;

namespace StageGen.Generator.Spec;

/// <summary>Schemas and their keywords.</summary>
internal sealed partial class SpecReader
{
    private static readonly HashSet<string> SchemaTypes = new(StringComparer.Ordinal)
    {
        "string", "integer", "number", "boolean", "object", "array", "null",
    };

    private static readonly HashSet<string> SupportedFormats = new(StringComparer.Ordinal)
    {
        "int32", "int64", "double", "float", "date-time", "date", "uuid", "uri", "byte",
    };

    /// <summary>Reads a schema; keys in <paramref name="notSchema"/> belong to the node around it (a 2.0 parameter).</summary>
    private SchemaSpec ReadSchema(YamlNode node, HashSet<string>? notSchema = null)
    {
        // LimitedParser bounds the nesting of the text, but an alias may name a schema that contains it (or a long chain
        // of them): without this bound the walk would recurse until the stack overflows and takes the compiler down.
        if (++_schemaDepth > LimitedParser.MaxDepth)
        {
            throw new TooLargeException(Locate(node), $"Schemas nest deeper than {LimitedParser.MaxDepth} levels (a YAML alias inside the node it names, or a chain of $ref into schemas inside others?); StageGen stops here");
        }

        try
        {
            return ReadSchemaNode(node, notSchema);
        }
        finally
        {
            _schemaDepth--;
        }
    }

    private SchemaSpec ReadSchemaNode(YamlNode node, HashSet<string>? notSchema)
    {
        Visit(node);
        var at = Locate(node);
        if (node is YamlScalar booleanSchema && IsBoolean(booleanSchema))
        {
            // JSON Schema's boolean schemas (OpenAPI 3.1): true takes any value; false takes none, which a type cannot
            // say, so it is read as any value and the server is left to refuse (a property of schema false is left out).
            if (!IsTrue(booleanSchema))
            {
                Report(DiagnosticDescriptors.ValueIgnored, at, "The schema false allows no value; StageGen reads it as any value and checks nothing");
            }

            return EmptySchema(at);
        }

        if (node is not YamlMapping map)
        {
            Report(DiagnosticDescriptors.InvalidValue, at, "A schema must be a mapping, true or false");
            return EmptySchema(at);
        }

        if (Get(map, "$ref") is YamlScalar { Value: { } pointer } refNode && ComponentSchemaName(pointer) is null
            && Pointer(pointer) is YamlMapping target && !ReferenceEquals(target, map))
        {
            // A pointer into another schema (#/components/schemas/Page/properties/size): read as written there, unless
            // the schema there refers back to itself that way; then it is named after the pointer, as a component is
            // after its key (and checked alike), so the recursion goes through a type.
            return IsRecursiveInterior(target) && IsCodeSafe(refNode, "schema name")
                ? new SchemaSpec(at) { Ref = new LocatedText(InteriorSchemaName(target, pointer), at) }
                : ReadSchema(target);
        }

        LocatedText? reference = null;
        // Made when a keyword fills them: most schemas leave most of them empty.
        List<string>? types = null;
        string? format = null;
        List<PropertySpec>? properties = null;
        List<string>? required = null;
        SchemaSpec? additionalProperties = null;
        SchemaSpec? propertyNames = null;
        SchemaSpec? items = null;
        List<LocatedText>? enumValues = null;
        LocatedText? pattern = null;
        long? minLength = null, maxLength = null, minItems = null, maxItems = null;
        long? minProperties = null, maxProperties = null;
        var uniqueItems = false;
        NumberBound? minimum = null, maximum = null;
        bool exclusiveMinimum = false, exclusiveMaximum = false;
        bool readOnly = false, writeOnly = false, deprecated = false, nullable = false, composition = false;
        string? defaultValue = null;
        string? xmlName = null;
        List<SchemaSpec>? allOf = null;
        YamlScalar? allOfKey = null;
        List<SchemaSpec>? variants = null;
        LocationInfo? variantsAt = null;
        DiscriminatorSpec? discriminator = null;
        string? title = null;
        List<string>? enumNames = null;
        bool binaryFormat = false, swagger2File = false;
        string? contentMediaType = null, contentEncoding = null;

        foreach (var (key, value) in Entries(map))
        {
            if (notSchema is not null && notSchema.Contains(key.Value ?? ""))
            {
                continue;
            }

            switch (key.Value)
            {
                case "$ref":
                    reference = ReadSchemaReference(value);
                    break;
                case "type" when _swagger2 && Text(value) == "file":
                    // 2.0's file parameter: the bytes of a multipart part.
                    types = new List<string> { "string" };
                    swagger2File = true;
                    break;
                case "type" when _beforeOpenApi31 && Get(map, "$ref") is not null && TypeNames(value) is null:
                    // OpenAPI 3.0 and Swagger 2.0 ignore what stands beside a $ref; a 'type' there that is no type
                    // (Cloudmersive's {"$ref": …, "type": "application/json"}) is a slip, not a reason to stop.
                    Report(DiagnosticDescriptors.ValueIgnored, Locate(value), "This 'type' beside '$ref' names no type; it is ignored, as OpenAPI 3.0 ignores what stands beside a reference");
                    break;
                case "type":
                    types = ReadTypes(value);
                    break;
                case "format" when Text(value) == "binary":
                    // Bytes as they are: a file part of a multipart body (elsewhere the binder says what it makes of it).
                    binaryFormat = true;
                    break;
                case "contentMediaType":
                    contentMediaType = Text(value);
                    break;
                case "contentEncoding":
                    contentEncoding = Text(value);
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
                    if (value is YamlMapping propertyMap)
                    {
                        foreach (var (propertyKey, propertyValue) in Entries(propertyMap))
                        {
                            if (!IsCodeSafe(propertyKey, "property name"))
                            {
                                continue;
                            }

                            if (propertyValue is YamlScalar never && IsBoolean(never) && !IsTrue(never))
                            {
                                // Vercel's and Codat's {"properties": {"additionalProperties": false}}: a member that must
                                // be absent is no member at all.
                                Report(DiagnosticDescriptors.ValueIgnored, Locate(propertyKey), $"The property '{propertyKey.Value}' has the schema false (it must be absent), so it is left out");
                            }
                            else
                            {
                                (properties ??= new List<PropertySpec>()).Add(new PropertySpec(propertyKey.Value ?? "", ReadSchema(propertyValue), Locate(propertyKey)));
                            }
                        }
                    }
                    else
                    {
                        Report(DiagnosticDescriptors.InvalidValue, Locate(value), "'properties' must be a mapping");
                    }

                    break;
                case "required":
                    if (value is YamlSequence requiredList)
                    {
                        (required ??= new List<string>()).AddRange(requiredList.Children.Select(Text).Where(t => t is not null)!);
                    }
                    else
                    {
                        Report(DiagnosticDescriptors.InvalidValue, Locate(value), "'required' must be a sequence of property names");
                    }

                    break;
                case "additionalProperties":
                    if (value is YamlScalar flag)
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
                    if (value is YamlSequence enumList && enumList.Children.All(c => c is YamlScalar))
                    {
                        (enumValues ??= new List<LocatedText>()).AddRange(enumList.Children.Where(c => IsCodeSafe(c, "enum value")).Select(c => new LocatedText(((YamlScalar)c).Value ?? "", Locate(c))));
                    }
                    else
                    {
                        // Docker's `enum: [{}]`: the values cannot be typed or checked, and the schema stays usable without them.
                        Report(DiagnosticDescriptors.ConstraintNotChecked, Locate(value), "'enum' holds values that are not scalars; it is not checked");
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
                case "minProperties":
                    minProperties = Count(key, value);
                    break;
                case "maxProperties":
                    maxProperties = Count(key, value);
                    break;
                case "uniqueItems":
                    uniqueItems = Bool(value);
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
                        exclusiveMinimum = IsTrue((YamlScalar)value);
                    }
                    else if (Number(key, value) is { } exclusiveMin)
                    {
                        minimum = new NumberBound(exclusiveMin, true);
                    }

                    break;
                case "exclusiveMaximum":
                    if (IsBoolean(value))
                    {
                        exclusiveMaximum = IsTrue((YamlScalar)value);
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
                    defaultValue = value is YamlScalar ? DocText(value) : null;
                    break;
                case "description":
                    break;
                case "allOf" when value is YamlSequence { Children.Count: > 0 } parts:
                    allOf = parts.Children.Select(part => ReadSchema(part)).ToList();
                    allOfKey = key;
                    break;
                case "xml":
                    xmlName = Get(value, "name") is YamlScalar { Value: { Length: > 0 } given } ? given : null;
                    break;
                case "title":
                    title = Text(value);
                    break;
                case "const" when value is YamlScalar constant && IsCodeSafe(constant, "const value"):
                    // A single allowed value: read as an enum of one, which the validators and the union reader check.
                    (enumValues ??= new List<LocatedText>()).Add(new LocatedText(constant.Value ?? "", Locate(constant)));
                    break;
                case "const":
                    Report(DiagnosticDescriptors.ConstraintNotChecked, Locate(value), "'const' holds a value that is not a scalar; it is not checked");
                    break;
                case "oneOf" or "anyOf" when value is YamlSequence { Children.Count: > 0 } options && variants is null:
                    variants = options.Children.Select(option => ReadSchema(option)).ToList();
                    variantsAt = Locate(key);
                    break;
                case "discriminator":
                    discriminator = ReadDiscriminator(value);
                    break;
                case "x-enum-varnames" or "x-enumNames" when value is YamlSequence names && names.Children.All(n => n is YamlScalar):
                    // The names generators agree on for values that are not names themselves (integers, mostly).
                    enumNames = names.Children.Select(n => ((YamlScalar)n).Value ?? "").ToList();
                    break;
                case "definitions" or "$defs":
                    // JSON Schema's home for schemas that $refs point at: read where they are pointed at, not here.
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

        if (nullable && types?.Contains("null") != true)
        {
            (types ??= new List<string>()).Add("null");
        }

        // JSON Schema's content keywords (OpenAPI 3.1): base64 text is bytes, as format: byte; content of a media type
        // without an encoding (or with 'binary', as Discord's document writes) is raw bytes, as format: binary.
        if (contentEncoding is "base64" && format is null)
        {
            format = "byte";
        }
        else if (contentEncoding is "binary" || (contentEncoding is null && contentMediaType is not null))
        {
            binaryFormat = true;
        }
        else if (contentEncoding is not null && Get(map, "contentEncoding") is { } encodingNode)
        {
            Report(DiagnosticDescriptors.UnknownFormat, Locate(encodingNode), $"The contentEncoding '{contentEncoding}' is not supported; the value is treated as its plain type");
        }

        var schema = new SchemaSpec(at)
        {
            Ref = reference,
            Types = types?.ToEquatableArray() ?? EquatableArray<string>.Empty,
            Format = format,
            Description = DocText(Get(map, "description")),
            Properties = properties?.ToEquatableArray() ?? EquatableArray<PropertySpec>.Empty,
            Required = required?.ToEquatableArray() ?? EquatableArray<string>.Empty,
            AdditionalProperties = additionalProperties,
            PropertyNames = propertyNames,
            Items = items,
            Enum = enumValues?.ToEquatableArray() ?? EquatableArray<LocatedText>.Empty,
            Pattern = pattern,
            MinLength = minLength,
            MaxLength = maxLength,
            MinItems = minItems,
            MaxItems = maxItems,
            UniqueItems = uniqueItems,
            MinProperties = minProperties,
            MaxProperties = maxProperties,
            Minimum = minimum,
            Maximum = maximum,
            ReadOnly = readOnly,
            WriteOnly = writeOnly,
            Deprecated = deprecated,
            Default = defaultValue,
            HasUnsupportedComposition = composition,
            XmlName = xmlName,
            Title = title,
            EnumNames = enumNames is not null && enumNames.Count == (enumValues?.Count ?? 0) ? enumNames.ToEquatableArray() : EquatableArray<string>.Empty,
            Variants = variants?.ToEquatableArray() ?? EquatableArray<SchemaSpec>.Empty,
            VariantsLocation = variantsAt,
            Discriminator = discriminator,
            Binary = binaryFormat || swagger2File,
            ContentMediaType = contentMediaType,
        };
        return allOf is null ? schema : MergeAllOf(schema, allOf, allOfKey!);
    }

    private static SchemaSpec EmptySchema(LocationInfo at) => new(at);

    private DiscriminatorSpec? ReadDiscriminator(YamlNode value)
    {
        if (Text(Get(value, "propertyName")) is not { Length: > 0 } propertyName || !IsCodeSafe(Get(value, "propertyName")!, "discriminator property"))
        {
            Report(DiagnosticDescriptors.InvalidValue, Locate(value), "'discriminator' must name its 'propertyName'");
            return null;
        }

        var mapping = new List<DiscriminatorMappingSpec>();
        if (Get(value, "mapping") is YamlMapping entries)
        {
            foreach (var (key, target) in Entries(entries))
            {
                var name = Text(target) is { } pointer ? ComponentSchemaName(pointer) ?? pointer : null;
                if (name is null || Get(Get(_components, "schemas"), name) is null)
                {
                    Report(DiagnosticDescriptors.UnresolvedReference, Locate(target), Text(target) ?? "");
                    continue;
                }

                if (IsCodeSafe(key, "discriminator value"))
                {
                    mapping.Add(new DiscriminatorMappingSpec(key.Value ?? "", name));
                }
            }
        }

        return new DiscriminatorSpec(propertyName, mapping.ToEquatableArray(), Locate(value));
    }

    /// <summary>
    /// Whether a schema reached by a pointer into another schema leads back to itself through such pointers (Codat's
    /// <c>#/components/schemas/PushOption/definitions/pushOptionProperty</c> holds a reference to itself). References
    /// to whole named schemas are not followed: a named schema is a type, and a type breaks the recursion.
    /// </summary>
    private bool IsRecursiveInterior(YamlMapping target)
    {
        if (!_recursiveInterior.TryGetValue(target, out var recursive))
        {
            FindRecursiveInterior(target);
            recursive = _recursiveInterior[target];
        }

        return recursive;
    }

    /// <summary>
    /// Tarjan's strongly connected components over the schemas that pointers inside schemas reach from
    /// <paramref name="start"/>: one is recursive when it is on a cycle (a component of several, or one that points at
    /// itself). Every schema reached is decided at once and each one's pointers are collected once, so all of a
    /// document's pointers cost one walk, not one each (a chain of thousands would otherwise be quadratic).
    /// </summary>
    private void FindRecursiveInterior(YamlMapping start)
    {
        var order = new Dictionary<YamlMapping, int>();
        var low = new Dictionary<YamlMapping, int>();
        var open = new Stack<YamlMapping>();
        var onOpen = new HashSet<YamlMapping>();
        var work = new Stack<(YamlMapping Node, int Edge)>();
        work.Push((start, 0));
        while (work.Count > 0)
        {
            var (node, edge) = work.Pop();
            if (edge == 0)
            {
                order[node] = low[node] = order.Count;
                open.Push(node);
                onOpen.Add(node);
            }

            var targets = InteriorTargets(node);
            if (edge < targets.Count)
            {
                work.Push((node, edge + 1));
                var next = targets[edge];
                if (_recursiveInterior.ContainsKey(next))
                {
                    // Decided by an earlier search: its component is closed.
                }
                else if (!order.ContainsKey(next))
                {
                    work.Push((next, 0));
                }
                else if (onOpen.Contains(next))
                {
                    low[node] = Math.Min(low[node], order[next]);
                }

                continue;
            }

            if (low[node] == order[node])
            {
                var component = new List<YamlMapping>();
                YamlMapping member;
                do
                {
                    member = open.Pop();
                    onOpen.Remove(member);
                    component.Add(member);
                }
                while (!ReferenceEquals(member, node));

                var recursive = component.Count > 1 || targets.Contains(node);
                foreach (var decided in component)
                {
                    _recursiveInterior[decided] = recursive;
                }
            }

            if (work.Count > 0)
            {
                var parent = work.Peek().Node;
                low[parent] = Math.Min(low[parent], low[node]);
            }
        }
    }

    /// <summary>
    /// The schemas that pointers inside <paramref name="schema"/> (not to whole named schemas) reach, in document order;
    /// collected once per schema.
    /// </summary>
    private List<YamlMapping> InteriorTargets(YamlMapping schema)
    {
        if (_interiorTargets.TryGetValue(schema, out var known))
        {
            return known;
        }

        var targets = new List<YamlMapping>();
        var seen = new HashSet<YamlNode>();
        var pending = new Stack<YamlNode>();
        pending.Push(schema);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (!seen.Add(node))
            {
                continue;
            }

            Visit(node);
            if (node is YamlSequence sequence)
            {
                foreach (var child in sequence.Children)
                {
                    pending.Push(child);
                }
            }
            else if (node is YamlMapping map)
            {
                foreach (var entry in map.Children)
                {
                    if (entry.Key is YamlScalar { Value: "$ref" } && Text(entry.Value) is { } pointer)
                    {
                        if (ComponentSchemaName(pointer) is null && Pointer(pointer) is YamlMapping target)
                        {
                            targets.Add(target);
                        }
                    }
                    else
                    {
                        pending.Push(entry.Value);
                    }
                }
            }
        }

        _interiorTargets[schema] = targets;
        return targets;
    }

    /// <summary>
    /// The name a recursive schema inside another one is read under (see <see cref="ReadDocument"/>): its pointer after
    /// the schemas' section (<c>PushOption/definitions/pushOptionProperty</c>), made unique against the named schemas.
    /// </summary>
    private string InteriorSchemaName(YamlMapping target, string pointer)
    {
        if (_interiorSchemas.TryGetValue(target, out var known))
        {
            return known.Name;
        }

        var fragment = pointer.TrimStart('#', '/');
        var section = _swagger2 ? "definitions/" : "components/schemas/";
        var name = fragment.StartsWith(section, StringComparison.Ordinal) ? fragment.Substring(section.Length) : fragment;
        try
        {
            name = Uri.UnescapeDataString(name);
        }
        catch (UriFormatException)
        {
            // Pointer resolved it, so it decodes; kept as written all the same.
        }

        var unique = name;
        for (var n = 2; Get(Get(_components, "schemas"), unique) is not null || _interiorNames.Contains(unique); n++)
        {
            unique = name + n.ToString(CultureInfo.InvariantCulture);
        }

        _interiorNames.Add(unique);
        _interiorSchemas[target] = (unique, Locate(target));
        _interiorPending.Enqueue(target);
        return unique;
    }

    private LocatedText? ReadSchemaReference(YamlNode value)
    {
        var text = Text(value) ?? "";
        var at = Locate(value);
        var name = ComponentSchemaName(text);
        if (name is null || Get(Get(_components, "schemas"), name) is null)
        {
            Report(DiagnosticDescriptors.UnresolvedReference, at, text);
            return null;
        }

        return new LocatedText(name, at);
    }

    /// <summary>
    /// The schema name of a pointer to a whole named schema (<c>#/components/schemas/Stage</c>, Swagger 2.0's
    /// <c>#/definitions/Stage</c>), else null.
    /// </summary>
    private string? ComponentSchemaName(string pointer)
    {
        var prefix = _swagger2 ? "#/definitions/" : "#/components/schemas/";
        if (!pointer.StartsWith(prefix, StringComparison.Ordinal) || pointer.IndexOf('/', prefix.Length) >= 0)
        {
            return null;
        }

        var name = pointer.Substring(prefix.Length);
        try
        {
            name = Uri.UnescapeDataString(name);
        }
        catch (UriFormatException)
        {
            return null;
        }

        return name.Replace("~1", "/").Replace("~0", "~");
    }

    private List<string> ReadTypes(YamlNode value)
    {
        if (TypeNames(value) is not { } names)
        {
            Report(DiagnosticDescriptors.InvalidValue, Locate(value), "'type' must be one of string, integer, number, boolean, object, array, null, or a list of them");
            return new List<string>();
        }

        return names;
    }

    /// <summary>The types a <c>type</c> names, or null when it names something that is no type.</summary>
    private static List<string>? TypeNames(YamlNode value)
    {
        var names = value switch
        {
            YamlScalar scalar => new List<string> { scalar.Value ?? "" },
            YamlSequence sequence when sequence.Children.All(c => c is YamlScalar) =>
                sequence.Children.Select(c => ((YamlScalar)c).Value ?? "").ToList(),
            _ => null,
        };
        return names is not null && names.All(SchemaTypes.Contains) ? names : null;
    }

    private LocatedText? ReadPattern(YamlNode value)
    {
        var at = Locate(value);
        if (Text(value) is not { } pattern)
        {
            Report(DiagnosticDescriptors.InvalidValue, at, "'pattern' must be a string");
            return null;
        }

        if (pattern.Length > MaxPatternChars)
        {
            // Its check is left out, not the spec: the server still checks what the client cannot.
            Report(DiagnosticDescriptors.ConstraintNotChecked, at, $"The pattern has {pattern.Length.ToString("N0", CultureInfo.InvariantCulture)} characters, more than the {MaxPatternChars.ToString("N0", CultureInfo.InvariantCulture)} StageGen reads; it is not checked");
            return null;
        }

        if (!IsCodeSafe(value, "pattern", MaxPatternChars))
        {
            return null;
        }

        // The pattern is ECMA-262; what the validators run is its .NET translation, which must compile too.
        // Read once: the translation and the risk come from the same tokens.
        var tokens = EcmaPattern.Tokenize(pattern, out var error);
        try
        {
            if (tokens is not null)
            {
                _ = new Regex(EcmaPattern.Translation(tokens), RegexOptions.CultureInvariant);
            }
        }
        catch (ArgumentException ex)
        {
            error = ex.Message;
        }

        if (error is not null)
        {
            Report(DiagnosticDescriptors.ConstraintNotChecked, at, $"The pattern '{pattern}' is not a regular expression StageGen can check ({error}); it is not checked");
            return null;
        }

        if (PatternRisk.Find(pattern, tokens!) is { } risk)
        {
            Report(DiagnosticDescriptors.CatastrophicBacktracking, at, pattern, risk);
        }

        return new LocatedText(pattern, at);
    }

    private long? Count(YamlScalar key, YamlNode value)
    {
        if (value is YamlScalar { Value: { } text }
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            && count <= int.MaxValue)
        {
            return count;
        }

        Report(DiagnosticDescriptors.InvalidValue, Locate(value), $"'{key.Value}' must be a non-negative integer");
        return null;
    }

    private string? Number(YamlScalar key, YamlNode value)
    {
        if (value is YamlScalar { Value: { } text }
            && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return number.ToString(CultureInfo.InvariantCulture);
        }

        Report(DiagnosticDescriptors.InvalidValue, Locate(value), $"'{key.Value}' must be a number");
        return null;
    }
}
