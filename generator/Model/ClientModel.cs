using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using StageGen.Generator.Common;
using StageGen.Generator.Spec;

namespace StageGen.Generator.Model;

// The bind step's output: C# names, types and rules, everything the emitters need and nothing they must work out.

/// <summary>Per-spec options from the <c>ApiSpec</c> item.</summary>
internal sealed record SpecOptions(string Namespace, string ClientName);

/// <summary>The few facts the generator takes from the compilation; small so it stays cached across edits.</summary>
internal sealed record CompilationFacts(bool HasHttpClientFactory);

internal sealed record ClientModel(
    string Namespace,
    string ClientName,
    string SpecFileName,
    string? Title,
    string? Description,
    EquatableArray<ObjectModel> Objects,
    EquatableArray<EnumModel> Enums,
    EquatableArray<OperationModel> Operations,
    bool EmitDependencyInjection)
{
    public string InterfaceName => "I" + ClientName + "Client";

    public string ClassName => ClientName + "Client";

    public string JsonClassName => ClientName + "Json";

    public string ValidationClassName => ClientName + "Validation";

    // The emitters look types up by name for every member they print: an index per model keeps that linear in the
    // model's size. Static, so record equality (the pipeline's cache) never sees it.
    private static readonly ConditionalWeakTable<ClientModel, Dictionary<string, ObjectModel>> ObjectIndex = new();
    private static readonly ConditionalWeakTable<ClientModel, Dictionary<string, EnumModel>> EnumIndex = new();

    /// <summary>The object type the binder named <paramref name="name"/>.</summary>
    public ObjectModel ObjectNamed(string? name) => Find(ObjectIndex.GetValue(this, model => Index(model.Objects, o => o.Name)), name);

    /// <summary>The enum type the binder named <paramref name="name"/>.</summary>
    public EnumModel EnumNamed(string? name) => Find(EnumIndex.GetValue(this, model => Index(model.Enums, e => e.Name)), name);

    private static T Find<T>(Dictionary<string, T> index, string? name) =>
        name is not null && index.TryGetValue(name, out var type) ? type : throw new InvalidOperationException($"The model has no type named {name}.");

    private static Dictionary<string, T> Index<T>(EquatableArray<T> items, Func<T, string> name)
        where T : IEquatable<T>
    {
        var index = new Dictionary<string, T>(items.Count, StringComparer.Ordinal);
        foreach (var item in items)
        {
            // The first of a name, as a search in order finds it.
            if (!index.ContainsKey(name(item)))
            {
                index.Add(name(item), item);
            }
        }

        return index;
    }

    /// <summary>Every distinct pattern the validators check, in the order they first check it, with its method's name.</summary>
    public EquatableArray<PatternModel> Patterns { get; init; } = EquatableArray<PatternModel>.Empty;

    /// <summary>The character sets the patterns checked without a regex use, each once, in the order first used.</summary>
    public EquatableArray<CharacterSetModel> CharacterSets { get; init; } = EquatableArray<CharacterSetModel>.Empty;

    /// <summary>The errors any operation may meet (<c>x-stagegen-service-errors</c>), as declared.</summary>
    public EquatableArray<ErrorResponseModel> ServiceErrors { get; init; } = EquatableArray<ErrorResponseModel>.Empty;

    /// <summary>The typed service-wide errors, in the order the runtime tries their statuses.</summary>
    public EquatableArray<ErrorCaseModel> ServiceErrorTable { get; init; } = EquatableArray<ErrorCaseModel>.Empty;

    /// <summary>The client's static field that describes the service to the runtime, shared by the operations.</summary>
    public string ServiceDescriptor { get; init; } = "Service";

    /// <summary>
    /// Whether the options alone make a working client: the spec has a server to send to, and no scheme signs with AWS
    /// SigV4 (its signer is a handler of StageGen.Aws that must be on the HttpClient).
    /// </summary>
    public bool NeedsNoHttpClient => Server is not null && !SecuritySchemes.Any(scheme => scheme.Kind == CredentialKind.AwsSigV4);

    /// <summary>The client's options class, <c>{Name}ClientOptions</c>, derived from the runtime's ApiClientOptions.</summary>
    public string OptionsClassName => ClientName + "ClientOptions";

    /// <summary>The spec's default server, when it can be the client's default base address.</summary>
    public ServerModel? Server { get; init; }

    /// <summary>The URLs of the spec's other servers, for the documentation.</summary>
    public EquatableArray<string> OtherServers { get; init; } = EquatableArray<string>.Empty;

    /// <summary>The security schemes some operation requires, in the order declared, with the option members they need.</summary>
    public EquatableArray<SecuritySchemeModel> SecuritySchemes { get; init; } = EquatableArray<SecuritySchemeModel>.Empty;

    /// <summary>The service's SigV4 signing name (<c>info.x-aws-signingName</c>), a constant of the options class.</summary>
    public string? AwsSigningName { get; init; }

    /// <summary>The options class's constant that holds <see cref="AwsSigningName"/>.</summary>
    public string AwsSigningNameField { get; init; } = "AwsSigningName";
}

