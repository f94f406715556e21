using System;
using System.Linq;
using StageGen.Generator.Tests.Infrastructure;
using Xunit;

namespace StageGen.Generator.Tests;

/// <summary>
/// <c>allOf</c> read as one schema where that is sound: a typed part with describing parts (every property of the AWS
/// API Gateway v2 document is <c>allOf: [{$ref: __string}, {xml: ..., description: ...}]</c>), and objects merged into one.
/// </summary>
public sealed class AllOfTests
{
    /// <summary>The schemas (indented for <c>components/schemas</c>), with one operation <c>/x</c> when <paramref name="operation"/> is given (indented for it).</summary>
    private static GeneratorRun Run(string schemas, string? operation = null) =>
        GeneratorHarness.Run([new SpecFile("/specs/api.yaml", "openapi: 3.0.0\ninfo: {title: Api, version: '1'}\n" + (operation is null ? "paths: {}\n" : "paths:\n  /x:\n" + operation + "\n") + "components:\n  schemas:\n" + schemas, "Test.Api", "Api")], ConsumerFramework.Net100);

    private static string Models(GeneratorRun run) => run.Sources.Single(s => s.Key.EndsWith(".Models.g.cs", StringComparison.Ordinal)).Value;

    [Fact]
    public void A_reference_with_a_description_beside_it_is_the_referenced_type_with_that_description()
    {
        var run = Run("""
                __string: {type: string}
                __integer: {type: integer}
                Stage:
                  type: object
                  required: [StageName]
                  properties:
                    StageName:
                      allOf:
                        - $ref: '#/components/schemas/__string'
                        - xml: {name: stageName}
                          description: The name of the stage.
                    Limit:
                      allOf:
                        - $ref: '#/components/schemas/__integer'
                        - {description: At most this many., nullable: true}
            """);

        Assert.True(run.GeneratorWarningsAndErrors.IsEmpty, GeneratorHarness.Format(run.GeneratorWarningsAndErrors));
        Assert.True(run.CompilationDiagnostics.IsEmpty, GeneratorHarness.Format(run.CompilationDiagnostics));
        var models = Models(run);
        Assert.Contains("/// <summary>The name of the stage.</summary>\n    public required string StageName { get; init; }", models);
        Assert.Contains("/// <summary>At most this many.</summary>", models);
        Assert.Contains("public global::StageGen.Runtime.Optional<long?> Limit { get; init; }", models); // nullable, not required
    }

    [Fact]
    public void Objects_are_merged_into_one_with_every_property_and_required_name()
    {
        var run = Run("""
                Resource:
                  type: object
                  required: [id]
                  properties:
                    id: {type: string}
                Named:
                  properties:
                    name: {type: string}
                Pet:
                  description: A pet.
                  allOf:
                    - $ref: '#/components/schemas/Resource'
                    - $ref: '#/components/schemas/Named'
                    - type: object
                      required: [name]
                      properties:
                        age: {type: integer, format: int32}
            """);

        Assert.True(run.GeneratorWarningsAndErrors.IsEmpty, GeneratorHarness.Format(run.GeneratorWarningsAndErrors));
        Assert.True(run.CompilationDiagnostics.IsEmpty, GeneratorHarness.Format(run.CompilationDiagnostics));
        var pet = Models(run).Split("public sealed partial record Pet")[1].Split("public sealed partial record")[0];
        Assert.Contains("public required string Id { get; init; }", pet);
        Assert.Contains("public required string Name { get; init; }", pet);
        Assert.Contains("public int? Age { get; init; }", pet);
    }

    [Fact]
    public void A_part_with_only_required_names_makes_those_members_required()
    {
        var run = Run("""
                Listing:
                  type: object
                  required: [title]
                  properties:
                    title: {type: string}
                    organization: {type: string}
                OrganizationListing:
                  nullable: true
                  required: [organization]
                  allOf:
                    - $ref: '#/components/schemas/Listing'
                    - required: [title]
            """);

        Assert.True(run.GeneratorWarningsAndErrors.IsEmpty, GeneratorHarness.Format(run.GeneratorWarningsAndErrors));
        Assert.True(run.CompilationDiagnostics.IsEmpty, GeneratorHarness.Format(run.CompilationDiagnostics));
        var listing = Models(run).Split("partial record OrganizationListing")[1].Split("partial record")[0];
        Assert.Contains("public required string Title { get; init; }", listing);
        Assert.Contains("public required string Organization { get; init; }", listing);
    }

