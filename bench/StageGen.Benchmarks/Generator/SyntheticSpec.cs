using System.Globalization;
using System.Text;

namespace StageGen.Benchmarks.Generator;

/// <summary>
/// A spec of <c>n</c> operations and <c>n</c> object schemas (plus one shared enum), shaped like stage.yaml: each
/// schema has strings with patterns and lengths, numbers with limits, an enum, a map, a list, a nested object, and
/// one PATCH per schema with path parameters, a query parameter, a header and typed errors.
/// </summary>
public static class SyntheticSpec
{
    public static string Create(int n)
    {
        var yaml = new StringBuilder(4096 + n * 2400);
        yaml.Append("""
            openapi: 3.1.0
            info:
              title: Synthetic
              version: '1'
            paths:

            """);
        for (var i = 0; i < n; i++)
        {
            var s = i.ToString(CultureInfo.InvariantCulture);
            yaml.Append($$"""
                  /v1/things{{s}}/{thingId}:
                    patch:
                      operationId: UpdateThing{{s}}
                      summary: Updates thing {{s}}.
                      parameters:
                        - name: thingId
                          in: path
                          required: true
                          schema: { type: string, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }
                        - name: dryRun
                          in: query
                          schema: { type: boolean }
                        - name: x-request-id
                          in: header
                          schema: { type: string }
                      requestBody:
                        required: true
                        content:
                          application/json:
                            schema: { $ref: '#/components/schemas/Thing{{s}}' }
                      responses:
                        '200':
                          description: Success
                          content:
                            application/json:
                              schema: { $ref: '#/components/schemas/Thing{{s}}' }
                        '404':
                          description: Not found
                          content:
                            application/json:
                              schema: { $ref: '#/components/schemas/Problem' }

                """);
        }

        yaml.Append("""
            components:
              schemas:
                Problem:
                  type: object
                  properties:
                    message: { type: string }
                    code: { type: string }
                Level:
                  type: string
                  enum: [LOW, MEDIUM, HIGH]

            """);
        for (var i = 0; i < n; i++)
        {
            var s = i.ToString(CultureInfo.InvariantCulture);
            var nested = i == 0 ? "Problem" : "Thing" + (i - 1).ToString(CultureInfo.InvariantCulture);
            yaml.Append($$"""
                    Thing{{s}}:
                      type: object
                      description: Thing number {{s}}.
                      required: [name]
                      properties:
                        name: { type: string, minLength: 1, maxLength: 128, pattern: '^[a-z][a-z0-9-]*$' }
                        description: { type: string, maxLength: 1024 }
                        count: { type: integer, format: int32, minimum: 0, maximum: 10000 }
                        ratio: { type: number, format: double, exclusiveMinimum: 0 }
                        level: { $ref: '#/components/schemas/Level' }
                        enabled: { type: boolean }
                        created: { type: string, format: date-time, readOnly: true }
                        labels:
                          type: object
                          propertyNames: { pattern: '^[a-z]+$' }
                          additionalProperties: { type: string, maxLength: 256 }
                        aliases:
                          type: array
                          maxItems: 16
                          items: { type: string }
                        parent: { $ref: '#/components/schemas/{{nested}}' }

                """);
        }

        return yaml.ToString();
    }
}
