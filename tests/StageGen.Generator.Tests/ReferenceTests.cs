using System.Linq;
using StageGen.Generator.Tests.Infrastructure;
using Xunit;

namespace StageGen.Generator.Tests;

/// <summary>
/// A <c>$ref</c> is a JSON pointer into the document, not only a name under <c>components</c>: published documents point
/// into another schema's properties (Linode's 233 references to <c>#/components/schemas/PaginationEnvelope/properties/page</c>
/// and the like) and at other operations' parameters and responses.
/// </summary>
public sealed class ReferenceTests
{
    private const string Spec = """
        openapi: 3.1.0
        info: {title: Api, version: '1'}
        paths:
          /things:
            get:
              operationId: listThings
              parameters:
                - {name: page, in: query, schema: {$ref: '#/components/schemas/Envelope/properties/page'}}
              responses:
                '200': {description: Things, content: {application/json: {schema: {$ref: '#/components/schemas/Envelope'}}}}
                '404': {description: Gone, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}
          /things/{id}:
            get:
              operationId: getThing
              parameters:
                - {name: id, in: path, required: true, schema: {type: string}}
                - $ref: '#/paths/~1things/get/parameters/0'
              responses:
                '200': {description: A thing, content: {application/json: {schema: {$ref: '#/components/schemas/Envelope/properties/items/items'}}}}
                '404':
                  $ref: '#/paths/~1things/get/responses/404'
        components:
          schemas:
            Envelope:
              type: object
              properties:
                page: {type: integer, format: int32, minimum: 1}
                items: {type: array, items: {type: object, properties: {name: {type: string}}}}
            Problem:
              type: object
              properties:
                message: {type: string}
        """;

    [Fact]
    public void Pointers_into_schemas_parameters_and_responses_resolve_and_compile()
    {
        var run = GeneratorHarness.Run([new SpecFile("/specs/api.yaml", Spec, "Test.Api", "Api")], ConsumerFramework.Net100);

        Assert.True(run.GeneratorWarningsAndErrors.IsEmpty, GeneratorHarness.Format(run.GeneratorWarningsAndErrors));
        Assert.True(run.CompilationDiagnostics.IsEmpty, GeneratorHarness.Format(run.CompilationDiagnostics));
        var client = run.Sources.Single(s => s.Key.EndsWith(".Client.g.cs", System.StringComparison.Ordinal)).Value;
        // The page parameter is the Envelope's page schema: an int, checked against its minimum, on both operations.
        Assert.Contains("ListThingsAsync(int? page = null,", client);
        Assert.Contains("GetThingAsync(string id, int? page = null,", client);
        Assert.Equal(2, client.Split("ApiError.Status(404, \"Problem\", ProblemException.FromResponse)").Length - 1);
        Assert.Contains("Task<GetThingResponse> GetThingAsync(", client);
    }

    [Theory]
    [InlineData("other.yaml#/components/schemas/Envelope")]
    [InlineData("#/components/schemas/Envelope/properties/missing")]
    [InlineData("#/paths/~1things/get/parameters/7")]
    [InlineData("#components")]
    public void A_pointer_that_names_nothing_in_the_document_is_SG1005(string pointer)
    {
        var yaml = Spec.Replace("$ref: '#/components/schemas/Envelope/properties/page'", $"$ref: '{pointer}'");

        var run = GeneratorHarness.Run([new SpecFile("/specs/api.yaml", yaml, "Test.Api", "Api")], ConsumerFramework.Net100);

        var error = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "SG1005");
        Assert.Contains($"'{pointer}'", error.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(7, error.Location.GetLineSpan().StartLinePosition.Line);
    }
}
