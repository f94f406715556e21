using System;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using StageGen.Fuzz.Tests.Infrastructure;
using StageGen.Generator.Spec;
using StageGen.Generator.Tests.Infrastructure;
using Xunit;

namespace StageGen.Fuzz.Tests;

/// <summary>
/// What spec fuzzing found, one test each (each failed before its fix), and the limits that turn hostile specs into
/// located diagnostics instead of hangs, stack overflows or running out of memory.
/// </summary>
public sealed class GeneratorRegressionTests
{
    private const string Path = "/fuzz/api.yaml";
    private const string Header = "openapi: 3.1.0\ninfo: {title: Fuzz, version: '1'}\n";

    // ---- found by fuzzing -------------------------------------------------------------------------------------------

    [Theory]
    // NEL and LS are line breaks to YAML and to the compiler alike: the error is where the scanner stopped, just past it.
    [InlineData("paths: {}\ncomponents:\n  schemas:\n    E: {type: string, enum: [a\u0085b, other]}\n", 7, "InvalidOperationException")]
    [InlineData("paths: {}\ncomponents:\n  schemas:\n    E: {type: string, enum: [a\u2028b, other]}\n", 7, "InvalidOperationException")]
    [InlineData("paths: {}\ncomponents:\n  schemas:\n    P:\n      type: object\n      required: [id\n      properties:\n        id: {type: string}\n", 9, "")]
    public void YamlDotNet_errors_that_are_not_YamlExceptions_are_SG1001_not_SG9001(string rest, int line, string word)
    {
        // YamlDotNet's scanner throws InvalidOperationException for a NEL/LS line break in a flow scalar and for some
        // unclosed flow collections; that escaped SpecReader (which caught YamlException only) and became SG9001.
        var run = Run(Header + rest);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("SG1001", diagnostic.Id);
        Assert.Equal(line, diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1);
        Assert.Contains(word, diagnostic.GetMessage());
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void A_merge_key_alias_bomb_of_half_a_kilobyte_is_refused_instead_of_generating_megabytes()
    {
        // Five levels of `<<: *b` plus three aliases each made 2.3 MB of C# (a dozen seconds to compile) from 545 bytes,
        // well under the old absolute budget of 200,000 node visits. The budget now also scales with the text.
        var yaml = new StringBuilder(Header + "paths: {}\ncomponents:\n  schemas:\n    Base: &b0 {type: object, properties: {a: {type: string}}}\n");
        for (var level = 1; level <= 5; level++)
        {
            yaml.Append($"    M{level}: &b{level}\n      <<: *b{level - 1}\n      properties: {{q0: *b{level - 1}, q1: *b{level - 1}, q2: *b{level - 1}}}\n");
        }

        var run = Run(yaml.ToString());

        var error = Assert.Single(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("SG1014", error.Id);
        Assert.Contains("The spec expands to more than", error.GetMessage());
        Assert.Contains("(YAML aliases?)", error.GetMessage());
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void A_named_schema_that_refers_to_an_error_schema_makes_the_error_schema_data_too()
    {
        // 200 → Product: {$ref: Problem}, 404 → Problem: Problem counted as error-only, so no Problem record was
        // generated for the 200 response (CS0246).
        var run = Run(Header + """
            paths:
              /products/{id}:
                get:
                  operationId: getProduct
                  parameters:
                    - {name: id, in: path, required: true, schema: {type: string}}
                  responses:
                    '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Product'}}}}
                    '404': {description: no, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}
            components:
              schemas:
                Product: {$ref: '#/components/schemas/Problem'}
                Problem: {type: object, properties: {title: {type: string}}}
            """);

        AssertCompiles(run);
        Assert.Contains("public sealed partial record Problem", run.Sources["Fuzz.Api.Api.Models.g.cs"]);
        Assert.Contains("class ProblemException", run.Sources["Fuzz.Api.Api.Errors.g.cs"]);
    }

    [Theory]
    [InlineData("{minLength: 1}", "apiId")] // no type: raw JSON, which a URL cannot hold
    [InlineData("{type: object, properties: {a: {type: string}}}", "apiId")]
    [InlineData("{type: array, items: {type: string}}", "apiId")]
    [InlineData("{type: string, format: byte}", "apiId")]
    public void A_path_parameter_that_cannot_be_one_segment_is_a_string_with_a_warning(string schema, string name)
    {
        // It used to be dropped with a warning, and emitting the URL then threw (SG9001: Sequence contains no
        // matching element); then it was an error, which stopped published documents (Jellyfin's Version object).
        var run = Run(Header + $$"""
            paths:
              /apis/{apiId}:
                get:
                  operationId: getApi
                  parameters:
                    - {name: apiId, in: path, required: true, schema: {{schema}} }
                  responses:
                    '204': {description: ok}
            """);

        var warning = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "SG2007");
        Assert.Equal(8, warning.Location.GetLineSpan().StartLinePosition.Line + 1);
        Assert.Contains($"The path parameter '{name}' is not a string, number, boolean or string enum", warning.GetMessage());
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Contains("GetApiAsync(string apiId,", run.Sources.Single(s => s.Key.EndsWith(".Client.g.cs", System.StringComparison.Ordinal)).Value);
        Assert.Empty(run.CompilationDiagnostics);
    }

    [Theory]
    [InlineData("path", "{type: [string, 'null']}")] // did not compile (CS8604): now SG2007, and the null is ignored
    [InlineData("path", "{type: [integer, 'null'], format: int32}")]
    [InlineData("path", "{type: integer, format: int64}")]
    [InlineData("path", "{type: string, enum: [a, b]}")]
    [InlineData("path", "{type: string, format: date-time}")]
    [InlineData("query", "{type: [string, 'null']}")]
    [InlineData("query", "{type: array, items: {type: string, enum: [a, b]}}")]
    [InlineData("query", "{type: array, items: {type: array, items: {type: string}}}")]
    [InlineData("query", "{type: object, additionalProperties: {type: string}}")]
    [InlineData("header", "{type: [string, 'null'], format: uuid}")]
    [InlineData("header", "{type: number, format: float}")]
    [InlineData("header", "{type: string, format: uri}")]
    public void Every_parameter_shape_compiles_or_is_reported(string where, string schema)
    {
        var yaml = Header + $$$"""
            paths:
              /items/{id}:
                get:
                  operationId: getItem
                  parameters:
                    - {name: id, in: path, required: true, schema: {type: string}}
                    - {name: p, in: {{{where}}}, required: true, schema: {{{schema}}} }
                  responses:
                    '204': {description: ok}
            """;
        if (where == "path")
        {
            yaml = yaml.Replace("/items/{id}", "/items/{id}/{p}");
        }

        SpecCheck.Check(yaml);
    }

    [Theory]
    [InlineData("query")]
    [InlineData("header")]
    public void A_bytes_parameter_is_left_out_with_a_warning_instead_of_failing_to_compile(string where)
    {
        // ApiHttp.Format has no byte[] overload: the generated call did not compile (CS1503).
        var run = Run(Header + $$$"""
            paths:
              /items:
                get:
                  operationId: listItems
                  parameters:
                    - {name: token, in: {{{where}}}, schema: {type: string, format: byte}}
                  responses:
                    '204': {description: ok}
            """);

        var warning = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("SG2007", warning.Id);
        Assert.Contains("The parameter 'token' has a structured type", warning.GetMessage());
        AssertCompiles(run);
    }

    [Fact]
    public void An_error_schema_whose_message_is_not_a_string_keeps_it_as_MessageValue()
    {
        // The exception got a property 'Message' hiding Exception.Message (CS0114).
        var run = Run(Header + """
            paths:
              /items:
                get:
                  operationId: listItems
                  responses:
                    '204': {description: ok}
                    '400': {description: bad, content: {application/json: {schema: {$ref: '#/components/schemas/Bad'}}}}
            components:
              schemas:
                Bad: {type: object, properties: {message: {type: object, additionalProperties: {type: string}}, code: {type: integer}}}
            """);

        AssertCompiles(run);
        Assert.Contains("MessageValue { get; init; }", run.Sources["Fuzz.Api.Api.Errors.g.cs"]);
    }

    [Theory]
    [InlineData("properties:\n        ? {0}\n        : {{type: string}}")]
    [InlineData("properties:\n        e: {{type: string, enum: ['{0}']}}")]
    public void A_name_too_long_for_metadata_is_an_error_in_the_spec(string part)
    {
        // A 2,000-character property name or enum value compiled, then failed to emit (CS7013) with nothing in the spec.
        var yaml = Header + "paths: {}\ncomponents:\n  schemas:\n    S:\n      type: object\n      " + string.Format(part, new string('n', 2_000)) + "\n";

        var run = Run(yaml);

        var error = Assert.Single(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("SG1014", error.Id);
        Assert.Contains("characters long, more than the 480 StageGen generates", error.GetMessage());
        Assert.Empty(run.Sources);
    }

    // ---- generated names ---------------------------------------------------------------------------------------------

    [Fact]
    public void Spec_names_that_meet_members_records_exceptions_and_enums_have_are_renamed_and_work()
    {
        // Each of these compiled to code that did not compile (CS0102, CS0108, CS0111, CS0114, CS0136, CS0542), with
        // no diagnostic in the spec.
        var run = Run(Header + """
            paths:
              /things:
                get:
                  operationId: listThings
                  parameters:
                    - {name: length, in: query, schema: {type: integer}}
                    - {name: name, in: query, schema: {type: string, maxLength: 5}}
                    - {name: await, in: query, schema: {type: string}}
                  responses:
                    '200': {description: ok, content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Thing'}}}}}
                    '400': {description: bad, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}
              /maybe:
                get:
                  operationId: getMaybe
                  responses:
                    '200': {description: ok, content: {application/json: {schema: {type: [object, 'null'], properties: {equals: {type: string}}}}}}
            components:
              schemas:
                ListThingsResponse: {type: object, properties: {count: {type: integer}}}
                Thing:
                  type: object
                  properties:
                    equalityContract: {type: string}
                    equals: {type: string}
                    toString: {type: string}
                    getHashCode: {type: string}
                    printMembers: {type: string}
                    memberwiseClone: {type: string}
                    equalsValue: {type: string}
                    kind: {$ref: '#/components/schemas/Kind'}
                Problem:
                  type: object
                  properties:
                    message: {type: string}
                    fromResponse: {type: string}
                    statusCode: {type: string}
                    apiJson: {type: string}
                Kind: {type: string, enum: [ReferenceEquals, MemberwiseClone, Value, ValueValue]}
                Write: {type: string, enum: [a, b]}
                Holder: {type: object, properties: {write: {$ref: '#/components/schemas/Write'}}}
            """);

        AssertCompiles(run);
        var models = run.Sources["Fuzz.Api.Api.Models.g.cs"];
        foreach (var property in new[] { "EqualityContractValue", "EqualsValue2", "ToStringValue", "GetHashCodeValue", "PrintMembersValue", "MemberwiseCloneValue", "EqualsValue" })
        {
            Assert.Contains($" {property} {{ get; init; }}", models);
        }

        var errors = run.Sources["Fuzz.Api.Api.Errors.g.cs"];
        Assert.Contains(" FromResponseValue { get; init; }", errors);
        Assert.Contains(" StatusCodeValue { get; init; }", errors);
        Assert.Contains(" ApiJsonValue { get; init; }", errors);
        var enums = run.Sources["Fuzz.Api.Api.Enums.g.cs"];
        Assert.Contains("public static Kind ReferenceEqualsValue { get; }", enums);
        Assert.Contains("public static Kind MemberwiseCloneValue { get; }", enums);
        Assert.Contains("public static Kind ValueValue2 { get; } = new(\"Value\");", enums);
        Assert.Contains("public static Kind ValueValue { get; } = new(\"ValueValue\");", enums);
        Assert.Contains("Task<global::System.Collections.Generic.IReadOnlyList<Thing>> ListThingsAsync(long? length = null, string? name = null, string? awaitValue = null,", run.Sources["Fuzz.Api.Api.Client.g.cs"]);

        // The renamed members read and write their JSON names; the exception reads its renamed fields.
        var assembly = Load(run, """
            public static class Probe
            {
                public static string Run()
                {
                    var thing = new Fuzz.Api.Thing { EqualsValue2 = "e", ToStringValue = "t", EqualityContractValue = "c", EqualsValue = "v", Kind = Fuzz.Api.Kind.ValueValue2 };
                    var json = System.Text.Encoding.UTF8.GetString(Fuzz.Api.ApiJson.Serialize(thing));
                    var back = Fuzz.Api.ApiJson.DeserializeThing(System.Text.Encoding.UTF8.GetBytes(json));
                    return json + " " + (back == thing) + " " + back.Kind!.Value.IsKnown;
                }
            }
            """);
        Assert.Equal("""{"equalityContract":"c","equals":"e","toString":"t","equalsValue":"v","kind":"Value"} True True""", assembly.GetType("Probe")!.GetMethod("Run")!.Invoke(null, null));
    }

    [Fact]
    public void A_schema_named_like_a_generated_type_leaves_the_generated_type_its_name_or_takes_the_next()
    {
        // A schema ApiJson was SG1009 against the generated JSON class, and one named ProblemException beside the
        // error schema Problem was SG1009 against Problem's exception: neither is the spec author's collision.
        var run = Run(Header + """
            paths:
              /things:
                get:
                  operationId: getThing
                  responses:
                    '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/ProblemException'}}}}
                    '400': {description: bad, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}
            components:
              schemas:
                ApiJson: {type: object, properties: {a: {type: string}}}
                Problem: {type: object, properties: {message: {type: string}}}
                ProblemException: {type: object, properties: {b: {type: string}}}
            """);

        AssertCompiles(run);
        Assert.Contains("public sealed partial record ApiJsonValue", run.Sources["Fuzz.Api.Api.Models.g.cs"]);
        Assert.Contains("public sealed partial record ProblemException", run.Sources["Fuzz.Api.Api.Models.g.cs"]);
        Assert.Contains("public sealed partial class ProblemException2 : global::StageGen.Runtime.ApiException", run.Sources["Fuzz.Api.Api.Errors.g.cs"]);
    }

    [Fact]
    public void An_operation_result_beside_a_schema_named_after_its_response_reads_with_its_own_reader()
    {
        // ListThings returning an array, beside a schema ListThingsResponse: both readers were
        // DeserializeListThingsResponse (CS0111); an inline [object, "null"] result type took the name and met it too.
        var run = Run(Header + """
            paths:
              /things:
                get:
                  operationId: listThings
                  responses:
                    '200': {description: ok, content: {application/json: {schema: {type: array, items: {type: string}}}}}
              /maybe:
                get:
                  operationId: getMaybe
                  responses:
                    '200': {description: ok, content: {application/json: {schema: {type: [object, 'null'], properties: {a: {type: string}}}}}}
            components:
              schemas:
                ListThingsResponse: {type: object, properties: {count: {type: integer}}}
            """);

        AssertCompiles(run);
        var json = run.Sources["Fuzz.Api.Api.Json.g.cs"];
        Assert.Contains("public static ListThingsResponse DeserializeListThingsResponse(", json);
        Assert.Contains("internal static global::System.Collections.Generic.IReadOnlyList<string> DeserializeListThingsResponseValue(", json);
        Assert.Contains("public static GetMaybeResponse DeserializeGetMaybeResponse(", json);
        Assert.Contains("internal static GetMaybeResponse? DeserializeGetMaybeResponseValue(", json);
    }

    [Fact]
    public void Null_cannot_become_an_enum_value_and_a_conditional_null_is_a_null_enum()
    {
        // `Kind k = null;` compiled with a warning (CS8625) and threw ArgumentNullException at run time.
        var spec = new SpecFile(Path, Header + "paths: {}\ncomponents:\n  schemas:\n    Kind: {type: string, enum: [a, b]}\n", "Fuzz.Api", "Api");
        var run = GeneratorHarness.Run([spec], ConsumerFramework.Net100, userSources: ["""
            public static class Use
            {
                public static Fuzz.Api.Kind? Maybe(bool flag, string? text) => flag ? Fuzz.Api.Kind.A : text;
                public static Fuzz.Api.Kind Explicit(string text) => (Fuzz.Api.Kind)text;
                public static Fuzz.Api.Kind Null() => null;
            }
            """]);

        var error = Assert.Single(run.CompilationDiagnostics);
        Assert.Equal("CS0037", error.Id); // Cannot convert null to 'Kind' because it is a non-nullable value type
        Assert.Equal(4, error.Location.GetLineSpan().StartLinePosition.Line);
    }

    // ---- missing required members -----------------------------------------------------------------------------------

    [Fact]
    public void A_missing_required_member_reads_as_its_types_empty_value()
    {
        // A missing string read as "" and a missing object threw: one rule now for every type, so `{}` reads.
        var run = Run(Header + """
            paths: {}
            components:
              schemas:
                Kind: {type: string, enum: [a, b]}
                Inner: {type: object, required: [name, count], properties: {name: {type: string}, count: {type: integer}}}
                Loop: {type: object, required: [next], properties: {next: {$ref: '#/components/schemas/Loop'}}}
                All:
                  type: object
                  required: [s, b, i32, i64, d, f, flag, at, day, id, uri, kind, inner, list, map, any, maybe]
                  properties:
                    s: {type: string}
                    b: {type: string, format: byte}
                    i32: {type: integer, format: int32}
                    i64: {type: integer}
                    d: {type: number}
                    f: {type: number, format: float}
                    flag: {type: boolean}
                    at: {type: string, format: date-time}
                    day: {type: string, format: date}
                    id: {type: string, format: uuid}
                    uri: {type: string, format: uri}
                    kind: {$ref: '#/components/schemas/Kind'}
                    inner: {$ref: '#/components/schemas/Inner'}
                    list: {type: array, items: {type: string}}
                    map: {type: object, additionalProperties: {type: integer}}
                    any: {}
                    maybe: {type: [string, 'null']}
            """);
        AssertCompiles(run);

        var probe = Load(run, """
            public static class Probe
            {
                public static string All()
                {
                    var all = Fuzz.Api.ApiJson.DeserializeAll("{}"u8);
                    return string.Join("|", all.S, all.B.Length, all.I32, all.I64, all.D, all.F, all.Flag, all.At == default, all.Day == default,
                        all.Id == System.Guid.Empty, all.Uri.OriginalString, all.Kind.Value, all.Kind.IsKnown, all.Inner.Name, all.Inner.Count,
                        all.List.Count, all.Map.Count, all.Any.ValueKind, all.Maybe is null);
                }

                public static string Loop()
                {
                    try
                    {
                        Fuzz.Api.ApiJson.DeserializeLoop("{\"next\":{}}"u8);
                        return "read";
                    }
                    catch (System.Text.Json.JsonException e)
                    {
                        return e.Message;
                    }
                }
            }
            """).GetType("Probe")!;

        Assert.Equal("|0|0|0|0|0|False|True|True|True|||False||0|0|0|Undefined|True", probe.GetMethod("All")!.Invoke(null, null));
        // A type that requires itself has no empty value: that is the one missing member that fails the read.
        Assert.Contains("Loop.next: the required member is missing, and Loop requires itself, so it has no empty value.", (string)probe.GetMethod("Loop")!.Invoke(null, null)!);
    }

    [Fact]
    public void An_alias_used_as_a_key_before_its_anchor_is_read_instead_of_overflowing_the_stack()
    {
        // YamlDotNet's representation model resolved such a key through YamlAliasNode.Equals, which called itself until
        // the compiler's process died. The key is the anchored node, moved after the mapping's other keys.
        var run = Run(Header + "paths:\n  ? *p\n  : {get: {operationId: listItems, responses: {'204': {description: Done}}}}\nx-path: &p /items\n");

        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Contains("ListItemsAsync", string.Concat(run.Sources.Values));
    }

    [Fact]
    public void A_sequence_key_that_holds_itself_is_a_located_diagnostic_instead_of_a_stack_overflow()
    {
        // Hashing that key for the duplicate check recursed without end in YamlDotNet's representation model.
        var run = Run(Header + "paths:\n  ? &s [*s]\n  : {}\n");

        var error = Assert.Single(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("/fuzz/api.yaml(4,5): error SG1010: Mapping keys must be plain strings", GeneratorHarness.Format(error));
    }

    [Fact]
    public void Keys_of_a_large_mapping_are_checked_and_found_like_a_small_one()
    {
        // Mappings of nine or more entries find keys through an index: a repeated key is still the error at the second
        // one, the same text under another tag is another key, and a $ref finds its schema among many.
        var properties = string.Concat(Enumerable.Range(0, 12).Select(i => $"        p{i}: {{type: string}}\n"));
        var schemas = string.Concat(Enumerable.Range(0, 12).Select(i => $"    S{i}: {{type: object, properties: {{v{i}: {{type: string}}}}}}\n"));
        var spec = Header + "paths: {}\ncomponents:\n  schemas:\n" + schemas + "    Item:\n      type: object\n      properties:\n" + properties;

        var duplicate = Assert.Single(Run(spec + "        p3: {type: integer}\n").GeneratorDiagnostics);
        Assert.Equal("SG1001", duplicate.Id);
        Assert.Equal(33, duplicate.Location.GetLineSpan().StartLinePosition.Line + 1);
        Assert.Contains("Duplicate key p3", duplicate.GetMessage());

        var tagged = Assert.Single(Run(spec + "        !!str p3: {type: integer}\n").GeneratorDiagnostics);
        Assert.Equal("/fuzz/api.yaml(33,9): error SG1009: The properties 'p3' and 'p3' of schema 'Item' both map to the C# name 'P3'", GeneratorHarness.Format(tagged));

        var referenced = Run(spec + "        other: {$ref: '#/components/schemas/S10'}\n");
        Assert.True(referenced.GeneratorDiagnostics.IsEmpty, GeneratorHarness.Format(referenced.GeneratorDiagnostics));
        Assert.Contains("public S10? Other { get; init; }", string.Concat(referenced.Sources.Values));
    }

    // ---- limits -----------------------------------------------------------------------------------------------------

    [Fact]
    public void Billion_laughs_end_in_a_located_diagnostic()
    {
        var yaml = new StringBuilder(Header + "paths: {}\ncomponents:\n  schemas:\n    L0: &l0 {type: string}\n");
        for (var level = 1; level <= 9; level++)
        {
            yaml.Append($"    L{level}: &l{level} {{type: object, properties: {{{string.Join(", ", Enumerable.Range(0, 10).Select(i => $"p{i}: *l{level - 1}"))}}}}}\n");
        }

        var run = Run(yaml.ToString());

        var error = Assert.Single(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        // Located at the node the reader was visiting when the budget (2,000 + 4 × the file's 281 parser events) ran
        // out: the innermost anchor, L0, reached through ten levels of aliases.
        Assert.Equal("/fuzz/api.yaml(6,9): error SG1014: The spec expands to more than 3,124 nodes (YAML aliases?); StageGen stops here", GeneratorHarness.Format(error));
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void A_document_over_16_MiB_is_refused_unread_at_its_start()
    {
        var yaml = Header + "paths: {}\n# " + new string('x', SpecReader.MaxDocumentChars) + "\n";

        var run = Run(yaml);

        var error = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("SG1014", error.Id);
        Assert.Equal($"/fuzz/api.yaml(1,1): error SG1014: The spec has {yaml.Length:N0} characters, more than the 16,777,216 StageGen reads; StageGen stops here", GeneratorHarness.Format(error));
    }

    [Fact]
    public void A_document_of_almost_16_MiB_generates()
    {
        // The largest published documents pass 4 MiB, much of it examples and descriptions. Schemas with long examples
        // (read as YAML, then skipped) up to the limit: about a hundred schemas, so that compiling the output stays quick.
        var example = string.Concat(Enumerable.Repeat("An example as long as those of published documents. ", 3_000));
        var yaml = new StringBuilder(Header + "paths: {}\ncomponents:\n  schemas:\n");
        for (var i = 0; ; i++)
        {
            var schema = $"    Schema{i}:\n      type: object\n      description: Schema number {i}, described briefly.\n"
                + "      properties:\n        name: {type: string, maxLength: 64, pattern: '^[a-z]+$'}\n        size: {type: integer, format: int32, minimum: 0}\n"
                + $"      example: {{name: '{example}', size: {i}}}\n";
            if (yaml.Length + schema.Length > SpecReader.MaxDocumentChars)
            {
                break;
            }

            yaml.Append(schema);
        }

        var run = Run(yaml.ToString());

        Assert.InRange(yaml.Length, 16_000_000, SpecReader.MaxDocumentChars);
        Assert.True(run.GeneratorDiagnostics.IsEmpty, GeneratorHarness.Format(run.GeneratorDiagnostics.Take(3)));
        var models = run.Sources.Single(s => s.Key.EndsWith(".Models.g.cs", StringComparison.Ordinal)).Value;
        Assert.Contains("public sealed partial record Schema100", models);
        Assert.DoesNotContain(run.CompilationDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
    }

    [Theory]
    [InlineData("property name", 4_096, "    S:\n      type: object\n      properties:\n        ? X\n        : {type: string}\n", 9, 11)]
    [InlineData("schema name", 4_096, "    ? SX\n    : {type: object, properties: {a: {type: string}}}\n", 6, 7)]
    [InlineData("enum value", 4_096, "    E: {type: string, enum: [X, b]}\n    H: {type: object, properties: {e: {$ref: '#/components/schemas/E'}}}\n", 6, 30)]
    public void A_string_longer_than_its_bound_is_SG1014_at_the_string(string what, int bound, string schemas, int line, int column)
    {
        // The expensive strings are bounded well above what published documents hold (a 4 MB pattern took seconds). A
        // name at its bound is read, and then longer than the C# names the binder makes (its own SG1014).
        string Spec(int length) => Header + "paths: {}\ncomponents:\n  schemas:\n" + schemas.Replace("X", new string('x', length - (what is "schema name" ? 1 : 0)));

        var longest = Run(Spec(bound));
        Assert.DoesNotContain(longest.GeneratorDiagnostics, d => d.GetMessage().Contains("StageGen reads", StringComparison.Ordinal));

        var error = Assert.Single(Run(Spec(bound + 1)).GeneratorDiagnostics, d => d.Id == "SG1014");
        Assert.Equal(
            $"/fuzz/api.yaml({line},{column}): error SG1014: The {what} has {bound + 1:N0} characters, more than the {bound:N0} StageGen reads; shorten it",
            GeneratorHarness.Format(error));
    }

    [Theory]
    [InlineData("SG2008", "pattern", 4_096, "    P: {type: object, properties: {s: {type: string, pattern: '^X$'}}}\n", 6, 63, "it is not checked")]
    [InlineData("SG2012", "documentation text", 65_536, "    S: {type: object, description: 'X', properties: {a: {type: string}}}\n", 6, 36, "it is left out of the generated documentation")]
    public void A_pattern_or_a_text_longer_than_its_bound_is_left_out_with_a_warning_at_it(string id, string what, int bound, string schemas, int line, int column, string outcome)
    {
        // Only the check or the text goes: the schema is read and generated as it would be without them.
        string Spec(int length) => Header + "paths: {}\ncomponents:\n  schemas:\n" + schemas.Replace("X", new string('x', length - (what is "pattern" ? 2 : 0)));

        var longest = Run(Spec(bound));
        Assert.DoesNotContain(longest.GeneratorDiagnostics, d => d.GetMessage().Contains("StageGen reads", StringComparison.Ordinal));

        var run = Run(Spec(bound + 1));
        var warning = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal(
            $"/fuzz/api.yaml({line},{column}): warning {id}: The {what} has {bound + 1:N0} characters, more than the {bound:N0} StageGen reads; {outcome}",
            GeneratorHarness.Format(warning));
        Assert.True(run.CompilationDiagnostics.IsEmpty, GeneratorHarness.Format(run.CompilationDiagnostics));
        Assert.DoesNotContain(new string('x', 1_000), string.Concat(run.Sources.Values));
    }

    [Theory]
    [InlineData("operationId", "paths:\n  /items:\n    get:\n      operationId: X\n      responses: {'204': {description: ok}}\n", 6, 20)]
    [InlineData("path template", "paths:\n  ? /items/X\n  : get:\n      responses: {'204': {description: ok}}\n", 4, 5)]
    [InlineData("parameter name", "paths:\n  /items:\n    get:\n      parameters:\n        - {name: X, in: query, schema: {type: string}}\n      responses: {'204': {description: ok}}\n", 7, 18)]
    public void An_operation_name_longer_than_4_KiB_is_SG1014_at_the_name(string what, string paths, int line, int column)
    {
        var error = Assert.Single(Run(Header + paths.Replace("X", new string('x', 5_000))).GeneratorDiagnostics, d => d.Id == "SG1014");

        Assert.Equal(
            $"/fuzz/api.yaml({line},{column}): error SG1014: The {what} has {(what == "path template" ? 5_007 : 5_000):N0} characters, more than the 4,096 StageGen reads; shorten it",
            GeneratorHarness.Format(error));
    }

    [Theory]
    [InlineData(65)]
    [InlineData(100_000)]
    public void Nesting_deeper_than_64_levels_is_SG1001_not_a_stack_overflow(int depth)
    {
        var run = Run(Header + "paths: {}\nx-deep: " + new string('[', depth) + new string(']', depth) + "\n");

        var error = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("SG1001", error.Id);
        Assert.Contains("the document is nested deeper than 64 levels", error.GetMessage());
    }

    [Fact]
    public void More_than_six_million_YAML_nodes_is_SG1001()
    {
        var run = Run(Header + "paths: {}\nx-many: [" + string.Join(",", Enumerable.Repeat("1", 6_100_000)) + "]\n");

        var error = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("SG1001", error.Id);
        Assert.Contains("the document has more than 6,000,000 YAML nodes", error.GetMessage());
    }

    [Fact]
    public void Invalid_UTF8_in_the_file_is_read_as_U_FFFD_and_generates_code_that_compiles()
    {
        var bytes = Encoding.UTF8.GetBytes(Header.Replace("title: Fuzz", "title: 'Fu\u0001zz'") + "paths: {}\ncomponents:\n  schemas:\n    S: {type: object, description: 'a_b', properties: {p: {type: string}}}\n").ToList();
        var at = bytes.IndexOf((byte)'_');
        bytes.RemoveAt(at);
        bytes.InsertRange(at, new byte[] { 0xFF, 0xC0, 0x80, 0xED, 0xA0, 0x80 });

        Assert.Equal(SpecOutcome.Compiled, SpecCheck.Check(new SpecCheck.BytesAdditionalText(SpecCheck.SpecPath, bytes.ToArray())));
    }

    [Theory]
    [InlineData("U+D800")]
    [InlineData("U+DC00")]
    [InlineData("\u202E")]
    [InlineData("\uFFFE")]
    [InlineData("*/ #error x")]
    [InlineData("</summary><![CDATA[")]
    [InlineData("\\\" + \"; } class X { //")]
    [InlineData("yaml:\\L#error injected")] // YAML escapes: LS, NEL, PS, CR and BEL
    [InlineData("yaml:\\N} class Injected { } //")]
    [InlineData("yaml:\\Lpublic static class Injected { public static int X = 1; } //")] // compiled, with the class in it
    [InlineData("yaml:\\Px")]
    [InlineData("yaml:\\rx")]
    [InlineData("yaml:\\ax")]
    public void Hostile_characters_in_documentation_compile_and_stay_in_the_comment(string bad)
    {
        // A NEL, LS or PS (YAML \N, \L, \P) in a description ended the /// line: the rest became C# source (code
        // injection). A control character broke the XML documentation (CS1570 with GenerateDocumentationFile).
        // A lone surrogate is given by its code: xunit keeps theory data as UTF-8, which turns every lone surrogate
        // into U+FFFD, so "\uD800" and "\uDC00" as such would be one case (the other skipped as a duplicate ID),
        // and that one might not arrive as a surrogate.
        if (bad.StartsWith("U+", StringComparison.Ordinal))
        {
            bad = ((char)Convert.ToInt32(bad.Substring(2), 16)).ToString();
        }

        var quoted = bad.StartsWith("yaml:", StringComparison.Ordinal) ? bad.Substring(5) : bad.Replace("\\", "\\\\").Replace("\"", "\\\"");
        var yaml = Header + $"paths:\n  /items:\n    get:\n      operationId: list\n      summary: \"s{quoted}s\"\n      description: \"d{quoted}d\"\n      responses: {{'204': {{description: \"r{quoted}r\"}}}}\n"
            + $"components:\n  schemas:\n    S:\n      type: object\n      description: \"a{quoted}b\"\n      properties:\n        e: {{type: string, description: \"{quoted}\", default: \"x{quoted}\"}}\n";

        Assert.Equal(SpecOutcome.Compiled, SpecCheck.Check(yaml));
        var sources = GeneratorHarness.Run([new SpecFile(Path, yaml, "Fuzz.Api", "Api")]).Sources.Values;
        Assert.All(sources.SelectMany(text => text.Split(['\r', '\n', '\u0085', '\u2028', '\u2029'])).Where(line => line.Contains("Injected") || line.Contains("#error")),
            line => Assert.StartsWith("///", line.TrimStart()));
    }

    [Theory]
    [InlineData("enum: [\"a\\Lb\"]", "enum value", "2028")]
    [InlineData("enum: [\"a\\nb\"]", "enum value", "000A")]
    [InlineData("enum: [\"a\\x07b\"]", "enum value", "0007")]
    [InlineData("pattern: \"a\\x07b\"", "pattern", "0007")]
    [InlineData("pattern: \"^a\\Nb$\"", "pattern", "0085")]
    public void A_line_break_or_control_character_in_a_value_generated_code_carries_is_SG1015(string keyword, string what, string code)
    {
        // An enum value with a line break broke the generated string literal (CS1010) and the <remarks> comment; a
        // control character in a pattern broke the XML documentation (CS1570).
        var run = Run(Header + $"paths: {{}}\ncomponents:\n  schemas:\n    S:\n      type: object\n      properties:\n        e: {{type: string, {keyword}}}\n");

        var error = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal($"/fuzz/api.yaml(9,{(keyword.StartsWith("enum") ? 34 : 36)}): error SG1015: The {what} contains U+{code}, a line break or control character that generated code cannot carry", GeneratorHarness.Format(error));
    }

    [Theory]
    [InlineData("? \"a\\Lb\"\n        : {type: string}", "property name")]
    [InlineData("p: {type: string}\n    ? \"S\\x01\"\n    : {type: object, properties: {a: {type: string}}}", "schema name")]
    public void A_line_break_or_control_character_in_a_name_is_SG1015(string part, string what)
    {
        var run = Run(Header + "paths: {}\ncomponents:\n  schemas:\n    S:\n      type: object\n      properties:\n        " + part + "\n");

        var error = Assert.Single(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("SG1015", error.Id);
        Assert.Contains($"The {what} contains U+", error.GetMessage());
    }

    [Fact]
    public void The_empty_file_is_SG1002()
    {
        var error = Assert.Single(Run("").GeneratorDiagnostics);

        Assert.Equal("/fuzz/api.yaml(1,1): error SG1002: The spec is not an OpenAPI 3.x document: the file is empty", GeneratorHarness.Format(error));
    }

    private static GeneratorRun Run(string yaml)
    {
        var run = GeneratorHarness.Run([new SpecFile(Path, yaml, "Fuzz.Api", "Api")], ConsumerFramework.Net100);
        Assert.Null(run.Result.Exception);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id is "CS8784" or "CS8785" or "SG9001");
        return run;
    }

    /// <summary>Compiles the generated code with <paramref name="probe"/> and loads it.</summary>
    private static System.Reflection.Assembly Load(GeneratorRun run, string probe)
    {
        var compilation = run.OutputCompilation.AddSyntaxTrees(Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(probe, new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp12)));
        using var stream = new System.IO.MemoryStream();
        var emitted = compilation.Emit(stream);
        Assert.True(emitted.Success, GeneratorHarness.Format(emitted.Diagnostics));
        // A context of its own: every generated assembly is named TestApp.
        return new System.Runtime.Loader.AssemblyLoadContext(null, isCollectible: true).LoadFromStream(new System.IO.MemoryStream(stream.ToArray()));
    }

    private static void AssertCompiles(GeneratorRun run)
    {
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.True(run.CompilationDiagnostics.IsEmpty, GeneratorHarness.Format(run.CompilationDiagnostics));
    }
}
