using System.Linq;
using StageGen.Generator.Tests.Infrastructure;
using Xunit;

namespace StageGen.Generator.Tests;

/// <summary>
/// OpenAPI 3.1 schemas are JSON Schema, where <c>true</c> and <c>false</c> are schemas: any value and no value. Vercel
/// and Codat write <c>{"properties": {"additionalProperties": false}}</c> (a property that must be absent).
/// </summary>
public sealed class BooleanSchemaTests
{
    private const string Spec = """
        openapi: 3.1.0
        info: {title: Api, version: '1'}
        paths:
          /things:
            post:
              operationId: createThing
              requestBody:
                content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}
              responses:
                '200': {description: Made, content: {application/json: {schema: true}}}
        components:
          schemas:
            Thing:
              type: object
              properties:
                additionalProperties: false
                name: {type: string}
                anything: true
                tags: {type: array, items: true}
        """;

    [Fact]
    public void True_is_any_value_and_a_property_of_schema_false_is_left_out_with_SG2012()
    {
        var run = GeneratorHarness.Run([new SpecFile("/specs/api.yaml", Spec, "Test.Api", "Api")], ConsumerFramework.Net100);

        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        var ignored = Assert.Single(run.GeneratorWarningsAndErrors);
        Assert.Equal("SG2012", ignored.Id);
        Assert.Contains("'additionalProperties' has the schema false", ignored.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(15, ignored.Location.GetLineSpan().StartLinePosition.Line);
        Assert.True(run.CompilationDiagnostics.IsEmpty, GeneratorHarness.Format(run.CompilationDiagnostics));

        var models = string.Concat(run.Sources.Where(s => s.Key.EndsWith(".Models.g.cs", System.StringComparison.Ordinal)).Select(s => s.Value));
        Assert.DoesNotContain("AdditionalProperties", models);
        Assert.Contains("global::System.Text.Json.JsonElement? Anything { get; init; }", models);
        Assert.Contains("IReadOnlyList<global::System.Text.Json.JsonElement>? Tags { get; init; }", models);
        var client = run.Sources.Single(s => s.Key.EndsWith(".Client.g.cs", System.StringComparison.Ordinal)).Value;
        Assert.Contains("Task<global::System.Text.Json.JsonElement> CreateThingAsync(", client);
    }

    [Fact]
    public void The_schema_false_elsewhere_is_read_as_any_value_with_SG2012()
    {
        var run = GeneratorHarness.Run([new SpecFile("/specs/api.yaml", Spec.Replace("items: true", "items: false"), "Test.Api", "Api")], ConsumerFramework.Net100);

        var ignored = run.GeneratorWarningsAndErrors.Where(d => d.Id == "SG2012").Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Contains(ignored, m => m.Contains("The schema false allows no value", System.StringComparison.Ordinal));
        Assert.True(run.CompilationDiagnostics.IsEmpty, GeneratorHarness.Format(run.CompilationDiagnostics));
    }
}
