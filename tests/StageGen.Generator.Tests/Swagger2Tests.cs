using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using StageGen.Generator.Tests.Infrastructure;
using Xunit;

namespace StageGen.Generator.Tests;

/// <summary>
/// Swagger 2.0 documents (Kubernetes', Azure's) are read into the same model as OpenAPI 3: <c>definitions</c> and the
/// top-level <c>parameters</c> and <c>responses</c> are components, a <c>body</c> parameter is the request body, a
/// parameter's schema is written on the parameter, a response's <c>schema</c> is its JSON body, and <c>consumes</c> /
/// <c>produces</c> say what is JSON.
/// </summary>
public sealed class Swagger2Tests
{
    private const string Spec = """
        swagger: '2.0'
        info: {title: Store, version: '1'}
        consumes: [application/json]
        produces: [application/json]
        paths:
          /pets/{petId}:
            parameters:
              - {name: petId, in: path, required: true, type: integer, format: int64}
            put:
              operationId: updatePet
              parameters:
                - {name: pet, in: body, required: true, schema: {$ref: '#/definitions/Pet'}}
                - $ref: '#/parameters/Tags'
                - {name: petId, in: query, type: string, maxLength: 8}
              responses:
                '200': {description: The pet, schema: {$ref: '#/definitions/Pet'}}
                '404': {$ref: '#/responses/NotFound'}
          /pets/{petId}/photo:
            post:
              operationId: uploadPhoto
              consumes: [image/png]
              parameters:
                - {name: petId, in: path, required: true, type: integer, format: int64}
                - {name: photo, in: body, schema: {type: string, format: byte}}
              responses:
                '204': {description: Stored}
        parameters:
          Tags: {name: tags, in: query, type: array, items: {type: string}, collectionFormat: multi}
        responses:
          NotFound: {description: No such pet, schema: {$ref: '#/definitions/Problem'}}
        definitions:
          Pet:
            type: object
            required: [name]
            properties:
              name: {type: string, minLength: 1}
          Problem:
            type: object
            properties:
              message: {type: string}
        """;

    [Fact]
    public void A_Swagger_2_document_gives_the_client_its_OpenAPI_3_form_would()
    {
        var run = GeneratorHarness.Run([new SpecFile("/specs/api.yaml", Spec, "Test.Api", "Api")], ConsumerFramework.Net100);

        Assert.Null(run.Result.Exception);
        var warning = Assert.Single(run.GeneratorWarningsAndErrors);
        Assert.Equal("SG2005", warning.Id); // the photo is PNG, not JSON: no body for uploadPhoto
        Assert.Equal(20, warning.Location.GetLineSpan().StartLinePosition.Line); // its consumes
        Assert.True(run.CompilationDiagnostics.IsEmpty, GeneratorHarness.Format(run.CompilationDiagnostics));
        var client = run.Sources.Single(s => s.Key.EndsWith(".Client.g.cs", StringComparison.Ordinal)).Value;
        Assert.Contains("Task<Pet> UpdatePetAsync(long petId, Pet body, global::System.Collections.Generic.IReadOnlyList<string>? tags = null, string? petIdQuery = null,", client);
        Assert.Contains("ApiError.Status(404, \"Problem\", ProblemException.FromResponse)", client);
        Assert.Contains("Task UploadPhotoAsync(long petId,", client);
        Assert.Contains("public required string Name { get; init; }", run.Sources.Single(s => s.Key.EndsWith(".Models.g.cs", StringComparison.Ordinal)).Value);
    }

    [Fact]
    public void Consumes_any_type_takes_the_JSON_body()
    {
        // Kubernetes' operations consume and produce */*: the JSON body is one of the types they take.
        var yaml = Spec.Replace("consumes: [application/json]\nproduces: [application/json]\n", "consumes: ['*/*']\nproduces: ['*/*']\n");
        Assert.Contains("consumes: ['*/*']", yaml);

        var run = GeneratorHarness.Run([new SpecFile("/specs/api.yaml", yaml, "Test.Api", "Api")], ConsumerFramework.Net100);

        Assert.DoesNotContain(run.GeneratorWarningsAndErrors, d => d.Location.GetLineSpan().StartLinePosition.Line is 2 or 3); // consumes, produces
        var client = run.Sources.Single(s => s.Key.EndsWith(".Client.g.cs", StringComparison.Ordinal)).Value;
        Assert.Contains("Task<Pet> UpdatePetAsync(long petId, Pet body,", client);
    }