/// <summary>
/// The spec's default server as the options class builds it: <see cref="Parts"/> in order, each literal text or a
/// variable's option checked for its place, and the variables as options.
/// </summary>
internal sealed record ServerModel(string Url, string? Description, EquatableArray<ServerPartModel> Parts, EquatableArray<ServerVariableModel> Variables);

/// <summary>Where a part of a server URL is: it decides how a variable's value is checked and escaped.</summary>
internal enum ServerPartKind
{
    Text,
    Scheme,
    Host,
    Path,
}

/// <summary>A piece of a server URL: <see cref="Text"/> as written, or the variable whose option is <see cref="Property"/>.</summary>
internal sealed record ServerPartModel(ServerPartKind Kind, string? Text, string? Property);

/// <summary>
/// A server variable as an option: its property, default, the values allowed (empty: any) and, when there are some,
/// the static field that holds them.
/// </summary>
internal sealed record ServerVariableModel(string Name, string Property, string Default, EquatableArray<string> Enum, string? Description)
{
    public string? ValuesField { get; init; }
}

/// <summary>How a security scheme's credentials reach the request.</summary>
internal enum CredentialKind
{
    ApiKeyHeader,
    ApiKeyQuery,
    ApiKeyCookie,
    Bearer,
    Basic,

    /// <summary>AWS SigV4: StageGen.Aws's handler signs; the client adds nothing.</summary>
    AwsSigV4,
}

/// <summary>
/// A security scheme some operation requires. <see cref="Credential"/> is the options property with the API key, bearer
/// token or user name, <see cref="SecondCredential"/> the bearer token provider or password (neither for SigV4).
/// </summary>
internal sealed record SecuritySchemeModel(string Name, CredentialKind Kind, string? ParameterName, string? Description)
{
    public string? Credential { get; init; }

    public string? SecondCredential { get; init; }

    /// <summary>Whether the client itself puts the credentials on the request (not SigV4, which a handler signs).</summary>
    public bool IsApplied => Kind != CredentialKind.AwsSigV4;
}

/// <summary>
/// What an operation's security asks of the client: the <see cref="Alternatives"/> it puts credentials on the request
/// for (each the schemes it applies together; the first whose credentials are set is used), whether it may send none
/// (an alternative needs nothing the client applies: <c>{}</c>, or only SigV4 or an unsupported scheme), and what to
/// set, for the error when neither holds. <see cref="ChoiceLocal"/> holds the chosen alternative when there is a choice.
/// </summary>
internal sealed record OperationAuthModel(EquatableArray<AuthAlternativeModel> Alternatives, bool AllowsNone, string Needed, string ChoiceLocal)
{
    /// <summary>Whether the method picks one of several ways (or none); else it applies the one alternative or fails.</summary>
    public bool HasChoice => Alternatives.Count > 1 || AllowsNone;
}

/// <summary>The schemes one alternative applies together.</summary>
internal sealed record AuthAlternativeModel(EquatableArray<SecuritySchemeModel> Schemes);

