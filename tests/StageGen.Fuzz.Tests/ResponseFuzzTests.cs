using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CsCheck;
using StageGen.Fuzz.Tests.Infrastructure;
using StageGen.Runtime;
using StageGen.Runtime.CompilerServices;
using Xunit;
using Xunit.Abstractions;
using Gateway = Contoso.Gateway;
using Inventory = Contoso.Inventory;

namespace StageGen.Fuzz.Tests;

/// <summary>
/// Hostile response bodies (<see cref="JsonGens"/>) fed to the readers generated from <c>spec/stage.yaml</c> and
/// <c>tests/specs/inventory.yaml</c>, and through the generated clients. The documented contract: a
/// <c>Deserialize*</c> reader throws only <see cref="JsonException"/>; an exception's <c>FromResponse</c> never throws;
/// a client call throws only <see cref="ApiException"/> (its typed subclasses, <see cref="ApiResponseFormatException"/>).
/// Nothing hangs (the fuzz watchdog allows 10 s a case).
/// </summary>
public sealed class ResponseFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void Generated_readers_throw_only_JsonException()
    {
        var rejected = 0;
        var read = 0;
        Fuzzer.Run(output, "response bodies → readers", JsonGens.Body, 10_000, body =>
        {
            foreach (var reader in Readers)
            {
                try
                {
                    reader(body);
                    Interlocked.Increment(ref read);
                }
                catch (JsonException)
                {
                    Interlocked.Increment(ref rejected);
                }
            }
        });
        output.WriteLine($"reads: {read:N0} read, {rejected:N0} JsonException");
    }

    [Fact]
    public void Error_bodies_never_make_FromResponse_throw()
    {
        Fuzzer.Run(output, "response bodies → error exceptions", JsonGens.Body, 2_000, body =>
        {
            var error = new ApiErrorBody(new ApiResponseInfo(404, "Not Found"), body, isJson: true);
            foreach (var fromResponse in ErrorReaders)
            {
                var exception = fromResponse(error);
                Assert.False(string.IsNullOrEmpty(exception.Message));
                Assert.Equal(404, exception.StatusCode);
            }
        });
    }

    [Fact]
    public void Clients_throw_only_ApiExceptions_whatever_the_server_sends()
    {
        var outcomes = new ConcurrentDictionary<string, int>();
        var responses = Gen.Select(JsonGens.Body, Gen.OneOf(200, 201, 204, 400, 404, 409, 429, 500, 503), Gen.OneOf<string?>("application/json", "application/problem+json", "text/plain", null), Gen.Int[0, 4]);
        Fuzzer.Run(output, "response bodies → clients", responses, 2_000, response =>
        {
            var (body, status, mediaType, operation) = response;
            using var http = new HttpClient(new CannedHandler((HttpStatusCode)status, body, mediaType)) { BaseAddress = new Uri("http://gateway.test/") };
            var stage = new Gateway.StageClient(http);
            var inventory = new Inventory.InventoryClient(http);
            Task call = operation switch
            {
                0 => stage.GetStageAsync("a1b2c3", "prod"),
                1 => stage.UpdateStageAsync("a1b2c3", "prod", new Gateway.UpdateStageInput { Description = "x" }),
                2 => stage.DeleteStageAsync("a1b2c3", "prod"),
                3 => inventory.ListItemsAsync("DE-042", "tenant-1", limit: 10),
                _ => inventory.GetItemAsync("DE-042", Guid.Empty),
            };
            string outcome;
            try
            {
                call.GetAwaiter().GetResult();
                outcome = "returned";
            }
            catch (ApiException ex)
            {
                outcome = ex.GetType().Name;
            }

            outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
        });
        output.WriteLine(string.Join(", ", outcomes.OrderByDescending(o => o.Value).Select(o => $"{o.Key}: {o.Value:N0}")));
    }

    private static readonly Action<byte[]>[] Readers =
    [
        body => Gateway.StageJson.DeserializeStage(body),
        body => Gateway.StageJson.DeserializeUpdateStageInput(body),
        body => Gateway.StageJson.DeserializeRouteSettings(body),
        body => Gateway.StageJson.DeserializeAccessLogSettings(body),
        body => Inventory.InventoryJson.DeserializeItem(body),
        body => Inventory.InventoryJson.DeserializeItemPage(body),
        body => Inventory.InventoryJson.DeserializeNewItem(body),
        body => Inventory.InventoryJson.DeserializeDimensions(body),
    ];

    private static readonly Func<ApiErrorBody, ApiException>[] ErrorReaders =
    [
        error => Gateway.BadRequestException.FromResponse(error, "Op"),
        error => Gateway.NotFoundException.FromResponse(error, "Op"),
        error => Gateway.ConflictException.FromResponse(error, "Op"),
        error => Gateway.LimitExceededException.FromResponse(error, "Op"),
        error => Inventory.ProblemException.FromResponse(error, "Op"),
    ];

    /// <summary>Answers every request with the same status, body and content type.</summary>
    private sealed class CannedHandler(HttpStatusCode status, byte[] body, string? mediaType) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = mediaType is null ? null : new MediaTypeHeaderValue(mediaType);
            return Task.FromResult(new HttpResponseMessage(status) { Content = content, RequestMessage = request });
        }
    }
}
