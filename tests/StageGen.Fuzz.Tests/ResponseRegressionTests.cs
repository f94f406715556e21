using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using StageGen.Runtime;
using StageGen.Runtime.CompilerServices;
using Xunit;
using Gateway = Contoso.Gateway;
using Inventory = Contoso.Inventory;

namespace StageGen.Fuzz.Tests;

/// <summary>What response fuzzing found, one test each, and the limits on response size.</summary>
public sealed class ResponseRegressionTests
{
    public static TheoryData<string, byte[]> BadStrings() => new()
    {
        { "invalid UTF-8 in a string member", [.. "{\"stageName\":\""u8, 0xFF, .. "\"}"u8] },
        { "an unpaired high surrogate escape in a member", Encoding.UTF8.GetBytes("""{"stageName":"\uD800"}""") },
        { "an unpaired low surrogate escape in a map value", Encoding.UTF8.GetBytes("""{"stageName":"a","tags":{"team":"\uDC00"}}""") },
        { "invalid UTF-8 in a map key", [.. "{\"stageName\":\"a\",\"stageVariables\":{\""u8, 0xC0, 0x80, .. "\":\"x\"}}"u8] },
        { "an unpaired surrogate escape in a date-time", Encoding.UTF8.GetBytes("""{"stageName":"a","createdDate":"\uDC00"}""") },
    };

    [Theory]
    [MemberData(nameof(BadStrings))]
    public void A_reader_reports_a_bad_string_as_JsonException(string what, byte[] body)
    {
        var exception = Record.Exception(() => Gateway.StageJson.DeserializeStage(body));

        Assert.True(exception is JsonException, $"{what}: {exception?.GetType().Name}: {exception?.Message}");
    }

    [Fact]
    public void A_reader_reports_an_unpaired_surrogate_in_a_uuid_as_JsonException()
    {
        var body = Encoding.UTF8.GetBytes("""{"id":"\uDC00","sku":"ABCD","name":"n","quantity":1,"createdAt":"2024-01-15T10:00:00Z"}""");

        Assert.IsType<JsonException>(Record.Exception(() => Inventory.InventoryJson.DeserializeItem(body)), exactMatch: false);
    }

    [Fact]
    public async Task A_client_reports_a_bad_string_in_a_success_body_as_ApiResponseFormatException()
    {
        using var http = Http(HttpStatusCode.OK, [.. "{\"stageName\":\""u8, 0xFF, .. "\"}"u8]);

        await Assert.ThrowsAsync<ApiResponseFormatException>(() => new Gateway.StageClient(http).GetStageAsync("a1b2c3", "prod"));
    }

    [Fact]
    public async Task A_client_reports_a_bad_string_in_an_error_body_as_the_typed_exception()
    {
        using var http = Http(HttpStatusCode.NotFound, Encoding.UTF8.GetBytes("""{"message":"\uD800"}"""));

        var exception = await Assert.ThrowsAsync<Gateway.NotFoundException>(() => new Gateway.StageClient(http).GetStageAsync("a1b2c3", "prod"));
        Assert.Equal(404, exception.StatusCode);
    }

    /// <summary>
    /// Every kind of place a reader decodes text, with text that cannot be decoded: each is a JsonException that names
    /// where it was found, never the InvalidOperationException Utf8JsonReader throws for it.
    /// </summary>
    public static TheoryData<string, string, string> BadTextPlaces() => new()
    {
        { "a member value", """{"sku":"\uD800","name":"n","quantity":1}""", "NewItem.sku" },
        { "a list item", """{"sku":"s","name":"n","quantity":1,"tags":["a","\uDC00"]}""", "NewItem.tags[]" },
        { "a map key", """{"sku":"s","name":"n","quantity":1,"attributes":{"\uD800":"x"}}""", "NewItem.attributes" },
        { "a map value", """{"sku":"s","name":"n","quantity":1,"attributes":{"colour":"\uDC00"}}""", "NewItem.attributes[]" },
        { "an enum value", """{"sku":"s","name":"n","quantity":1,"status":"\uD800"}""", "NewItem.status" },
        { "an unknown member's name", """{"sku":"s","\uD800":1,"name":"n","quantity":1}""", "NewItem" },
        { "a date", """{"sku":"s","name":"n","quantity":1,"releaseDate":"2024-01-1\uDC00"}""", "NewItem.releaseDate" },
        { "a URI", """{"sku":"s","name":"n","quantity":1,"homepage":"https://example.com/\uD800"}""", "NewItem.homepage" },
        { "base64 bytes", """{"sku":"s","name":"n","quantity":1,"thumbnail":"AAAA\uD800"}""", "NewItem.thumbnail" },
    };