    [Fact]
    public void FormData_parameters_are_the_body_a_file_makes_it_multipart_and_beside_a_body_parameter_they_are_reported()
    {
        var yaml = Spec
            .Replace("        - {name: photo, in: body, schema: {type: string, format: byte}}\n",
                "        - {name: photo, in: formData, required: true, type: file}\n        - {name: caption, in: formData, type: string}\n")
            .Replace("        - $ref: '#/parameters/Tags'\n", "        - $ref: '#/parameters/Tags'\n        - {name: nickname, in: formData, type: string}\n");
        Assert.Contains("in: formData, required: true, type: file", yaml);
        Assert.Contains("nickname", yaml);

        var run = GeneratorHarness.Run([new SpecFile("/specs/api.yaml", yaml, "Test.Api", "Api")], ConsumerFramework.Net100);

        var warning = Assert.Single(run.GeneratorWarningsAndErrors);
        Assert.Equal("SG2007", warning.Id); // nickname, beside the body parameter pet
        Assert.Equal(13, warning.Location.GetLineSpan().StartLinePosition.Line);
        Assert.True(run.CompilationDiagnostics.IsEmpty, GeneratorHarness.Format(run.CompilationDiagnostics));
        var client = run.Sources.Single(s => s.Key.EndsWith(".Client.g.cs", StringComparison.Ordinal)).Value;
        Assert.Contains("Task UploadPhotoAsync(long petId, UploadPhotoRequest body,", client);
        Assert.Contains("ApiHttp.AddFile(request, \"photo\", body.Photo, null);", client);
        var models = run.Sources.Single(s => s.Key.EndsWith(".Models.g.cs", StringComparison.Ordinal)).Value;
        Assert.Contains("public required global::StageGen.Runtime.ApiFile Photo { get; init; }", models);
        Assert.Contains("public string? Caption { get; init; }", models);
    }

    [Fact]
    public async Task The_request_carries_the_body_parameter_and_both_petIds()
    {
        var run = GeneratorHarness.Run([new SpecFile("/specs/api.yaml", Spec, "Test.Api", "Api")], ConsumerFramework.Net100);
        var handler = new Handler();

        await GeneratedTextTests.Call(run, handler, "UpdatePetAsync", assembly =>
        {
            var pet = Activator.CreateInstance(assembly.GetTypes().Single(t => t.Name == "Pet"))!;
            pet.GetType().GetProperty("Name")!.SetValue(pet, "Rex");
            return [7L, pet, new List<string> { "a", "b" }, "x", CancellationToken.None];
        });

        Assert.Equal("PUT https://api.test/pets/7?tags=a&tags=b&petId=x", $"{handler.Method} {handler.Uri}");
        Assert.Equal("""{"name":"Rex"}""", handler.Body);
    }

    [Fact]
    public void Host_basePath_and_schemes_are_the_default_address_and_securityDefinitions_the_schemes()
    {
        var yaml = Spec.Replace("consumes: [application/json]\n", """
            host: store.example.com
            basePath: /v2
            schemes: [http, https]
            securityDefinitions:
              key: {type: apiKey, in: header, name: X-Key}
              login: {type: basic}
              oauth: {type: oauth2, flow: implicit, authorizationUrl: 'https://login.example.com', scopes: {read: Read}}
            security: [{key: []}]
            consumes: [application/json]

            """);

        var run = GeneratorHarness.Run([new SpecFile("/specs/api.yaml", yaml, "Test.Api", "Api")], ConsumerFramework.Net100);

        Assert.Equal(["SG2005", "SG2011"], run.GeneratorWarningsAndErrors.Select(d => d.Id).Order());
        Assert.True(run.CompilationDiagnostics.IsEmpty, GeneratorHarness.Format(run.CompilationDiagnostics));
        var options = run.Sources.Single(s => s.Key.EndsWith(".Options.g.cs", StringComparison.Ordinal)).Value;
        Assert.Contains("\"https://store.example.com/v2\"", options);
        Assert.Contains("public string? ApiKey { get; set; }", options);
    }

    private sealed class Handler : HttpMessageHandler
    {
        public HttpMethod? Method { get; private set; }

        public Uri? Uri { get; private set; }

        public string? Body { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            (Method, Uri, Body) = (request.Method, request.RequestUri, await request.Content!.ReadAsStringAsync(cancellationToken));
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"name":"Rex"}""", System.Text.Encoding.UTF8, "application/json") };
        }
    }
}
