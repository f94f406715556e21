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

    /// <summary>
    /// Codat's shape: a schema kept under another one's <c>definitions</c> whose map values are that schema again. Read
    /// inline it would never end (SG1014 "nest deeper than 64 levels" before); named, the recursion goes through a type.
    /// </summary>
    private const string RecursiveInterior = """
        openapi: 3.0.1
        info: {title: Api, version: '1'}
        paths:
          /options:
            get:
              operationId: getOptions
              responses:
                '200': {description: Options, content: {application/json: {schema: {$ref: '#/components/schemas/PushOption'}}}}
          /options/{key}:
            get:
              operationId: getOption
              parameters:
                - {name: key, in: path, required: true, schema: {type: string}}
              responses:
                '200': {description: One, content: {application/json: {schema: {$ref: '#/components/schemas/PushOption/definitions/pushOptionProperty'}}}}
        components:
          schemas:
            PushOption:
              type: object
              properties:
                title: {type: string}
                properties:
                  type: object
                  additionalProperties: {$ref: '#/components/schemas/PushOption/definitions/pushOptionProperty'}
              definitions:
                pushOptionProperty:
                  type: object
                  required: [displayName]
                  properties:
                    displayName: {type: string}
                    properties:
                      type: object
                      additionalProperties: {$ref: '#/components/schemas/PushOption/definitions/pushOptionProperty'}
                    options:
                      type: array
                      items: {$ref: '#/components/schemas/PushOption/definitions/pushOptionChoice'}
                pushOptionChoice:
                  type: object
                  properties:
                    value: {type: string}
        """;

    [Fact]
    public void A_schema_inside_another_that_refers_back_to_itself_becomes_a_named_type()
    {
        var run = GeneratorHarness.Run([new SpecFile("/specs/api.yaml", RecursiveInterior, "Test.Api", "Api")], ConsumerFramework.Net100);

        Assert.True(run.GeneratorWarningsAndErrors.IsEmpty, GeneratorHarness.Format(run.GeneratorWarningsAndErrors));
        Assert.True(run.CompilationDiagnostics.IsEmpty, GeneratorHarness.Format(run.CompilationDiagnostics));
        var models = string.Concat(run.Sources.Where(s => s.Key.EndsWith(".Models.g.cs", System.StringComparison.Ordinal)).Select(s => s.Value));
        // One type for the recursive schema, used by PushOption, by itself and by the operation that points at it.
        Assert.Single(models.Split("record PushOptionDefinitionsPushOptionProperty\n").Skip(1));
        Assert.Equal(2, models.Split("IReadOnlyDictionary<string, PushOptionDefinitionsPushOptionProperty>? Properties").Length - 1);
        var client = run.Sources.Single(s => s.Key.EndsWith(".Client.g.cs", System.StringComparison.Ordinal)).Value;
        Assert.Contains("Task<PushOptionDefinitionsPushOptionProperty> GetOptionAsync(", client);
        // The choice is not recursive: it stays inline, named after the property that holds it, as before.
        Assert.Contains("record PushOptionDefinitionsPushOptionPropertyOptionsItem", models);
        Assert.DoesNotContain("PushOptionDefinitionsPushOptionChoice", models);
    }

    [Theory]
    [InlineData("3.0.3", "SG2012")]
    [InlineData("3.1.0", "SG1010")]
    public void A_type_beside_a_ref_that_names_no_type_is_ignored_in_3_0_as_3_0_ignores_siblings(string version, string id)
    {
        // Cloudmersive's parameters: {"$ref": "#/components/schemas/FormDefinitionTemplate", "type": "application/json"}.
        var yaml = Spec.Replace("openapi: 3.1.0", $"openapi: {version}")
            .Replace("schema: {$ref: '#/components/schemas/Envelope'}", "schema: {$ref: '#/components/schemas/Envelope', type: application/json}");

        var run = GeneratorHarness.Run([new SpecFile("/specs/api.yaml", yaml, "Test.Api", "Api")], ConsumerFramework.Net100);

        var reported = Assert.Single(run.GeneratorWarningsAndErrors);
        Assert.Equal(id, reported.Id);
        Assert.Equal(9, reported.Location.GetLineSpan().StartLinePosition.Line);
        if (id == "SG2012")
        {
            Assert.True(run.CompilationDiagnostics.IsEmpty, GeneratorHarness.Format(run.CompilationDiagnostics));
            Assert.Contains("Task<Envelope> ListThingsAsync(", run.Sources.Single(s => s.Key.EndsWith(".Client.g.cs", System.StringComparison.Ordinal)).Value);
        }
    }

    [Fact]
    public void A_named_list_or_map_of_inline_objects_that_hold_it_again_is_a_type_not_SG1011()
    {
        // Just Eat's order-item: a list whose items each hold an order-item (the object in between is inline).
        const string yaml = """
            openapi: 3.0.1
            info: {title: Api, version: '1'}
            paths:
              /orders:
                post:
                  operationId: putOrder
                  requestBody:
                    content: {application/json: {schema: {$ref: '#/components/schemas/order'}}}
                  responses:
                    '200': {description: An order, content: {application/json: {schema: {$ref: '#/components/schemas/order'}}}}
            components:
              schemas:
                order:
                  type: object
                  properties:
                    items: {$ref: '#/components/schemas/order-item'}
                    notes: {$ref: '#/components/schemas/note-tree'}
                order-item:
                  type: array
                  maxItems: 50
                  items:
                    type: object
                    properties:
                      name: {type: string}
                      items: {$ref: '#/components/schemas/order-item'}
                note-tree:
                  type: object
                  additionalProperties:
                    type: object
                    properties:
                      text: {type: string}
                      children: {$ref: '#/components/schemas/note-tree'}
            """;

        var run = GeneratorHarness.Run([new SpecFile("/specs/api.yaml", yaml, "Test.Api", "Api")], ConsumerFramework.Net100);

        Assert.True(run.GeneratorWarningsAndErrors.IsEmpty, GeneratorHarness.Format(run.GeneratorWarningsAndErrors));
        Assert.True(run.CompilationDiagnostics.IsEmpty, GeneratorHarness.Format(run.CompilationDiagnostics));
        var models = string.Concat(run.Sources.Where(s => s.Key.EndsWith(".Models.g.cs", System.StringComparison.Ordinal)).Select(s => s.Value));
        Assert.Equal(2, models.Split("IReadOnlyList<OrderItemItem>? Items { get; init; }").Length - 1);
        Assert.Equal(2, models.Split("IReadOnlyDictionary<string, NoteTreeValue>?").Length - 1);
        // The inner list keeps the list's rules: both are checked against maxItems.
        var validation = string.Concat(run.Sources.Where(s => s.Key.EndsWith(".Validation.g.cs", System.StringComparison.Ordinal)).Select(s => s.Value));
        Assert.Equal(2, validation.Split("\"maxItems\", \"must have at most 50 items").Length - 1);
    }

    [Fact]
    public void Schemas_inside_another_that_refer_to_each_other_are_both_named()
    {
        // Tree/definitions/branch holds leaves, each of which holds branches: neither refers to itself directly.
        const string yaml = """
            openapi: 3.1.0
            info: {title: Api, version: '1'}
            paths:
              /tree:
                get:
                  operationId: getTree
                  responses:
                    '200': {description: A tree, content: {application/json: {schema: {$ref: '#/components/schemas/Tree/definitions/branch'}}}}
            components:
              schemas:
                Tree:
                  type: object
                  definitions:
                    branch:
                      type: object
                      properties:
                        leaves: {type: array, items: {$ref: '#/components/schemas/Tree/definitions/leaf'}}
                    leaf:
                      type: object
                      properties:
                        label: {type: string}
                        branches: {type: array, items: {$ref: '#/components/schemas/Tree/definitions/branch'}}
            """;

        var run = GeneratorHarness.Run([new SpecFile("/specs/api.yaml", yaml, "Test.Api", "Api")], ConsumerFramework.Net100);

        Assert.True(run.GeneratorWarningsAndErrors.IsEmpty, GeneratorHarness.Format(run.GeneratorWarningsAndErrors));
        Assert.True(run.CompilationDiagnostics.IsEmpty, GeneratorHarness.Format(run.CompilationDiagnostics));
        var models = string.Concat(run.Sources.Where(s => s.Key.EndsWith(".Models.g.cs", System.StringComparison.Ordinal)).Select(s => s.Value));
        Assert.Contains("IReadOnlyList<TreeDefinitionsLeaf>? Leaves { get; init; }", models);
        Assert.Contains("IReadOnlyList<TreeDefinitionsBranch>? Branches { get; init; }", models);
    }
}
