using System;
using System.Linq;
using System.Text;
using CsCheck;

namespace StageGen.Fuzz.Tests.Infrastructure;

/// <summary>
/// CsCheck generators of specs whose every name is hostile to the generated code: members records, exceptions and
/// the extensible enum struct have (inherited or synthesized), C# keywords, the locals, helpers and types generated
/// code declares, names that differ only in case or punctuation, and schemas named like the types and helpers
/// generated for operations (<c>{Operation}Response</c>). The names go everywhere a name goes: schemas, properties,
/// error schemas, enum values, operations and parameters.
/// </summary>
public static class NameGens
{
    /// <summary>Names that meet something the generated code declares or inherits.</summary>
    public static readonly string[] HostileNames =
    [
        // object, and what the compiler gives every record
        "equals", "Equals", "getHashCode", "toString", "getType", "memberwiseClone", "referenceEquals", "finalize",
        "equalityContract", "printMembers", "deconstruct", "clone", "<Clone>$",
        // System.Exception, the runtime's ApiException, the generated exception
        "message", "data", "source", "helpLink", "stackTrace", "innerException", "hResult", "targetSite", "getBaseException",
        "getObjectData", "serializeObjectState", "response", "statusCode", "headers", "body", "bodyTruncated", "getHeader",
        "describeFailure", "fromResponse",
        // the enum struct
        "value", "Value", "valueValue", "isKnown", "knownValues", "s_known", "_value",
        // C# keywords and contextual keywords
        "class", "int", "namespace", "event", "operator", "var", "await", "async", "nameof", "dynamic", "global", "default",
        "this", "base", "null", "true", "when", "and", "or", "not", "record", "required", "init", "file", "scoped", "partial",
        // locals and parameters of generated methods
        "length", "mark", "mapMark", "concrete", "entry", "item1", "index1", "listMark1", "itemMark1", "key", "item",
        "entryMark", "errors", "cancellationToken", "reader", "writer", "member", "name", "result", "utf8", "request",
        "status", "error", "uri", "url", "hasQuery", "baseUri", "exception", "options", "httpClient", "value1", "list1",
        "i1", "map1", "key1", "dictionary1", "entry1", "operation", "utf8Json", "known",
        // generated types and helpers
        "Api", "ApiClient", "IApiClient", "ApiJson", "ApiValidation", "ApiClientServiceCollectionExtensions", "Optional",
        "ApiException", "JsonElement", "System", "Fuzz", "Task", "Serialize", "Deserialize", "Write", "Read", "Validate",
        "MatchesPattern0", "ValidateEntry1", "s_pattern0", "s_chars0", "s_nameA", "Thing", "ThingException", "ThingValue",
        // names that differ only in case or punctuation, or start with a digit
        "a", "A", "a-b", "a_b", "aB", "AB", "a.b", "1a", "_1a", "a1", "x-y-z", "X_Y_Z",
    ];

    /// <summary>Operation ids; a schema may be named after one plus Response or Request, or one plus a parameter.</summary>
    private static readonly string[] OperationIds =
        ["getThing", "get_thing", "list", "read", "write", "serialize", "validate", "equals", "Thing", "a", "1a"];

    private static readonly Gen<string> Name = Gen.OneOf(HostileNames);

    private static readonly Gen<string> Property =
        Gen.Select(Name, Gen.Int[0, 10]).Select((name, type) => $"'{name}': {PropertyType(type)}");

    private static string PropertyType(int type) => type switch
    {
        0 => "{type: string, maxLength: 5}",
        1 => "{type: integer, format: int32, minimum: 0}",
        2 => "{type: string, enum: [value, equals, a-b]}",
        3 => "{type: array, items: {type: string, minLength: 1}}",
        4 => "{type: object, additionalProperties: {type: string, maxLength: 3}}",
        5 => "{type: [string, 'null']}",
        6 => "{$ref: '#/components/schemas/Kind'}",
        7 => "{type: object, properties: {equals: {type: string}, length: {type: integer}}}",
        8 => "{type: string, format: date-time}",
        9 => "{type: boolean}",
        _ => "{$ref: '#/components/schemas/Thing'}",
    };

    private static readonly Gen<string> Schema =
        Gen.Select(Property.Array[1, 6], Gen.Bool).Select((properties, requireAll) =>
        {
            var required = requireAll ? $", required: [{string.Join(", ", properties.Select(p => p.Substring(0, p.IndexOf("':", StringComparison.Ordinal) + 1)))}]" : "";
            return $"{{type: object{required}, properties: {{{string.Join(", ", properties)}}}}}";
        });

