using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using StageGen.Generator.Common;
using StageGen.Generator.Spec;

namespace StageGen.Generator.Model;

/// <summary>The bind step's result: the model (null when the spec has errors) and what was found wrong.</summary>
internal sealed record BindResult(ClientModel? Model, EquatableArray<DiagnosticInfo> Diagnostics, EquatableArray<DeclaredType> DeclaredTypes);

/// <summary>A C# type name a spec declares, and where; used to catch two specs declaring one type in one namespace.</summary>
internal sealed record DeclaredType(string Name, LocationInfo Location);

/// <summary>
/// Binds a read <see cref="SpecDocument"/> to a <see cref="ClientModel"/>: C# names, C# types, validation rules and
/// the mapping of error statuses to exception types.
/// </summary>
internal sealed partial class Binder
{
    // Members every type inherits from object; a member of the same name would hide one (CS0108/CS0114).
    private static readonly string[] ObjectMembers = { "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "ReferenceEquals", "Finalize" };

    // Members the compiler gives every record (and Clone, which it forbids); properties of the same name are renamed.
    private static readonly HashSet<string> RecordMembers = new(ObjectMembers.Concat(new[] { "EqualityContract", "PrintMembers", "Clone" }), StringComparer.Ordinal);

    // Members every generated exception has (System.Exception's, the runtime ApiException's, its FromResponse); schema
    // fields of the same name are renamed.
    private static readonly HashSet<string> ExceptionMembers = new(ObjectMembers.Concat(new[]
    {
        "Message", "Data", "Source", "HelpLink", "StackTrace", "InnerException", "HResult", "TargetSite", "GetBaseException",
        "GetObjectData", "SerializeObjectState", "Response", "StatusCode", "Headers", "Body", "BodyTruncated", "GetHeader",
        "ErrorCode", "ServiceMessage", "DescribeFailure", "FromResponse",
    }), StringComparer.Ordinal);

    // The static method of a generated exception that makes it from an error response (one of ExceptionMembers).
    private const string ErrorFactory = "FromResponse";

    // Members every generated extensible enum has; enum values of the same name are renamed.
    private static readonly HashSet<string> EnumMembers = new(ObjectMembers.Concat(new[] { "Value", "IsKnown", "KnownValues" }), StringComparer.Ordinal);

    /// <summary>How many named non-object schemas may refer to each other in a row (binding them recurses).</summary>
    public const int MaxReferenceDepth = 64;

    /// <summary>
    /// The longest C# name (type, member, parameter, method) made from a spec name. Metadata holds names of at most
    /// 1,023 UTF-8 bytes, and generated names add prefixes and suffixes (<c>&lt;X&gt;k__BackingField</c>, <c>DeserializeX</c>):
    /// a longer name would compile and then fail to emit (CS7013), with no diagnostic in the spec (found by fuzzing).
    /// </summary>
    public const int MaxNameLength = 480;

    private readonly SpecDocument _document;
    private readonly SpecOptions _options;
    private readonly List<DiagnosticInfo> _diagnostics = new();
    private readonly Dictionary<string, NamedSchemaSpec> _schemas = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _typeNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TypeModel> _bound = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _pascalNames = new(StringComparer.Ordinal);
    private readonly HashSet<string> _binding = new(StringComparer.Ordinal);
    // The inline objects being bound, each with the type it has already been given: see ShapeWhileBinding.
    private readonly List<(SchemaSpec Schema, TypeModel Type)> _bindingInline = new();
    private readonly List<ObjectModel> _objects = new();
    private readonly List<EnumModel> _enums = new();
    private readonly Dictionary<string, LocationInfo> _claimedNames = new(StringComparer.Ordinal);
    private readonly HashSet<string> _clientTypeNames = new(StringComparer.Ordinal);
    private readonly CancellationToken _cancellationToken;

    private Binder(SpecDocument document, SpecOptions options, CancellationToken cancellationToken)
    {
        _document = document;
        _options = options;
        _cancellationToken = cancellationToken;
    }

    public static BindResult Bind(SpecDocument document, SpecOptions options, CompilationFacts facts, CancellationToken cancellationToken = default)
    {
        var binder = new Binder(document, options, cancellationToken);
        var model = binder.BindClient(facts);
        var hasErrors = binder._diagnostics.Any(static d => d.IsError);
        var declared = binder._claimedNames.Select(pair => new DeclaredType(pair.Key, pair.Value)).OrderBy(t => t.Name, StringComparer.Ordinal);
        // A shared parameter is bound once per operation that uses it; say each problem once.
        return new BindResult(hasErrors ? null : model, binder._diagnostics.Distinct().ToEquatableArray(), declared.ToEquatableArray());
    }

    private ClientModel BindClient(CompilationFacts facts)
    {
        var fileStart = LocationInfo.FileStart(_document.Path);
        // The exception reads its members through {Client}Json: a member of that name would hide the class.
        _clientTypeNames.UnionWith(ClientTypeNames(facts));
        foreach (var name in _clientTypeNames)
        {
            _claimedNames[name] = fileStart;
        }

        // oneOf/anyOf in their simpler forms are read as those forms before anything looks at the schemas.
        var schemas = _document.Schemas.Select(schema => schema with { Schema = Simplified(schema.Schema) }).ToList();
        foreach (var schema in schemas)
        {
            _schemas[schema.Name] = schema;
        }

        var errorSchemas = ErrorOnlySchemaUse();
        _errorSchemas = errorSchemas;
        // An error schema without properties (AWS-converted documents' `NotFoundException: {}`) still names an error:
        // it gets an exception with no fields of its own.
        var typeSchemas = schemas.Where(schema => IsObject(schema.Schema) || IsEnum(schema.Schema) || IsUnion(schema.Schema)
            || (errorSchemas.TryGetValue(schema.Name, out var errorOnly) && errorOnly && IsFieldless(schema.Schema))).ToList();
        var naturalTypeNames = new HashSet<string>(typeSchemas.Select(schema => Pascal(schema.Name)), StringComparer.Ordinal);
        var nameOwners = NameOwners(typeSchemas);
        var renamedLast = typeSchemas.OrderBy(schema => nameOwners[Pascal(schema.Name)] == schema.Name ? 0 : 1).ThenBy(schema => schema.Name, StringComparer.Ordinal);
        foreach (var schema in renamedLast)
        {
            // A type may not be named like a member it declares (CS0542) or like a generated client type: a record
            // named Equals, or StageJson, is renamed; so is a schema that meets another in one C# name (item, Item).
            var reserved = IsEnum(schema.Schema) ? EnumMembers : RecordMembers;
            var name = Pascal(schema.Name);
            if (nameOwners[name] != schema.Name)
            {
                name = Free(name, candidate => naturalTypeNames.Contains(candidate) || _claimedNames.ContainsKey(candidate), suffix: "");
            }

            if (reserved.Contains(name) || _clientTypeNames.Contains(name))
            {
                name = Free(name, candidate => reserved.Contains(candidate) || naturalTypeNames.Contains(candidate) || _claimedNames.ContainsKey(candidate));
            }

            ClaimTypeName(name, $"The schema '{schema.Name}'", schema.Location);
            _typeNames[schema.Name] = name;
        }

        foreach (var schema in schemas)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            BindNamed(schema.Name, errorSchemas.TryGetValue(schema.Name, out var errorOnly) ? errorOnly : null);
        }

        var signingField = BindOptionMembers();
        var server = BindServer();
        var operations = new List<OperationModel>();
        var operationIds = new Dictionary<string, LocationInfo>(StringComparer.Ordinal);
        var operationNames = new Dictionary<string, LocationInfo>(StringComparer.Ordinal);
        var movedNames = PartedOperationNames(_document.Operations);
        foreach (var declared in _document.Operations)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var operation = CheckPathParameters(declared);
            var idLocation = operation.OperationIdLocation ?? operation.Location;
            if (operation.OperationId is { } id)
            {
                if (operationIds.TryGetValue(id, out var firstId))
                {
                    Report(DiagnosticDescriptors.DuplicateOperationId, idLocation, id, (firstId.StartLine + 1).ToString(CultureInfo.InvariantCulture));
                    continue;
                }

                operationIds.Add(id, idLocation);
            }

            var nameLocation = operation.MethodName?.Location ?? idLocation;
            var name = movedNames.TryGetValue(operation.Display, out var moved) ? moved : NaturalMethodName(operation);
            if (!CheckNameLength(name, nameLocation))
            {
                continue;
            }

            if (operationNames.TryGetValue(name, out var first))
            {
                Report(DiagnosticDescriptors.NameCollision, nameLocation, $"The operation '{operation.Display}'", $"the operation at line {first.StartLine + 1}", name + "Async");
                continue;
            }

            operationNames[name] = nameLocation;
            operations.Add(BindOperation(operation, name));
        }

        LinkHierarchy();
        MarkEmptyReads();
        MarkValidated(operations);
        ShareParameterValidators(operations);
        NameJsonMembers();

        // The JSON class reads a result that is not a plain object with Read{ResponseName}; that name must not be a
        // type's, whose reader is Read{Type} (an inline result type is named {Operation}Response itself).
        var clientMembers = new HashSet<string>(ObjectMembers.Concat(new[] { _options.ClientName + "Client", ClientFields.HttpClient, ClientFields.Options, ClientFields.BaseUri }), StringComparer.Ordinal);
        clientMembers.UnionWith(operations.Select(operation => operation.Name + "Async"));
        for (var i = 0; i < operations.Count; i++)
        {
            if (operations[i].Headers is not null)
            {
                var withHeaders = Free(operations[i].Name + "WithHeaders", candidate => clientMembers.Contains(candidate + "Async"), suffix: "");
                clientMembers.Add(withHeaders + "Async");

                // The request both methods send is built once, by a method that no member or type is named like.
                var async = operations[i].AwaitsCredentials ? "Async" : "";
                var builder = Free("Create" + operations[i].Name + "Request", candidate => clientMembers.Contains(candidate + async) || _claimedNames.ContainsKey(candidate + async), suffix: "") + async;
                clientMembers.Add(builder);
                operations[i] = operations[i] with { WithHeadersName = withHeaders, RequestBuilder = builder };
            }
        }