/// <summary>How the validators check a pattern.</summary>
internal enum PatternStrategy
{
    /// <summary>A literal, anchored or not: <c>==</c>, <c>StartsWith</c>, <c>EndsWith</c> or <c>Contains</c>.</summary>
    Literal,

    /// <summary>After <c>^</c>: fixed characters or sets, then at most one repeated one (<c>^[a-z][a-z0-9-]*$</c>).</summary>
    CharacterSets,

    /// <summary>An anchored alternation of literals and character sets: <c>^(\$default|[A-Za-z0-9_-]+)$</c>.</summary>
    AnchoredAlternation,

    /// <summary>The runtime's <c>SpecPattern</c> (a non-backtracking regex) on the pattern's .NET translation.</summary>
    Regex,
}

/// <summary>
/// A spec pattern, how it is checked and the names the validation class gives it: the method
/// <c>MatchesPattern{n}</c>, and with a regex the field <c>s_pattern{n}</c>.
/// </summary>
internal sealed record PatternModel(string Pattern, string MethodName, PatternStrategy Strategy)
{
    /// <summary>Without a regex: the alternatives; the value matches when one of them does.</summary>
    public EquatableArray<PatternAlternative> Alternatives { get; init; } = EquatableArray<PatternAlternative>.Empty;

    /// <summary>With a regex: the static field that holds the runtime's <c>SpecPattern</c>.</summary>
    public string? RegexField { get; init; }

    /// <summary>With a regex: the .NET pattern with the spec pattern's ECMA-262 meaning.</summary>
    public string? Translated { get; init; }
}

/// <summary>
/// One alternative checked without a regex: characters in order, anchored at the start and/or the end;
/// <see cref="IsLiteral"/> when each is one fixed character.
/// </summary>
internal sealed record PatternAlternative(EquatableArray<PatternItem> Items, bool Start, bool End, bool IsLiteral);

/// <summary>
/// One character repeated <see cref="Min"/> to <see cref="Max"/> times: <see cref="Char"/>, or one of
/// <see cref="Set"/> (one not in it when <see cref="Negated"/>), held in the field <see cref="SetField"/>.
/// </summary>
internal sealed record PatternItem(char Char, string? Set, bool Negated, int Min, int Max)
{
    public string? SetField { get; init; }
}

/// <summary>A character set some pattern checks: a <c>SearchValues&lt;char&gt;</c> field of the validation class.</summary>
internal sealed record CharacterSetModel(string FieldName, string Characters);

internal enum TypeKind
{
    String,
    Boolean,
    Int32,
    Int64,
    Double,
    Single,
    DateTimeOffset,
    DateOnly,
    Guid,
    Uri,
    Bytes,
    Object,
    /// <summary>An extensible string enum: a struct over the text.</summary>
    Enum,

    /// <summary>An enum of integers: a C# <c>enum</c>, which holds a value the spec does not name as it is.</summary>
    IntegerEnum,
    Map,
    List,
    Json,

    /// <summary>A body that is bytes of some media type (a file, an image): a <c>Stream</c>.</summary>
    Stream,

    /// <summary>A file part of a multipart body: the runtime's <c>ApiFile</c> (a stream, a file name, a media type).</summary>
    File,

    /// <summary>A union's variant whose one value is the empty string: the runtime's <c>EmptyString</c>.</summary>
    EmptyString,
}

/// <summary>What the spec allows for one value, beyond its type.</summary>
internal sealed record ConstraintModel(
    string? Pattern,
    long? MinLength,
    long? MaxLength,
    long? MinItems,
    long? MaxItems,
    NumberBound? Minimum,
    NumberBound? Maximum,
    bool UniqueItems = false)
{
    public static readonly ConstraintModel None = new(null, null, null, null, null, null, null);

    public bool IsEmpty => Equals(None);
}

