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
    private static GeneratorRun Run(string schemas) =>
        GeneratorHarness.Run([new SpecFile("/specs/api.yaml", "openapi: 3.0.0\ninfo: {title: Api, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n" + schemas, "Test.Api", "Api")], ConsumerFramework.Net100);

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
}
