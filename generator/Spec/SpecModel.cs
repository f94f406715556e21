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

    /// <summary>The document's <c>servers</c>, in order: the first is the default.</summary>
    public EquatableArray<ServerSpec> Servers { get; init; } = EquatableArray<ServerSpec>.Empty;

    /// <summary><c>components/securitySchemes</c>, in the order written (unsupported ones too, so requirements may name them).</summary>
    public EquatableArray<SecuritySchemeSpec> SecuritySchemes { get; init; } = EquatableArray<SecuritySchemeSpec>.Empty;

    /// <summary>The top-level <c>security</c>: what an operation without its own requires (empty: nothing).</summary>
    public EquatableArray<SecurityRequirementSpec> Security { get; init; } = EquatableArray<SecurityRequirementSpec>.Empty;

    /// <summary><c>info.x-aws-signingName</c>: the name AWS SigV4 signs the service's requests with.</summary>
    public string? AwsSigningName { get; init; }
}

/// <summary>
/// A server: its URL template (<c>https://apigateway.{region}.amazonaws.com</c>) in <see cref="Segments"/>, and its
/// variables.
/// </summary>
internal sealed record ServerSpec(string Url, EquatableArray<PathSegment> Segments, EquatableArray<ServerVariableSpec> Variables, string? Description, LocationInfo Location);

/// <summary>A server variable: its default, the values it may take (empty: any), and where it is declared.</summary>
internal sealed record ServerVariableSpec(string Name, string Default, EquatableArray<string> Enum, string? Description, LocationInfo Location);

/// <summary>How a security scheme puts its credentials on a request.</summary>
internal enum SecuritySchemeKind
{
    /// <summary><c>type: apiKey</c>: a key in the header, query parameter or cookie <see cref="SecuritySchemeSpec.ParameterName"/>.</summary>
    ApiKey,

    /// <summary><c>type: http, scheme: bearer</c>.</summary>
    Bearer,

    /// <summary><c>type: http, scheme: basic</c>.</summary>
    Basic,

    /// <summary>AWS Signature Version 4 (<c>x-amazon-apigateway-authtype: awsSigv4</c>): a handler signs, the client adds nothing.</summary>
    AwsSigV4,

    /// <summary>A scheme StageGen does not apply (OAuth 2, OpenID Connect, mutual TLS, another http scheme); reported.</summary>
    Unsupported,
}

/// <summary>
/// A security scheme under <c>components/securitySchemes</c>. <see cref="In"/> is an API key's place (<c>header</c>,
/// <c>query</c>, <c>cookie</c>); <see cref="Type"/> is the spec's <c>type</c>, with its <c>scheme</c> for <c>http</c>.
/// </summary>
internal sealed record SecuritySchemeSpec(
    string Name,
    SecuritySchemeKind Kind,
    string Type,
    string? In,
    string? ParameterName,
    string? Description,
    LocationInfo Location);

/// <summary>
/// One entry of a <c>security</c> list: the schemes it names, all of which a request needs (none: no credentials); a
/// list of entries means any one of them.
/// </summary>
internal sealed record SecurityRequirementSpec(EquatableArray<string> Schemes, LocationInfo Location);

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

    /// <summary>
    /// The query a path key carries after its <c>?</c> (<c>/rest?method=flickr.photos.search</c>), as written; null
    /// without one. Its literal pairs are <see cref="FixedQuery"/>; its <c>{parameter}</c> pairs became query parameters.
    /// </summary>
    public string? PathQuery { get; init; }

    /// <summary>The literal <c>name=value</c> pairs of <see cref="PathQuery"/>, unescaped, in order: sent on every call.</summary>
    public EquatableArray<QueryPairSpec> FixedQuery { get; init; } = EquatableArray<QueryPairSpec>.Empty;

    /// <summary>The path key as the spec writes it, its query included.</summary>
    public string PathKey => PathQuery is null ? PathTemplate : PathTemplate + "?" + PathQuery;

    /// <summary>How messages name the operation: its <c>operationId</c>, else its method and path.</summary>
    public string Display => OperationId ?? $"{Method.ToUpperInvariant()} {PathKey}";

    /// <summary>The operation's own <c>security</c> (<c>[]</c>: no credentials); null when it has none and the document's applies.</summary>
    public EquatableArray<SecurityRequirementSpec>? Security { get; init; }
}

