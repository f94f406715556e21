using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using StageGen.Generator.Tests.Infrastructure;
using StageGen.Runtime;
using Xunit;

namespace StageGen.Generator.Tests;

/// <summary>
/// A generated operation hands its error table to the runtime: a declared status raises its exception, then a range
/// (<c>4XX</c>), then <c>default</c>, else a plain <see cref="ApiException"/>. Rows the table drops because they say
/// what <c>default</c> says must not change which exception a status raises. An error the response names
/// (<c>x-amzn-ErrorType</c>, a body's <c>code</c> or <c>__type</c>) is found by name first, the operation's errors and
/// then the service-wide ones (<c>x-stagegen-service-errors</c>).
/// </summary>
public sealed class OperationTableTests
{
    private const string Spec = """
        openapi: 3.1.0
        info: {title: Api, version: '1'}
        paths:
          /things:
            get:
              operationId: getThing
              responses:
                '204': {description: Nothing}
                '404': {description: Gone, content: {application/json: {schema: {$ref: '#/components/schemas/Alpha'}}}}
                '409': {description: Clash, content: {application/json: {schema: {$ref: '#/components/schemas/Beta'}}}}
                '410': {description: No schema}
                '4XX': {description: Client, content: {application/json: {schema: {$ref: '#/components/schemas/Beta'}}}}
                '5XX': {description: Server, content: {application/json: {schema: {$ref: '#/components/schemas/Alpha'}}}}
                default: {description: Other, content: {application/json: {schema: {$ref: '#/components/schemas/Alpha'}}}}
          /others:
            get:
              operationId: getOther
              responses:
                '204': {description: Nothing}
                '404': {description: Gone, content: {application/json: {schema: {$ref: '#/components/schemas/Alpha'}}}}
        components:
          schemas:
            Alpha:
              type: object
              properties:
                message: {type: string}
            Beta:
              type: object
              properties:
                message: {type: string}
        """;

    [Theory]
    [InlineData("GetThingAsync", 404, "AlphaException")] // its own row, though default raises the same: 4XX would catch it first
    [InlineData("GetThingAsync", 409, "BetaException")]
    [InlineData("GetThingAsync", 410, "BetaException")] // declared without a schema: the range raises
    [InlineData("GetThingAsync", 400, "BetaException")]
    [InlineData("GetThingAsync", 503, "AlphaException")]
    [InlineData("GetThingAsync", 302, "AlphaException")]
    [InlineData("GetOtherAsync", 404, "AlphaException")]
    [InlineData("GetOtherAsync", 500, "ApiException")]
    [InlineData("GetOtherAsync", 301, "ApiException")]
    public async Task An_error_status_raises_its_row_then_its_range_then_default(string method, int status, string expected)
    {
        var exception = await Call(Spec, method, status, """{"message":"said so"}""");

        Assert.Equal(expected, exception.GetType().Name);
        Assert.Equal(status, exception.StatusCode);
        if (expected != "ApiException")
        {
            Assert.Equal("said so", exception.Message);
        }
    }

    [Fact]
    public async Task Error_fields_named_like_the_exceptions_reading_members_keep_their_names()
    {
        var yaml = ErrorBodyMatchingTests.ConflictSpec("message", "schema", "fields", "fields2", "read");

        var exception = await Call(yaml, "ListItemsAsync", 409, """{"message":"m","schema":"s","fields":"f","fields2":"f2","read":"r"}""");

        var type = exception.GetType();
        Assert.Equal("m", exception.Message);
        Assert.Equal("s", type.GetProperty("Schema")!.GetValue(exception));
        Assert.Equal("f", type.GetProperty("Fields")!.GetValue(exception));
        Assert.Equal("f2", type.GetProperty("Fields2")!.GetValue(exception));
        Assert.Equal("r", type.GetProperty("Read")!.GetValue(exception));
    }

