using System.Linq;
using System.Text.RegularExpressions;
using StageGen.Generator.Tests.Infrastructure;
using Xunit;

namespace StageGen.Generator.Tests;

/// <summary>
/// The JSON, validation, model and enum files hold what is specific to each type: collection loops, delegate caches and
/// generated bookkeeping live in the runtime, and what is left reads like code a person wrote.
/// </summary>
public sealed class GeneratedShapeTests
{
    private static readonly string[] Concerns = { ".Json.g.cs", ".Validation.g.cs", ".Models.g.cs", ".Enums.g.cs" };

    public static TheoryData<string> Specs => new() { "stage", "inventory" };

    private static GeneratorRun Run(string spec) => spec == "stage"
        ? GeneratorHarness.Run([SpecFile.FromRepo("spec/stage.yaml", "Contoso.Gateway", "Stage")])
        : GeneratorHarness.Run([SpecFile.FromRepo("tests/specs/inventory.yaml", "Contoso.Inventory")]);

    [Theory]
    [MemberData(nameof(Specs))]
    public void Maps_and_lists_are_walked_by_the_runtime_not_by_generated_loops(string spec)
    {
        foreach (var (name, text) in Run(spec).Sources.Where(s => Concerns.Any(s.Key.EndsWith)))
        {
            Assert.DoesNotContain("foreach", text);
            Assert.DoesNotContain("for (", text);
            Assert.DoesNotContain("Collections.Generic.Dictionary<", text);
        }
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public void Generated_code_has_no_delegate_fields_numbered_locals_or_empty_blocks(string spec)
    {
        foreach (var (name, text) in Run(spec).Sources.Where(s => Concerns.Any(s.Key.EndsWith)))
        {
            // Static method groups and static lambdas are cached by the compiler; a field of our own adds nothing.
            Assert.DoesNotMatch(new Regex(@"\bs_(read|write)\w*\b"), text);
            Assert.DoesNotMatch(new Regex(@"\b(map|list|key|item|value|entry|dictionary|index|length)\d+_?\b"), text);
            Assert.DoesNotMatch(new Regex(@"\b[a-z]\w*[a-zA-Z0-9]_\b"), text);
            Assert.DoesNotMatch(new Regex(@"^\s*\{\s*\n\s*\{\s*$", RegexOptions.Multiline), text);
        }
    }

    [Fact]
    public void A_record_reader_names_the_member_once_per_member()
    {
        var json = Run("stage").Sources.Single(s => s.Key.EndsWith(".Json.g.cs")).Value;

        // Once in the case (the member being read) and not again: after the switch the object is named once for all.
        Assert.Single(Regex.Matches(json, "\"Stage\\.stageName\""));
        Assert.Single(Regex.Matches(json, "^ *member = \"Stage\";", RegexOptions.Multiline));
    }

    [Fact]
    public void A_type_only_read_from_responses_gets_no_validator()
    {
        var validation = Run("stage").Sources.Single(s => s.Key.EndsWith(".Validation.g.cs")).Value;

        // Stage is only ever a response; UpdateStageInput is a request body and reaches RouteSettings and AccessLogSettings.
        Assert.DoesNotContain("Validate(Stage value", validation);
        Assert.Contains("Validate(UpdateStageInput value", validation);
        Assert.Contains("Validate(RouteSettings value", validation);
        Assert.Contains("Validate(AccessLogSettings value", validation);
    }

    /// <summary>
    /// Collections inside collections, nullable items of every kind, members named like the generated methods' own
    /// locals: the runtime's collection helpers take them all (static lambdas where a method group does not fit).
    /// </summary>
    [Theory]
    [InlineData(ConsumerFramework.Net80)]
    [InlineData(ConsumerFramework.Net100)]
    public void Nested_and_nullable_collections_compile_clean(ConsumerFramework framework)
    {
        const string yaml = """
            openapi: 3.1.0
            info: {title: Shapes, version: '1'}
            paths:
              /shapes/{id}:
                put:
                  operationId: putShape
                  parameters:
                    - {name: id, in: path, required: true, schema: {type: string, minLength: 2, maxLength: 9}}
                    - {name: limit, in: query, schema: {type: integer, minimum: 1}}
                    - {name: limitValue, in: query, schema: {type: integer}}
                  requestBody:
                    required: true
                    content:
                      application/json:
                        schema: {$ref: '#/components/schemas/Shape'}
                  responses:
                    '200':
                      description: The shape
                      content:
                        application/json:
                          schema: {type: array, items: {type: array, items: {$ref: '#/components/schemas/Shape'}}}
            components:
              schemas:
                Level: {type: string, enum: [low, high]}
                Shape:
                  type: object
                  required: [grid]
                  properties:
                    grid: {type: array, items: {type: array, items: {type: [integer, 'null']}}}
                    names: {type: object, additionalProperties: {type: [string, 'null'], maxLength: 3}, propertyNames: {minLength: 1}}
                    children: {type: object, additionalProperties: {oneOf: [{$ref: '#/components/schemas/Shape'}, {type: 'null'}]}}
                    levels: {type: array, items: {$ref: '#/components/schemas/Level'}, maxItems: 4}
                    maybeLevels: {type: array, items: {type: [string, 'null'], enum: [a, b, null]}}
                    tables: {type: object, additionalProperties: {type: array, items: {type: object, additionalProperties: {type: number}}}}
                    stamps: {type: array, items: {type: [string, 'null'], format: date-time}}
                    blobs: {type: array, items: {type: string, format: byte}}
                    reader: {type: string}
                    member: {type: integer}
                    name: {type: [string, 'null']}
                    value: {$ref: '#/components/schemas/Level'}
            """;
        var run = GeneratorHarness.Run(
            [new SpecFile("/specs/shapes.yaml", yaml, "Shapes", "Shapes")],
            framework,
            withHttpExtensions: false,
            languageVersion: framework == ConsumerFramework.Net80 ? Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp12 : Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest);

        Assert.True(run.CompilationDiagnostics.IsEmpty, GeneratorHarness.Format(run.CompilationDiagnostics) + "\n" + string.Join("\n", run.Sources.Values));
        var json = run.Sources.Single(s => s.Key.EndsWith(".Json.g.cs")).Value;
        Assert.Contains("static (ref global::System.Text.Json.Utf8JsonReader reader, string member) =>", json);
    }
}
