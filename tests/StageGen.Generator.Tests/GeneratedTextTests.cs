using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using StageGen.Generator.Tests.Infrastructure;
using Xunit;

namespace StageGen.Generator.Tests;

/// <summary>
/// Text from the spec (descriptions, file names, wire names) and the names of several specs reach generated code as
/// text, never as code of their own, and never break the user's build. Compiled with documentation comments checked,
/// as <c>GenerateDocumentationFile</c> checks them.
/// </summary>
public sealed class GeneratedTextTests
{
    private const string SpecPath = "/specs/api.yaml";

    /// <summary>
    /// A spec whose 404 answers with an object schema (so it gets an exception and an <c>exception</c> doc line), its
    /// description given as YAML lines under the response.
    /// </summary>
    private static string WithErrorDescription(params string[] descriptionLines) => """
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths:
          /items/{id}:
            get:
              operationId: getItem
              parameters:
                - {name: id, in: path, required: true, schema: {type: string}}
              responses:
                '204': {description: Done}
                '404':

        """ + string.Concat(descriptionLines.Select(line => "          " + line + "\n")) + """
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Problem'}
        components:
          schemas:
            Problem:
              type: object
              properties:
                title: {type: string}
        """;

    [Fact]
    public void A_line_break_in_an_error_description_cannot_declare_a_type()
    {
        // The description ended the /// <exception> line: what followed was C#, here a class that compiles and runs.
        var yaml = WithErrorDescription(
            "description: \"Not found.\\n} public static class Pwned { public static string Run() => \\\"ran\\\"; } public partial interface IApiClient {\\n//\"");

        var run = RunCompiled(new SpecFile(SpecPath, yaml, "Test.Api", "Api"));

        Assert.Empty(run.OutputCompilation.GetSymbolsWithName("Pwned", SymbolFilter.Type));
        var client = run.Sources["Test.Api.Api.Client.g.cs"];
        Assert.Contains(
            "/// <exception cref=\"ProblemException\">404: Not found. } public static class Pwned { public static string Run() =&gt; &quot;ran&quot;; } public partial interface IApiClient { //</exception>\n",
            client);
    }

    [Theory]
    [InlineData("' '")]
    [InlineData("\"\\u0085\"")]
    [InlineData("\"\\u2028\\t\"")]
    public void A_blank_parameter_description_still_documents_the_parameter(string description)
    {
        // A blank description dropped the parameter's <param> line while the others had one (CS1573).
        var yaml = $$$"""
            openapi: 3.1.0
            info: {title: Items, version: '1'}
            paths:
              /items/{id}:
                get:
                  operationId: getItem
                  parameters:
                    - {name: id, in: path, required: true, description: {{{description}}}, schema: {type: string}}
                  responses:
                    '204': {description: Done}
            """;

        var run = RunCompiled(new SpecFile(SpecPath, yaml, "Test.Api", "Api"));

        Assert.Contains("/// <param name=\"id\">The path parameter id.</param>\n", run.Sources["Test.Api.Api.Client.g.cs"]);
    }

    [Fact]
    public void A_two_line_error_description_compiles_clean_with_documentation_on()
    {
        // As in real published API documents; it broke the build with 11 errors.
        var yaml = WithErrorDescription("description: |", "  The item does not exist,", "  or you may not see it.");

        var run = RunCompiled(new SpecFile(SpecPath, yaml, "Test.Api", "Api"));

        Assert.Contains("/// <exception cref=\"ProblemException\">404: The item does not exist, or you may not see it.</exception>\n", run.Sources["Test.Api.Api.Client.g.cs"]);
    }

