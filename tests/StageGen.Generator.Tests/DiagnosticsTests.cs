using System;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using StageGen.Generator.Tests.Infrastructure;
using Xunit;

namespace StageGen.Generator.Tests;

/// <summary>
/// Each diagnostic in <c>generator/DiagnosticDescriptors.cs</c> (listed in <c>docs/diagnostics.md</c>): its id, severity, the
/// exact line and column of the YAML node at fault, and the key words of its message. Lines and columns are 1-based,
/// as <see cref="GeneratorHarness.Format(Diagnostic)"/> prints them. An error means no source for that spec; a warning
/// means the spec still generates and compiles. The generator never throws.
/// </summary>
public sealed class DiagnosticsTests
{
    /// <summary>A document whose one operation's 200 response declares the headers that follow (at line 11, column 13).</summary>
    private const string ListItemsHeaders = """
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths:
          /items:
            get:
              operationId: listItems
              responses:
                '200':
                  description: Listed
                  headers:

        """;

    private const string SpecPath = "/specs/api.yaml";
    private const string Error = "error";
    private const string Warning = "warning";

    /// <summary>A spec with one operation and one schema, and nothing to report.</summary>
    private const string ValidSpec = """
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths:
          /items/{id}:
            get:
              operationId: getItem
              parameters:
                - {name: id, in: path, required: true, schema: {type: string}}
              responses:
                '200':
                  description: The item
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Item'}
        components:
          schemas:
            Item:
              type: object
              properties:
                name: {type: string}
        """;

    [Fact]
    public void Valid_spec_reports_nothing_and_compiles()
    {
        var run = Run(ValidSpec);

        Assert.True(run.GeneratorDiagnostics.IsEmpty, GeneratorHarness.Format(run.GeneratorDiagnostics));
        AssertGeneratesAndCompiles(run);
    }

    [Fact]
    public void Documentation_and_extensions_anywhere_report_nothing()
    {
        var run = Run("""
            openapi: 3.1.0
            info: {title: Items, version: '1'}
            tags: [{name: items}]
            paths:
              /items:
                get:
                  operationId: listItems
                  tags: [items]
                  externalDocs: {url: 'https://example.com/items'}
                  parameters:
                    - {name: size, in: query, schema: {type: integer}, x-example-php: '$size = 1;'}
                  responses:
                    '200':
                      description: Items
                      content:
                        application/json:
                          schema: {type: array, items: {type: string}}
                          x-codegen: {}
            components:
              examples:
                items: {value: [a, b]}
            """);

        Assert.True(run.GeneratorDiagnostics.IsEmpty, GeneratorHarness.Format(run.GeneratorDiagnostics));
        AssertGeneratesAndCompiles(run);
    }

    [Theory]
    [InlineData("""
        openapi: 3.1.0
        info:
          title: "Items
          version: '1'
        paths: {}
        """, 3, 10, "double-quoted scalar")]
    [InlineData("""
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths: {}
        x-note: "unclosed
        """, 4, 9, "quoted scalar, found unexpected end of stream")]
    [InlineData("""
        openapi: 3.1.0
        info:
          title: Items
         version: '1'
        paths: {}
        """, 4, 2, "block mapping", "expected key")]
    [InlineData("""
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths: {}
        paths: {}
        """, 4, 1, "Duplicate key")]
    [InlineData("openapi: 3.1.0\ninfo:\n\ttitle: Items\npaths: {}\n", 3, 1, "invalid tab as indentation")]
    public void SG1001_invalid_yaml(string yaml, int line, int column, params string[] words)
        => AssertError(yaml, "SG1001", line, column, ["The spec is not valid YAML", .. words]);

    [Theory]
    [InlineData("""
        swagger: '1.2'
        info: {title: Items, version: '1'}
        paths: {}
        """, 1, 10, "'swagger' is '1.2', expected 2.0")]
    [InlineData("""
        info: {title: Items, version: '1'}
        paths: {}
        """, 1, 1, "it has neither 'openapi: 3.x' nor 'swagger: \"2.0\"'")]
    [InlineData("""
        info: {title: Items, version: '1'}
        openapi: 2.0
        paths: {}
        """, 2, 10, "'openapi' is '2.0', expected 3.0.x or 3.1.x")]
    [InlineData("", 1, 1, "the file is empty")]
    [InlineData("# only a comment\n", 1, 1, "the file is empty")]
    [InlineData("""
        - openapi: 3.1.0
        - paths: {}
        """, 1, 1, "the top level is not a mapping")]
    public void SG1002_not_an_openapi_3_document(string yaml, int line, int column, string reason)
        => AssertError(yaml, "SG1002", line, column, "The spec is not an OpenAPI 3.x document", reason);

    [Fact]
    public void SG1004_duplicate_operation_id_is_reported_at_the_second_and_names_the_first_line()
        => AssertError(
            """
            openapi: 3.1.0
            info: {title: Items, version: '1'}
            paths:
              /items:
                get:
                  operationId: listItems
                  responses:
                    '204': {description: Done}
              /things:
                get:
                  operationId: listItems
                  responses:
                    '204': {description: Done}
            """,
            "SG1004",
            11,
            20,
            "The operationId 'listItems' is already used by the operation at line 6");

    [Theory]
    [InlineData("""
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths:
          /items:
            get:
              operationId: listItems
              responses:
                '200':
                  description: The items
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/Missing'
        """, 13, 23, "#/components/schemas/Missing")]
    [InlineData("""
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths:
          /items:
            get:
              operationId: listItems
              parameters:
                - $ref: '#/components/parameters/Limit'
              responses:
                '204': {description: Done}
        """, 8, 17, "#/components/parameters/Limit")]
    [InlineData("""
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths:
          /items:
            get:
              operationId: listItems
              responses:
                '404':
                  $ref: '#/components/responses/NotFound'
        components:
          responses: {}
        """, 9, 17, "#/components/responses/NotFound")]
    public void SG1005_unresolved_reference_names_the_reference(string yaml, int line, int column, string reference)
        => AssertError(yaml, "SG1005", line, column, $"The reference '{reference}' does not resolve");