/// <summary>
/// A value's C# type. <see cref="Name"/> names objects and enums; <see cref="Element"/> is a list's item or a map's
/// value; <see cref="AllowsNull"/> is the spec's <c>null</c> type, not C# optionality.
/// </summary>
internal sealed record TypeModel(
    TypeKind Kind,
    string? Name,
    TypeModel? Element,
    ConstraintModel Constraints,
    ConstraintModel KeyConstraints,
    bool AllowsNull)
{
    /// <summary>A file, or a list of files: a multipart body's file part(s), never JSON.</summary>
    public bool IsFile => Kind == TypeKind.File || (Kind == TypeKind.List && Element!.Kind == TypeKind.File);

    public bool IsValueType => Kind is TypeKind.Boolean or TypeKind.Int32 or TypeKind.Int64 or TypeKind.Double or TypeKind.Single
        or TypeKind.DateTimeOffset or TypeKind.DateOnly or TypeKind.Guid or TypeKind.Enum or TypeKind.IntegerEnum or TypeKind.Json
        or TypeKind.EmptyString;
}

internal sealed record PropertyModel(
    string JsonName,
    string Name,
    TypeModel Type,
    bool Required,
    bool ReadOnly,
    bool WriteOnly,
    bool Deprecated,
    string? Description,
    string? Default)
{
    /// <summary>Not required but nullable: absent and explicit null differ, so the property is an <c>Optional&lt;T?&gt;</c>.</summary>
    public bool IsOptionalWrapper => !Required && Type.AllowsNull;

    /// <summary>
    /// The local that holds the member in the generated reader, writer and validator (camelCase, never one of
    /// <see cref="Names.RecordLocals"/>).
    /// </summary>
    public string Local { get; init; } = "";

    /// <summary>The JSON class's <c>JsonEncodedText</c> field with the member's encoded name (one per distinct name).</summary>
    public string NameField { get; init; } = "";

    /// <summary>A member the record inherits from its base record: read, written and checked with the record's own, declared by the base.</summary>
    public bool Inherited { get; init; }
}

/// <summary>
/// An object schema. <see cref="EmitRecord"/>: a DTO record is generated; <see cref="ExceptionName"/>: the schema is an
/// error response body and an exception type carries its fields.
/// </summary>
internal sealed record ObjectModel(
    string Name,
    string SchemaName,
    string? Description,
    bool Deprecated,
    EquatableArray<PropertyModel> Properties,
    bool EmitRecord,
    string? ExceptionName)
{
    /// <summary>For an error schema: the names its exception reads the body with.</summary>
    public ErrorReaderModel? ErrorReader { get; init; }

    /// <summary>
    /// For a <c>oneOf</c>/<c>anyOf</c>: the type is a union of these variants (no <see cref="Properties"/>), one of
    /// which is set, or its unknown member holds a value none of them fits.
    /// </summary>
    public UnionModel? Union { get; init; }

    /// <summary>
    /// Whether a required member of this type that a response leaves out can read as the empty object (<c>{}</c>, its
    /// own members by the same rule); false when the type requires itself, directly or through other types.
    /// </summary>
    public bool ReadsEmpty { get; init; } = true;

    /// <summary>Whether a request can carry this type (as a body or inside one), so the validation class checks it.</summary>
    public bool Validated { get; init; }

    /// <summary>A multipart body's record with files: written as JSON (its files aside), never read.</summary>
    public bool HasFiles => Properties.Any(p => p.Type.IsFile);

    /// <summary>
    /// The record this one derives from (an <c>allOf</c> of one named object and parts of its own); its members are
    /// first in <see cref="Properties"/>, marked <see cref="PropertyModel.Inherited"/>.
    /// </summary>
    public string? BaseName { get; init; }

    /// <summary>The records that derive from this one directly; a record without any is sealed.</summary>
    public EquatableArray<string> DerivedNames { get; init; } = EquatableArray<string>.Empty;

    /// <summary>
    /// The member whose value names the derived record a JSON object is (the discriminator of this record or the
    /// nearest base with one), when some derived record has a value; null without.
    /// </summary>
    public string? DiscriminatorJsonName { get; init; }

    /// <summary>The discriminator's values that select a derived record, each once, with that record's name.</summary>
    public EquatableArray<DerivedCaseModel> DerivedCases { get; init; } = EquatableArray<DerivedCaseModel>.Empty;

    /// <summary>Whether the record is part of a hierarchy whose validators call this one's own rules: it has derived records.</summary>
    public bool HasDerived => DerivedNames.Count > 0;

    /// <summary>
    /// The validation class's method with this record's own rules and its base's, without looking at the run-time type
    /// (<c>Validate</c> goes to the derived record's validator first): <c>ValidateMembers</c>, overloaded by type.
    /// </summary>
    public const string ValidateMembersMethod = "ValidateMembers";

    /// <summary>The JSON class's reader of this type: <c>Read{Name}</c>.</summary>
    public string ReadMethod => "Read" + Name;

    /// <summary>The JSON class's whole-document reader of this type: <c>Deserialize{Name}</c>.</summary>
    public string DeserializeMethod => "Deserialize" + Name;
}