/// <summary>A <c>name=value</c> pair of a path key's query (<c>/rest?method=flickr.photos.search</c>), unescaped.</summary>
internal sealed record QueryPairSpec(string Name, string Value);

internal sealed record ParameterSpec(
    string Name,
    string In,
    bool Required,
    string? Description,
    bool Deprecated,
    SchemaSpec Schema,
    LocationInfo Location)
{
    /// <summary>The <c>style</c> as written (<c>form</c>, <c>deepObject</c>, <c>spaceDelimited</c>, ...); null when unset.</summary>
    public string? Style { get; init; }

    /// <summary>The <c>explode</c> flag; null when unset (then true for <c>form</c>, OpenAPI's default).</summary>
    public bool? Explode { get; init; }

    /// <summary>
    /// Given as <c>content</c> with a JSON media type (<c>application/json</c>): a structured value is sent as its JSON
    /// text, not spread into fields by <see cref="Style"/>; a scalar is sent as it would be from a <c>schema</c>.
    /// </summary>
    public bool IsJsonContent { get; init; }
}

/// <summary>How a body is carried: by its media type.</summary>
internal enum BodyMedia
{
    Json,
    Text,
    Binary,

    /// <summary><c>application/x-www-form-urlencoded</c>: the schema's members as form fields.</summary>
    Form,

    /// <summary><c>multipart/form-data</c>: the schema's members as parts, its binary strings as files.</summary>
    Multipart,
    Unsupported,
}

/// <summary>
/// A body's content as the client sends or reads it: JSON of <see cref="Schema"/>, or text or bytes of
/// <see cref="MediaType"/> (the schema, if any, only describes them).
/// </summary>
internal sealed record ContentSpec(BodyMedia Media, string MediaType, SchemaSpec? Schema)
{
    /// <summary>A form's members whose <c>encoding</c> is <c>style: deepObject</c>: lists sent as <c>name[0]=</c>, not <c>name=</c> repeated.</summary>
    public EquatableArray<string> DeepObjectMembers { get; init; } = EquatableArray<string>.Empty;

    /// <summary>A multipart body's <c>encoding</c>, member by member, in the order written.</summary>
    public EquatableArray<PartEncodingSpec> Encodings { get; init; } = EquatableArray<PartEncodingSpec>.Empty;
}

/// <summary>
/// One entry of a multipart body's <c>encoding</c>: the member's <c>contentType</c> (as written, maybe a list or a
/// wildcard) and its <c>style</c>, which sends it as form fields.
/// </summary>
internal sealed record PartEncodingSpec(string Name, string? ContentType, string? Style);

/// <summary>A request body; <see cref="Content"/> is null when it has none StageGen can send.</summary>
internal sealed record RequestBodySpec(bool Required, string? Description, ContentSpec? Content, LocationInfo Location)
{
    /// <summary>The schema of a JSON, form or multipart body; null for other media.</summary>
    public SchemaSpec? Schema => Content is { Media: BodyMedia.Json or BodyMedia.Form or BodyMedia.Multipart } typed ? typed.Schema : null;
}

/// <summary>A response by status code (<c>200</c>, <c>4XX</c>, <c>default</c>); <see cref="Content"/> is null without a body StageGen reads.</summary>
internal sealed record ResponseSpec(string StatusCode, string? Description, ContentSpec? Content, LocationInfo Location)
{
    /// <summary>The JSON body's schema; null for other media.</summary>
    public SchemaSpec? Schema => Content is { Media: BodyMedia.Json } json ? json.Schema : null;

    /// <summary>The response's declared <c>headers</c>, in the order written (<c>Content-Type</c> aside, as OpenAPI says).</summary>
    public EquatableArray<HeaderSpec> Headers { get; init; } = EquatableArray<HeaderSpec>.Empty;
}