    [Theory]
    [MemberData(nameof(BadTextPlaces))]
    public void Text_that_cannot_be_decoded_is_a_JsonException_naming_the_member(string what, string body, string member)
    {
        var exception = Record.Exception(() => Inventory.InventoryJson.DeserializeNewItem(Encoding.UTF8.GetBytes(body)));

        var json = Assert.IsType<JsonException>(exception, exactMatch: false);
        Assert.True(json.Message.StartsWith(member + ": ", StringComparison.Ordinal), $"{what}: {json.Message}");
        Assert.Contains("not valid text", json.Message);
    }

    [Fact]
    public void An_unpaired_surrogate_escape_inside_a_date_time_is_a_JsonException()
    {
        // Long enough to be parsed as a date-time, so the escape is unescaped (and throws) rather than refused by length.
        var body = Encoding.UTF8.GetBytes("""{"stageName":"a","createdDate":"2024-01-15T10:00:00\uDC00Z"}""");

        var exception = Assert.IsType<JsonException>(Record.Exception(() => Gateway.StageJson.DeserializeStage(body)), exactMatch: false);
        Assert.StartsWith("Stage.createdDate: ", exception.Message);
    }

    [Fact]
    public void Invalid_UTF8_in_a_string_is_a_JsonException_with_its_byte_offset()
    {
        byte[] body = [.. "{\"stageName\":\"a\",\"description\":\""u8, 0xED, 0xA0, 0x80, .. "\"}"u8];

        var exception = Assert.IsType<JsonException>(Record.Exception(() => Gateway.StageJson.DeserializeStage(body)), exactMatch: false);
        Assert.Equal("Stage.description: the string at byte 31 is not valid text (invalid UTF-8 or an unpaired surrogate escape).", exception.Message);
        Assert.Equal(31, exception.BytePositionInLine);
    }

    [Fact]
    public async Task A_client_reports_a_bad_string_in_a_list_response_as_ApiResponseFormatException()
    {
        using var http = Http(HttpStatusCode.OK, Encoding.UTF8.GetBytes("""{"items":[{"id":"\uDC00"}]}"""));

        var exception = await Assert.ThrowsAsync<ApiResponseFormatException>(() => new Inventory.InventoryClient(http).ListItemsAsync("DE-042", "tenant-1"));
        Assert.IsType<JsonException>(exception.InnerException, exactMatch: false);
    }

    [Fact]
    public async Task An_error_body_member_whose_name_cannot_be_decoded_is_skipped()
    {
        using var http = Http(HttpStatusCode.NotFound, Encoding.UTF8.GetBytes("""{"message\uD800":"x","message":"stage 'prod' not found","resourceType":"Stage"}"""));

        var exception = await Assert.ThrowsAsync<Gateway.NotFoundException>(() => new Gateway.StageClient(http).GetStageAsync("a1b2c3", "prod"));
        Assert.Equal("stage 'prod' not found", exception.Message);
        Assert.Equal("Stage", exception.ResourceType);
    }

    [Fact]
    public void An_error_body_with_a_bad_string_keeps_the_fields_read_before_it()
    {
        var body = Encoding.UTF8.GetBytes("""{"title":"Out of stock","detail":"\uDC00","errors":["x"]}""");

        var exception = Inventory.ProblemException.FromResponse(new ApiErrorBody(new ApiResponseInfo(409, "Conflict"), body, isJson: true), "Op");

        Assert.Equal("Out of stock", exception.Title);
        Assert.Null(exception.Detail);
    }

    [Theory]
    [InlineData("""{"stageName":"a","autoDeploy":true,"autoDeploy":"yes"}""")] // duplicate member, second one of the wrong type
    [InlineData("""{"stageName":"a","defaultRouteSettings":{"throttlingBurstLimit":2147483648}}""")]
    [InlineData("""{"stageName":"a","defaultRouteSettings":{"throttlingRateLimit":1e400}}""")]
    [InlineData("""{"stageName":"a","createdDate":"2024-13-45T99:99:99Z"}""")]
    [InlineData("""{"stageName":"a","tags":{"x":1}}""")]
    [InlineData("""{"stageName":"a","routeSettings":{"r":[]}}""")]
    [InlineData("""{"stageName":"a"}{"stageName":"b"}""")]
    [InlineData("""{"stageName":"a",""")]
    [InlineData("")]
    public void Wrong_types_huge_numbers_duplicates_and_truncation_are_JsonException(string body)
        => Assert.IsType<JsonException>(Record.Exception(() => Gateway.StageJson.DeserializeStage(Encoding.UTF8.GetBytes(body))), exactMatch: false);