/// <summary>A value of a discriminator and the derived record it selects.</summary>
internal sealed record DerivedCaseModel(string Value, string TypeName);

/// <summary>
/// A union: its variants in the order tried, the member that keeps a value none fits (<see cref="UnknownName"/>,
/// raw JSON), and the discriminator's member when a member of the object names the variant. <see cref="VariantsField"/>
/// is the JSON class's table of the object variants' shapes, for a union without a discriminator.
/// </summary>
internal sealed record UnionModel(EquatableArray<UnionVariantModel> Variants, string UnknownName, string? DiscriminatorJsonName, string VariantsField);

/// <summary>
/// A variant of a union: the member that holds it and its type. For an object variant: the values of the discriminator
/// that select it, and its shape (members it requires, members it declares, members with one allowed value: name,
/// value, name, value...) by which an object without a discriminator is matched.
/// </summary>
internal sealed record UnionVariantModel(string Name, TypeModel Type)
{
    public EquatableArray<string> DiscriminatorValues { get; init; } = EquatableArray<string>.Empty;

    public EquatableArray<string> RequiredMembers { get; init; } = EquatableArray<string>.Empty;

    public EquatableArray<string> DeclaredMembers { get; init; } = EquatableArray<string>.Empty;

    public EquatableArray<string> FixedMembers { get; init; } = EquatableArray<string>.Empty;

    /// <summary>Whether the variant is read from a JSON object (an object, a union, or a map).</summary>
    public bool IsObject => Type.Kind is TypeKind.Object or TypeKind.Map;
}

internal sealed record EnumMemberModel(string Name, string Value)
{
    /// <summary>The JSON class's field with the value's encoded text.</summary>
    public string ValueField { get; init; } = "";
}

internal sealed record EnumModel(string Name, string? Description, bool Deprecated, EquatableArray<EnumMemberModel> Members)
{
    /// <summary>
    /// Above this many values, known values are found through a set built once rather than a pattern or a switch over
    /// every value, whose compile time grows faster than the number of values.
    /// </summary>
    public const int LargeAbove = 16;

    public bool IsLarge => Members.Count > LargeAbove;

    /// <summary>For an enum of integers, the C# type that holds them (<c>int</c> or <c>long</c>); null for strings.</summary>
    public string? IntegerType { get; init; }

    /// <summary>For an enum of integers, the validation class's check that a value is one the spec names: <c>IsKnown{Name}</c>.</summary>
    public string KnownMethod => "IsKnown" + Name;
}

internal sealed record ParameterModel(
    string WireName,
    string Name,
    string In,
    bool Required,
    TypeModel Type,
    string? Description,
    bool Deprecated)
{
    /// <summary>
    /// The local that holds a nullable or optional parameter's value once it is known to be set, in the client method
    /// and in its validator (<c>limit</c> → <c>limitValue</c>).
    /// </summary>
    public string ValueLocal { get; init; } = Name + "Value";

    /// <summary>A query list's items joined by this (<c>,</c> for <c>explode: false</c>, space, <c>|</c>); null: the name repeated per item.</summary>
    public string? ListSeparator { get; init; }

    /// <summary>A query object (a record or a union): sent from its JSON, flattened by the runtime.</summary>
    public bool IsStructured { get; init; }

    /// <summary>A structured query value's members go as <c>name[member]=</c> (<c>style: deepObject</c>), not <c>member=</c>.</summary>
    public bool DeepObject { get; init; }

    /// <summary>A structured query value goes as its JSON text in one field (the spec gives it as JSON <c>content</c>).</summary>
    public bool SendsJsonText { get; init; }
}