    [Fact]
    public void A_character_outside_the_BMP_stays_whole_in_documentation()
    {
        // A surrogate pair is one character: escaping must not split it (a lone surrogate breaks the XML, CS1570).
        var yaml = WithErrorDescription("description: \"Gone \U0001F600 & forgotten\"");

        var run = RunCompiled(new SpecFile(SpecPath, yaml, "Test.Api", "Api"));

        Assert.Contains("404: Gone \U0001F600 &amp; forgotten</exception>\n", run.Sources["Test.Api.Api.Client.g.cs"]);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r")]
    [InlineData("\u0085")]
    [InlineData("\u2028")]
    [InlineData("\u2029")]
    public void A_line_break_in_the_spec_file_name_stays_in_the_header_comment(string lineBreak)
    {
        // The file name went raw into "// Generated by StageGen from ...": the rest of it was C# in the user's assembly.
        var path = $"/specs/api{lineBreak}[assembly: System.Reflection.AssemblyTitle(\"pwned\")]{lineBreak}.yaml";
        var yaml = WithErrorDescription("description: Not found");

        var run = RunCompiled(new SpecFile(path, yaml, "Test.Api", "Api"));

        Assert.Empty(run.OutputCompilation.Assembly.GetAttributes());
        Assert.All(run.Sources.Values, text => Assert.StartsWith(
            "// <auto-generated/>\n// Generated by StageGen from api [assembly: System.Reflection.AssemblyTitle(\"pwned\")] .yaml. Do not edit: change the spec and build again.\n",
            text));
    }

    [Fact]
    public void Two_specs_whose_namespaces_differ_only_in_case_both_generate()
    {
        // The compiler compares hint names ignoring case: Contoso.Api.Api.* and Contoso.API.Api.* collided (CS8785), and
        // the generator's whole output was dropped.
        var yaml = WithErrorDescription("description: Not found");

        var run = RunCompiled(
            new SpecFile("/specs/a.yaml", yaml, "Contoso.Api", "Api"),
            new SpecFile("/specs/b.yaml", yaml, "Contoso.API", "Api"));

        Assert.Contains("Contoso.Api.Api.Client.g.cs", run.Sources.Keys);
        Assert.Contains("Contoso.API.Api.2.Client.g.cs", run.Sources.Keys);
        Assert.Equal(run.Sources.Count, run.Sources.Keys.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.NotNull(run.OutputCompilation.GetTypeByMetadataName("Contoso.Api.ApiClient"));
        Assert.NotNull(run.OutputCompilation.GetTypeByMetadataName("Contoso.API.ApiClient"));
    }

    [Fact]
    public void Schemas_that_meet_in_one_csharp_name_are_renamed_whatever_their_order()
    {
        // item and Item both became the type Item: the binder reported SG1009 but bound both, and emitting threw
        // (SG9001, found by fuzzing). The schema spelled like the type keeps the name, the others follow in ordinal order.
        static string Marker(string name) => name switch { "Item" => "exact", "ITEM" => "upper", _ => "lower" };
        static string Spec(params string[] order) => $$"""
            openapi: 3.1.0
            info: {title: Items, version: '1'}
            paths:
              /items:
                get:
                  operationId: getItem
                  responses:
                    '200':
                      description: ok
                      content:
                        application/json:
                          schema: {$ref: '#/components/schemas/item'}
            components:
              schemas:
            {{string.Join("\n", order.Select(name => $"    {name}:\n      type: object\n      properties:\n        {Marker(name)}: {{type: string}}"))}}
            """;

        foreach (var order in new[] { new[] { "item", "Item", "ITEM" }, new[] { "ITEM", "item", "Item" } })
        {
            var run = RunCompiled(new SpecFile(SpecPath, Spec(order), "Test.Api", "Api"));

            Assert.NotNull(run.OutputCompilation.GetTypeByMetadataName("Test.Api.Item")?.GetMembers("Exact").SingleOrDefault());
            Assert.NotNull(run.OutputCompilation.GetTypeByMetadataName("Test.Api.Item2")?.GetMembers("Upper").SingleOrDefault());
            Assert.NotNull(run.OutputCompilation.GetTypeByMetadataName("Test.Api.Item3")?.GetMembers("Lower").SingleOrDefault());
            var result = (INamedTypeSymbol)((IMethodSymbol)run.OutputCompilation.GetTypeByMetadataName("Test.Api.IApiClient")!.GetMembers("GetItemAsync").Single()).ReturnType;
            Assert.Equal("Test.Api.Item3", result.TypeArguments.Single().ToDisplayString());
        }
    }

    [Fact]
    public async Task Query_names_with_braces_are_sent_as_written()
    {
        // Statements were templates with {0} for the value, so "tag{0}" went out as "tagtag0" (and a header "X-{0}-Id"
        // as "X-x0Id-Id"; braces are not allowed in a header name, which is left out with SG2007 now).
        var yaml = """
            openapi: 3.1.0
            info: {title: Items, version: '1'}
            paths:
              /items:
                get:
                  operationId: listItems
                  parameters:
                    - {name: 'tag{0}', in: query, required: true, schema: {type: string}}
                    - {name: 'page{0}', in: query, schema: {type: string}}
                    - {name: class, in: query, schema: {type: string}, description: A keyword as a parameter name is documented by its bare name}
                  responses:
                    '204': {description: Done}
            """;
        var run = RunCompiled(new SpecFile(SpecPath, yaml, "Test.Api", "Api"));
        var handler = new CapturingHandler();

        await Call(run, handler, "ListItemsAsync", "a", "b", "c", CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        Assert.Equal("?tag%7B0%7D=a&page%7B0%7D=b&class=c", request.RequestUri!.Query);
        Assert.Contains("/// <param name=\"class\">A keyword as a parameter name is documented by its bare name</param>\n", run.Sources["Test.Api.Api.Client.g.cs"]);
    }

    [Fact]
    public async Task A_suffix_after_hash_on_a_path_key_only_tells_path_items_apart()
    {
        // AWS's API Gateway v2 and Box's documents key two path items of one path as '/v2/tags/{resource-arn}#tagKeys';
        // such keys were refused (SG1012) and the whole document with them.
        var yaml = """
            openapi: 3.1.0
            info: {title: Tags, version: '1'}
            paths:
              '/tags/{arn}':
                get:
                  operationId: getTags
                  parameters:
                    - {name: arn, in: path, required: true, schema: {type: string}}
                  responses:
                    '204': {description: Done}
              '/tags/{arn}#tagKeys':
                delete:
                  operationId: untagResource
                  parameters:
                    - {name: arn, in: path, required: true, schema: {type: string}}
                    - {name: tagKeys, in: query, required: true, schema: {type: string}}
                  responses:
                    '204': {description: Done}
            """;
        var run = RunCompiled(new SpecFile(SpecPath, yaml, "Test.Api", "Api"));
        var handler = new CapturingHandler();

        await Call(run, handler, "UntagResourceAsync", "arn:aws:x", "a", CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Delete, request.Method);
        Assert.Equal("/tags/arn%3Aaws%3Ax?tagKeys=a", request.RequestUri!.PathAndQuery);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(17)] // over 16 values: the large-enum writer, which wrote an unpaired surrogate as U+FFFD
    public async Task An_unknown_enum_value_with_an_unpaired_surrogate_is_refused_not_written_as_U_FFFD(int values)
    {
        var yaml = $$"""
            openapi: 3.1.0
            info: {title: Things, version: '1'}
            paths: {}
            components:
              schemas:
                Level:
                  type: string
                  enum: [{{string.Join(", ", Enumerable.Range(0, values).Select(i => "v" + i))}}]
                Thing:
                  type: object
                  properties:
                    level: {$ref: '#/components/schemas/Level'}
            """;
        var run = RunCompiled(new SpecFile(SpecPath, yaml, "Test.Api", "Api"));
        await GeneratorHarness.WithLoadedAssembly(run, assembly =>
        {
            var level = Activator.CreateInstance(assembly.GetType("Test.Api.Level")!, "v" + '\uD800')!;
            var thing = Activator.CreateInstance(assembly.GetType("Test.Api.Thing")!)!;
            thing.GetType().GetProperty("Level")!.SetValue(thing, level);
            var serialize = assembly.GetType("Test.Api.ApiJson")!.GetMethod("Serialize", [thing.GetType()])!;

            var refused = Assert.Throws<TargetInvocationException>(() => serialize.Invoke(null, [thing]));

            Assert.Contains("member 'level' has an unpaired surrogate", Assert.IsType<ArgumentException>(refused.InnerException).Message);
            return Task.CompletedTask;
        });
    }

    private static GeneratorRun RunCompiled(params SpecFile[] specs)
    {
        var run = GeneratorHarness.Run(specs, ConsumerFramework.Net100, documentationMode: DocumentationMode.Diagnose);
        Assert.Null(run.Result.Exception);
        Assert.True(run.GeneratorDiagnostics.IsEmpty, GeneratorHarness.Format(run.GeneratorDiagnostics));
        Assert.True(run.CompilationDiagnostics.IsEmpty, GeneratorHarness.Format(run.CompilationDiagnostics));
        return run;
    }

    /// <summary>Loads the compiled output and calls <c>ApiClient.{method}</c> over an HttpClient on <paramref name="handler"/>.</summary>
    internal static Task Call(GeneratorRun run, HttpMessageHandler handler, string method, params object[] arguments) =>
        Call(run, handler, method, _ => arguments);

    /// <summary>As <see cref="Call(GeneratorRun, HttpMessageHandler, string, object[])"/>, with arguments made from the loaded assembly's types.</summary>
    internal static Task Call(GeneratorRun run, HttpMessageHandler handler, string method, Func<System.Reflection.Assembly, object[]> arguments) =>
        GeneratorHarness.WithLoadedAssembly(run, async assembly =>
        {
            var clientType = assembly.GetTypes().Single(t => t.Name == "ApiClient");
            using var http = new HttpClient(handler, disposeHandler: false) { BaseAddress = new Uri("https://api.test/") };
            var client = Activator.CreateInstance(clientType, http, null)!;
            await (Task)clientType.GetMethod(method)!.Invoke(client, arguments(assembly))!;
        });

    private sealed class CapturingHandler : HttpMessageHandler
    {
        public System.Collections.Generic.List<HttpRequestMessage> Requests { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NoContent));
        }
    }
}
