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

namespace StageGen.Corpus.Tests;

/// <summary>
/// The whole AWS API Gateway v2 document (APIs.guru's conversion of AWS's model) as a client that talks to the real
/// service: its members are named in PascalCase with the wire name in <c>xml.name</c>, its operations list the
/// signature's own <c>X-Amz-*</c> headers, and its errors are pseudo-statuses 480–483 told apart by
/// <c>x-amzn-ErrorType</c>. Driven against a replay of the service's real wire shapes.
/// </summary>
public sealed class AwsApiGatewayV2Tests
{
    [Fact]
    public async Task GetStage_UpdateStage_and_GetApis_read_and_write_what_the_service_sends_and_reads()
    {
        var document = CorpusDocument.Load("aws-apigatewayv2.yaml");
        var run = GeneratorHarness.Run([new SpecFile("/corpus/aws-apigatewayv2.yaml", document.Text, "Corpus.Aws", "Aws")], ConsumerFramework.Net100);
        Assert.True(run.GeneratorWarningsAndErrors.IsEmpty, GeneratorHarness.Format(run.GeneratorWarningsAndErrors));
        await GeneratorHarness.WithLoadedAssembly(run, async assembly =>
        {
            var replay = new Replay();
            using var http = new HttpClient(replay) { BaseAddress = new Uri("https://apigateway.us-east-1.amazonaws.com/") };
            var clientType = assembly.GetType("Corpus.Aws.AwsClient")!;
            var client = Activator.CreateInstance(clientType, http, null)!;
            Task<object> Call(string method, params object[] arguments) => Invoke(clientType, client, method, arguments);

            replay.Next(HttpStatusCode.OK, """
                {"stageName":"prod","deploymentId":"dep-1","createdDate":"2024-01-15T10:00:00Z","autoDeploy":false,
                 "stageVariables":{"lambdaAlias":"live"},"defaultRouteSettings":{"loggingLevel":"INFO","throttlingBurstLimit":100},"tags":{"team":"payments"}}
                """);
            var stage = await Call("GetStageAsync", "a1b2c3", "prod", CancellationToken.None);
            Assert.Equal("GET /v2/apis/a1b2c3/stages/prod", replay.Requests[^1].Line);
            Assert.Equal("prod", Get(stage, "StageName"));
            Assert.Equal("dep-1", Get(stage, "DeploymentId"));
            Assert.Equal(new DateTimeOffset(2024, 1, 15, 10, 0, 0, TimeSpan.Zero), Get(stage, "CreatedDate"));
            Assert.Equal(false, Get(stage, "AutoDeploy"));
            Assert.Equal("live", ((IReadOnlyDictionary<string, string>)Get(stage, "StageVariables")!)["lambdaAlias"]);
            Assert.Equal(100L, Convert.ToInt64(Get(Get(stage, "DefaultRouteSettings")!, "ThrottlingBurstLimit")));

            var update = Activator.CreateInstance(assembly.GetType("Corpus.Aws.UpdateStageRequest2")!)!;
            update.GetType().GetProperty("Description")!.SetValue(update, "new");
            update.GetType().GetProperty("AutoDeploy")!.SetValue(update, true);
            replay.Next(HttpStatusCode.OK, """{"stageName":"prod","description":"new","autoDeploy":true}""");
            var updated = await Call("UpdateStageAsync", "a1b2c3", "prod", update, CancellationToken.None);
            Assert.Equal("PATCH /v2/apis/a1b2c3/stages/prod", replay.Requests[^1].Line);
            Assert.Equal("""{"autoDeploy":true,"description":"new"}""", replay.Requests[^1].Body);
            Assert.Equal("new", Get(updated, "Description"));

            replay.Next(HttpStatusCode.OK, """{"items":[{"apiId":"a1b2c3","name":"pets","protocolType":"HTTP","apiEndpoint":"https://a1b2c3.execute-api.us-east-1.amazonaws.com"}],"nextToken":"n2"}""");
            var apis = await Call("GetApisAsync", null!, "n1", CancellationToken.None);
            Assert.Equal("GET /v2/apis?nextToken=n1", replay.Requests[^1].Line);
            var api = ((System.Collections.IEnumerable)Get(apis, "Items")!).Cast<object>().Single();
            Assert.Equal("pets", Get(api, "Name"));
            Assert.Equal("HTTP", Get(Get(api, "ProtocolType")!, "Value"));
            Assert.Equal("n2", Get(apis, "NextToken"));

            // The document's errors are statuses 480-483; the service sends 404 and 429 and names them.
            replay.Next(HttpStatusCode.NotFound, """{"message":"Invalid stage identifier specified"}""", "NotFoundException:http://internal.amazon.com/coral/com.amazonaws.apigatewayv2/");
            var notFound = await Assert.ThrowsAnyAsync<ApiException>(() => Call("GetStageAsync", "a1b2c3", "gone", CancellationToken.None));
            Assert.Equal("NotFoundException", notFound.GetType().Name);
            replay.Next(HttpStatusCode.TooManyRequests, """{"message":"Too Many Requests"}""", "TooManyRequestsException");
            var throttled = await Assert.ThrowsAnyAsync<ApiException>(() => Call("GetStageAsync", "a1b2c3", "prod", CancellationToken.None));
            Assert.Equal("TooManyRequestsException", throttled.GetType().Name);
            Assert.All(replay.Requests, request => Assert.DoesNotContain(request.Headers, h => h.StartsWith("X-Amz-", StringComparison.OrdinalIgnoreCase)));
        });
    }

    private static async Task<object> Invoke(Type type, object client, string method, object[] arguments)
    {
        var task = (Task)type.GetMethod(method)!.Invoke(client, arguments)!;
        await task;
        return task.GetType().GetProperty("Result")!.GetValue(task)!;
    }

    private static object? Get(object value, string property) => value.GetType().GetProperty(property)!.GetValue(value);

    private sealed record Seen(string Line, string? Body, string[] Headers);

    /// <summary>Answers each request with the next scripted response, and keeps what was asked.</summary>
    private sealed class Replay : HttpMessageHandler
    {
        private readonly Queue<(HttpStatusCode Status, string Body, string? ErrorType)> _script = new();

        public List<Seen> Requests { get; } = new();

        public void Next(HttpStatusCode status, string body, string? errorType = null) => _script.Enqueue((status, body, errorType));

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            Requests.Add(new Seen($"{request.Method} {request.RequestUri!.PathAndQuery}", body, request.Headers.Select(h => h.Key).ToArray()));
            var (status, text, errorType) = _script.Dequeue();
            var response = new HttpResponseMessage(status) { Content = new StringContent(text, Encoding.UTF8, "application/json"), RequestMessage = request };
            if (errorType is not null)
            {
                response.Headers.TryAddWithoutValidation("x-amzn-ErrorType", errorType);
            }

            return response;
        }
    }
}