internal sealed record RequestBodyModel(TypeModel Type, bool Required, string? Description)
{
    /// <summary>The <c>Content-Type</c> of a text (string), binary (stream) or form body; null for JSON.</summary>
    public string? MediaType { get; init; }

    /// <summary>Whether the body is sent as form fields (<c>application/x-www-form-urlencoded</c>), from its JSON.</summary>
    public bool IsForm { get; init; }

    /// <summary>A form's members whose lists are sent indexed (<c>name[0]=</c>, <c>style: deepObject</c>) rather than repeated.</summary>
    public EquatableArray<string> IndexedLists { get; init; } = EquatableArray<string>.Empty;

    /// <summary>Whether the body is sent as <c>multipart/form-data</c>: its JSON's members as parts, then its files.</summary>
    public bool IsMultipart { get; init; }

    /// <summary>A multipart body's file members, in the order declared; each added as a part (a list as one part per file).</summary>
    public EquatableArray<FilePartModel> Files { get; init; } = EquatableArray<FilePartModel>.Empty;

    /// <summary>A multipart body's other members whose <c>encoding</c> says how they are sent.</summary>
    public EquatableArray<PartEncodingModel> PartEncodings { get; init; } = EquatableArray<PartEncodingModel>.Empty;
}

/// <summary>
/// A file member of a multipart body: its part name, its property, whether it is a list of files, whether it is
/// required, and the media type its part has when the caller's file gives none (the spec's <c>encoding</c> or
/// <c>contentMediaType</c>; null: <c>application/octet-stream</c>).
/// </summary>
internal sealed record FilePartModel(string WireName, string Property, bool IsList, bool Required, string? ContentType);

/// <summary>
/// How a non-file member of a multipart body is sent, by its <c>encoding</c>: with <see cref="ContentType"/>, or as
/// form fields (<see cref="AsFields"/>, lists indexed with <see cref="IndexLists"/>).
/// </summary>
internal sealed record PartEncodingModel(string WireName, string? ContentType, bool AsFields, bool IndexLists);

/// <summary>
/// A declared non-success response: status (<c>404</c>, <c>4XX</c> or <c>default</c>), the exception it raises if typed,
/// and the name the service gives the error (its schema's).
/// </summary>
internal sealed record ErrorResponseModel(string StatusCode, string? ExceptionName, string? ErrorName, string? Description);

internal enum ErrorMatch
{
    Status,
    Range,
    Default,
}

/// <summary>
/// One row of an operation's error table, in the order rows are tried: statuses, then ranges (<see cref="Code"/> is
/// the first digit of <c>4XX</c>), then <c>default</c>; an error the response names as <see cref="Name"/> is found
/// before any status. <see cref="Exception"/>'s static <see cref="Factory"/> makes the exception.
/// </summary>
internal sealed record ErrorCaseModel(ErrorMatch Match, int Code, string? Name, string Exception, string Factory);

/// <summary>
/// The names an error schema's exception reads its body with: the schema of its member names, the factory generated
/// clients call, and the local of the members found.
/// </summary>
internal sealed record ErrorReaderModel(string SchemaField, string Factory, string FieldsLocal);

/// <summary>The names of an operation method's own locals, none of them a parameter's.</summary>
internal sealed record OperationLocals(
    string Errors,
    string BaseUri,
    string Uri,
    string Url,
    string HasQuery,
    string Item,
    string Request)
{
    /// <summary>The parameter of the lambda that reads the declared response headers.</summary>
    public string Response { get; init; } = "response";
}