        for (var i = 0; i < operations.Count; i++)
        {
            var responseName = Free(operations[i].Name + "Response", name => _claimedNames.ContainsKey(name));
            var descriptor = Free(operations[i].Name + "Operation", clientMembers.Contains, suffix: "");
            clientMembers.Add(descriptor);
            var operation = operations[i];
            operations[i] = operation with
            {
                ResponseName = responseName,
                Descriptor = descriptor,
                ResultDeserializer = operation.Result is { Kind: TypeKind.Object, AllowsNull: false } result
                    ? _objects.First(o => o.Name == result.Name).DeserializeMethod
                    : "Deserialize" + responseName,
                BodySerializer = operation.Body?.Type.Kind == TypeKind.Object ? "Serialize" : $"Serialize{operation.Name}Request",
            };
        }

        var serviceErrors = BindServiceErrors();
        var (patterns, sets) = ValidatedPatterns(operations);
        return new ClientModel(
            _options.Namespace,
            _options.ClientName,
            System.IO.Path.GetFileName(_document.Path),
            _document.Title,
            _document.Description,
            _objects.ToEquatableArray(),
            _enums.ToEquatableArray(),
            operations.ToEquatableArray(),
            facts.HasHttpClientFactory)
        {
            Patterns = patterns,
            CharacterSets = sets,
            ServiceErrors = serviceErrors.ToEquatableArray(),
            ServiceErrorTable = ErrorTable(serviceErrors),
            ServiceDescriptor = Free("Service", clientMembers.Contains, suffix: ""),
            Server = server,
            OtherServers = _document.Servers.Skip(1).Select(s => s.Url).ToEquatableArray(),
            SecuritySchemes = _document.SecuritySchemes.Where(s => _schemeModels.ContainsKey(s.Name)).Select(s => _schemeModels[s.Name]).ToEquatableArray(),
            AwsSigningName = _document.AwsSigningName,
            AwsSigningNameField = signingField,
        };
    }

    /// <summary>
    /// The patterns the validators check (validated records' sendable members and union variants, then parameters),
    /// each named once: <c>MatchesPattern0</c>, <c>MatchesPattern1</c>, ... in the order they are first checked; each checked without a
    /// regex when it has one of <see cref="SimplePattern"/>'s shapes (its sets named <c>s_chars0</c>, ... in order of
    /// first use), else by the runtime's <c>SpecPattern</c> in <c>s_pattern{n}</c>.
    /// </summary>
    private (EquatableArray<PatternModel> Patterns, EquatableArray<CharacterSetModel> Sets) ValidatedPatterns(IEnumerable<OperationModel> operations)
    {
        var patterns = new List<string>();
        void Visit(TypeModel type)
        {
            if (type.Constraints.Pattern is { } pattern && type.Kind == TypeKind.String && !patterns.Contains(pattern))
            {
                patterns.Add(pattern);
            }

            if (type.Kind == TypeKind.Map && type.KeyConstraints.Pattern is { } key && !patterns.Contains(key))
            {
                patterns.Add(key);
            }

            if (type.Kind is TypeKind.Map or TypeKind.List)
            {
                Visit(type.Element!);
            }
        }

        foreach (var validated in _objects.Where(o => o.Validated))
        {
            foreach (var property in validated.Properties.Where(p => !p.ReadOnly))
            {
                Visit(property.Type);
            }

            // A union is checked as the variant that is set, so a string variant's pattern is checked too.
            foreach (var variant in validated.Union?.Variants ?? EquatableArray<UnionVariantModel>.Empty)
            {
                Visit(variant.Type);
            }
        }

        foreach (var parameter in operations.SelectMany(o => o.Parameters))
        {
            Visit(parameter.Type);
        }

        var sets = new Dictionary<string, string>(System.StringComparer.Ordinal);
        var models = new List<PatternModel>();
        foreach (var pattern in patterns)
        {
            var number = models.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var tokens = EcmaPattern.Tokenize(pattern, out _);
            var (strategy, alternatives) = SimplePattern.Decide(pattern, tokens);
            var model = new PatternModel(pattern, "MatchesPattern" + number, strategy);
            if (strategy == PatternStrategy.Regex)
            {
                // The reader checked that the pattern translates.
                models.Add(model with { RegexField = "s_pattern" + number, Translated = tokens is null ? null : EcmaPattern.Translation(tokens) });
                continue;
            }

            PatternItem Named(PatternItem item)
            {
                if (item.Set is not { } set)
                {
                    return item;
                }

                if (!sets.TryGetValue(set, out var field))
                {
                    sets[set] = field = "s_chars" + sets.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                return item with { SetField = field };
            }

            var named = alternatives.Select(a => a with { Items = a.Items.Select(Named).ToEquatableArray() }).ToEquatableArray();
            models.Add(model with { Alternatives = named });
        }

        return (models.ToEquatableArray(), sets.Select(set => new CharacterSetModel(set.Value, set.Key)).ToEquatableArray());
    }

    /// <summary>
    /// A required object member a response leaves out reads as <c>{}</c>, so its type's own required object members
    /// do too: a type that requires itself (A requires B, B requires A) cannot, and <see cref="ObjectModel.ReadsEmpty"/>
    /// says so. The types that can are found by growing the set from those that require no object at all.
    /// </summary>
    private void MarkEmptyReads()
    {
        var required = _objects.ToDictionary(
            o => o.Name,
            o => o.Properties.Where(p => p.Required && !p.Type.AllowsNull && p.Type.Kind == TypeKind.Object).Select(p => p.Type.Name!).ToList(),
            StringComparer.Ordinal);
        var empty = new HashSet<string>(StringComparer.Ordinal);
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var pair in required.Where(pair => !empty.Contains(pair.Key) && pair.Value.All(empty.Contains)))
            {
                changed |= empty.Add(pair.Key);
            }
        }

        for (var i = 0; i < _objects.Count; i++)
        {
            _objects[i] = _objects[i] with { ReadsEmpty = empty.Contains(_objects[i].Name) };
        }
    }

    /// <summary>
    /// Only a type a request can carry (a body, a query object, or inside one) gets a validator: one only ever read from responses has
    /// nothing to be checked before it is sent.
    /// </summary>
    private void MarkValidated(IEnumerable<OperationModel> operations)
    {
        var byName = _objects.ToDictionary(o => o.Name, StringComparer.Ordinal);
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<TypeModel>(operations.SelectMany(o => o.Parameters.Where(p => p.IsStructured).Select(p => p.Type)
            .Concat(o.Body is { } body ? new[] { body.Type } : Array.Empty<TypeModel>())));
        while (pending.Count > 0)
        {
            var type = pending.Pop();
            if (type.Element is { } element)
            {
                pending.Push(element);
            }
            else if (type.Kind == TypeKind.Object && byName.TryGetValue(type.Name!, out var target) && reached.Add(target.Name))
            {
                foreach (var property in target.Properties.Where(p => !p.ReadOnly))
                {
                    pending.Push(property.Type);
                }

                foreach (var variant in target.Union?.Variants ?? EquatableArray<UnionVariantModel>.Empty)
                {
                    pending.Push(variant.Type);
                }

                // A value of a record may be a derived one, and a derived record's validator runs its base's rules.
                foreach (var related in target.DerivedNames.Concat(target.BaseName is { } baseName ? new[] { baseName } : Array.Empty<string>()))
                {
                    pending.Push(new TypeModel(TypeKind.Object, related, null, ConstraintModel.None, ConstraintModel.None, AllowsNull: false));
                }
            }
        }

        for (var i = 0; i < _objects.Count; i++)
        {
            _objects[i] = _objects[i] with { Validated = _objects[i].EmitRecord && reached.Contains(_objects[i].Name) };
        }
    }

    /// <summary>Operations with the same parameters (a resource's get, update and delete) share one validator.</summary>
    private static void ShareParameterValidators(List<OperationModel> operations)
    {
        // Compared as values, not printed: a type's text is its whole record, recursively.
        static EquatableArray<(string WireName, string Name, bool Required, TypeModel Type)> Key(OperationModel operation) =>
            operation.Parameters.Select(p => (p.WireName, p.Name, p.Required, p.Type)).ToEquatableArray();

        var first = new Dictionary<EquatableArray<(string WireName, string Name, bool Required, TypeModel Type)>, string>();
        for (var i = 0; i < operations.Count; i++)
        {
            var key = Key(operations[i]);
            if (first.TryGetValue(key, out var owner))
            {
                operations[i] = operations[i] with { SameParametersAs = owner };
            }
            else
            {
                first[key] = operations[i].Name;
            }
        }
    }

    /// <summary>
    /// Each member's local (camelCase, clear of the generated methods' own names) and the JSON class's field for its
    /// encoded name: <c>s_name{Pascal}</c>, one per distinct JSON name across the records, numbered where two meet.
    /// </summary>
    private void NameJsonMembers()
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < _objects.Count; i++)
        {
            var type = _objects[i];
            // The member's C# name with a lower-case first letter: distinct for distinct members, as their names are.
            static string Lower(string name)
            {
                if (char.ToLowerInvariant(name[0]) == name[0])
                {
                    return name;
                }

                var chars = name.ToCharArray();
                chars[0] = char.ToLowerInvariant(chars[0]);
                return new string(chars);
            }

            var lowered = type.Properties.Select(p => Lower(p.Name)).ToList();
            var natural = new HashSet<string>(lowered, StringComparer.Ordinal);
            var locals = new HashSet<string>(StringComparer.Ordinal);
            var properties = type.Properties.Select((property, index) =>
            {
                var local = lowered[index];
                if (Names.RecordLocals.Contains(local) || locals.Contains(local))
                {
                    local = Free(local, candidate => Names.RecordLocals.Contains(candidate) || natural.Contains(candidate) || locals.Contains(candidate));
                }

                locals.Add(local);
                local = Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(local) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None
                    || Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetContextualKeywordKind(local) is Microsoft.CodeAnalysis.CSharp.SyntaxKind.VarKeyword
                    ? "@" + local
                    : local;

                if (type.EmitRecord && !fields.ContainsKey(property.JsonName))
                {
                    var field = Free("s_name" + Pascal(property.JsonName), candidate => used.Contains(candidate), suffix: "");
                    used.Add(field);
                    fields[property.JsonName] = field;
                }

                return property with { Local = local, NameField = fields.TryGetValue(property.JsonName, out var name) ? name : "" };
            });
            _objects[i] = type with { Properties = properties.ToEquatableArray() };
            if (type.Union is { } union)
            {
                var field = Free("s_variants" + type.Name, used.Contains, suffix: "");
                used.Add(field);
                _objects[i] = _objects[i] with { Union = union with { VariantsField = field } };
            }
        }

        // A known enum value is written from its encoded text, one field per value.
        for (var i = 0; i < _enums.Count; i++)
        {
            var type = _enums[i];
            var members = type.Members.Select(member =>
            {
                var field = Free($"s_value{type.Name}_{member.Name}", used.Contains, suffix: "");
                used.Add(field);
                return member with { ValueField = field };
            });
            _enums[i] = type with { Members = members.ToEquatableArray() };
        }
    }

    /// <summary>
    /// Which schema keeps a C# type name that several schemas map to: the one spelled exactly so, else the first in
    /// ordinal order. The others are renamed ({name}2, ...) in ordinal order, so no name depends on the document's order.
    /// </summary>
    private Dictionary<string, string> NameOwners(IEnumerable<NamedSchemaSpec> schemas)
    {
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var schema in schemas)
        {
            var name = Pascal(schema.Name);
            if (!owners.TryGetValue(name, out var owner) || Owns(schema.Name, owner, name))
            {
                owners[name] = schema.Name;
            }
        }

        return owners;

        static bool Owns(string candidate, string owner, string name) =>
            (candidate == name) != (owner == name) ? candidate == name : string.CompareOrdinal(candidate, owner) < 0;
    }

    /// <summary>The types every spec generates: the client interface and class, the JSON and validation classes, the DI extensions.</summary>
    private IEnumerable<string> ClientTypeNames(CompilationFacts facts)
    {
        var client = _options.ClientName;
        var names = new List<string> { "I" + client + "Client", client + "Client", client + "ClientOptions", client + "Json", client + "Validation" };
        if (facts.HasHttpClientFactory)
        {
            names.Add(client + "ClientServiceCollectionExtensions");
        }

        return names;
    }

    /// <summary>
    /// <paramref name="name"/> when it is free, else the first free of <c>{name}Value</c>, <c>{name}Value2</c>, ...:
    /// a deterministic rename for a spec name that meets a generated or inherited one.
    /// </summary>
    private static string Free(string name, Func<string, bool> taken, string suffix = "Value")
    {
        if (!taken(name))
        {
            return name;
        }

        var candidate = name + suffix;
        for (var i = 2; taken(candidate); i++)
        {
            candidate = name + suffix + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return candidate;
    }

    /// <summary>
    /// Schemas used as error response bodies: true when that is their only use (exception only), false when they are
    /// also data (record and exception).
    /// </summary>
    private Dictionary<string, bool> ErrorOnlySchemaUse()
    {
        var dataUse = new HashSet<string>(StringComparer.Ordinal);
        var errorUse = new HashSet<string>(StringComparer.Ordinal);
        foreach (var operation in _document.Operations)
        {
            CollectReferences(operation.RequestBody?.Schema, dataUse);
            foreach (var parameter in operation.Parameters)
            {
                CollectReferences(parameter.Schema, dataUse);
            }

            foreach (var response in operation.Responses)
            {
                if (IsSuccess(response.StatusCode))
                {
                    CollectReferences(response.Schema, dataUse);
                }
                else if (response.Schema?.Ref is { } errorRef)
                {
                    errorUse.Add(errorRef.Value);
                }
            }
        }

        foreach (var response in _document.ServiceErrors)
        {
            if (response.Schema?.Ref is { } errorRef)
            {
                errorUse.Add(errorRef.Value);
            }
        }

        // What named schemas refer to is data, their own $ref included: `Product: {$ref: Problem}` with a 200 of
        // Product makes Problem data even when it is also an error body (found by fuzzing: the record was missing).
        foreach (var schema in _document.Schemas)
        {
            CollectReferences(schema.Schema, dataUse);
        }

        return errorUse.ToDictionary(name => name, name => !dataUse.Contains(name), StringComparer.Ordinal);
    }

    private static void CollectReferences(SchemaSpec? schema, HashSet<string> into)
    {
        if (schema is null)
        {
            return;
        }

        if (schema.Ref is { } reference)
        {
            into.Add(reference.Value);
        }

        CollectReferences(schema.Items, into);
        CollectReferences(schema.AdditionalProperties, into);
        foreach (var property in schema.Properties)
        {
            CollectReferences(property.Schema, into);
        }

        foreach (var variant in schema.Variants)
        {
            CollectReferences(variant, into);
        }
    }

    private static bool IsSuccess(string statusCode) => statusCode.StartsWith("2", StringComparison.Ordinal);

    private static bool IsObject(SchemaSpec schema) =>
        schema.Ref is null && !schema.HasUnsupportedComposition && schema.Variants.Count == 0 && schema.Properties.Count > 0 && AllNonNullTypes(schema, t => t == "object");

    /// <summary>An object schema with nothing in it: <c>{}</c> or <c>type: object</c> alone.</summary>
    private static bool IsFieldless(SchemaSpec schema) =>
        schema.Ref is null && !schema.HasUnsupportedComposition && schema.Variants.Count == 0 && schema.Properties.Count == 0 && schema.Items is null
        && schema.AdditionalProperties is null && schema.Enum.Count == 0 && AllNonNullTypes(schema, t => t == "object");

    private static bool IsEnum(SchemaSpec schema) =>
        schema.Ref is null && !schema.HasUnsupportedComposition && schema.Variants.Count == 0 && schema.Enum.Count > 0
        && (AllNonNullTypes(schema, t => t == "string") || IsIntegerEnum(schema));

    /// <summary>An enum of integers: <c>type: integer</c>, every value a whole number a <c>long</c> holds.</summary>
    private static bool IsIntegerEnum(SchemaSpec schema) =>
        NonNullTypes(schema) is (1, "integer") && schema.Enum.Count > 0 && schema.Enum.All(value => IntegerValue(value.Value) is not null);

    private static long? IntegerValue(string text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>How many types the schema names besides <c>null</c>, and the first of them (asked of every schema bound: no list).</summary>
    private static (int Count, string? First) NonNullTypes(SchemaSpec schema)
    {
        var count = 0;
        string? first = null;
        foreach (var type in schema.Types)
        {
            if (type != "null")
            {
                first ??= type;
                count++;
            }
        }

        return (count, first);
    }

    /// <summary>Whether every type the schema names besides <c>null</c> passes <paramref name="test"/> (true when it names none).</summary>
    private static bool AllNonNullTypes(SchemaSpec schema, Func<string, bool> test)
    {
        foreach (var type in schema.Types)
        {
            if (type != "null" && !test(type))
            {
                return false;
            }
        }

        return true;
    }

    private void BindNamed(string schemaName, bool? errorOnly)
    {
        var schema = _schemas[schemaName];
        if (!_typeNames.TryGetValue(schemaName, out var name) || !_boundNamed.Add(schemaName))
        {
            // Bound already: a derived type's base is bound before it.
            return;
        }

        if (IsUnion(schema.Schema))
        {
            _objects.Add(BindUnion(name, schemaName, schema.Schema));
        }
        else if (IsEnum(schema.Schema))
        {
            _enums.Add(BindEnum(name, schema.Schema));
        }
        else
        {
            string? exceptionName = null;
            if (errorOnly is not null)
            {
                exceptionName = name.EndsWith("Exception", StringComparison.Ordinal) && errorOnly.Value ? name : name + "Exception";
                if (exceptionName != name)
                {
                    // A generated name: when a schema has it already, the exception takes the next free one.
                    exceptionName = Free(exceptionName, _claimedNames.ContainsKey, suffix: "");
                    ClaimTypeName(exceptionName, $"The exception for schema '{schemaName}'", schema.Location);
                }
            }

            _bindingNamed.Add(schemaName);
            var bound = BindObject(name, schemaName, schema.Schema, emitRecord: errorOnly != true, exceptionName);
            _bindingNamed.Remove(schemaName);
            _objects.Add(exceptionName is null ? bound : bound with { ErrorReader = BindErrorReader(bound) });
            if (bound.EmitRecord)
            {
                _namedRecords.Add(name);
            }
        }
    }

    /// <summary>
    /// The exception's own members that read the body, named so no field of the schema meets them (the fields are
    /// named first: a field keeps its name).
    /// </summary>
    private ErrorReaderModel BindErrorReader(ObjectModel type)
    {
        // One name to find: asked of the names around it, not of a set built of them all for every error type.
        bool Taken(string candidate) =>
            candidate == type.ExceptionName || ExceptionMembers.Contains(candidate) || _clientTypeNames.Contains(candidate)
            || type.Properties.Any(p => p.Name == candidate);

        return new ErrorReaderModel(Free("Schema", Taken, suffix: ""), ErrorFactory, "fields");
    }

    private ObjectModel BindObject(string name, string schemaName, SchemaSpec schema, bool emitRecord, string? exceptionName, bool files = false)
    {
        if (schema.MinProperties is not null || schema.MaxProperties is not null)
        {
            Report(DiagnosticDescriptors.ConstraintNotChecked, schema.Location, $"'minProperties' and 'maxProperties' are checked on maps only; how many members '{schemaName}' has is not checked");
        }

        var properties = new List<PropertyModel>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        // A record that derives from its allOf's base declares only the members the base has not.
        var derived = emitRecord && exceptionName is null ? BaseRecord(name, schema) : null;
        var inheritedNames = new HashSet<string>(StringComparer.Ordinal);
        var wireSchema = schema;
        if (derived is { } baseRecord)
        {
            properties.AddRange(baseRecord.Type.Properties.Select(p => p with { Inherited = true }));
            inheritedNames.UnionWith(properties.Select(p => p.Name));
            schema = schema with { Properties = schema.Properties.Where(p => !baseRecord.Inherited.Contains(p.Name)).ToEquatableArray() };
        }

        // A member may not share its type's name, nor hide a member the record or the exception has; such a name is
        // renamed to one no other property takes (spec names first, so renaming never depends on the order).
        var natural = new HashSet<string>(schema.Properties.Select(p => Pascal(p.Name)), StringComparer.Ordinal);
        bool Reserved(string candidate) =>
            candidate == name
            || inheritedNames.Contains(candidate)
            || (emitRecord && RecordMembers.Contains(candidate))
            || (exceptionName is not null && (candidate == exceptionName || (ExceptionMembers.Contains(candidate) && candidate != "Message") || _clientTypeNames.Contains(candidate)));
        bool Taken(string candidate) => Reserved(candidate) || natural.Contains(candidate) || seen.ContainsKey(candidate);
        var parted = PartedNames(schema.Properties.Select(p => p.Name), Pascal, Reserved);
        foreach (var property in schema.Properties)
        {
            var propertyName = parted.TryGetValue(property.Name, out var apart) ? apart : Pascal(property.Name);
            if (Reserved(propertyName))
            {
                propertyName = Free(propertyName, Taken);
            }

            // A multipart body's binary strings (and lists of them) are its files; anywhere else they are strings.
            var type = files && FileOf(property.Schema) is { } file ? file : BindType(property.Schema, name + Pascal(property.Name));
            if (exceptionName is not null && propertyName == "Message" && type.Kind != TypeKind.String)
            {
                // Only a string message becomes the exception's Message; any other would hide Exception.Message
                // (found by fuzzing: CS0114 in the generated exception).
                propertyName = Free(propertyName, candidate => candidate == "Message" || Taken(candidate));
            }

            if (!ClaimMemberName(seen, propertyName, property.Name, "properties", $"schema '{schemaName}'", property.Location))
            {
                continue;
            }

            properties.Add(new PropertyModel(
                WireName(property, wireSchema),
                propertyName,
                type,
                schema.Required.Contains(property.Name),
                property.Schema.ReadOnly,
                property.Schema.WriteOnly,
                property.Schema.Deprecated,
                property.Schema.Description ?? (property.Schema.Ref is { } reference ? _schemas[reference.Value].Schema.Description : null),
                property.Schema.Default));
        }

        foreach (var required in schema.Required.Where(r => !wireSchema.Properties.Any(p => p.Name == r)))
        {
            Report(DiagnosticDescriptors.ConstraintNotChecked, schema.Location, $"'{required}' is listed as required but is not a property of '{schemaName}'; it is not checked");
        }

        if (emitRecord && schema.Discriminator is { } discriminator)
        {
            _discriminators[name] = discriminator;
        }

        return new ObjectModel(name, schemaName, schema.Description, schema.Deprecated, properties.ToEquatableArray(), emitRecord, exceptionName)
        {
            BaseName = derived?.Type.Name,
        };
    }

    private EnumModel BindEnum(string name, SchemaSpec schema)
    {
        var members = new List<EnumMemberModel>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var integer = IsIntegerEnum(schema);
        if (integer)
        {
            // One text per number (+1 and 1 are one value), as C# and the wire write it.
            schema = schema with { Enum = schema.Enum.Select(v => v with { Value = IntegerValue(v.Value)!.Value.ToString(CultureInfo.InvariantCulture) }).ToEquatableArray() };
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < schema.Enum.Count; i++)
        {
            // The document's names for the values where it gives them; an integer's own text is no name (0 → Value0).
            var value = schema.Enum[i].Value;
            var label = schema.EnumNames.Count == schema.Enum.Count && schema.EnumNames[i].Length > 0 ? schema.EnumNames[i]
                : integer ? "Value " + value.Replace("-", "minus ")
                : value.Length == 0 ? "Empty" // Stripe's "unset" value
                : Names.SpelledSymbols(value) ?? value;
            labels[value] = labels.TryGetValue(value, out var first) ? first : label;
        }

        // PartedNames also names texts derived from the values ("minus bundleId"): those are their own labels.
        string NameOf(string value) => Pascal(labels.TryGetValue(value, out var label) ? label : value);
        var natural = new HashSet<string>(schema.Enum.Select(v => NameOf(v.Value)), StringComparer.Ordinal);
        var parted = PartedNames(schema.Enum.Select(v => v.Value), NameOf, candidate => EnumMembers.Contains(candidate) || candidate == name);
        foreach (var value in schema.Enum)
        {
            var memberName = parted.TryGetValue(value.Value, out var apart) ? apart : NameOf(value.Value);
            if (EnumMembers.Contains(memberName) || memberName == name)
            {
                // Renamed to a name no other value takes, so the value keeps a member of its own.
                memberName = Free(memberName, candidate => EnumMembers.Contains(candidate) || candidate == name || natural.Contains(candidate) || (seen.TryGetValue(candidate, out var owner) && owner != value.Value));
            }

            // A value listed twice is the same value; only different values that meet in one name collide.
            if (seen.TryGetValue(memberName, out var other) && other == value.Value)
            {
                continue;
            }

            if (!ClaimMemberName(seen, memberName, value.Value, "enum values", $"enum '{name}'", value.Location))
            {
                continue;
            }

            members.Add(new EnumMemberModel(memberName, value.Value));
        }

        return new EnumModel(name, schema.Description, schema.Deprecated, members.ToEquatableArray())
        {
            // int where every value fits one and the document does not say int64, as integers are typed elsewhere.
            IntegerType = !integer ? null
                : schema.Format != "int64" && schema.Enum.All(v => IntegerValue(v.Value) is >= int.MinValue and <= int.MaxValue) ? "int" : "long",
        };
    }

    /// <summary>Binds a schema where it is used; inline objects and enums become types named after <paramref name="contextName"/>.</summary>
    private TypeModel BindType(SchemaSpec schema, string contextName)
    {
        schema = Simplified(schema);
        var allowsNull = schema.Types.Contains("null");
        if (schema.Ref is { } reference)
        {
            var target = BindReference(reference);
            return allowsNull ? target with { AllowsNull = true } : target;
        }

        if (schema.HasUnsupportedComposition)
        {
            return Simple(TypeKind.Json, schema, allowsNull);
        }

        if (IsUnion(schema))
        {
            var unionName = ClaimInlineName(contextName, schema.Location, RecordMembers);
            _objects.Add(BindUnion(unionName, unionName, schema));
            return new TypeModel(TypeKind.Object, unionName, null, ConstraintModel.None, ConstraintModel.None, allowsNull);
        }

        if (schema.Variants.Count > 0)
        {
            Report(DiagnosticDescriptors.KeptAsJsonElement, schema.VariantsLocation, "'oneOf'/'anyOf' beside the schema's own properties or items is not supported; the value is kept as raw JSON (System.Text.Json.JsonElement)");
            return Simple(TypeKind.Json, schema, allowsNull);
        }

        var types = NonNullTypes(schema);
        if (types.Count > 1)
        {
            Report(DiagnosticDescriptors.KeptAsJsonElement, schema.Location, $"A value of several types ({string.Join(", ", schema.Types.Where(t => t != "null"))}) is kept as raw JSON (System.Text.Json.JsonElement)");
            return Simple(TypeKind.Json, schema, allowsNull);
        }

        var type = types.First ?? InferType(schema);
        switch (type)
        {
            case "string" when schema.Enum.Count > 0:
                if (IsEnum(schema))
                {
                    var enumName = ClaimInlineName(contextName, schema.Location, EnumMembers);
                    _enums.Add(BindEnum(enumName, schema));
                    return new TypeModel(TypeKind.Enum, enumName, null, ConstraintModel.None, ConstraintModel.None, allowsNull);
                }

                return Simple(TypeKind.String, schema, allowsNull);
            case "string":
                return Simple(schema.Format switch
                {
                    "date-time" => TypeKind.DateTimeOffset,
                    "date" => TypeKind.DateOnly,
                    "uuid" => TypeKind.Guid,
                    "uri" => TypeKind.Uri,
                    "byte" => TypeKind.Bytes,
                    _ => TypeKind.String,
                }, schema, allowsNull);
            case "integer" when IsIntegerEnum(schema):
                var integerEnumName = ClaimInlineName(contextName, schema.Location, EnumMembers);
                _enums.Add(BindEnum(integerEnumName, schema));
                return new TypeModel(TypeKind.IntegerEnum, integerEnumName, null, ConstraintModel.None, ConstraintModel.None, allowsNull);
            case "integer":
                ReportNonStringEnum(schema);
                return Simple(schema.Format == "int32" ? TypeKind.Int32 : TypeKind.Int64, schema, allowsNull);
            case "number":
                ReportNonStringEnum(schema);
                return Simple(schema.Format == "float" ? TypeKind.Single : TypeKind.Double, schema, allowsNull);
            case "boolean":
                ReportNonStringEnum(schema);
                return Simple(TypeKind.Boolean, schema, allowsNull);
            case "array":
                return ListOf(schema, schema.Items is null ? Simple(TypeKind.Json, schema, false) : BindType(schema.Items, contextName + "Item"));
            case "object" when schema.Properties.Count > 0:
                var objectName = ClaimInlineName(contextName, schema.Location, RecordMembers);
                var objectType = new TypeModel(TypeKind.Object, objectName, null, ConstraintModel.None, ConstraintModel.None, allowsNull);
                _bindingInline.Add((schema, objectType));
                _objects.Add(BindObject(objectName, objectName, schema, emitRecord: true, exceptionName: null));
                _bindingInline.RemoveAt(_bindingInline.Count - 1);
                return objectType;
            case "object":
                return MapOf(schema, schema.AdditionalProperties is null ? Simple(TypeKind.Json, schema, false) : BindType(schema.AdditionalProperties, contextName + "Value"));
            default:
                return Simple(TypeKind.Json, schema, allowsNull);
        }
    }

    /// <summary>
    /// A <c>multipart/form-data</c> body: an object whose members are parts. With files among them, its type is a
    /// record of its own (<c>{Operation}Request</c>, even for a <c>$ref</c>, whose record elsewhere holds those members as
    /// strings), whose files are <c>ApiFile</c>s; without, it is the object's type, sent part by part from its JSON.
    /// </summary>
    private RequestBodyModel? BindMultipart(OperationSpec operation, string name, SchemaSpec schema, ContentSpec content, RequestBodySpec requestBody)
    {
        RequestBodyModel? LeftOut()
        {
            Report(DiagnosticDescriptors.UnsupportedMediaType, requestBody.Location, $"The multipart body of '{operation.Display}' is not an object with properties; the body is left out");
            return null;
        }

        var declared = Simplified(schema.Ref is { } reference ? _schemas[reference.Value].Schema : schema);
        if (declared.Properties.Count == 0 || IsUnion(declared) || declared.HasUnsupportedComposition)
        {
            // An object of no members (as Stripe's GET forms declare) has nothing to send, and nothing to report.
            return declared.Properties.Count > 0 || declared.Variants.Count > 0 || declared.AdditionalProperties is not null ? LeftOut() : null;
        }

        TypeModel type;
        var fileMembers = declared.Properties.Where(p => FileOf(p.Schema) is not null).ToList();
        if (fileMembers.Count > 0)
        {
            var objectName = ClaimInlineName(name + "Request", declared.Location, RecordMembers);
            var bound = BindObject(objectName, schema.Ref?.Value ?? objectName, declared, emitRecord: true, exceptionName: null, files: true);
            _objects.Add(bound);
            type = new TypeModel(TypeKind.Object, objectName, null, ConstraintModel.None, ConstraintModel.None, false);
        }
        else
        {
            type = BindType(schema, name + "Request");
        }

        if (type.Kind != TypeKind.Object || _objects.FirstOrDefault(o => o.Name == type.Name) is not { } target)
        {
            return LeftOut();
        }

        string? Encoded(string member) => content.Encodings.FirstOrDefault(e => e.Name == member)?.ContentType;
        var files = target.Properties.Where(p => p.Type.IsFile).Select(p => new FilePartModel(
            p.JsonName,
            p.Name,
            p.Type.Kind == TypeKind.List,
            p.Required && !p.Type.AllowsNull,
            OneMediaType(Encoded(p.JsonName)) ?? OneMediaType(declared.Properties.FirstOrDefault(d => WireName(d, declared) == p.JsonName) is { } spec ? FileSchemaOf(spec.Schema)?.ContentMediaType : null)));
        var encodings = content.Encodings
            .Where(e => target.Properties.Any(p => p.JsonName == e.Name && !p.Type.IsFile))
            .Select(e => e.Style is not null
                ? new PartEncodingModel(e.Name, null, AsFields: true, IndexLists: e.Style == "deepObject")
                : OneMediaType(e.ContentType) is { } one ? new PartEncodingModel(e.Name, one, AsFields: false, IndexLists: false) : null)
            .Where(e => e is not null)
            .Select(e => e!);
        return new RequestBodyModel(type, requestBody.Required, requestBody.Description)
        {
            MediaType = content.MediaType,
            IsMultipart = true,
            Files = files.ToEquatableArray(),
            PartEncodings = encodings.ToEquatableArray(),
        };
    }

    /// <summary>
    /// One media type out of an <c>encoding</c>'s <c>contentType</c> (or a <c>contentMediaType</c>): the first of a
    /// list, unless it is a wildcard (<c>image/*</c>), which says what the service takes, not what a part is.
    /// </summary>
    private static string? OneMediaType(string? contentType) =>
        contentType?.Split(',')[0].Trim() is { Length: > 0 } first && first.IndexOf('*') < 0 && first.IndexOf('/') > 0 ? first : null;

    /// <summary>The binary string schema <paramref name="schema"/> is or refers to (or whose list it is), else null.</summary>
    private SchemaSpec? FileSchemaOf(SchemaSpec schema)
    {
        var resolved = Resolved(schema);
        if (IsList(resolved))
        {
            return Resolved(resolved.Items!) is var item && IsBinaryString(item) ? item : null;
        }

        return IsBinaryString(resolved) ? resolved : null;
    }

    private SchemaSpec Resolved(SchemaSpec schema) =>
        Simplified(schema.Ref is { } reference && _schemas.TryGetValue(reference.Value, out var named) ? named.Schema : schema);

    private static bool IsList(SchemaSpec schema) =>
        schema.Items is not null && NonNullTypes(schema) is (0, _) or (1, "array");

    private static bool IsBinaryString(SchemaSpec schema) =>
        schema.Binary && NonNullTypes(schema) is (0, _) or (1, "string");

    /// <summary>A multipart member's type when it is a file (<c>ApiFile</c>) or a list of files; else null.</summary>
    private TypeModel? FileOf(SchemaSpec schema)
    {
        if (FileSchemaOf(schema) is null)
        {
            return null;
        }

        var resolved = Resolved(schema);
        var file = new TypeModel(TypeKind.File, null, null, ConstraintModel.None, ConstraintModel.None, false);
        // A file left unset is left out; null means nothing more for a part (and no Optional<T> wrapper).
        return IsList(resolved) ? new TypeModel(TypeKind.List, null, file, Constraints(resolved), ConstraintModel.None, false) : file;
    }

    /// <summary>A body that is not JSON: text is a string, anything else a stream of its bytes.</summary>
    private static TypeModel UntypedBody(BodyMedia media) =>
        new(media == BodyMedia.Text ? TypeKind.String : TypeKind.Stream, null, null, ConstraintModel.None, ConstraintModel.None, false);

    private static string InferType(SchemaSpec schema) =>
        schema.Properties.Count > 0 || schema.AdditionalProperties is not null ? "object"
        : schema.Items is not null ? "array"
        : schema.Enum.Count > 0 ? "string"
        : "any";

    private void ReportNonStringEnum(SchemaSpec schema)
    {
        if (schema.Enum.Count > 0)
        {
            Report(DiagnosticDescriptors.ConstraintNotChecked, schema.Enum[0].Location, "'enum' is supported on strings and integers only; these values are not checked");
        }
    }

    private TypeModel BindReference(LocatedText reference)
    {
        var target = _schemas[reference.Value];
        if (_typeNames.TryGetValue(reference.Value, out var name))
        {
            var kind = IsIntegerEnum(target.Schema) ? TypeKind.IntegerEnum : IsEnum(target.Schema) ? TypeKind.Enum : TypeKind.Object;
            return new TypeModel(kind, name, null, ConstraintModel.None, ConstraintModel.None, target.Schema.Types.Contains("null"));
        }

        // A named string, number, map or list: used in place, with its own rules.
        if (_bound.TryGetValue(reference.Value, out var bound))
        {
            return bound;
        }

        if (_binding.Count >= MaxReferenceDepth)
        {
            Report(DiagnosticDescriptors.LimitExceeded, reference.Location, $"The chain of $ref is deeper than {MaxReferenceDepth}; StageGen stops here");
            return Simple(TypeKind.Json, target.Schema, false);
        }

        if (!_binding.Add(reference.Value))
        {
            if (ShapeWhileBinding(target.Schema) is { } shape)
            {
                return shape;
            }

            Report(DiagnosticDescriptors.CyclicReference, reference.Location, "#/components/schemas/" + reference.Value);
            return Simple(TypeKind.Json, target.Schema, false);
        }

        bound = BindType(target.Schema, Pascal(reference.Value));
        _binding.Remove(reference.Value);
        _bound[reference.Value] = bound;
        return bound;
    }

    private TypeModel ListOf(SchemaSpec schema, TypeModel item) =>
        new(TypeKind.List, null, item, ListConstraints(schema, item), ConstraintModel.None, schema.Types.Contains("null"));

    private static TypeModel MapOf(SchemaSpec schema, TypeModel value)
    {
        var keys = schema.PropertyNames is null ? ConstraintModel.None : Constraints(schema.PropertyNames);
        // A map's count rules are minProperties/maxProperties; minItems/maxItems mean nothing on an object.
        var entries = Constraints(schema) with { MinItems = schema.MinProperties, MaxItems = schema.MaxProperties };
        return new TypeModel(TypeKind.Map, null, value, entries, keys, schema.Types.Contains("null"));
    }

    /// <summary>
    /// The type of a named list or map that is being bound, when its items are an inline object whose binding has
    /// reached back to it (Just Eat's <c>order-item</c>, a list of items that each hold an <c>order-item</c>): that
    /// object has its name already, so the list's type is known before it is done; else null.
    /// </summary>
    private TypeModel? ShapeWhileBinding(SchemaSpec schema)
    {
        schema = Simplified(schema);
        if (schema.Ref is not null || schema.HasUnsupportedComposition || schema.Variants.Count > 0 || NonNullTypes(schema).Count > 1)
        {
            return null;
        }

        var type = NonNullTypes(schema).First ?? InferType(schema);
        var element = type == "array" ? schema.Items : type == "object" && schema.Properties.Count == 0 ? schema.AdditionalProperties : null;
        if (element is null)
        {
            return null;
        }

        element = Simplified(element);
        foreach (var (inline, inlineType) in _bindingInline)
        {
            if (ReferenceEquals(inline, element))
            {
                return type == "array" ? ListOf(schema, inlineType) : MapOf(schema, inlineType);
            }
        }

        return null;
    }

    private static TypeModel Simple(TypeKind kind, SchemaSpec schema, bool allowsNull) =>
        new(kind, null, null, Constraints(schema), ConstraintModel.None, allowsNull);

    /// <summary>
    /// A list's rules. <c>uniqueItems</c> is checked where two items that C# finds equal are the same JSON value and two
    /// it finds different are not (text, numbers, booleans, enums, dates, UUIDs); an object's or a time's equality is
    /// not JSON's, so there it is reported and left to the service rather than risk refusing a valid list.
    /// </summary>
    private ConstraintModel ListConstraints(SchemaSpec schema, TypeModel item)
    {
        var constraints = Constraints(schema);
        if (!schema.UniqueItems)
        {
            return constraints;
        }

        if (item.Kind is TypeKind.String or TypeKind.Boolean or TypeKind.Int32 or TypeKind.Int64 or TypeKind.Double or TypeKind.Single
            or TypeKind.Enum or TypeKind.IntegerEnum or TypeKind.DateOnly or TypeKind.Guid)
        {
            return constraints with { UniqueItems = true };
        }

        Report(DiagnosticDescriptors.ConstraintNotChecked, schema.Location, "'uniqueItems' is checked on lists of strings, numbers, booleans, enums, dates and UUIDs only; repeated items here are not checked");
        return constraints;
    }

    private static ConstraintModel Constraints(SchemaSpec schema) => new(
        schema.Pattern?.Value,
        schema.MinLength,
        schema.MaxLength,
        schema.MinItems,
        schema.MaxItems,
        schema.Minimum,
        schema.Maximum);

    private OperationModel BindOperation(OperationSpec operation, string name)
    {
        var parameters = new List<ParameterModel>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var parameterNames = ParameterNames(operation.Parameters);
        for (var index = 0; index < operation.Parameters.Count; index++)
        {
            var parameter = operation.Parameters[index];
            var parameterName = parameterNames[index];
            if (parameter.In == "header" && SignsWithSigV4 && SigV4Headers.Contains(parameter.Name))
            {
                // AWS-converted documents declare the signature's own headers on every operation: the signer writes them.
                continue;
            }

            if (!ClaimMemberName(seen, parameterName, parameter.Name, "parameters", $"'{operation.Display}'", parameter.Location))
            {
                continue;
            }

            var type = BindType(parameter.Schema, name + Pascal(parameter.Name));
            if (parameter.In == "path" && !IsSendableScalar(type.Kind))
            {
                // The URL cannot be built without it (found by fuzzing: a path parameter left out made emitting throw),
                // and a segment holds text: the caller gives that text, escaped like any other segment.
                Report(DiagnosticDescriptors.UnsupportedParameter, parameter.Location, $"The path parameter '{parameter.Name}' is not a string, number, boolean or string enum; the client takes the segment's text as a string");
                type = new TypeModel(TypeKind.String, null, null, ConstraintModel.None, ConstraintModel.None, AllowsNull: false);
            }

            if (parameter.In == "path" && type.AllowsNull)
            {
                // A path segment is always sent (found by fuzzing: a nullable one did not compile, CS8604).
                Report(DiagnosticDescriptors.UnsupportedParameter, parameter.Location, $"The path parameter '{parameter.Name}' cannot be null: a path segment is always sent; 'null' is ignored");
                type = type with { AllowsNull = false };
            }

            var structured = parameter.In == "query" && type.Kind == TypeKind.Object;
            if (!IsSendableScalar(type.Kind) && !(type.Kind == TypeKind.List && IsSendableScalar(type.Element!.Kind)) && !structured)
            {
                Report(DiagnosticDescriptors.UnsupportedParameter, parameter.Location, $"The parameter '{parameter.Name}' has a structured type; only scalars and arrays of scalars can be sent in the {parameter.In}");
                continue;
            }

            if (parameter.In is "header" or "cookie" && type.Kind == TypeKind.List)
            {
                Report(DiagnosticDescriptors.UnsupportedParameter, parameter.Location, $"The {parameter.In} '{parameter.Name}' is an array; {parameter.In}s take scalars only");
                continue;
            }

            parameters.Add(new ParameterModel(parameter.Name, parameterName, parameter.In, parameter.Required, type, parameter.Schema.Description is { } d ? d : parameter.Description, parameter.Deprecated)
            {
                ListSeparator = parameter.In != "query" || type.Kind != TypeKind.List ? null : parameter.Style switch
                {
                    "spaceDelimited" => " ",
                    "pipeDelimited" => "|",
                    _ => parameter.Explode == false ? "," : null,
                },
                IsStructured = structured,
                DeepObject = structured && parameter.Style == "deepObject",
                SendsJsonText = structured && parameter.IsJsonContent,
            });
        }

        RequestBodyModel? body = null;
        if (operation.RequestBody is { Schema: { } multipartSchema, Content: { Media: BodyMedia.Multipart } multipart } multipartBody)
        {
            body = BindMultipart(operation, name, multipartSchema, multipart, multipartBody);
        }
        else if (operation.RequestBody is { Schema: { } bodySchema } requestBody)
        {
            body = new RequestBodyModel(BindType(bodySchema, name + "Request"), requestBody.Required, requestBody.Description);
            if (requestBody.Content is { Media: BodyMedia.Form } form)
            {
                // Form fields are a JSON object's members, written by the same writers and flattened by the runtime.
                var declared = Simplified(bodySchema.Ref is { } bodyRef ? _schemas[bodyRef.Value].Schema : bodySchema);
                var fieldless = declared.Properties.Count == 0 && declared.Variants.Count == 0;
                body = body.Type.Kind == TypeKind.Object && !IsUnion(declared)
                    ? body with { MediaType = form.MediaType, IsForm = true, IndexedLists = form.DeepObjectMembers }
                    : null;

                // A form of no fields (Stripe's GETs declare one) has nothing to send: no body, and nothing to report.
                if (body is null && !fieldless)
                {
                    Report(DiagnosticDescriptors.UnsupportedMediaType, requestBody.Location, $"The form body of '{operation.Display}' is not an object; the body is left out");
                }
            }
        }
        else if (operation.RequestBody is { Content: { Media: BodyMedia.Text or BodyMedia.Binary } content } otherBody)
        {
            // A wildcard (`image/*`, `*/*`) says what the service takes, not what this body is: sent as plain bytes.
            var mediaType = content.MediaType.Contains("*") ? "application/octet-stream" : content.MediaType;
            body = new RequestBodyModel(UntypedBody(content.Media), otherBody.Required, otherBody.Description) { MediaType = mediaType };
        }

        TypeModel? result = null;
        string? resultMediaType = null;
        string? resultDescription = null;
        var errors = new List<ErrorResponseModel>();
        foreach (var response in operation.Responses)
        {
            if (IsSuccess(response.StatusCode) || response.StatusCode == "2XX")
            {
                if (response.Content is { } content && (content.Schema is not null || content.Media is not BodyMedia.Json))
                {
                    var type = content.Schema is { } schema ? BindType(schema, name + "Response") : UntypedBody(content.Media);
                    var mediaType = content.Media is BodyMedia.Json ? null : content.MediaType.Split(';')[0].Trim();
                    if (result is not null && (!result.Equals(type) || resultMediaType != mediaType))
                    {
                        Report(DiagnosticDescriptors.ResponseTypeReduced, response.Location, $"'{operation.Display}' has success responses of different types; the first one is used");
                        continue;
                    }

                    result = type;
                    resultMediaType = mediaType;
                    resultDescription ??= response.Description;
                }
            }
            else
            {
                errors.Add(BindError(response, $"The {response.StatusCode} response of '{operation.Display}'"));
            }
        }

        // The method's own locals take names no parameter has. A parameter's value local, {name}Value, is used by the
        // client method and by the validator, so it also keeps clear of the validator's own names.
        var locals = new HashSet<string>(parameters.Select(p => p.Name.TrimStart('@')).Concat(new[] { "body", "cancellationToken" }), StringComparer.Ordinal);
        string Local(string local, bool reserved = false)
        {
            local = Free(local, candidate => locals.Contains(candidate) || (reserved && Names.ReservedLocals.Contains(candidate)), suffix: "");
            locals.Add(local);
            return local;
        }

        for (var i = 0; i < parameters.Count; i++)
        {
            parameters[i] = parameters[i] with { ValueLocal = Local(parameters[i].Name.TrimStart('@') + "Value", reserved: true) };
        }

        var operationLocals = new OperationLocals(Local("errors"), Local("baseUri"), Local("uri"), Local("url"), Local("hasQuery"), Local("item"), Local("request")) { Response = Local("response") };
        return new OperationModel(
            name,
            operation.OperationId ?? name,
            operation.Method,
            operation.PathKey,
            parameters.ToEquatableArray(),
            body,
            result,
            resultDescription,
            errors.ToEquatableArray(),
            operation.Summary,
            operation.Description,
            operation.Deprecated)
        {
            ErrorTable = ErrorTable(errors),
            ResultMediaType = resultMediaType,
            Locals = operationLocals,
            Path = PathParts(operation, parameters),
            FixedQuery = operation.FixedQuery,
            Auth = BindAuth(operation, Local("auth")),
            Headers = BindResponseHeaders(operation, name),
        };
    }

    /// <summary>
    /// The headers the success responses declare (the first declaration of a name, ignoring case), as the properties of
    /// a record <c>{Operation}Headers</c>, each nullable: a header may be absent, or not of its schema's form. A header
    /// of a type a header cannot carry (an object) is reported and left to the raw headers.
    /// </summary>
    private ResponseHeadersModel? BindResponseHeaders(OperationSpec operation, string name)
    {
        var declared = new List<HeaderSpec>();
        foreach (var header in operation.Responses.Where(r => IsSuccess(r.StatusCode)).SelectMany(r => r.Headers))
        {
            if (!declared.Any(d => d.Name.Equals(header.Name, StringComparison.OrdinalIgnoreCase)))
            {
                declared.Add(header);
            }
        }

        if (declared.Count == 0)
        {
            return null;
        }

        var typeName = ClaimInlineName(name + "Headers", declared[0].Location, RecordMembers);
        var schema = new SchemaSpec(declared[0].Location)
        {
            Types = new[] { "object" }.ToEquatableArray(),
            // The header's name is its wire name (an xml name, which AWS-converted documents' members take, is not).
            Properties = declared.Select(h => new PropertySpec(h.Name, (h.Description is { } d && h.Schema.Description is null ? h.Schema with { Description = d } : h.Schema) with { XmlName = null }, h.Location)).ToEquatableArray(),
        };
        var bound = BindObject(typeName, typeName, schema, emitRecord: true, exceptionName: null);
        var headers = new List<PropertyModel>();
        foreach (var property in bound.Properties)
        {
            var type = property.Type;
            if (!IsSendableScalar(type.Kind) && !(type.Kind == TypeKind.List && IsSendableScalar(type.Element!.Kind) && type.Element.Kind != TypeKind.IntegerEnum))
            {
                Report(DiagnosticDescriptors.ResponseTypeReduced, declared.FirstOrDefault(h => h.Name == property.JsonName)?.Location ?? declared[0].Location, $"The response header '{property.JsonName}' of '{operation.Display}' is not a scalar or a list of scalars; it is not read into {typeName} (its text is in the response's Headers)");
                continue;
            }

            headers.Add(property with { Required = false, Type = type with { AllowsNull = true } });
        }

        return headers.Count == 0 ? null : new ResponseHeadersModel(typeName, headers.ToEquatableArray());
    }

    /// <summary>
    /// A declared error response: the exception of its component schema, found by the schema's name too (AWS's
    /// <c>x-amzn-ErrorType</c> and the <c>code</c> or <c>__type</c> of a body name the error as the schema is named).
    /// </summary>
    private ErrorResponseModel BindError(ResponseSpec response, string what)
    {
        if (response.Schema?.Ref is { } reference)
        {
            var exception = _objects.FirstOrDefault(o => o.SchemaName == reference.Value)?.ExceptionName;
            return new ErrorResponseModel(response.StatusCode, exception, exception is null ? null : reference.Value, response.Description);
        }

        if (response.Schema is not null)
        {
            Report(DiagnosticDescriptors.ResponseTypeReduced, response.Location, $"{what} has an inline schema; define it under components/schemas to get a typed exception");
        }

        return new ErrorResponseModel(response.StatusCode, null, null, response.Description);
    }

    /// <summary>The service-wide errors; one without a typed exception could only raise a plain ApiException, and says so.</summary>
    private List<ErrorResponseModel> BindServiceErrors()
    {
        var errors = new List<ErrorResponseModel>();
        foreach (var response in _document.ServiceErrors)
        {
            var error = BindError(response, $"The service-wide {response.StatusCode} error");
            if (error.ExceptionName is null && response.Schema is null)
            {
                Report(DiagnosticDescriptors.ResponseTypeReduced, response.Location, $"The service-wide {response.StatusCode} error has no JSON schema; it raises a plain ApiException, as an undeclared status does");
            }

            errors.Add(error);
        }

        return errors;
    }

    /// <summary>
    /// The typed errors in the order they are tried: statuses, then ranges like 4XX, then <c>default</c>. A status
    /// declared without a schema has no row: it raises what <c>default</c> or a range says, else a plain ApiException.
    /// </summary>
    private static EquatableArray<ErrorCaseModel> ErrorTable(IEnumerable<ErrorResponseModel> errors)
    {
        var rows = new List<ErrorCaseModel>();
        foreach (var error in errors.Where(error => error.ExceptionName is not null))
        {
            if (error.StatusCode == "default")
            {
                rows.Add(new ErrorCaseModel(ErrorMatch.Default, 0, error.ErrorName, error.ExceptionName!, ErrorFactory));
            }
            else if (error.StatusCode.EndsWith("XX", StringComparison.Ordinal))
            {
                rows.Add(new ErrorCaseModel(ErrorMatch.Range, error.StatusCode[0] - '0', error.ErrorName, error.ExceptionName!, ErrorFactory));
            }
            else if (int.TryParse(error.StatusCode, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code))
            {
                rows.Add(new ErrorCaseModel(ErrorMatch.Status, code, error.ErrorName, error.ExceptionName!, ErrorFactory));
            }
        }

        // A row that raises what default raises anyway says nothing: a range that does, and a status that does when no
        // range would catch it first (CreateItem's 400 and 409 beside a default of the same exception).
        var fallback = rows.FirstOrDefault(row => row.Match == ErrorMatch.Default)?.Exception;
        var otherRanges = new HashSet<int>(rows.Where(row => row.Match == ErrorMatch.Range && row.Exception != fallback).Select(row => row.Code));
        rows.RemoveAll(row =>
            row.Exception == fallback
            && (row.Match == ErrorMatch.Range || (row.Match == ErrorMatch.Status && !otherRanges.Contains(row.Code / 100))));
        return rows.OrderBy(row => row.Match).ToEquatableArray();
    }

    /// <summary>The method name an operation asks for: its <c>x-stagegen-name</c>, its <c>operationId</c>, or its method and path.</summary>
    private static string NaturalMethodName(OperationSpec operation) =>
        operation.MethodName is { } given ? Names.Pascal(given.Value)
        : operation.OperationId is { } operationId ? Names.Pascal(operationId)
        : MethodNameFromPath(operation);

    /// <summary>
    /// Names for operations whose operationIds or paths make the same method name (<c>List Rules</c> and <c>List rules</c>,
    /// <c>GET /jobs</c> and <c>GET /jobs/</c>), decided by those alone as <see cref="PartedNames"/> decides: the
    /// ordinally first keeps the name, each other takes the next free numbered one (<c>ListRules2</c>). A name the spec
    /// gives with <c>x-stagegen-name</c> is the user's choice: it is never moved or taken, and one that meets another
    /// stays SG1009.
    /// </summary>
    private static Dictionary<string, string> PartedOperationNames(IReadOnlyList<OperationSpec> operations)
    {
        var given = new HashSet<string>(operations.Where(o => o.MethodName is not null).Select(NaturalMethodName), StringComparer.Ordinal);
        var named = operations.Where(o => o.MethodName is null).GroupBy(o => o.Display, StringComparer.Ordinal).ToDictionary(g => g.Key, g => NaturalMethodName(g.First()), StringComparer.Ordinal);
        return PartedNames(named.Keys, display => named[display], given.Contains);
    }

    /// <summary>
    /// The method name of an operation without <c>operationId</c>, from its method and path alone, so it never changes
    /// with the rest of the spec: the method, then each literal segment and <c>By</c> and each parameter, in PascalCase
    /// (<c>GET /project/{username}/{project}/envvar</c> → <c>GetProjectByUsernameByProjectEnvvar</c>), then the key's
    /// query, its literal pairs by name and value and the others by name (<c>GET /current?city={city}</c> →
    /// <c>GetCurrentByCity</c>), since documents that write one tell operations on one path apart by it.
    /// </summary>
    private static string MethodNameFromPath(OperationSpec operation) =>
        Names.Pascal(operation.Method)
        + string.Concat(operation.PathSegments.Select(segment => (segment.IsParameter ? "By" : "") + NamePart(segment.Text)))
        + string.Concat(SpecText.QueryPairs(operation.PathQuery ?? "").Select(pair => operation.FixedQuery.Contains(pair)
            ? NamePart(pair.Name) + NamePart(pair.Value)
            : "By" + NamePart(pair.Name)));

    /// <summary>A piece of spec text in a method name: its PascalCase, or nothing when it has no ASCII letter or digit.</summary>
    private static string NamePart(string text) =>
        text.Any(c => c < 128 && char.IsLetterOrDigit(c)) ? Names.Pascal(text).TrimStart('_') : "";

    /// <summary>
    /// Every <c>{parameter}</c> of the path template must be a declared path parameter (SG1007: the URL cannot be built);
    /// a path parameter the template lacks has nowhere to go, so it is reported (SG2007) and left out of the operation.
    /// </summary>
    private OperationSpec CheckPathParameters(OperationSpec operation)
    {
        var declared = operation.Parameters.Where(p => p.In == "path").ToList();
        foreach (var segment in operation.PathSegments.Where(s => s.IsParameter))
        {
            if (!declared.Any(p => p.Name == segment.Text))
            {
                Report(DiagnosticDescriptors.UndeclaredPathParameter, segment.Location ?? operation.Location, operation.PathTemplate, segment.Text, operation.Display);
            }
        }

        var stray = declared.Where(p => !operation.PathSegments.Any(s => s.IsParameter && s.Text == p.Name)).ToList();
        foreach (var parameter in stray)
        {
            Report(DiagnosticDescriptors.UnsupportedParameter, parameter.Location, $"The path parameter '{parameter.Name}' does not appear in the path template '{operation.PathTemplate}'; it is not sent");
        }

        return stray.Count == 0 ? operation : operation with { Parameters = operation.Parameters.Where(p => !stray.Contains(p)).ToEquatableArray() };
    }

    /// <summary>
    /// The path the client appends to the base address: the template without its leading <c>/</c>, each parameter by
    /// the C# name of the path parameter it is. One that is not declared, or that the binder
    /// refused (not a scalar, found by fuzzing) is an error already, so no client is generated and it is left out.
    /// </summary>
    private static EquatableArray<PathPartModel> PathParts(OperationSpec operation, List<ParameterModel> parameters)
    {
        var parts = new List<PathPartModel>();
        foreach (var segment in operation.PathSegments)
        {
            if (segment.IsParameter)
            {
                if (parameters.FirstOrDefault(p => p.In == "path" && p.WireName == segment.Text) is { } parameter)
                {
                    parts.Add(new PathPartModel(null, parameter.Name));
                }
            }
            else if ((segment.Offset == 0 ? segment.Text.TrimStart('/') : segment.Text) is { Length: > 0 } text)
            {
                parts.Add(new PathPartModel(text, null));
            }
        }

        return parts.ToEquatableArray();
    }

    /// <summary>A value <c>ApiHttp.Format</c> can write into a URL or a header (not bytes, objects, maps, lists or raw JSON).</summary>
    private static bool IsSendableScalar(TypeKind kind) =>
        kind is TypeKind.String or TypeKind.Enum or TypeKind.IntegerEnum or TypeKind.Boolean or TypeKind.Int32 or TypeKind.Int64 or TypeKind.Double
            or TypeKind.Single or TypeKind.DateTimeOffset or TypeKind.DateOnly or TypeKind.Guid or TypeKind.Uri;

    /// <summary>
    /// Names for the spec names of one scope whose C# names meet (<c>ASC</c> and <c>asc</c>, <c>bundleId</c> and
    /// <c>-bundleId</c>, <c>+1</c> and <c>-1</c>), decided by the names alone so that reordering the spec or adding an
    /// unrelated name renames nothing: a name without a sign, then the ordinally first, keeps the C# name; each other
    /// takes its signs spelled out (<c>-bundleId</c> → <c>MinusBundleId</c>) when that is free, else the next free
    /// numbered name (<c>Asc2</c>). The result holds only the names that move.
    /// </summary>
    private static Dictionary<string, string> PartedNames(IEnumerable<string> specNames, Func<string, string> toName, Func<string, bool> reserved)
    {
        var distinct = specNames.Distinct(StringComparer.Ordinal).ToList();
        var natural = new HashSet<string>(distinct.Select(toName), StringComparer.Ordinal);
        var moved = new Dictionary<string, string>(StringComparer.Ordinal);
        if (natural.Count == distinct.Count)
        {
            // The common case: no two names meet.
            return moved;
        }

        var claimed = new HashSet<string>(StringComparer.Ordinal);
        bool Taken(string candidate) => natural.Contains(candidate) || claimed.Contains(candidate) || reserved(candidate);
        foreach (var group in distinct.GroupBy(toName, StringComparer.Ordinal).Where(g => g.Count() > 1).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var ordered = group.OrderBy(n => IsSigned(n) ? 1 : 0).ThenBy(n => n, StringComparer.Ordinal).ToList();
            for (var i = 0; i < ordered.Count; i++)
            {
                var spelled = IsSigned(ordered[i]) ? toName(SpellSigns(ordered[i])) : group.Key;
                if (i == 0 && spelled == group.Key)
                {
                    continue; // keeps the C# name
                }

                var name = spelled != group.Key && !Taken(spelled) ? spelled : Free(group.Key, Taken, suffix: "");
                claimed.Add(name);
                moved[ordered[i]] = name;
            }
        }

        return moved;
    }

    /// <summary>
    /// <see cref="Names.Pascal"/> of a spec name, made once a bind: a property's name is asked for on the way to its
    /// member, its type's context, its JSON field and its renaming.
    /// </summary>
    private string Pascal(string name)
    {
        if (!_pascalNames.TryGetValue(name, out var pascal))
        {
            _pascalNames[name] = pascal = Names.Pascal(name);
        }

        return pascal;
    }

    /// <summary>The headers an AWS SigV4 signer writes (AWS-converted documents list them as parameters).</summary>
    private static readonly HashSet<string> SigV4Headers = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "X-Amz-Algorithm", "X-Amz-Content-Sha256", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Security-Token",
        "X-Amz-Signature", "X-Amz-SignedHeaders",
    };

    /// <summary>Whether the service signs with AWS SigV4 (a scheme of the spec says so).</summary>
    private bool SignsWithSigV4 => _document.SecuritySchemes.Any(scheme => scheme.Kind == SecuritySchemeKind.AwsSigV4);

    /// <summary>
    /// A property's name in JSON. Documents converted from AWS's models (<c>info.x-aws-signingName</c>) name members
    /// after the model (<c>StageName</c>) and keep the wire name in <c>xml.name</c> (<c>stageName</c>), which is what
    /// the service sends and reads; any other document's property name is its JSON name. An XML name that another
    /// property of the schema has, or gives, is not taken: two members would read one JSON name.
    /// </summary>
    private string WireName(PropertySpec property, SchemaSpec schema) =>
        _document.AwsSigningName is not null && property.Schema.XmlName is { Length: > 0 } wire
            && !schema.Properties.Any(other => other != property && (other.Name == wire || other.Schema.XmlName == wire))
            ? wire
            : property.Name;

    /// <summary>
    /// The C# names of an operation's parameters. One name may be a path and a query parameter at once (Kubernetes'
    /// proxy operations have both a path and a query <c>path</c>): the path parameter keeps the name, then the query, the
    /// header and the cookie one, and each other takes its location as a suffix (<c>pathQuery</c>), else a number.
    /// </summary>
    private static string[] ParameterNames(IReadOnlyList<ParameterSpec> parameters)
    {
        var names = parameters.Select(p => Names.Camel(p.Name) is var name && Names.ReservedLocals.Contains(name) ? name + "Value" : name).ToArray();
        var taken = new HashSet<string>(names, StringComparer.Ordinal);
        var order = new[] { "path", "query", "header", "cookie" };
        int Rank(int i) => Array.IndexOf(order, parameters[i].In) is var rank && rank >= 0 ? rank : order.Length;
        foreach (var group in Enumerable.Range(0, names.Length).GroupBy(i => names[i], StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            // A parameter listed twice (same name and location) is left to the collision check.
            foreach (var i in group.OrderBy(Rank).ThenBy(i => parameters[i].Name, StringComparer.Ordinal).Skip(1))
            {
                if (group.Any(j => j != i && parameters[j].In == parameters[i].In && parameters[j].Name == parameters[i].Name))
                {
                    continue;
                }

                var suffixed = group.Key.TrimStart('@') + Names.Pascal(parameters[i].In);
                names[i] = taken.Contains(suffixed) ? Free(suffixed, taken.Contains, suffix: "") : suffixed;
                taken.Add(names[i]);
            }
        }

        return names;
    }

    /// <summary>Whether a name starts or ends with a sign, as sort keys (<c>-created</c>) and reactions (<c>+1</c>) do.</summary>
    private static bool IsSigned(string name) => name.Length > 0 && (name[0] is '+' or '-' || name[name.Length - 1] is '+' or '-');

    /// <summary><c>-created</c> → <c>minus created</c>, <c>+1</c> → <c>plus 1</c>, <c>c++</c> → <c>c plus plus</c>.</summary>
    private static string SpellSigns(string name)
    {
        var start = 0;
        var end = name.Length;
        var head = new StringBuilder();
        var tail = new StringBuilder();
        while (start < end && name[start] is '+' or '-')
        {
            head.Append(name[start++] == '+' ? "plus " : "minus ");
        }

        while (end > start && name[end - 1] is '+' or '-')
        {
            tail.Insert(0, name[--end] == '+' ? " plus" : " minus");
        }

        return head + name.Substring(start, end - start) + tail;
    }

    /// <summary>Claims a C# name within one scope (a type's members, an operation's parameters); a second claim is SG1009.</summary>
    private bool ClaimMemberName(Dictionary<string, string> seen, string name, string specName, string kind, string owner, LocationInfo location)
    {
        if (!CheckNameLength(name, location))
        {
            return false;
        }

        if (seen.TryGetValue(name, out var other))
        {
            Report(DiagnosticDescriptors.NameCollision, location, $"The {kind} '{other}'", $"'{specName}' of {owner}", name);
            return false;
        }

        seen[name] = specName;
        return true;
    }

    /// <summary>
    /// An inline schema's type is named after where it is used; when a schema or another inline type has that name
    /// already, it takes the next free one (<c>{name}2</c>, ...): the name is generated, so it must not fail the build.
    /// </summary>
    private string ClaimInlineName(string name, LocationInfo location, HashSet<string> members)
    {
        name = Free(name, candidate => _claimedNames.ContainsKey(candidate) || members.Contains(candidate), suffix: "");
        ClaimTypeName(name, "An inline schema", location);
        return name;
    }

    private void ClaimTypeName(string name, string what, LocationInfo location)
    {
        if (!CheckNameLength(name, location))
        {
            return;
        }

        if (_claimedNames.TryGetValue(name, out var first))
        {
            var other = first.Length == 0 && first.Start == 0 ? "a generated client type" : $"the type declared at line {first.StartLine + 1}";
            Report(DiagnosticDescriptors.NameCollision, location, what, other, name);
            return;
        }

        _claimedNames[name] = location;
    }

    /// <summary>Reports SG1014 for a C# name longer than <see cref="MaxNameLength"/>.</summary>
    private bool CheckNameLength(string name, LocationInfo location)
    {
        if (name.Length <= MaxNameLength)
        {
            return true;
        }

        Report(
            DiagnosticDescriptors.LimitExceeded,
            location,
            $"The C# name made from this name ('{name.Substring(0, 40)}…') is {name.Length.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} characters long, more than the {MaxNameLength} StageGen generates; shorten the name (or the names of the schemas an inline schema is nested in)");
        return false;
    }

    private void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments)
        => _diagnostics.Add(DiagnosticInfo.Create(descriptor, location, arguments));
}