    [Theory]
    [InlineData(65)]
    [InlineData(100_000)]
    public void A_depth_bomb_is_JsonException_not_a_stack_overflow(int depth)
    {
        var body = Encoding.UTF8.GetBytes("{\"stageName\":\"a\",\"x\":" + new string('[', depth) + new string(']', depth) + "}");

        Assert.IsType<JsonException>(Record.Exception(() => Gateway.StageJson.DeserializeStage(body)), exactMatch: false);
    }

    [Fact]
    public async Task A_body_larger_than_the_maximum_is_refused_without_being_read_whole()
    {
        // A chunked body that never ends: the client must stop after the maximum, not buffer it.
        var stream = new EndlessJsonStream();
        using var http = new HttpClient(new StreamHandler(stream, declaredLength: null)) { BaseAddress = new Uri("http://gateway.test/") };
        var client = new Gateway.StageClient(http, new Gateway.StageClientOptions { MaxResponseBodyBytes = 64 * 1024 });

        var exception = await Assert.ThrowsAsync<ApiResponseFormatException>(() => client.GetStageAsync("a1b2c3", "prod"));

        Assert.Contains("MaxResponseBodyBytes", exception.Message);
        Assert.InRange(stream.BytesRead, 64 * 1024 + 1, 64 * 1024 + 64 * 1024);
    }

    [Fact]
    public async Task A_declared_length_over_the_maximum_is_refused_before_reading_anything()
    {
        var stream = new EndlessJsonStream();
        using var http = new HttpClient(new StreamHandler(stream, declaredLength: 10L * 1024 * 1024 * 1024)) { BaseAddress = new Uri("http://gateway.test/") };
        var client = new Gateway.StageClient(http, new Gateway.StageClientOptions { MaxResponseBodyBytes = 1024 });

        await Assert.ThrowsAsync<ApiResponseFormatException>(() => client.GetStageAsync("a1b2c3", "prod"));

        Assert.Equal(0, stream.BytesRead);
    }

    [Fact]
    public async Task An_endless_error_body_is_cut_at_the_error_maximum()
    {
        var stream = new EndlessJsonStream();
        using var http = new HttpClient(new StreamHandler(stream, declaredLength: null, HttpStatusCode.NotFound)) { BaseAddress = new Uri("http://gateway.test/") };
        var client = new Gateway.StageClient(http, new Gateway.StageClientOptions { MaxErrorBodyBytes = 4096 });

        var exception = await Assert.ThrowsAsync<Gateway.NotFoundException>(() => client.GetStageAsync("a1b2c3", "prod"));

        Assert.True(exception.Response.BodyTruncated);
        Assert.InRange(stream.BytesRead, 4096, 4096 + 64 * 1024);
    }

    private static HttpClient Http(HttpStatusCode status, byte[] body) =>
        new HttpClient(new StreamHandler(new MemoryStream(body), body.Length, status)) { BaseAddress = new Uri("http://gateway.test/") };

    /// <summary>A JSON object with one member whose string never ends; counts what was read.</summary>
    private sealed class EndlessJsonStream : Stream
    {
        private static readonly byte[] Start = "{\"stageName\":\""u8.ToArray();
        private long _read;

        public long BytesRead => Interlocked.Read(ref _read);

        public override int Read(byte[] buffer, int offset, int count)
        {
            var position = _read;
            for (var i = 0; i < count; i++)
            {
                buffer[offset + i] = position + i < Start.Length ? Start[position + i] : (byte)'x';
            }

            Interlocked.Add(ref _read, count);
            return count;
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private sealed class StreamHandler(Stream body, long? declaredLength, HttpStatusCode status = HttpStatusCode.OK) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new StreamContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            content.Headers.ContentLength = declaredLength;
            return Task.FromResult(new HttpResponseMessage(status) { Content = content, RequestMessage = request });
        }
    }
}