    [Theory]
    [InlineData("""
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths:
          /items/{id}:
            get:
              operationId: getItem
              responses:
                '204': {description: Done}
        """, 4, 10)]
    [InlineData("""
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths:
          '/items/{id}':
            get:
              operationId: getItem
              responses:
                '204': {description: Done}
        """, 4, 3)]
    public void SG1007_path_template_parameter_not_declared(string yaml, int line, int column)
        => AssertError(yaml, "SG1007", line, column, "The path '/items/{id}' uses '{id}' but the 'getItem' operation declares no path parameter 'id'");

    [Theory]
    [InlineData("""
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths:
          /items:
            get:
              operationId: listItems
              parameters:
                - name: id
                  in: path
                  required: true
                  schema: {type: string}
              responses:
                '204': {description: Done}
        """, 8, 11)]
    [InlineData("""
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths:
          /items:
            parameters:
              - {name: id, in: path, required: true, schema: {type: string}}
            get:
              operationId: listItems
              responses:
                '204': {description: Done}
            delete:
              operationId: deleteItems
              responses:
                '204': {description: Done}
        """, 6, 9)]
    public void A_declared_path_parameter_its_template_lacks_is_SG2007_and_left_out(string yaml, int line, int column)
    {
        var run = Run(yaml);

        AssertSingle(run, "SG2007", Warning, SpecPath, line, column, "The path parameter 'id' does not appear in the path template '/items'; it is not sent");
        AssertGeneratesAndCompiles(run);
        Assert.Contains("ListItemsAsync(global::System.Threading.CancellationToken cancellationToken = default)", run.Sources.Single(s => s.Key.EndsWith(".Client.g.cs", StringComparison.Ordinal)).Value);
    }

    [Theory]
    [InlineData("""
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths:
          /items:
            get:
              x-stagegen-name: list_items
              responses:
                '204': {description: Done}
          /things:
            get:
              x-stagegen-name: listItems
              responses:
                '204': {description: Done}
        """, 11, 24, "The operation 'GET /things' and the operation at line 6 both map to the C# name 'ListItemsAsync'")]
    public void SG1009_two_names_map_to_one_csharp_name(string yaml, int line, int column, string message)
        => AssertError(yaml, "SG1009", line, column, message);

    [Theory]
    [InlineData("list_items", "listItems", "ListItems2Async", "ListItemsAsync")]
    [InlineData("List Rules", "List rules", "ListRulesAsync", "ListRules2Async")]
    public void OperationIds_that_make_one_method_name_are_told_apart_by_the_ids_alone(string first, string second, string firstMethod, string secondMethod)
    {
        // The ordinally first id keeps the name, whichever comes first in the document: reordering renames nothing.
        foreach (var (a, b) in new[] { (first, second), (second, first) })
        {
            var run = Run($$$"""
                openapi: 3.1.0
                info: {title: Items, version: '1'}
                paths:
                  /items:
                    get:
                      operationId: '{{{a}}}'
                      responses: {'204': {description: Done}}
                  /things:
                    get:
                      operationId: '{{{b}}}'
                      responses: {'204': {description: Done}}
                """);

            Assert.Empty(run.GeneratorDiagnostics);
            AssertGeneratesAndCompiles(run);
            var client = run.Sources.Single(s => s.Key.EndsWith(".Client.g.cs", StringComparison.Ordinal)).Value;
            var items = a == first ? firstMethod : secondMethod;
            var things = a == first ? secondMethod : firstMethod;
            Assert.Contains("\"items\"", MethodBody(client, items));
            Assert.Contains("\"things\"", MethodBody(client, things));
        }
    }