    [Theory]
    [InlineData("""
            A:
              allOf:
                - $ref: '#/components/schemas/B'
            B:
              allOf:
                - $ref: '#/components/schemas/A'
                - {properties: {x: {type: string}}}
            Holder:
              properties:
                a: {$ref: '#/components/schemas/A'}
        """)]
    [InlineData("""
            Holder:
              properties:
                a:
                  allOf:
                    - {type: string}
                    - {type: integer}
        """)]
    public void Other_allOf_stays_raw_JSON_with_a_warning(string schemas)
    {
        var run = Run(schemas);

        Assert.Null(run.Result.Exception);
        Assert.Contains(run.GeneratorDiagnostics, d => d.Id == "SG2002");
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        Assert.True(run.CompilationDiagnostics.IsEmpty, GeneratorHarness.Format(run.CompilationDiagnostics));
    }

    private static string Record(string models, string name) =>
        models.Split("\n").First(line => line.Contains($" partial record {name}", StringComparison.Ordinal) && (line.EndsWith(name, StringComparison.Ordinal) || line.Contains($"{name} :", StringComparison.Ordinal))).Trim();

    [Fact]
    public void One_named_object_and_own_parts_derive_and_the_base_is_no_longer_sealed()
    {
        var run = Run("""
                Resource:
                  type: object
                  required: [id]
                  properties:
                    id: {type: string}
                    fooBar: {type: string}
                Pet:
                  allOf:
                    - $ref: '#/components/schemas/Resource'
                    - properties:
                        foo_bar: {type: integer}
                        age: {type: integer, format: int32}
                Holder:
                  properties:
                    # At a use, too: the inline type derives from the named one.
                    owned:
                      allOf:
                        - $ref: '#/components/schemas/Pet'
                        - {properties: {since: {type: string, format: date}}}
            """);

        Assert.True(run.GeneratorWarningsAndErrors.IsEmpty, GeneratorHarness.Format(run.GeneratorWarningsAndErrors));
        Assert.True(run.CompilationDiagnostics.IsEmpty, GeneratorHarness.Format(run.CompilationDiagnostics));
        var models = Models(run);
        Assert.Equal("public partial record Resource", Record(models, "Resource"));
        Assert.Equal("public partial record Pet : Resource", Record(models, "Pet"));
        Assert.Equal("public sealed partial record HolderOwned : Pet", Record(models, "HolderOwned"));
        var pet = models.Split("public partial record Pet : Resource")[1].Split("partial record")[0];
        Assert.DoesNotContain(" Id ", pet);
        // A member of its own whose C# name the base has already is renamed, not hidden.
        Assert.Contains("public long? FooBarValue { get; init; }", pet);
        Assert.Contains("public int? Age { get; init; }", pet);
    }

    [Theory]
    [InlineData("Base: {type: object, properties: {id: {type: string}}}", "{properties: {id: {type: string, maxLength: 3}}}")] // a member redeclared with other rules
    [InlineData("Base: {type: object, properties: {id: {type: string}}}", "{required: [id], properties: {x: {type: string}}}")] // an optional member made required
    [InlineData("Base: {type: object, properties: {id: {type: string}}}", "{properties: {id: {type: object, properties: {a: {type: string}}}}}")] // redeclared as an object
    [InlineData("Base: {type: object, properties: {derived: {type: string}}}", "{properties: {x: {type: string}}}")] // a base member named like the type
    public void Where_CSharp_cannot_say_it_the_type_is_the_merged_object_as_before(string baseSchema, string ownPart)
    {
        var run = Run($"""
                {baseSchema}
                Derived:
                  allOf:
                    - $ref: '#/components/schemas/Base'
                    - {ownPart}
            """);

        Assert.Null(run.Result.Exception);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        Assert.True(run.CompilationDiagnostics.IsEmpty, GeneratorHarness.Format(run.CompilationDiagnostics));
        var models = Models(run);
        Assert.DoesNotContain(" : Base", models);
        Assert.Contains("public sealed partial record Base", models);
        Assert.Contains("public sealed partial record Derived", models);
    }