    private static readonly Gen<string> Parameter =
        Gen.Select(Name, Gen.Int[0, 2], Gen.Int[0, 4], Gen.Bool).Select((name, place, type, required) =>
            $"{{name: '{name}', in: {(place == 0 ? "query" : "header")}, required: {(required ? "true" : "false")}, schema: {type switch
            {
                0 => "{type: string, maxLength: 5}",
                1 => "{type: integer, minimum: 1}",
                2 => "{type: string, enum: [a, b]}",
                3 when place == 0 => "{type: array, items: {type: string, maxLength: 2}}",
                _ => "{$ref: '#/components/schemas/Kind'}",
            }}}}");

    /// <summary>A 200 response: a named object, a list of them, an inline object (nullable or not), a string, a map.</summary>
    private static string Response(int kind, string schema) => kind switch
    {
        0 => $"{{$ref: '#/components/schemas/{schema}'}}",
        1 => $"{{type: array, items: {{$ref: '#/components/schemas/{schema}'}}}}",
        2 => "{type: [object, 'null'], properties: {equals: {type: string}, toString: {type: integer}}}",
        3 => "{type: object, properties: {value: {type: string}}}",
        4 => "{type: string}",
        _ => "{type: object, additionalProperties: {$ref: '#/components/schemas/Kind'}}",
    };

    /// <summary>A whole spec: schemas (some named after operations), an enum, error schemas and operations.</summary>
    public static readonly Gen<string> Spec =
        Gen.Select(
                Gen.Select(Name, Schema).Array[0, 3],
                Gen.Select(Gen.OneOf(OperationIds), Gen.OneOf("Response", "Request", "Item", "Value", "Kind"), Schema).Array[0, 2],
                Name.Array[1, 8],
                Gen.Int[0, 5],
                Gen.Select(Name, Schema).Array[0, 2],
                Gen.Select(Gen.OneOf(OperationIds), Parameter.Array[0, 4], Gen.Int[0, 5], Gen.Bool, Name).Array[1, 3])
            .Select((schemas, operationSchemas, values, largeEnum, errors, operations) =>
            {
                var text = new StringBuilder("openapi: 3.1.0\ninfo: {title: Fuzz, version: '1'}\npaths:\n");
                for (var i = 0; i < operations.Length; i++)
                {
                    var (id, parameters, response, withBody, pathName) = operations[i];
                    text.Append($"  /p{i}/{{{pathName}}}:\n    post:\n      operationId: '{id}{(i == 0 ? "" : i.ToString(System.Globalization.CultureInfo.InvariantCulture))}'\n");
                    text.Append($"      parameters:\n        - {{name: '{pathName}', in: path, required: true, schema: {{type: string, maxLength: 9}}}}\n");
                    foreach (var parameter in parameters)
                    {
                        text.Append($"        - {parameter}\n");
                    }

                    if (withBody)
                    {
                        text.Append("      requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}\n");
                    }

                    text.Append($"      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {Response(response, "Thing")}}}}}}}\n");
                    for (var e = 0; e < errors.Length; e++)
                    {
                        text.Append($"        '40{e}': {{description: bad, content: {{application/json: {{schema: {{$ref: '#/components/schemas/E{e}{Pascal(errors[e].Item1)}'}}}}}}}}\n");
                    }
                }

                text.Append("components:\n  schemas:\n");
                text.Append("    Thing: {type: object, properties: {'equals': {type: string}, 'length': {type: integer}, 'kind': {$ref: '#/components/schemas/Kind'}}}\n");
                // A large enum (over EnumModel.LargeAbove values) takes the other shapes of the enum emitters.
                var enumValues = largeEnum == 0 ? values.Concat(Enumerable.Range(0, 20).Select(n => "v" + n)).Distinct() : values.Distinct();
                text.Append($"    Kind: {{type: string, enum: [{string.Join(", ", enumValues.Select(v => $"'{v}'"))}]}}\n");
                foreach (var (name, schema) in schemas)
                {
                    text.Append($"    '{name}': {schema}\n");
                }

                foreach (var (operation, suffix, schema) in operationSchemas)
                {
                    text.Append($"    '{operation}{suffix}': {schema}\n");
                }

                for (var e = 0; e < errors.Length; e++)
                {
                    text.Append($"    'E{e}{Pascal(errors[e].Item1)}': {errors[e].Item2}\n");
                }

                return text.ToString();
            });

    /// <summary>A schema name that is a YAML-safe word (error schema names get an index so two never meet).</summary>
    private static string Pascal(string name) => new(name.Where(char.IsLetterOrDigit).ToArray());
}