    [Fact]
    public void SG1009_two_specs_declaring_one_type_in_one_namespace()
    {
        const string WithProblem = """
            openapi: 3.1.0
            info: {title: Items, version: '1'}
            paths: {}
            components:
              schemas:
                Problem:
                  type: object
                  properties:
                    title: {type: string}
            """;

        var run = RunSpecs(
            new SpecFile("/specs/first.yaml", WithProblem, "Test.Shared", "First"),
            new SpecFile("/specs/second.yaml", WithProblem, "Test.Shared", "Second"));

        // Reported once, at the spec that comes second in ordinal path order; that spec generates nothing.
        AssertSingle(
            run,
            "SG1009",
            Error,
            "/specs/second.yaml",
            6,
            5,
            "'Problem' of second.yaml and 'Problem' of first.yaml (same namespace Test.Shared; give one ApiSpec item its own Namespace) both map to the C# name 'Test.Shared.Problem'");
        Assert.DoesNotContain(run.Sources.Keys, name => name.StartsWith("Test.Shared.Second.", StringComparison.Ordinal));
        Assert.DoesNotContain(run.CompilationDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
    }

    [Theory]
    [InlineData("""
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths: {}
        components:
          schemas:
            Name:
              type: string
              minLength: -1
        """, 8, 18, "'minLength' must be a non-negative integer")]
    [InlineData("""
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths: {}
        components:
          schemas:
            Name:
              type: strin
        """, 7, 13, "'type' must be one of string, integer, number, boolean, object, array, null, or a list of them")]
    [InlineData("""
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths: {}
        components:
          schemas:
            Size:
              type: integer
              maximum: large
        """, 8, 16, "'maximum' must be a number")]
    [InlineData("""
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths:
          /items:
            get:
              operationId: listItems
              responses:
                '2000': {description: Done}
        """, 8, 9, "'2000' is not a response status code (100-599, 1XX-5XX or default)")]
    [InlineData("""
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths: {}
        ---
        openapi: 3.1.0
        """, 5, 1, "The spec file holds more than one YAML document; only one is allowed")]
    [InlineData("""
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths: {}
        components: []
        """, 4, 13, "'components' must be a mapping")]
    [InlineData("""
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths: {}
        components:
          schemas: [Item]
        """, 5, 12, "'components/schemas' must be a mapping of names to schemas")]
    [InlineData("""
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths: {}
        components:
          schemas:
            Tags:
              type: object
              additionalProperties: 5
        """, 8, 29, "'additionalProperties' must be true, false or a schema")]
    [InlineData("""
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths: {}
        x-stagegen-service-errors: [Denied]
        """, 4, 28, "'x-stagegen-service-errors' must be a mapping of status codes to responses, or to lists of them")]
    [InlineData("""
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths: {}
        x-stagegen-service-errors:
          '200': {description: Fine}
        """, 5, 3, "'200' is a success status; 'x-stagegen-service-errors' lists errors")]
    [InlineData("""
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths: {}
        x-stagegen-service-errors:
          '4X4': {description: Odd}
        """, 5, 3, "'4X4' is not a response status code (100-599, 1XX-5XX or default)")]
    public void SG1010_invalid_value(string yaml, int line, int column, string message)
        => AssertError(yaml, "SG1010", line, column, message);

    [Fact]
    public void SG1011_cyclic_reference()
        => AssertError(
            """
            openapi: 3.1.0
            info: {title: Items, version: '1'}
            paths: {}
            components:
              schemas:
                Holder:
                  type: object
                  properties:
                    value: {$ref: '#/components/schemas/A'}
                A:
                  $ref: '#/components/schemas/B'
                B:
                  $ref: '#/components/schemas/A'
            """,
            "SG1011",
            13,
            13,
            "The reference '#/components/schemas/A' refers back to itself without an object in between");

    [Theory]
    [InlineData("/a/../admin/{id}", "has the dot segment '..', which URI normalization removes")]
    [InlineData("/a/./{id}", "has the dot segment '.', which URI normalization removes")]
    [InlineData("/a/%2E%2e/{id}", "has the dot segment '%2E%2e', which URI normalization removes")]
    [InlineData("/a/..?debug=1#top", "has the dot segment '..', which URI normalization removes")]
    [InlineData("/a/..#up", "has the dot segment '..', which URI normalization removes")]
    public void SG1012_path_template_with_a_dot_segment(string template, string problem)
        => AssertError(
            $$$"""
            openapi: 3.1.0
            info: {title: Items, version: '1'}
            paths:
              '{{{template}}}':
                get:
                  operationId: getItem
                  parameters:
                    - {name: id, in: path, required: true, schema: {type: string}}
                  responses:
                    '204': {description: Done}
            """,
            "SG1012",
            4,
            3,
            $"The path template '{template}' {problem}");

    [Theory]
    [InlineData("X Bad Header")]
    [InlineData("X-Id:")]
    [InlineData("X-{0}-Id")]
    [InlineData("X-Tenant\u00e9")]
    [InlineData("")]
    public void A_header_parameter_whose_name_is_not_an_HTTP_token_is_left_out_with_SG2007(string name)
        => AssertWarning(
            $$"""
            openapi: 3.1.0
            info: {title: Items, version: '1'}
            paths:
              /items:
                get:
                  operationId: listItems
                  parameters:
                    - in: header
                      name: "{{name}}"
                      schema: {type: string}
                  responses:
                    '204': {description: Done}
            """,
            "SG2007",
            9,
            17,
            $"The header parameter name '{System.Text.RegularExpressions.Regex.Unescape(name)}' is not an HTTP field name", "it is not sent");

    [Fact]
    public void SG1014_a_schema_that_nests_itself_through_an_alias_exceeds_the_nesting_limit()
        => AssertError(
            """
            openapi: 3.1.0
            info: {title: Items, version: '1'}
            paths: {}
            components:
              schemas:
                Node: &node
                  type: object
                  properties:
                    next: *node
            """,
            "SG1014",
            6,
            11,
            "Schemas nest deeper than 64 levels (a YAML alias inside the node it names, or a chain of $ref into schemas inside others?)");

    [Fact]
    public void SG1014_a_very_long_chain_of_refs_ends_in_a_diagnostic_not_a_stack_overflow()
    {
        // A0 → A1 → … → A9999, each a plain $ref: binding follows the chain, so it must stop at a depth limit.
        var yaml = new System.Text.StringBuilder("""
            openapi: 3.1.0
            info: {title: Items, version: '1'}
            paths: {}
            components:
              schemas:
                Holder:
                  type: object
                  properties:
                    value: {$ref: '#/components/schemas/A0'}

            """);
        AppendChain(yaml, "    ", "A", "#/components/schemas/A", 10_000);

        // Line 10 holds A0; the 64th link of the chain (A63 → A64) is where binding stops.
        AssertError(yaml.ToString(), "SG1014", 10 + 63, 17, "The chain of $ref is deeper than 64; StageGen stops here");
    }

    [Fact]
    public void SG1014_a_long_chain_of_refs_into_other_schemas_ends_in_a_diagnostic_not_a_stack_overflow()
    {
        // Chain/properties/p0 → Chain/properties/p1 → …: pointers inside a schema are read in place, so the reader's
        // nesting bound stops the chain (none of them refers back to itself, so none is named).
        var yaml = new System.Text.StringBuilder("""
            openapi: 3.1.0
            info: {title: Items, version: '1'}
            paths: {}
            components:
              schemas:
                Holder:
                  type: object
                  properties:
                    value: {$ref: '#/components/schemas/Chain/properties/p0'}
                Chain:
                  type: object
                  properties:

            """);
        AppendChain(yaml, "        ", "p", "#/components/schemas/Chain/properties/p", 5_000);

        var run = Run(yaml.ToString());
        var error = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "SG1014");
        Assert.Contains("Schemas nest deeper than 64 levels", error.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Entries <c>{name}0</c> to <c>{name}{length - 1}</c>, each a $ref to the next, the last a string.</summary>
    private static void AppendChain(System.Text.StringBuilder yaml, string indent, string name, string pointer, int length)
    {
        for (var i = 0; i < length - 1; i++)
        {
            yaml.Append($"{indent}{name}{i}: {{$ref: '{pointer}{i + 1}'}}\n");
        }

        yaml.Append($"{indent}{name}{length - 1}: {{type: string}}\n");
    }

    [Theory]
    [InlineData("enum: [\"a\\Lb\"]", 9, 34, "The enum value contains U+2028")]
    [InlineData("pattern: \"a\\x07b\"", 9, 36, "The pattern contains U+0007")]
    public void SG1015_a_line_break_or_control_character_that_generated_code_cannot_carry(string keyword, int line, int column, string message)
        => AssertError(
            $$"""
            openapi: 3.1.0
            info: {title: Items, version: '1'}
            paths: {}
            components:
              schemas:
                S:
                  type: object
                  properties:
                    e: {type: string, {{keyword}} }
            """,
            "SG1015",
            line,
            column,
            message,
            "a line break or control character that generated code cannot carry");

    [Theory]
    [InlineData("""
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths: {}
        components:
          schemas:
            Pet:
              type: object
              if: {required: [kind]}
              properties:
                kind: {type: string}
        """, 8, 7, "if")]
    [InlineData("""
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths:
          /items:
            get:
              operationId: listItems
              callbacks:
                done: {}
              responses:
                '204': {description: Done}
        """, 7, 7, "callbacks")]
    [InlineData("""
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths: {}
        components:
          links:
            next: {operationId: listItems}
        """, 5, 3, "links")]
    public void SG2001_unsupported_keyword_is_a_warning_and_generation_goes_on(string yaml, int line, int column, string keyword)
        => AssertWarning(yaml, "SG2001", line, column, $"'{keyword}' is not supported by StageGen and is ignored");

    [Theory]
    [InlineData("""
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths: {}
        components:
          schemas:
            Item:
              type: object
              properties:
                id:
                  not:
                    type: integer
        """, "SG2002", 10, 11, "'not' is not supported; the value is kept as raw JSON (System.Text.Json.JsonElement)")]
    [InlineData("""
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths:
          /items:
            get:
              operationId: listItems
              responses:
                '200':
                  description: The items
                  content:
                    multipart/form-data:
                      schema: {type: string}
        """, "SG2005", 11, 13, "The 200 response media type 'multipart/form-data' is not supported (multipart types other than multipart/form-data, and forms other than request bodies, are not); the body is left out")]
    [InlineData("""
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths:
          /items:
            get:
              operationId: listItems
              responses:
                '404': {$ref: '#/components/responses/NotFound'}
            delete:
              operationId: deleteItems
              responses:
                '404': {$ref: '#/components/responses/NotFound'}
        components:
          responses:
            NotFound:
              description: Not found
              content:
                multipart/mixed: {schema: {type: string}}
        """, "SG2005", 18, 9, "The 404 response media type 'multipart/mixed' is not supported")]
    [InlineData("""
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        servers:
          - url: /v1
        paths: {}
        """, "SG2004", 4, 10, "The server '/v1' is not used as the client's default address: it is not an absolute URL (scheme://host); the HttpClient's BaseAddress must be set")]
    [InlineData("""
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths:
          /items:
            get:
              operationId: listItems
              parameters:
                - {name: X-Tags, in: header, schema: {type: array, items: {type: string}}}
              responses:
                '204': {description: Done}
        """, "SG2007", 8, 11, "The header 'X-Tags' is an array; headers take scalars only")]
    [InlineData("""
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths:
          /items:
            parameters:
              - {name: X-Tags, in: header, schema: {type: array, items: {type: string}}}
            get:
              operationId: listItems
              responses:
                '204': {description: Done}
            delete:
              operationId: deleteItems
              responses:
                '204': {description: Done}
        """, "SG2007", 6, 9, "The header 'X-Tags' is an array; headers take scalars only")]
    [InlineData("""
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths: {}
        components:
          schemas:
            Item:
              type: object
              properties:
                count: {type: integer, format: int128}
        """, "SG2006", 9, 40, "The format 'int128' is not supported; the value is treated as its plain type")]
    [InlineData("""
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths: {}
        components:
          schemas:
            Item:
              type: object
              properties:
                count: {type: [string, integer]}
        """, "SG2002", 9, 16, "A value of several types (string, integer) is kept as raw JSON (System.Text.Json.JsonElement)")]
    [InlineData("""
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths:
          /items:
            get:
              operationId: listItems
              parameters:
                - {name: session, in: body, schema: {type: string}}
              responses:
                '204': {description: Done}
        """, "SG2007", 8, 31, "The body parameter 'session' is not supported and is not sent (supported: path, query, header, cookie)")]
    [InlineData("""
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths:
          /items:
            get:
              operationId: listItems
              parameters:
                - {name: 'a=b;c', in: cookie, schema: {type: string}}
              responses:
                '204': {description: Done}
        """, "SG2007", 8, 18, "The cookie parameter 'a=b;c' has a name that is not a token (letters, digits and !#$%&'*+-.^_`|~); it is not sent")]
    [InlineData("""
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths:
          /items/{id}:
            get:
              operationId: getItem
              parameters:
                - {name: id, in: path, required: true, schema: {type: [string, 'null']}}
              responses:
                '204': {description: Done}
        """, "SG2007", 8, 11, "The path parameter 'id' cannot be null: a path segment is always sent; 'null' is ignored")]
    [InlineData("""
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths:
          /items?owner={owner}:
            get:
              operationId: listItems
              responses:
                '204': {description: Done}
        """, "SG2007", 4, 3, "The query of the path '/items?owner={owner}' uses '{owner}', which the 'GET' operation does not declare; 'owner' is not sent")]
    [InlineData("""
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths:
          /items:
            get:
              operationId: listItems
              parameters:
                - name: owner
                  in: query
                  content:
                    text/plain: {schema: {type: string}}
                    application/json: {schema: {type: string}}
              responses:
                '204': {description: Done}
        """, "SG2007", 11, 13, "The parameter 'owner' has 2 media types in 'content', where OpenAPI allows one; the first, 'text/plain', is used")]
    [InlineData("""
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths: {}
        components:
          schemas:
            Item:
              type: object
              properties:
                level: {type: number, enum: [1.5, 2]}
        """, "SG2008", 9, 38, "'enum' is supported on strings and integers only; these values are not checked")]
    [InlineData("""
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths: {}
        components:
          schemas:
            Item:
              type: object
              required: [missing]
              properties:
                name: {type: string}
        """, "SG2008", 7, 7, "'missing' is listed as required but is not a property of 'Item'; it is not checked")]
    [InlineData("""
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths: {}
        components:
          schemas:
            Item:
              type: object
              maxProperties: 3
              properties:
                name: {type: string}
        """, "SG2008", 7, 7, "'minProperties' and 'maxProperties' are checked on maps only; how many members 'Item' has is not checked")]
    [InlineData("""
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths: {}
        components:
          schemas:
            Item:
              type: object
              properties:
                parts: {type: array, uniqueItems: true, items: {type: object, properties: {name: {type: string}}}}
        """, "SG2008", 9, 16, "'uniqueItems' is checked on lists of strings, numbers, booleans, enums, dates and UUIDs only; repeated items here are not checked")]
    [InlineData("""
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths:
          /items:
            get:
              operationId: listItems
              parameters:
                - $ref: '#/components/parameters/Limit'
              responses:
                '204': {description: Done}
        components:
          parameters:
            Limit: {$ref: '#/components/parameters/Size'}
            Size: {name: size, in: query, schema: {type: integer}}
        """, "SG2009", 8, 17, "The reference '#/components/parameters/Limit' points at another reference; chains of $ref are not followed")]
    [InlineData("""
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths:
          /items:
            get:
              operationId: listItems
              responses:
                '200': {description: Items, content: {application/json: {schema: {type: string}}}}
                '201': {description: Items, content: {application/json: {schema: {type: integer}}}}
        """, "SG2010", 9, 9, "'listItems' has success responses of different types; the first one is used")]
    [InlineData("""
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths:
          /items:
            get:
              operationId: listItems
              responses:
                '204': {description: Done}
                '400': {description: Bad, content: {application/json: {schema: {type: object, properties: {code: {type: string}}}}}}
        """, "SG2010", 9, 9, "The 400 response of 'listItems' has an inline schema; define it under components/schemas to get a typed exception")]
    [InlineData("""
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths: {}
        x-stagegen-service-errors:
          '403':
            - {description: Denied, content: {application/json: {schema: {type: object, properties: {message: {type: string}}}}}}
        """, "SG2010", 6, 7, "The service-wide 403 error has an inline schema; define it under components/schemas to get a typed exception")]
    [InlineData("""
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths: {}
        x-stagegen-service-errors:
          '5XX': {description: Broken}
        """, "SG2010", 5, 10, "The service-wide 5XX error has no JSON schema; it raises a plain ApiException, as an undeclared status does")]
    [InlineData(ListItemsHeaders + """
                    X-Page: {schema: {type: object, properties: {next: {type: string}}}}
        """, "SG2010", 11, 13, "The response header 'X-Page' of 'listItems' is not a scalar or a list of scalars; it is not read into ListItemsHeaders (its text is in the response's Headers)")]
    [InlineData(ListItemsHeaders + """
                    'X Page': {schema: {type: string}}
        """, "SG2010", 11, 13, "The response header 'X Page' is not an HTTP field name (a token: letters, digits and !#$%&'*+-.^_`|~); it is not read")]
    public void SG2002_and_SG2004_to_SG2010_reduced_support_is_a_warning_and_generation_goes_on(string yaml, string id, int line, int column, string message)
        => AssertWarning(yaml, id, line, column, message);

    [Fact]
    public void SG2002_oneOf_beside_properties_becomes_a_JsonElement_property()
    {
        var run = Run("""
            openapi: 3.1.0
            info: {title: Items, version: '1'}
            paths: {}
            components:
              schemas:
                Item:
                  type: object
                  properties:
                    id:
                      type: object
                      properties:
                        kind: {type: string}
                      oneOf:
                        - {type: object, properties: {text: {type: string}}}
                        - {type: object, properties: {count: {type: integer}}}
            """);

        Assert.Contains("global::System.Text.Json.JsonElement? Id", run.Sources["Test.Api.Api.Models.g.cs"]);
        AssertGeneratesAndCompiles(run);
    }

    /// <summary>A spec whose <c>servers</c> are <paramref name="servers"/> (lines from 4 on), with one operation.</summary>
    private static string WithServers(params string[] servers) =>
        "openapi: 3.1.0\ninfo: {title: Items, version: '1'}\nservers:\n" + string.Concat(servers.Select(line => line + "\n")) + """
        paths:
          /items:
            get:
              operationId: listItems
              responses:
                '204': {description: Done}
        """;

    /// <summary>A spec with one operation and the security schemes <paramref name="schemes"/> (lines from 6 on).</summary>
    private static string WithSchemes(params string[] schemes) => """
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths: {}
        components:
          securitySchemes:

        """ + string.Concat(schemes.Select(line => line + "\n"));

    public static TheoryData<string, int, int, string> BrokenServersAndSecurity => new()
    {
        { WithServers("  - url: https://{region}.example.com", "    variables:", "      region: {description: The region}"), 6, 7, "The server variable 'region' needs a 'default' string: it is the value used when none is given" },
        { WithServers("  - url: https://{region}.example.com", "    variables:", "      region: {default: eu-west-3, enum: [us-east-1, eu-west-1]}"), 6, 25, "The default 'eu-west-3' of server variable 'region' is not one of its 'enum' values" },
        { WithServers("  - url: https://{region}.example.com", "    variables:", "      region: {default: a, enum: []}"), 6, 34, "The 'enum' of server variable 'region' must be a non-empty sequence of strings" },
        { WithServers("  - url: https://{tenant}.example.com"), 4, 10, "The server url 'https://{tenant}.example.com' uses '{tenant}', which its 'variables' do not declare" },
        { WithServers("  - url: https://{region.example.com"), 4, 10, "The server url 'https://{region.example.com' has a brace that does not enclose a variable name" },
        { WithServers("  - url: https://{}.example.com"), 4, 10, "has '{}', a variable without a name" },
        { WithServers("  - description: no url"), 4, 5, "A server needs a 'url' string" },
        { "openapi: 3.1.0\ninfo: {title: Items, version: '1'}\nservers: https://example.com\npaths: {}\n", 3, 10, "'servers' must be a sequence of servers" },
        { "openapi: 3.1.0\ninfo: {title: Items, version: '1'}\nsecurity:\n  - apiKey: []\npaths: {}\n", 4, 5, "The security requirement names 'apiKey', which 'components/securitySchemes' does not declare" },
        { """
            openapi: 3.1.0
            info: {title: Items, version: '1'}
            paths:
              /items:
                get:
                  operationId: listItems
                  security:
                    - key: []
                  responses:
                    '204': {description: Done}
            """, 8, 11, "The security requirement names 'key', which 'components/securitySchemes' does not declare" },
        { """
            openapi: 3.1.0
            info: {title: Items, version: '1'}
            security:
              - key: read
            paths: {}
            components:
              securitySchemes:
                key: {type: apiKey, in: header, name: X-Key}
            """, 4, 10, "The scopes of 'key' must be a sequence ([] for none)" },
        { "openapi: 3.1.0\ninfo: {title: Items, version: '1'}\nsecurity: {key: []}\npaths: {}\n", 3, 11, "'security' must be a sequence of security requirements" },
        { WithSchemes("    key: {type: apiKey, in: body, name: k}"), 6, 29, "The apiKey security scheme 'key' is 'in: body'; an API key goes in a header, query or cookie" },
        { WithSchemes("    key: {type: apiKey, in: header}"), 6, 5, "The apiKey security scheme 'key' needs both 'name' and 'in'" },
        { WithSchemes("    key: {name: k, in: header}"), 6, 5, "The security scheme 'key' needs a 'type': apiKey, http, oauth2, openIdConnect or mutualTLS" },
        { WithSchemes("    key: {type: token}"), 6, 17, "The security scheme 'key' needs a 'type': apiKey, http, oauth2, openIdConnect or mutualTLS (not 'token')" },
        { WithSchemes("    basic: {type: http}"), 6, 5, "The http security scheme 'basic' needs a 'scheme' (bearer, basic, ...)" },
        { "openapi: 3.1.0\ninfo: {title: Items, version: '1', x-aws-signingName: ''}\npaths: {}\n", 2, 55, "'x-aws-signingName' must be the service's SigV4 signing name, a non-empty string" },
    };

    [Theory]
    [MemberData(nameof(BrokenServersAndSecurity))]
    public void SG1010_a_broken_server_or_security_declaration_is_an_error(string yaml, int line, int column, string message)
        => AssertError(yaml, "SG1010", line, column, message);

    [Fact]
    public void SG1015_a_server_url_with_a_control_character_is_an_error()
        => AssertError(WithServers("  - url: \"https://example.com/\\a\""), "SG1015", 4, 10, "The server url contains U+0007");

    public static TheoryData<string, int, int, string> UnusedServers => new()
    {
        { WithServers("  - url: ftp://example.com"), 4, 10, "The server 'ftp://example.com' is not used as the client's default address: its scheme is not http or https; the HttpClient's BaseAddress must be set" },
        { WithServers("  - url: example.com/v1"), 4, 10, "it is not an absolute URL (scheme://host)" },
        { WithServers("  - url: https://example.com/v1?debug=1"), 4, 10, "it has a query or a fragment" },
        { WithServers("  - url: https://admin@example.com"), 4, 10, "it names a user; credentials do not belong in a URL" },
        { WithServers("  - url: '{s}s://example.com'", "    variables:", "      s: {default: http}"), 4, 10, "'{s}' is a part of the scheme; a variable there must be the whole scheme" },
        { WithServers("  - url: '{scheme}://example.com'", "    variables:", "      scheme: {default: ftp}"), 4, 10, "the default 'ftp' of 'scheme' cannot be (part of) its scheme" },
        { WithServers("  - url: https://{host}/v1", "    variables:", "      host: {default: a/b}"), 4, 10, "the default 'a/b' of 'host' cannot be (part of) its host" },
        { WithServers("  - url: https://example.com/{base}", "    variables:", "      base: {default: ../admin}"), 4, 10, "the default '../admin' of 'base' cannot be (part of) its path" },
        { """
            openapi: 3.1.0
            info: {title: Items, version: '1'}
            paths:
              /items:
                servers:
                  - url: https://other.example.com
                get:
                  operationId: listItems
                  responses:
                    '204': {description: Done}
            """, 5, 5, "The 'servers' of path '/items' is not used: the client sends every operation to one base address (the document's first server, or the HttpClient's BaseAddress)" },
        { """
            openapi: 3.1.0
            info: {title: Items, version: '1'}
            paths:
              /items:
                get:
                  operationId: listItems
                  servers:
                    - url: https://other.example.com
                  responses:
                    '204': {description: Done}
            """, 7, 7, "The 'servers' of operation 'listItems' is not used" },
        // 3.0 only advises a default among the enum values (3.1 requires it: SG1010 above); VTEX's default stands for a choice.
        {
            WithServers("  - url: https://{account}.{environment}.com.br", "    variables:", "      account: {default: shop}", "      environment: {default: '{environment}', enum: [stable, my]}")
                .Replace("openapi: 3.1.0", "openapi: 3.0.3"),
            4, 10, "The server 'https://{account}.{environment}.com.br' is not used as the client's default address: the default '{environment}' of 'environment' is not one of its 'enum' values; the HttpClient's BaseAddress must be set"
        },
    };

    [Theory]
    [MemberData(nameof(UnusedServers))]
    public void SG2004_a_server_the_client_does_not_send_to_is_a_warning(string yaml, int line, int column, string message)
        => AssertWarning(yaml, "SG2004", line, column, message);

    public static TheoryData<string, int, int, string> UnsupportedSchemes => new()
    {
        { WithSchemes("    oauth:", "      type: oauth2", "      flows: {}"), 7, 13, "The security scheme 'oauth' (oauth2) is not supported: the client sends no credentials for it; add a DelegatingHandler to the HttpClient that does" },
        { WithSchemes("    oidc: {type: openIdConnect, openIdConnectUrl: 'https://example.com/.well-known/openid-configuration'}"), 6, 18, "The security scheme 'oidc' (openIdConnect) is not supported" },
        { WithSchemes("    mtls: {type: mutualTLS}"), 6, 18, "The security scheme 'mtls' (mutualTLS) is not supported" },
        { WithSchemes("    digest: {type: http, scheme: digest}"), 6, 34, "The security scheme 'digest' (http 'digest') is not supported" },
        { WithSchemes("    key: {type: apiKey, in: header, name: 'X Key'}"), 6, 43, "The security scheme 'key' (an API key in the header 'X Key', a name that is not an HTTP token" },
    };

    [Theory]
    [MemberData(nameof(UnsupportedSchemes))]
    public void SG2011_a_security_scheme_the_client_does_not_apply_is_a_warning(string yaml, int line, int column, string message)
        => AssertWarning(yaml, "SG2011", line, column, message);

    [Fact]
    public void SG2011_an_operation_that_needs_only_an_unsupported_scheme_is_sent_as_it_is()
    {
        var run = Run("""
            openapi: 3.1.0
            info: {title: Items, version: '1'}
            security:
              - oauth: [read]
            paths:
              /items:
                get:
                  operationId: listItems
                  responses:
                    '204': {description: Done}
            components:
              securitySchemes:
                oauth: {type: oauth2, flows: {}}
            """);

        Assert.Equal("SG2011", Assert.Single(run.GeneratorDiagnostics).Id);
        AssertGeneratesAndCompiles(run);
        Assert.DoesNotContain("ApiAuth", run.Sources["Test.Api.Api.Client.g.cs"]);
    }

    [Fact]
    public void Spec_with_only_warnings_generates_and_compiles()
    {
        var run = Run("""
            openapi: 3.1.0
            info: {title: Items, version: '1'}
            servers:
              - url: /v1
            security:
              - apiKey: []
              - oauth: [read]
            paths:
              /items:
                post:
                  operationId: addItem
                  requestBody:
                    content:
                      multipart/mixed:
                        schema: {type: object}
                  responses:
                    '204': {description: Added}
              /items/{id}:
                get:
                  operationId: getItem
                  security:
                    - apiKey: []
                  parameters:
                    - {name: id, in: path, required: true, schema: {type: string}}
                    - {name: X-Tags, in: header, schema: {type: array, items: {type: string}}}
                  responses:
                    '200':
                      description: The item
                      headers:
                        ETag: {schema: {type: string}}
                      links:
                        self: {operationId: getItem}
                      content:
                        application/json:
                          schema: {$ref: '#/components/schemas/Pet'}
                        text/plain:
                          schema: {type: string}
            components:
              securitySchemes:
                apiKey: {type: apiKey, in: header, name: X-Key}
                oauth: {type: oauth2, flows: {}}
              schemas:
                Pet:
                  type: object
                  discriminator: {propertyName: kind}
                  properties:
                    kind: {type: string, format: int128}
                    tag:
                      not: {type: integer}
            """);

        Assert.Equal(["SG2001", "SG2002", "SG2004", "SG2005", "SG2006", "SG2007", "SG2011"], run.GeneratorDiagnostics.Select(d => d.Id).Distinct().Order());
        Assert.All(run.GeneratorDiagnostics, d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
        AssertGeneratesAndCompiles(run);
    }

    [Fact]
    public void SG2008_a_pattern_that_is_not_a_regular_expression_is_not_checked_and_the_rest_generates()
    {
        var run = Run(SpecWithPattern("[a-"));

        AssertSingle(run, "SG2008", Warning, SpecPath, 11, 20, "The pattern '[a-' is not a regular expression StageGen can check (a character class '[' is not closed); it is not checked");
        AssertGeneratesAndCompiles(run);
        var models = run.Sources.Single(s => s.Key.EndsWith(".Models.g.cs", StringComparison.Ordinal)).Value;
        Assert.Contains("public string? Code", models);
        Assert.DoesNotContain("MatchesPattern", string.Concat(run.Sources.Values));
    }

    [Fact]
    public void A_specification_extension_among_the_paths_is_no_path_and_no_diagnostic()
    {
        var run = Run("""
            openapi: 3.0.3
            info: {title: Items, version: '1'}
            paths:
              x-codegen-contextRoot: /apis/registry/v2
              /items:
                get:
                  operationId: listItems
                  responses:
                    '204': {description: Done}
            """);

        Assert.Empty(run.GeneratorDiagnostics);
        AssertGeneratesAndCompiles(run);
        var client = run.Sources.Single(s => s.Key.EndsWith(".Client.g.cs", StringComparison.Ordinal)).Value;
        Assert.Contains("ListItemsAsync(", client);
        Assert.DoesNotContain("contextRoot", client, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void SG2012_an_empty_operation_id_is_ignored_and_the_method_is_named_after_its_path()
    {
        var run = Run("""
            openapi: 3.1.0
            info: {title: Items, version: '1'}
            paths:
              /items:
                get:
                  operationId: ''
                  responses:
                    '204': {description: Done}
            """);

        AssertSingle(run, "SG2012", Warning, SpecPath, 6, 20, "The 'GET' operation on '/items' has an empty operationId; it is named after its method and path");
        AssertGeneratesAndCompiles(run);
        Assert.Contains("GetItemsAsync(", run.Sources.Single(s => s.Key.EndsWith(".Client.g.cs", StringComparison.Ordinal)).Value);
    }

    /// <summary>A schema whose one property has <paramref name="pattern"/>, as a single-quoted YAML scalar on line 10, column 20.</summary>
    private static string SpecWithPattern(string pattern) => $$"""
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths: {}
        components:
          schemas:
            Item:
              type: object
              properties:
                code:
                  type: string
                  pattern: '{{pattern.Replace("'", "''")}}'
        """;

    [Theory]
    [InlineData("^(a+)+$", "'(a+)+' repeats a group that itself has a quantifier")]
    [InlineData("(a*)*b", "'(a*)*' repeats a group that itself has a quantifier")]
    [InlineData(@"^(\w+\s?)*$", @"'(\w+\s?)*' repeats a group that itself has a quantifier")]
    [InlineData("^([a-z]+){2,}$", "'([a-z]+){2,}' repeats a group that itself has a quantifier")]
    [InlineData("^(?:x(ab)*c)+$", "'(?:x(ab)*c)+' repeats a group that itself has a quantifier")]
    [InlineData("^(a|a)*$", "'(a|a)*' repeats alternatives that can match the same character")]
    [InlineData("^(a|ab)+$", "'(a|ab)+' repeats alternatives that can match the same character")]
    [InlineData(@"^(\d|1)*$", @"'(\d|1)*' repeats alternatives that can match the same character")]
    [InlineData("^([a-f]|[0-9a])*$", "'([a-f]|[0-9a])*' repeats alternatives that can match the same character")]
    [InlineData("^(x|)*$", "'(x|)*' repeats alternatives that can match the same character")]
    [InlineData("^[a[b](c+)*$", "'(c+)*' repeats a group that itself has a quantifier")]
    [InlineData("^[a-z-[aeiou]](c+)+$", "'(c+)+' repeats a group that itself has a quantifier")]
    public void SG2003_pattern_that_can_backtrack_catastrophically_is_a_warning(string pattern, string why)
        => AssertWarning(SpecWithPattern(pattern), "SG2003", 11, 20, $"The pattern '{pattern}' may backtrack catastrophically ({why})", "linear time");

    [Theory]
    [InlineData(@"^(\$default|[A-Za-z0-9_-]+)$")] // spec/stage.yaml
    [InlineData(@"^[A-Za-z0-9\-._~:/?#&=,]+$")]
    [InlineData(@"\$context\.requestId")]
    [InlineData("^[a-z0-9-]{3,40}$")]
    [InlineData("^(a|b)*$")]
    [InlineData("^(ab)*$")]
    [InlineData("^(ab){1,1}$")]
    [InlineData("^(a+)?$")]
    [InlineData("^([0-9]|[a-f])+$")]
    [InlineData("^(?=a)(abc)*$")]
    [InlineData("^(?<year>[0-9]{4})-(?<month>[0-9]{2})$")]
    [InlineData(@"^(\(|\))*$")]
    [InlineData("^[(a+)+]*$")] // a character class, not a group
    [InlineData("^[a[b](c)*$")] // '[' inside a class is a literal
    [InlineData("^[a-z-[aeiou]]+(x)*$")] // class subtraction
    public void SG2003_is_not_reported_for_patterns_without_nested_or_overlapping_repetition(string pattern)
    {
        var run = Run(SpecWithPattern(pattern));

        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "SG2003");
        AssertGeneratesAndCompiles(run);
    }

    [Fact]
    public void SG9001_an_unexpected_exception_becomes_an_internal_error_on_the_spec()
    {
        // An AdditionalText that cannot be read (e.g. the file vanished): the generator must not throw (CS8785).
        var run = Run(ValidSpec);
        var original = run.AdditionalTexts.Single();
        var broken = run.Rerun(run.Driver.ReplaceAdditionalText(original, new UnreadableAdditionalText(original.Path)), run.InputCompilation);

        AssertGeneratorDidNotThrow(broken);
        AssertSingle(broken, "SG9001", Error, SpecPath, 1, 1, "StageGen could not process this spec: IOException: The spec cannot be read.", "This is a bug in StageGen");
        Assert.Empty(broken.Sources);
    }

    /// <summary>Runs the generator over one spec at <see cref="SpecPath"/> (namespace <c>Test.Api</c>, client <c>Api</c>).</summary>
    private static GeneratorRun Run(string yaml) => RunSpecs(new SpecFile(SpecPath, yaml, "Test.Api", "Api"));

    private static GeneratorRun RunSpecs(params SpecFile[] specs)
    {
        var run = GeneratorHarness.Run(specs);
        AssertGeneratorDidNotThrow(run);
        return run;
    }

    private static void AssertGeneratorDidNotThrow(GeneratorRun run)
    {
        Assert.Null(run.Result.Exception);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id is "CS8784" or "CS8785");
    }

    /// <summary>The spec reports exactly one <paramref name="id"/> error, there, and generates nothing.</summary>
    private static void AssertError(string yaml, string id, int line, int column, params string[] words)
    {
        var run = Run(yaml);
        AssertSingle(run, id, Error, SpecPath, line, column, words);
        Assert.True(run.Sources.Count == 0, $"An erroneous spec generated: {string.Join(", ", run.Sources.Keys)}");
    }

    /// <summary>The spec reports exactly one <paramref name="id"/> warning, there, and still generates code that compiles.</summary>
    private static void AssertWarning(string yaml, string id, int line, int column, params string[] words)
    {
        var run = Run(yaml);
        AssertSingle(run, id, Warning, SpecPath, line, column, words);
        AssertGeneratesAndCompiles(run);
    }

    /// <summary>
    /// Exactly one <paramref name="id"/> diagnostic, formatted as <c>path(line,col): severity id: message</c>, whose
    /// message contains each of <paramref name="words"/>.
    /// </summary>
    private static void AssertSingle(GeneratorRun run, string id, string severity, string path, int line, int column, params string[] words)
    {
        var all = GeneratorHarness.Format(run.GeneratorDiagnostics);
        var matching = run.GeneratorDiagnostics.Where(d => d.Id == id).ToList();
        Assert.True(matching.Count == 1, $"Expected one {id}, got {matching.Count}:\n{all}");

        var formatted = GeneratorHarness.Format(matching[0]);
        Assert.StartsWith($"{path}({line},{column}): {severity} {id}: ", formatted);
        foreach (var word in words)
        {
            Assert.Contains(word, formatted);
        }
    }

    private static void AssertGeneratesAndCompiles(GeneratorRun run)
    {
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.NotEmpty(run.Sources);
        Assert.True(run.CompilationDiagnostics.IsEmpty, GeneratorHarness.Format(run.CompilationDiagnostics));
    }

    /// <summary>The text of the client's method <paramref name="method"/>, from its signature to its closing brace.</summary>
    private static string MethodBody(string client, string method)
    {
        var at = client.IndexOf("public async global::System.Threading.Tasks.Task " + method + "(", StringComparison.Ordinal);
        Assert.True(at >= 0, $"No method {method}");
        return client.Substring(at, client.IndexOf("\n    }\n", at, StringComparison.Ordinal) - at);
    }

    /// <summary>An additional file whose text cannot be read.</summary>
    private sealed class UnreadableAdditionalText(string path) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => throw new IOException("The spec cannot be read.");
    }
}