    [Fact]
    public async Task Parameters_named_like_the_methods_locals_are_sent_as_named()
    {
        var yaml = """
            openapi: 3.1.0
            info: {title: Api, version: '1'}
            paths:
              /things/{request}:
                get:
                  operationId: getThing
                  parameters:
                    - {name: request, in: path, required: true, schema: {type: string}}
                    - {name: uri, in: query, required: true, schema: {type: string}}
                    - {name: baseUri, in: query, required: true, schema: {type: string}}
                    - {name: url, in: query, schema: {type: string}}
                    - {name: urlValue, in: query, schema: {type: string}}
                    - {name: hasQuery, in: query, schema: {type: boolean}}
                    - {name: item, in: query, schema: {type: array, items: {type: string}}}
                    - {name: utf8Json, in: header, schema: {type: string}}
                  responses:
                    '204': {description: Nothing}
            """;
        var handler = new Handler(HttpStatusCode.NoContent, "");

        await GeneratedTextTests.Call(Compile(yaml), handler, "GetThingAsync", "r", "u", "b", "l", "lv", true, new List<string> { "i1", "i2" }, "j", CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        Assert.Equal("/things/r?uri=u&baseUri=b&url=l&urlValue=lv&hasQuery=true&item=i1&item=i2", request.RequestUri!.PathAndQuery);
        Assert.Equal("j", request.Headers.GetValues("utf8Json").Single());
    }

    private const string ServiceErrorsSpec = """
        openapi: 3.1.0
        info: {title: Api, version: '1'}
        paths:
          /things:
            get:
              operationId: getThing
              responses:
                '204': {description: Nothing}
                '404': {description: Gone, content: {application/json: {schema: {$ref: '#/components/schemas/Gone'}}}}
                '429': {description: Slow down, content: {application/json: {schema: {$ref: '#/components/schemas/Limit'}}}}
        x-stagegen-service-errors:
          '403':
            - {description: Denied, content: {application/json: {schema: {$ref: '#/components/schemas/Denied'}}}}
            - $ref: '#/components/responses/BadSignature'
          '500':
            $ref: '#/components/responses/Internal'
        components:
          responses:
            BadSignature: {description: Bad signature, content: {application/json: {schema: {$ref: '#/components/schemas/BadSignature'}}}}
            Internal: {description: Broken, content: {application/json: {schema: {$ref: '#/components/schemas/Internal'}}}}
          schemas:
            Gone: {type: object, properties: {message: {type: string}}}
            Limit: {type: object, properties: {message: {type: string}}}
            Denied: {type: object, properties: {message: {type: string}}}
            BadSignature: {type: object, properties: {message: {type: string}}}
            Internal: {type: object, properties: {message: {type: string}}}
        """;

    [Theory]
    [InlineData(403, "Denied", null, "DeniedException")] // a service-wide error, by the header's name
    [InlineData(403, "BadSignature:http://internal.example/", null, "BadSignatureException")]
    [InlineData(403, null, "com.example#Denied", "DeniedException")] // by the body's __type
    [InlineData(403, null, null, "ApiException")] // two service-wide 403s: the status alone does not tell them apart
    [InlineData(403, "Unheard", null, "ApiException")]
    [InlineData(500, null, null, "InternalException")] // the only service-wide 500: found by status
    [InlineData(429, "TooManyRequestsException", null, "LimitException")] // a name the spec does not know: the status decides
    [InlineData(404, "Limit", null, "LimitException")] // the name beats the status
    [InlineData(404, "Denied", null, "DeniedException")]
    [InlineData(400, "Internal", null, "InternalException")]
    [InlineData(404, null, "Limit", "LimitException")]
    [InlineData(404, null, null, "GoneException")]
    public async Task An_error_the_response_names_raises_its_exception_before_any_status(int status, string? errorType, string? type, string expected)
    {
        var body = type is null ? """{"message":"said so"}""" : $$"""{"__type":"{{type}}","message":"said so"}""";

        var exception = await Call(ServiceErrorsSpec, "GetThingAsync", status, body, errorType);

        Assert.Equal(expected, exception.GetType().Name);
        Assert.Equal(status, exception.StatusCode);
        if (expected != "ApiException")
        {
            Assert.Equal("said so", exception.Message);
        }
    }

    private static async Task<ApiException> Call(string yaml, string method, int status, string body, string? errorType = null)
    {
        var handler = new Handler((HttpStatusCode)status, body, errorType);
        var run = Compile(yaml);
        return await Assert.ThrowsAnyAsync<ApiException>(() => GeneratedTextTests.Call(run, handler, method, CancellationToken.None));
    }

    /// <summary>The generated ApiClient, compiled clean.</summary>
    private static GeneratorRun Compile(string yaml)
    {
        var run = GeneratorHarness.Run(new[] { new SpecFile("/specs/api.yaml", yaml, "Test.Api", "Api") }, ConsumerFramework.Net100);
        Assert.Null(run.Result.Exception);
        Assert.True(run.GeneratorWarningsAndErrors.IsEmpty, GeneratorHarness.Format(run.GeneratorWarningsAndErrors));
        Assert.True(run.CompilationDiagnostics.IsEmpty, GeneratorHarness.Format(run.CompilationDiagnostics));
        return run;
    }

    private sealed class Handler(HttpStatusCode status, string body, string? errorType = null) : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            var response = new HttpResponseMessage(status)
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
                RequestMessage = request,
            };
            if (errorType is not null)
            {
                response.Headers.TryAddWithoutValidation("x-amzn-ErrorType", errorType);
            }

            return Task.FromResult(response);
        }
    }
}