/// <summary>A declared response header: its name (an HTTP token), its value's schema, and where it is declared.</summary>
internal sealed record HeaderSpec(string Name, string? Description, SchemaSpec Schema, LocationInfo Location);

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

    /// <summary>The values allowed; beside a <see cref="Ref"/>, those of the referenced enum that this use allows.</summary>
    public EquatableArray<LocatedText> Enum { get; init; }

    public LocatedText? Pattern { get; init; }

    public long? MinLength { get; init; }

    public long? MaxLength { get; init; }

    public long? MinItems { get; init; }

    public long? MaxItems { get; init; }

    /// <summary>A map's bounds on its entries (<c>minProperties</c>, <c>maxProperties</c>).</summary>
    public long? MinProperties { get; init; }

    public long? MaxProperties { get; init; }

    /// <summary>`uniqueItems: true`: a list's items must differ (of no meaning on other values).</summary>
    public bool UniqueItems { get; init; }

    public NumberBound? Minimum { get; init; }

    public NumberBound? Maximum { get; init; }

    public bool ReadOnly { get; init; }

    public bool WriteOnly { get; init; }

    public bool Deprecated { get; init; }

    public string? Default { get; init; }

    public bool HasUnsupportedComposition { get; init; }

    /// <summary>The <c>xml.name</c> the schema gives (where AWS-converted documents keep the wire name).</summary>
    public string? XmlName { get; init; }

    /// <summary>The schema's <c>title</c>: names an inline variant of a union, or a value of an enum written as <c>oneOf</c> of <c>const</c>s.</summary>
    public string? Title { get; init; }

    /// <summary>
    /// Names for the <see cref="Enum"/> values, one each, in order (<c>x-enum-varnames</c>, <c>x-enumNames</c>, or the
    /// titles of a <c>oneOf</c> of <c>const</c>s); empty when the document names none.
    /// </summary>
    public EquatableArray<string> EnumNames { get; init; }

    /// <summary>
    /// The variants of <c>oneOf</c> or <c>anyOf</c> (read alike: the value is the first variant that fits), in the order
    /// written; empty without them.
    /// </summary>
    public EquatableArray<SchemaSpec> Variants { get; init; }

    /// <summary>Where <see cref="Variants"/> were written (the <c>oneOf</c>/<c>anyOf</c> key).</summary>
    public LocationInfo? VariantsLocation { get; init; }

    /// <summary>The <c>discriminator</c> that tells <see cref="Variants"/> apart, when there is one.</summary>
    public DiscriminatorSpec? Discriminator { get; init; }

    /// <summary>
    /// A string of raw bytes: <c>format: binary</c>, a <c>contentMediaType</c> without an encoding (or
    /// <c>contentEncoding: binary</c>), or 2.0's <c>type: file</c>. In a multipart body it is a file part.
    /// </summary>
    public bool Binary { get; init; }

    /// <summary>JSON Schema's <c>contentMediaType</c>: the media type of a binary string's bytes (a file part's default).</summary>
    public string? ContentMediaType { get; init; }

    /// <summary>
    /// For an <c>allOf</c> of one reference to a named object and inline object parts, read as the merged object this
    /// schema is: the reference and the inline parts merged alone, so the binder may make the type derive from the
    /// referenced one instead.
    /// </summary>
    public AllOfBaseSpec? AllOfBase { get; init; }
}

/// <summary>
/// The base of an <c>allOf</c> (<see cref="Ref"/>, a named object schema) and what the other parts add to it
/// (<see cref="Own"/>: their properties and required names).
/// </summary>
internal sealed record AllOfBaseSpec(LocatedText Ref, SchemaSpec Own);

/// <summary>
/// A <c>discriminator</c>: the member whose value names the variant, and its <c>mapping</c> from values to named schemas
/// (values not mapped are the variants' schema names).
/// </summary>
internal sealed record DiscriminatorSpec(string PropertyName, EquatableArray<DiscriminatorMappingSpec> Mapping, LocationInfo Location);

/// <summary>One entry of a discriminator's mapping: a value and the named schema it selects.</summary>
internal sealed record DiscriminatorMappingSpec(string Value, string SchemaName);

internal sealed record PropertySpec(string Name, SchemaSpec Schema, LocationInfo Location);