/// <summary>A piece of an operation's path: <see cref="Literal"/> text, or the path parameter named <see cref="Parameter"/> (its C# name).</summary>
internal sealed record PathPartModel(string? Literal, string? Parameter);

/// <summary>The client's instance fields; its other members are named after them.</summary>
internal static class ClientFields
{
    public const string HttpClient = "_httpClient";
    public const string Options = "_options";
    public const string BaseUri = "_baseUri";
}

internal sealed record OperationModel(
    string Name,
    string OperationId,
    string Method,
    string PathKey,
    EquatableArray<ParameterModel> Parameters,
    RequestBodyModel? Body,
    TypeModel? Result,
    string? ResultDescription,
    EquatableArray<ErrorResponseModel> Errors,
    string? Summary,
    string? Description,
    bool Deprecated)
{
    /// <summary>
    /// The JSON class reads a result that is not a plain object with <c>Read{ResponseName}</c>: <c>{Name}Response</c>
    /// unless a type has that name.
    /// </summary>
    public string ResponseName { get; init; } = Name + "Response";

    /// <summary>The JSON class's method that reads a success body into the result.</summary>
    public string ResultDeserializer { get; init; } = "Deserialize" + Name + "Response";

    /// <summary>What a text (string) or binary (stream) result is asked for with (<c>Accept</c>); null for JSON.</summary>
    public string? ResultMediaType { get; init; }

    /// <summary>The JSON class's method that writes the request body.</summary>
    public string BodySerializer { get; init; } = "Serialize";

    /// <summary>The client's static field that describes the operation to the runtime.</summary>
    public string Descriptor { get; init; } = Name + "Operation";

    /// <summary>The path after the base address, in order: literal text and path parameters.</summary>
    public EquatableArray<PathPartModel> Path { get; init; } = EquatableArray<PathPartModel>.Empty;

    /// <summary>The query pairs the path key itself carries, sent first on every call.</summary>
    public EquatableArray<QueryPairSpec> FixedQuery { get; init; } = EquatableArray<QueryPairSpec>.Empty;

    /// <summary>The typed errors, in the order the runtime tries them.</summary>
    public EquatableArray<ErrorCaseModel> ErrorTable { get; init; } = EquatableArray<ErrorCaseModel>.Empty;

    public OperationLocals Locals { get; init; } = new("errors", "baseUri", "uri", "url", "hasQuery", "item", "request");

    /// <summary>
    /// The earlier operation whose parameters are the same (names, types, rules), whose validator this one's calls; null
    /// when this operation's validator checks them itself.
    /// </summary>
    public string? SameParametersAs { get; init; }

    /// <summary>The credentials the client puts on the request; null when the operation's security needs none from it.</summary>
    public OperationAuthModel? Auth { get; init; }

    /// <summary>The headers the success responses declare, read into a record of their own; null when they declare none.</summary>
    public ResponseHeadersModel? Headers { get; init; }

    /// <summary>The method that returns the result with <see cref="Headers"/>: <c>{Name}WithHeaders</c>, before <c>Async</c>.</summary>
    public string WithHeadersName { get; init; } = Name + "WithHeaders";

    /// <summary>
    /// The client's private method that builds the request both methods of an operation with <see cref="Headers"/> send
    /// (<c>Create{Name}Request</c>, <c>...RequestAsync</c> when <see cref="AwaitsCredentials"/>); unused without headers.
    /// </summary>
    public string RequestBuilder { get; init; } = "Create" + Name + "Request";

    /// <summary>Whether putting the credentials on the request awaits (a bearer token may come from a provider).</summary>
    public bool AwaitsCredentials => Auth is { } auth && auth.Alternatives.Any(a => a.Schemes.Any(s => s.Kind == CredentialKind.Bearer));
}

/// <summary>
/// The record <see cref="TypeName"/> (<c>{Operation}Headers</c>) of an operation's declared response headers: one
/// nullable property per header, its <see cref="PropertyModel.JsonName"/> the header's name.
/// </summary>
internal sealed record ResponseHeadersModel(string TypeName, EquatableArray<PropertyModel> Headers);
