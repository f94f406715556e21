using StageGen.Generator.Common;

namespace StageGen.Generator.Spec;

// The read step's output: the OpenAPI subset StageGen understands, as value-equatable records.
// Parameter, response and request-body $refs are already resolved; schema $refs are kept by name for the binder.

/// <summary>One spec file, read.</summary>
internal sealed record SpecDocument(
    string Path,
    string? Title,
    string? Description,
    EquatableArray<OperationSpec> Operations,
    EquatableArray<NamedSchemaSpec> Schemas)
{
    /// <summary>The errors any operation may meet (<c>x-stagegen-service-errors</c>), in the order written.</summary>
    public EquatableArray<ResponseSpec> ServiceErrors { get; init; } = EquatableArray<ResponseSpec>.Empty;
}

/// <summary>A schema under <c>components/schemas</c>.</summary>
internal sealed record NamedSchemaSpec(string Name, SchemaSpec Schema, LocationInfo Location);

/// <summary>
/// A piece of a path template: literal text, or the name of a <c>{parameter}</c>; <see cref="Offset"/> is where it
/// starts in the template, <see cref="Location"/> where a parameter is in the file.
/// </summary>
internal sealed record PathSegment(string Text, bool IsParameter, int Offset)
{
    public LocationInfo? Location { get; init; }

    /// <summary>How many characters of the template it takes (a parameter's braces included).</summary>
    public int Length => IsParameter ? Text.Length + 2 : Text.Length;
}

internal sealed record OperationSpec(
    string? OperationId,
    string Method,
    string PathTemplate,
    EquatableArray<PathSegment> PathSegments,
    string? Summary,
    string? Description,
    bool Deprecated,
    EquatableArray<ParameterSpec> Parameters,
    RequestBodySpec? RequestBody,
    EquatableArray<ResponseSpec> Responses,
    LocationInfo Location,
    LocationInfo? OperationIdLocation)
{
    /// <summary>The client method's name the spec gives with <c>x-stagegen-name</c>, before its <c>operationId</c>.</summary>
    public LocatedText? MethodName { get; init; }

    /// <summary>How messages name the operation: its <c>operationId</c>, else its method and path.</summary>
    public string Display => OperationId ?? $"{Method.ToUpperInvariant()} {PathTemplate}";
}

internal sealed record ParameterSpec(
    string Name,
    string In,
    bool Required,
    string? Description,
    bool Deprecated,
    SchemaSpec Schema,
    LocationInfo Location);

/// <summary>A request body; <see cref="Schema"/> is null when it has no <c>application/json</c> content.</summary>
internal sealed record RequestBodySpec(bool Required, string? Description, SchemaSpec? Schema, LocationInfo Location);

/// <summary>A response by status code (<c>200</c>, <c>4XX</c>, <c>default</c>); <see cref="Schema"/> is null without JSON content.</summary>
internal sealed record ResponseSpec(string StatusCode, string? Description, SchemaSpec? Schema, LocationInfo Location);

/// <summary>A numeric bound as written in the spec (invariant text), and whether it is exclusive.</summary>
internal sealed record NumberBound(string Value, bool Exclusive);

/// <summary>A scalar value with the place it was written.</summary>
internal sealed record LocatedText(string Value, LocationInfo Location);

/// <summary>
/// A schema as written, at <see cref="Location"/>: each keyword StageGen reads is a property, unset when the schema
/// does not have it (an <see cref="EquatableArray{T}"/> left unset is empty).
/// </summary>
internal sealed record SchemaSpec(LocationInfo Location)
{
    public LocatedText? Ref { get; init; }

    public EquatableArray<string> Types { get; init; }

    public string? Format { get; init; }

    public string? Description { get; init; }

    public EquatableArray<PropertySpec> Properties { get; init; }

    public EquatableArray<string> Required { get; init; }

    public SchemaSpec? AdditionalProperties { get; init; }

    public SchemaSpec? PropertyNames { get; init; }

    public SchemaSpec? Items { get; init; }

    public EquatableArray<LocatedText> Enum { get; init; }

    public LocatedText? Pattern { get; init; }

    public long? MinLength { get; init; }

    public long? MaxLength { get; init; }

    public long? MinItems { get; init; }

    public long? MaxItems { get; init; }

    public NumberBound? Minimum { get; init; }

    public NumberBound? Maximum { get; init; }

    public bool ReadOnly { get; init; }

    public bool WriteOnly { get; init; }

    public bool Deprecated { get; init; }

    public string? Default { get; init; }

    public bool HasUnsupportedComposition { get; init; }

    /// <summary>The <c>xml.name</c> the schema gives (where AWS-converted documents keep the wire name).</summary>
    public string? XmlName { get; init; }
}

internal sealed record PropertySpec(string Name, SchemaSpec Schema, LocationInfo Location);