    [Fact]
    public void A_base_that_is_an_error_body_only_has_no_record_to_derive_from()
    {
        var run = Run(
            """
                Problem: {type: object, properties: {title: {type: string}}}
                Detailed:
                  allOf:
                    - $ref: '#/components/schemas/Problem'
                    - {properties: {detail: {type: string}}}
            """,
            """
                get:
                  responses:
                    '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Detailed'}}}}
                    '400': {description: bad, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}
            """);

        Assert.True(run.CompilationDiagnostics.IsEmpty, GeneratorHarness.Format(run.CompilationDiagnostics));
        var models = Models(run);
        Assert.Contains("public sealed partial record Detailed", models);
        Assert.Contains("public string? Title { get; init; }", models);
    }

    [Fact]
    public void A_type_whose_member_derives_from_the_type_itself_keeps_the_merge()
    {
        var run = Run("""
                Node:
                  type: object
                  properties:
                    name: {type: string}
                    child:
                      allOf:
                        - $ref: '#/components/schemas/Node'
                        - {properties: {depth: {type: integer}}}
            """);

        Assert.Null(run.Result.Exception);
        Assert.True(run.CompilationDiagnostics.IsEmpty, GeneratorHarness.Format(run.CompilationDiagnostics));
        Assert.Contains("public sealed partial record NodeChild", Models(run));
    }

    [Fact]
    public void Records_named_like_the_generated_methods_still_derive_and_compile()
    {
        // The JSON and validation classes have methods named Write and ValidateMembers: types of those names are qualified.
        var run = Run(
            """
                ValidateMembers:
                  type: object
                  discriminator: {propertyName: kind}
                  properties:
                    kind: {type: string, maxLength: 9}
                Write:
                  allOf:
                    - $ref: '#/components/schemas/ValidateMembers'
                    - {properties: {text: {type: string, maxLength: 3}}}
            """,
            """
                put:
                  requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/ValidateMembers'}}}}
                  responses:
                    '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/ValidateMembers'}}}}
            """);

        Assert.True(run.GeneratorWarningsAndErrors.IsEmpty, GeneratorHarness.Format(run.GeneratorWarningsAndErrors));
        Assert.True(run.CompilationDiagnostics.IsEmpty, GeneratorHarness.Format(run.CompilationDiagnostics));
        Assert.Equal("public sealed partial record Write : ValidateMembers", Record(Models(run), "Write"));
    }

    [Fact]
    public void A_discriminator_beside_an_allOf_reads_the_types_that_derive_from_that_one()
    {
        var run = Run("""
                Root: {type: object, properties: {t: {type: string}}}
                Middle:
                  discriminator: {propertyName: t}
                  allOf:
                    - $ref: '#/components/schemas/Root'
                    - {properties: {m: {type: string}}}
                Leaf:
                  allOf:
                    - $ref: '#/components/schemas/Middle'
                    - {properties: {l: {type: string}}}
            """);

        Assert.True(run.GeneratorWarningsAndErrors.IsEmpty, GeneratorHarness.Format(run.GeneratorWarningsAndErrors));
        Assert.True(run.CompilationDiagnostics.IsEmpty, GeneratorHarness.Format(run.CompilationDiagnostics));
        var json = run.Sources.Single(s => s.Key.EndsWith(".Json.g.cs", StringComparison.Ordinal)).Value;
        var readMiddle = json.Split("public static Middle ReadMiddle(")[1].Split("ExpectStartObject")[0];
        Assert.Contains("case \"Leaf\":", readMiddle);
        // Root has no discriminator of its own or above it: a Root reads as a Root.
        Assert.DoesNotContain("Discriminator(", json.Split("public static Root ReadRoot(")[1].Split("ExpectStartObject")[0]);
    }
}
