using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Contoso.Files;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using StageGen.Runtime;
using Xunit;

namespace StageGen.Client.Tests.OverTcp;

/// <summary>
/// The client generated from <c>tests/specs/features/media.yaml</c> against Kestrel on 127.0.0.1: a binary request
/// body is sent from the caller's stream with its media type, a binary result comes back as a stream, text goes both
/// ways as UTF-8, and a body offered as JSON and XML is asked for and read as JSON.
/// </summary>
public sealed class MediaTests : IAsyncLifetime
{
    private static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0xFF];

    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));
    private WebApplication _app = null!;
    private HttpClient _http = null!;
    private (string? ContentType, byte[] Body, string? Accept) _last;
    private string? _target;
    private string? _cookie;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Run(async context =>
        {
            if (context.Request.HasFormContentType && context.Request.ContentType!.StartsWith("multipart/", StringComparison.Ordinal))
            {
                await ReadMultipartAsync(context.Request);
            }

            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            _last = (context.Request.ContentType, body.ToArray(), context.Request.Headers.Accept.ToString());
            _cookie = context.Request.Headers.Cookie.ToString();
            _target = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget;
            var path = context.Request.Path.Value!;
            switch (context.Request.Method, path)
            {
                case ("GET", _) when path.StartsWith("/files/", StringComparison.Ordinal):
                    context.Response.ContentType = "image/png";
                    await context.Response.Body.WriteAsync(Png);
                    break;
                case ("POST", "/notes"):
                    context.Response.ContentType = "text/plain; charset=utf-8";
                    await context.Response.WriteAsync("stored: " + Encoding.UTF8.GetString(_last.Body));
                    break;
                case ("GET", _) when path.EndsWith("/photo", StringComparison.Ordinal):
                    context.Response.ContentType = "image/jpeg";
                    await context.Response.Body.WriteAsync(Png);
                    break;
                case ("POST", _) when path.EndsWith("/uploadImage", StringComparison.Ordinal):
                    context.Response.ContentType = "application/json";
                    await context.Response.WriteAsync($$"""{"code":200,"message":"{{_parts.Count}} parts"}""");
                    break;
                case ("GET", _) when path.StartsWith("/blobs/", StringComparison.Ordinal):
                    foreach (var (name, value) in _blobHeaders)
                    {
                        context.Response.Headers.Append(name, value);
                    }

                    context.Response.ContentType = "application/json";
                    await context.Response.WriteAsync("""{"title":"blob"}""");
                    break;
                case ("PUT", _) when path.StartsWith("/blobs/", StringComparison.Ordinal):
                    context.Response.StatusCode = 201;
                    context.Response.Headers.Location = "/blobs/" + Uri.EscapeDataString(path.Substring("/blobs/".Length)) + "?v=2";
                    context.Response.Headers.ETag = "\"v2\"";
                    break;
                case ("GET", _) when path.StartsWith("/reports/", StringComparison.Ordinal):
                    context.Response.ContentType = "application/json";
                    await context.Response.WriteAsync("""{"title":"Q3"}""");
                    break;
                default:
                    context.Response.StatusCode = 204;
                    break;
            }
        });
        await _app.StartAsync();
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(_app.Urls.First() + "/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _timeout.Dispose();
    }

    private FilesClient Client() => new(_http);

    /// <summary>One part as it arrived: the raw <c>Content-Disposition</c>, its name and file name as ASP.NET reads them, its type and bytes.</summary>
    private sealed record Part(string Disposition, string Name, string? FileName, string? ContentType, byte[] Bytes)
    {
        public string Text => Encoding.UTF8.GetString(Bytes);
    }

    private List<Part> _parts = [];
    private IFormCollection? _form;
    private Dictionary<string, byte[]> _formFiles = [];

    /// <summary>
    /// The body read twice: by <c>ReadFormAsync</c> (what an ASP.NET service sees: fields and files) and part by part
    /// with <c>MultipartReader</c> (each part's own headers).
    /// </summary>
    private async Task ReadMultipartAsync(HttpRequest request)
    {
        request.EnableBuffering();
        _form = await request.ReadFormAsync();
        _formFiles = [];
        foreach (var file in _form.Files)
        {
            using var copy = new MemoryStream();
            await file.CopyToAsync(copy);
            _formFiles[file.Name + "/" + file.FileName] = copy.ToArray();
        }

        request.Body.Position = 0;
        var boundary = Microsoft.Net.Http.Headers.HeaderUtilities.RemoveQuotes(Microsoft.Net.Http.Headers.MediaTypeHeaderValue.Parse(request.ContentType).Boundary).Value!;
        var reader = new Microsoft.AspNetCore.WebUtilities.MultipartReader(boundary, request.Body);
        var parts = new List<Part>();
        while (await reader.ReadNextSectionAsync() is { } section)
        {
            using var bytes = new MemoryStream();
            await section.Body.CopyToAsync(bytes);
            var disposition = Microsoft.Net.Http.Headers.ContentDispositionHeaderValue.Parse(section.ContentDisposition);
            var fileName = disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : disposition.FileName.HasValue ? Microsoft.Net.Http.Headers.HeaderUtilities.RemoveQuotes(disposition.FileName).Value : null;
            parts.Add(new Part(section.ContentDisposition!, Microsoft.Net.Http.Headers.HeaderUtilities.RemoveQuotes(disposition.Name).Value!, fileName, section.ContentType, bytes.ToArray()));
        }

        _parts = parts;
        request.Body.Position = 0;
    }

    [Fact]
    public async Task A_multipart_body_sends_each_member_as_a_part_and_each_file_from_its_stream()
    {
        byte[] thumb = [1, 2, 3];
        var big = Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7)).ToArray();
        await Client().UploadDocumentAsync(new UploadDocumentRequest
        {
            Title = "Q3 report ☕",
            Count = 3,
            Draft = false,
            Tags = ["a", "b c"],
            Meta = new UploadDocumentRequestMeta { Author = "Ann" },
            Note = "# Notes",
            Expand = ["x", "y"],
            File = new ApiFile(new MemoryStream(big), "report.png"),
            Thumbnail = new ApiFile(new MemoryStream(thumb), "thumb.jpg", "image/jpeg"),
            Attachments = [new ApiFile(new MemoryStream("one"u8.ToArray()), "1.txt", "text/plain"), new ApiFile(new MemoryStream([]), "empty.bin")],
        }, _timeout.Token);

        Assert.StartsWith("multipart/form-data; boundary=", _last.ContentType);
        Assert.Equal(
        [
            ("title", null, "text/plain; charset=utf-8", "Q3 report ☕"),
            ("count", null, "text/plain; charset=utf-8", "3"),
            ("draft", null, "text/plain; charset=utf-8", "false"),
            ("tags", null, "text/plain; charset=utf-8", "a"),
            ("tags", null, "text/plain; charset=utf-8", "b c"),
            ("meta", null, "application/json", """{"author":"Ann"}"""),
            ("note", null, "text/markdown", "# Notes"),
            ("expand[0]", null, "text/plain; charset=utf-8", "x"),
            ("expand[1]", null, "text/plain; charset=utf-8", "y"),
        ], _parts.Where(p => p.FileName is null).Select(p => (p.Name, p.FileName, p.ContentType, p.Text)));
        Assert.Equal(
        [
            ("file", "report.png", "image/png"), ("thumbnail", "thumb.jpg", "image/jpeg"), ("attachments", "1.txt", "text/plain"),
            ("attachments", "empty.bin", "application/octet-stream"),
        ], _parts.Where(p => p.FileName is not null).Select(p => (p.Name, p.FileName!, p.ContentType!)));
        Assert.Equal(big, _parts.Single(p => p.Name == "file").Bytes);
        Assert.Equal(thumb, _parts.Single(p => p.Name == "thumbnail").Bytes);
        Assert.Equal("one"u8.ToArray(), _parts.First(p => p.Name == "attachments").Bytes);
        Assert.Empty(_parts.Last().Bytes);

        // As an ASP.NET service reads the same body.
        Assert.Equal("Q3 report ☕", _form!["title"].ToString());
        Assert.Equal(new[] { "a", "b c" }, _form["tags"].ToArray()!);
        Assert.Equal(4, _form.Files.Count);
        Assert.Equal(big, _formFiles["file/report.png"]);
        Assert.Equal("image/jpeg", _form.Files.GetFile("thumbnail")!.ContentType);
    }

    [Fact]
    public async Task A_multipart_body_leaves_out_what_is_not_set()
    {
        await Client().UploadDocumentAsync(new UploadDocumentRequest { Title = "t", File = new ApiFile(new MemoryStream([9]), "f") }, _timeout.Token);

        Assert.Equal([("title", null), ("file", "f")], _parts.Select(p => (p.Name, p.FileName)));
        Assert.Equal("image/png", _parts[1].ContentType);
    }

    [Fact]
    public async Task A_missing_required_file_is_refused_before_anything_is_sent()
    {
        var exception = await Assert.ThrowsAsync<ApiValidationException>(() => Client().UploadDocumentAsync(new UploadDocumentRequest { Title = new string('x', 41), File = null! }, _timeout.Token));

        Assert.Equal(["title", "file"], exception.Errors.Select(e => e.Path));
        Assert.Null(_last.ContentType);
    }

    [Theory]
    [InlineData("quote\"; name=\"admin.png")]
    [InlineData("line\r\nContent-Type: text/html\r\n\r\n<script>")]
    [InlineData("naïve 日本語 ☕.png")]
    [InlineData("back\\slash\\")]
    [InlineData("100% \"real\".png")]
    public async Task A_hostile_file_name_stays_inside_its_header_and_arrives_as_it_was(string fileName)
    {
        await Client().UploadDocumentAsync(new UploadDocumentRequest
        {
            Title = "t",
            File = new ApiFile(new MemoryStream([1, 2]), fileName),
            Thumbnail = new ApiFile(new MemoryStream([3]), "next.png"),
        }, _timeout.Token);

        // Three parts, no more: no header or part was added, and the ones after are intact.
        Assert.Equal([("title", null), ("file", fileName), ("thumbnail", "next.png")], _parts.Select(p => (p.Name, p.FileName)));
        Assert.DoesNotContain('\r', _parts[1].Disposition);
        Assert.DoesNotContain('\n', _parts[1].Disposition);
        Assert.Equal("image/png", _parts[1].ContentType);
        Assert.Equal([1, 2], _parts[1].Bytes);
        Assert.Equal(fileName, _form!.Files.GetFile("file")!.FileName);
    }

    [Fact]
    public async Task A_file_media_type_that_is_not_one_is_refused()
    {
        var exception = await Assert.ThrowsAsync<ArgumentException>(() => Client().UploadDocumentAsync(new UploadDocumentRequest
        {
            Title = "t",
            File = new ApiFile(new MemoryStream([1]), "f", "text/plain\r\nX-Evil: 1"),
        }, _timeout.Token));

        Assert.Contains("is not one", exception.Message);
        Assert.Null(_last.ContentType);
    }

    [Fact]
    public async Task Multipart_is_chosen_over_bytes_and_a_content_media_type_is_the_file_part_s_type()
    {
        await Client().SetAvatarAsync("ann", new SetAvatarRequest { Image = new ApiFile(new MemoryStream([0xFF, 0xD8]), "me.jpg"), Caption = "me" }, _timeout.Token);

        Assert.Equal([("caption", null, "text/plain; charset=utf-8"), ("image", "me.jpg", "image/jpeg")], _parts.Select(p => (p.Name, p.FileName, p.ContentType)));
        Assert.Equal([0xFF, 0xD8], _parts[1].Bytes);
    }

    [Fact]
    public async Task A_multipart_body_without_files_is_its_schema_s_type_sent_part_by_part()
    {
        await Client().SubmitReportAsync(new Report { Title = "Q4" }, _timeout.Token);

        Assert.Equal([("title", "Q4")], _parts.Select(p => (p.Name, p.Text)));
    }

    private (string Name, string Value)[] _blobHeaders = [];

    [Fact]
    public async Task Declared_response_headers_are_read_by_their_schemas_beside_the_body()
    {
        _blobHeaders =
        [
            ("ETag", "\"abc\""), ("X-Rate-Limit-Remaining", "42"), ("X-Cost", "0.25"), ("X-Cached", "TRUE"),
            ("Last-Modified", "Tue, 15 Nov 1994 08:12:31 GMT"), ("X-Expires", "2026-12-02T10:00:00.5+01:00"),
            ("X-Tags", "a, b"), ("X-Tags", "c"), ("X-Sizes", "1,2, 30"), ("X-Tier", "warm"),
            ("X-Request-Id", "0f8fad5b-d9cb-469f-a165-70867728950e"),
        ];

        var response = await Client().GetBlobWithHeadersAsync("b1", cancellationToken: _timeout.Token);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("blob", response.Body.Title);
        var headers = response.Headers;
        Assert.Equal("\"abc\"", headers.ETag);
        Assert.Equal(42, headers.XRateLimitRemaining);
        Assert.Equal(0.25, headers.XCost);
        Assert.True(headers.XCached);
        Assert.Equal(new DateTimeOffset(1994, 11, 15, 8, 12, 31, TimeSpan.Zero), headers.LastModified);
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 10, 0, 0, 500, TimeSpan.FromHours(1)), headers.XExpires);
        Assert.Equal(TimeSpan.FromHours(1), headers.XExpires!.Value.Offset);
        Assert.Equal(["a", "b", "c"], headers.XTags!);
        Assert.Equal([1L, 2L, 30L], headers.XSizes!);
        Assert.Equal("warm", headers.XTier!.Value.Value); // a value the spec does not name is kept
        Assert.False(headers.XTier.Value.IsKnown);
        Assert.Equal(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), headers.XRequestId);
        Assert.Equal("application/json", response.Response.GetHeader("Content-Type"));
        Assert.Null(response.Response.Body);
    }

    [Fact]
    public async Task A_malformed_or_absent_header_reads_as_null_and_its_text_stays_readable()
    {
        _blobHeaders =
        [
            ("X-Rate-Limit-Remaining", "lots"), ("X-Cost", "NaN"), ("X-Cached", "yes"), ("Last-Modified", "yesterday"),
            ("X-Sizes", "1,two"), ("X-Request-Id", "not-a-guid"),
        ];

        var response = await Client().GetBlobWithHeadersAsync("b1", cancellationToken: _timeout.Token);

        var headers = response.Headers;
        Assert.Equal(new GetBlobHeaders(), headers); // every one null: absent (ETag, X-Tags, ...) or not of its form
        Assert.Equal("lots", response.Response.GetHeader("X-Rate-Limit-Remaining"));
        Assert.Equal("1,two", response.Response.GetHeader("X-Sizes"));
        Assert.Equal("blob", response.Body.Title);

        // The plain method is unchanged: the body alone.
        Assert.Equal("blob", (await Client().GetBlobAsync("b1", cancellationToken: _timeout.Token)).Title);
    }

    [Fact]
    public async Task An_operation_without_a_result_returns_its_declared_headers()
    {
        var response = await Client().PutBlobWithHeadersAsync("a b", "text", _timeout.Token);

        Assert.Equal(201, response.StatusCode);
        Assert.Equal(new Uri("/blobs/a%20b?v=2", UriKind.Relative), response.Headers.Location);
        Assert.Equal("\"v2\"", response.Headers.ETag);
    }

    [Fact]
    public async Task Swagger_2_formData_with_a_file_is_a_multipart_body()
    {
        var uploads = new Contoso.Uploads.UploadsClient(_http);
        var answer = await uploads.UploadImageAsync(7, new Contoso.Uploads.UploadImageRequest
        {
            AdditionalMetadata = "front",
            File = new ApiFile(new MemoryStream(Png), "dog.png", "image/png"),
        }, _timeout.Token);

        Assert.Equal("/pets/7/uploadImage", _target);
        Assert.StartsWith("multipart/form-data; boundary=", _last.ContentType);
        Assert.Equal([("additionalMetadata", null, "text/plain; charset=utf-8"), ("file", "dog.png", "image/png")], _parts.Select(p => (p.Name, p.FileName, p.ContentType)));
        Assert.Equal(Png, _parts[1].Bytes);
        Assert.Equal("2 parts", answer.Message);

        // The required file is checked like any required member.
        var refused = await Assert.ThrowsAsync<ApiValidationException>(() => uploads.UploadImageAsync(7, new Contoso.Uploads.UploadImageRequest { File = null! }, _timeout.Token));
        Assert.Equal("file", Assert.Single(refused.Errors).Path);
    }

    [Fact]
    public async Task Swagger_2_formData_without_files_is_a_form_unless_the_operation_consumes_only_multipart()
    {
        var uploads = new Contoso.Uploads.UploadsClient(_http);
        await uploads.UpdatePetWithFormAsync(7, new Contoso.Uploads.UpdatePetWithFormRequest
        {
            Name = "Rex & co",
            Status = Contoso.Uploads.UpdatePetWithFormRequestStatus.Sold,
            Tags = ["a", "b"],
        }, _timeout.Token);
        Assert.Equal("application/x-www-form-urlencoded", _last.ContentType);
        Assert.Equal("name=Rex%20%26%20co&status=sold&tags=a&tags=b", Encoding.ASCII.GetString(_last.Body));

        await Assert.ThrowsAsync<ApiValidationException>(() => uploads.UpdatePetWithFormAsync(7, new Contoso.Uploads.UpdatePetWithFormRequest { Name = new string('n', 21), Status = Contoso.Uploads.UpdatePetWithFormRequestStatus.Sold }, _timeout.Token));

        await uploads.AddNoteAsync(7, new Contoso.Uploads.AddNoteRequest { Text = "good dog" }, _timeout.Token);
        Assert.StartsWith("multipart/form-data; boundary=", _last.ContentType);
        Assert.Equal([("text", "good dog")], _parts.Select(p => (p.Name, p.Text)));
    }

    [Fact]
    public async Task A_Swagger_2_file_response_is_a_stream_asked_for_by_what_the_operation_produces()
    {
        using var photo = await new Contoso.Uploads.UploadsClient(_http).GetPhotoAsync(7, _timeout.Token);

        Assert.Equal("image/jpeg", _last.Accept);
        using var copy = new MemoryStream();
        await photo.CopyToAsync(copy);
        Assert.Equal(Png, copy.ToArray());
    }

    [Fact]
    public async Task A_binary_body_is_sent_from_the_stream_with_its_media_type()
    {
        var bytes = Enumerable.Range(0, 70_000).Select(i => (byte)i).ToArray();
        await Client().UploadFileAsync("photo.raw", new MemoryStream(bytes), _timeout.Token);

        Assert.Equal("application/octet-stream", _last.ContentType);
        Assert.Equal(bytes, _last.Body);
    }

    [Fact]
    public async Task A_binary_result_is_a_stream_of_the_body_asked_for_by_its_media_type()
    {
        using var file = await Client().DownloadFileAsync("logo.png", _timeout.Token);

        Assert.Equal("image/png", _last.Accept);
        using var copy = new MemoryStream();
        await file.CopyToAsync(copy);
        Assert.Equal(Png, copy.ToArray());
    }

    [Fact]
    public async Task Text_goes_both_ways_as_UTF_8()
    {
        var stored = await Client().PostNoteAsync("naïve café ☕", _timeout.Token);

        Assert.Equal("text/plain; charset=utf-8", _last.ContentType);
        Assert.Equal("naïve café ☕", Encoding.UTF8.GetString(_last.Body));
        Assert.Equal("text/plain", _last.Accept);
        Assert.Equal("stored: naïve café ☕", stored);
    }

    [Fact]
    public async Task A_text_body_that_UTF_8_cannot_carry_is_refused_before_sending()
    {
        var exception = await Assert.ThrowsAsync<ArgumentException>(() => Client().PostNoteAsync("broken \uD800 text", _timeout.Token));
        Assert.Contains("unpaired surrogate", exception.Message);
        Assert.Null(_last.ContentType);
    }

    [Fact]
    public async Task A_body_offered_as_JSON_and_XML_is_asked_for_and_read_as_JSON()
    {
        var report = await Client().GetReportAsync("q3", _timeout.Token);

        Assert.Equal("application/json", _last.Accept);
        Assert.Equal("Q3", report.Title);
    }

    [Fact]
    public async Task A_binary_result_larger_than_the_limit_is_refused()
    {
        var client = new FilesClient(_http, new FilesClientOptions { MaxResponseBodyBytes = 4 });
        await Assert.ThrowsAsync<ApiResponseFormatException>(() => client.DownloadFileAsync("logo.png", _timeout.Token));
    }

    [Fact]
    public async Task A_form_body_sends_the_members_as_fields_by_their_encoding()
    {
        await Client().CreateChargeAsync(new ChargeRequest
        {
            Amount = 2000,
            Currency = ChargeRequestCurrency.Usd,
            Capture = true,
            Description = "a b&c=ü",
            Expand = ["customer", "invoice"],
            Tags = ["x", "y"],
            Metadata = new System.Collections.Generic.Dictionary<string, string> { ["order"] = "6735" },
            Shipping = new ChargeRequestShipping { Name = "Ann", Address = new ChargeRequestShippingAddress { Line1 = "1 Main St" } },
        }, _timeout.Token);

        Assert.Equal("application/x-www-form-urlencoded", _last.ContentType);
        var fields = Encoding.ASCII.GetString(_last.Body).Split('&')
            .Select(field => field.Split('=') is [var name, var value] ? (Uri.UnescapeDataString(name), Uri.UnescapeDataString(value)) : throw new Xunit.Sdk.XunitException(field));
        Assert.Equal(
        [
            ("amount", "2000"), ("currency", "usd"), ("capture", "true"), ("description", "a b&c=ü"),
            ("expand[0]", "customer"), ("expand[1]", "invoice"), ("tags", "x"), ("tags", "y"), ("metadata[order]", "6735"),
            ("shipping[name]", "Ann"), ("shipping[address][line1]", "1 Main St"),
        ], fields);
    }

    [Fact]
    public async Task A_form_field_is_unset_with_the_empty_string()
    {
        await Client().CreateChargeAsync(new ChargeRequest { Amount = 1, Currency = ChargeRequestCurrency.Usd, Receipt = EmptyString.Value, Statement = "" }, _timeout.Token);
        Assert.Equal("amount=1&currency=usd&receipt=&statement=", Encoding.ASCII.GetString(_last.Body));

        await Client().CreateChargeAsync(new ChargeRequest { Amount = 1, Currency = ChargeRequestCurrency.Usd, Receipt = new ChargeRequestReceiptOption1 { Email = "a@b.c" } }, _timeout.Token);
        Assert.Equal("amount=1&currency=usd&receipt%5Bemail%5D=a%40b.c", Encoding.ASCII.GetString(_last.Body));
    }

    [Fact]
    public async Task A_form_body_is_validated_before_anything_is_sent()
    {
        await Assert.ThrowsAsync<ApiValidationException>(() => Client().CreateChargeAsync(new ChargeRequest { Amount = 0, Currency = ChargeRequestCurrency.Eur }, _timeout.Token));
        Assert.Null(_last.ContentType);
    }

    [Fact]
    public async Task Query_parameters_go_by_their_style_and_explode()
    {
        await Client().SearchAsync(
            created: new SearchCreatedRange { Gte = 10, Lt = 20 },
            ids: [1, 2, 3],
            tags: ["a b", "c"],
            page: new SearchPage { Size = 50, Cursor = "x&y" },
            cancellationToken: _timeout.Token);
        Assert.Equal("/search?created%5Bgte%5D=10&created%5Blt%5D=20&ids=1%2C2%2C3&tags=a%20b%7Cc&size=50&cursor=x%26y", _target);

        // The union's other variant, a plain number, is the parameter itself.
        await Client().SearchAsync(created: 7, cancellationToken: _timeout.Token);
        Assert.Equal("/search?created=7", _target);
    }

    [Fact]
    public async Task A_structured_query_parameter_is_validated_before_anything_is_sent()
    {
        var exception = await Assert.ThrowsAsync<ApiValidationException>(() => Client().SearchAsync(page: new SearchPage { Size = 500 }, cancellationToken: _timeout.Token));
        Assert.Equal("page.size", Assert.Single(exception.Errors).Path);
        Assert.Null(_target);
    }

    [Fact]
    public async Task Cookie_parameters_go_in_one_Cookie_header_and_a_value_a_cookie_cannot_hold_is_refused()
    {
        await Client().SearchAsync(session: "abc123", theme: 2, cancellationToken: _timeout.Token);
        Assert.Equal("session=abc123; theme=2", _cookie);

        await Client().SearchAsync(theme: 3, cancellationToken: _timeout.Token);
        Assert.Equal("theme=3", _cookie);

        _target = null;
        var exception = await Assert.ThrowsAsync<ArgumentException>(() => Client().SearchAsync(session: "a; admin=1", cancellationToken: _timeout.Token));
        Assert.Contains("cannot be sent as the cookie 'session'", exception.Message);
        Assert.Null(_target);
    }
}
