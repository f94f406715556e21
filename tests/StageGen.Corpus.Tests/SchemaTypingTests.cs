using System.Linq;
using Xunit;

namespace StageGen.Corpus.Tests;

/// <summary>The table's "schemas typed / reachable": which named schemas the operations reach, and which the generator types.</summary>
public sealed class SchemaTypingTests
{
    private const string Document = """
        openapi: 3.0.3
        info: { title: T, version: "1" }
        paths:
          /things/{id}:
            parameters:
              - $ref: '#/components/parameters/ThingId'
            get:
              operationId: getThing
              responses:
                "200": { $ref: '#/components/responses/ThingResponse' }
                "404":
                  description: not found
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/Missing' }
        components:
          parameters:
            ThingId:
              name: id
              in: path
              required: true
              schema: { $ref: '#/components/schemas/Id' }
          responses:
            ThingResponse:
              description: the thing
              content:
                application/json:
                  schema: { $ref: '#/components/schemas/Thing' }
          schemas:
            Id: { type: string, pattern: '^[a-z]+$' }
            Thing:
              type: object
              properties:
                kind: { $ref: '#/components/schemas/Kind' }
                anything: { $ref: '#/components/schemas/Anything' }
                mixed: { $ref: '#/components/schemas/Mixed' }
                size: { $ref: '#/components/schemas/Page/properties/size' }
                tags: { $ref: '#/components/schemas/Tags' }
            Kind: { type: string, enum: [a, b] }
            Anything: { description: any JSON value }
            Mixed: { type: [string, integer] }
            Page:
              type: object
              properties:
                size: { type: integer }
            Tags: { type: array, items: { $ref: '#/components/schemas/Tag' } }
            Tag: { type: string }
            Missing: {}
            Orphan: { type: object, properties: { a: { type: string } } }
        """;

    [Fact]
    public void Reachable_schemas_follow_refs_through_shared_parameters_responses_and_other_schemas()
    {
        var document = CorpusDocument.Of("things.yaml", Document);

        Assert.Equal(["Anything", "Id", "Kind", "Missing", "Mixed", "Page", "Tag", "Tags", "Thing"], document.ReachableSchemas);
        Assert.Equal(10, document.Schemas);
    }

    [Fact]
    public void Typed_schemas_are_records_enums_exceptions_and_typed_values_not_raw_json()
    {
        var document = CorpusDocument.Of("things.yaml", Document);

        var typing = SchemaTyping.Of("/corpus/things.yaml", Document, document.ReachableSchemas, "Corpus.Things", "Things");

        // Missing has no record but the 404's exception; Tags is a list of strings; Id a checked string.
        Assert.Equal(["Id", "Kind", "Missing", "Page", "Tag", "Tags", "Thing"], typing.Typed.ToArray());
        Assert.Equal(["Anything", "Mixed"], typing.KeptAsJson.ToArray());
    }
}
