using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Contoso.Gateway;
using Contoso.Inventory;
using StageGen.Client.Tests.Infrastructure;
using StageGen.Runtime;
using Xunit;

namespace StageGen.Client.Tests;

/// <summary>What the generated clients put on the wire, and how they turn responses into results and exceptions.</summary>
public class RequestShapeTests
{
    private static StageClient StageClientFor(CapturingHandler handler, bool validate = true) =>
        new(handler.CreateHttpClient(), new StageClientOptions { ValidateRequests = validate });

    private static InventoryClient InventoryClientFor(CapturingHandler handler, bool validate = true) =>
        new(handler.CreateHttpClient(), new InventoryClientOptions { ValidateRequests = validate });

    private const string ItemJson = """
        {"id":"3f2504e0-4f89-11d3-9a0c-0305e82c3301","sku":"ABC123","name":"Widget","quantity":5,
         "notes":null,"status":"on-hold","createdAt":"2024-05-01T12:00:00Z"}
        """;

    // --- methods, paths, headers, bodies --------------------------------------------------------------------

    [Fact]
    public async Task GetStage_sends_GET_to_the_stage_path_without_content()
    {
        var handler = CapturingHandler.Json(HttpStatusCode.OK, Samples.FullStageJson);

        var stage = await StageClientFor(handler).GetStageAsync("api-1", "prod");

        var sent = handler.Single;
        Assert.Equal(HttpMethod.Get, sent.Method);
        Assert.Equal("https://gateway.test/v2/apis/api-1/stages/prod", sent.AbsoluteUri);
        Assert.Equal("/v2/apis/api-1/stages/prod", sent.AbsolutePath);
        Assert.Equal("application/json", sent.Header("Accept"));
        Assert.Null(sent.Body);
        Assert.Null(sent.ContentHeaders);
        Assert.Equal("prod", stage.StageName);
    }

    [Fact]
    public async Task DeleteStage_sends_DELETE_without_content_and_completes_on_204()
    {
        var handler = new CapturingHandler(HttpStatusCode.NoContent, body: null, mediaType: null);

        await StageClientFor(handler).DeleteStageAsync("api-1", "prod");

        var sent = handler.Single;
        Assert.Equal(HttpMethod.Delete, sent.Method);
        Assert.Equal("/v2/apis/api-1/stages/prod", sent.AbsolutePath);
        Assert.Null(sent.Body);
        Assert.Null(sent.ContentHeaders);
    }

    [Fact]
    public async Task UpdateStage_sends_PATCH_with_a_JSON_body()
    {
        var handler = CapturingHandler.Json(HttpStatusCode.OK, Samples.FullStageJson);

        var stage = await StageClientFor(handler).UpdateStageAsync("api-1", "prod", new UpdateStageInput { AutoDeploy = true });

        var sent = handler.Single;
        Assert.Equal(HttpMethod.Patch, sent.Method);
        Assert.Equal("/v2/apis/api-1/stages/prod", sent.AbsolutePath);
        Assert.Equal("application/json", sent.ContentHeader("Content-Type"));
        Assert.Equal("""{"autoDeploy":true}""", sent.BodyText);
        Assert.Equal("prod", stage.StageName);
    }

    [Fact]
    public async Task Base_address_path_is_kept()
    {
        var handler = CapturingHandler.Json(HttpStatusCode.OK, Samples.FullStageJson);
        var http = handler.CreateHttpClient();
        http.BaseAddress = new Uri("https://gateway.test/prefix/");

        await new StageClient(http).GetStageAsync("api-1", "prod");

        Assert.Equal("https://gateway.test/prefix/v2/apis/api-1/stages/prod", handler.Single.AbsoluteUri);
    }

    // --- path escaping (asserted on the wire form: AbsoluteUri keeps the escapes .NET's Uri does not undo) ---

    [Theory]
    [InlineData("$default", "%24default", true)]
    [InlineData("a/b", "a%2Fb", false)]
    [InlineData("stäge€", "st%C3%A4ge%E2%82%AC", false)]
    [InlineData("a b?c#d", "a%20b%3Fc%23d", false)]
    [InlineData("x%2F", "x%252F", false)]
    public async Task Stage_name_is_escaped_as_one_path_segment(string stageName, string wire, bool validate)
    {
        var handler = CapturingHandler.Json(HttpStatusCode.OK, Samples.FullStageJson);

        await StageClientFor(handler, validate).GetStageAsync("api-1", stageName);

        var sent = handler.Single;
        Assert.Equal("https://gateway.test/v2/apis/api-1/stages/" + wire, sent.AbsoluteUri);
        Assert.Equal("/v2/apis/api-1/stages/" + wire, sent.AbsolutePath);
        Assert.EndsWith("/stages/" + wire, sent.OriginalString);
    }

    [Theory]
    [InlineData("..", "x", true)] // apiId's only rule is minLength 1, so validation lets ".." through
    [InlineData(".", "x", true)]
    [InlineData("api-1", "..", false)]
    public async Task Dot_segments_are_refused_rather_than_climbing_out_of_the_stage_path(string apiId, string stageName, bool validate)
    {
        // Uri un-escapes %2E and removes dot segments: sent, apiId ".." would turn DELETE /v2/apis/../stages/x into
        // DELETE /v2/stages/x.
        var handler = new CapturingHandler(HttpStatusCode.NoContent);

        await Assert.ThrowsAsync<ArgumentException>(() => StageClientFor(handler, validate).DeleteStageAsync(apiId, stageName));

        Assert.Empty(handler.Requests);
    }

    // --- validation before sending ----------------------------------------------------------------------------

    [Fact]
    public async Task Invalid_request_is_never_sent_and_lists_every_error()
    {
        var handler = CapturingHandler.Json(HttpStatusCode.OK, Samples.FullStageJson);
        var input = new UpdateStageInput { StageVariables = new System.Collections.Generic.Dictionary<string, string> { ["bad key"] = "v" } };

        var exception = await Assert.ThrowsAsync<ApiValidationException>(() => StageClientFor(handler).UpdateStageAsync("", "my stage", input));

        Assert.Empty(handler.Requests);
        Assert.Equal(
            new[] { ("apiId", "minLength"), ("stageName", "pattern"), ("stageVariables[\"bad key\"]", "propertyNames.pattern") },
            exception.Errors.Select(e => (e.Path, e.Rule)).OrderBy(e => e.Path, StringComparer.Ordinal));
        Assert.Contains("stageVariables[\"bad key\"]", exception.Message);
    }

    [Fact]
    public async Task Switching_validation_off_sends_the_request()
    {
        var handler = new CapturingHandler(HttpStatusCode.NoContent);

        await StageClientFor(handler, validate: false).DeleteStageAsync("api-1", "my stage");

        Assert.Equal("/v2/apis/api-1/stages/my%20stage", handler.Single.AbsolutePath);
    }

    // --- declared error statuses --------------------------------------------------------------------------------

    [Fact]
    public async Task Status_400_raises_BadRequestException()
    {
        var handler = CapturingHandler.Json(HttpStatusCode.BadRequest, """{"message":"Invalid stage variable"}""");

        var exception = await Assert.ThrowsAsync<BadRequestException>(() => StageClientFor(handler).UpdateStageAsync("api-1", "prod", new UpdateStageInput()));

        Assert.Equal("Invalid stage variable", exception.Message);
        Assert.Equal(400, exception.StatusCode);
        Assert.Equal("application/json", exception.GetHeader("Content-Type"));
    }

    [Theory]
    [InlineData("""{"Message":"Invalid Stage identifier specified","ResourceType":"Stage"}""")]
    [InlineData("""{"MESSAGE":"Invalid Stage identifier specified","resourcetype":"Stage"}""")]
    [InlineData("""{"message":"Invalid Stage identifier specified","resourceType":"Stage"}""")]
    public async Task Error_members_are_matched_ignoring_case_as_AWS_services_spell_them_either_way(string body)
    {
        var handler = CapturingHandler.Json(HttpStatusCode.NotFound, body);

        var exception = await Assert.ThrowsAsync<NotFoundException>(() => StageClientFor(handler).GetStageAsync("api-1", "prod"));

        Assert.Equal("Invalid Stage identifier specified", exception.Message);
        Assert.Equal("Stage", exception.ResourceType);
    }

    [Fact]
    public async Task Status_404_raises_NotFoundException_with_its_resource_type()
    {
        var handler = CapturingHandler.Json(
            HttpStatusCode.NotFound,
            """{"message":"Invalid Stage identifier specified","resourceType":"Stage"}""",
            ("x-amzn-RequestId", "req-1"));

        var exception = await Assert.ThrowsAsync<NotFoundException>(() => StageClientFor(handler).GetStageAsync("api-1", "prod"));

        Assert.Equal("Invalid Stage identifier specified", exception.Message);
        Assert.Equal("Stage", exception.ResourceType);
        Assert.Equal(404, exception.StatusCode);
        Assert.Equal(404, exception.Response.StatusCode);
        Assert.Equal("req-1", exception.GetHeader("X-Amzn-RequestId"));
        Assert.Equal(new[] { "req-1" }, exception.Headers["x-amzn-requestid"]);
        Assert.Contains("resourceType", exception.Body);
    }

    [Fact]
    public async Task Status_409_raises_ConflictException()
    {
        var handler = CapturingHandler.Json(HttpStatusCode.Conflict, """{"message":"Stage is being deployed"}""");

        var exception = await Assert.ThrowsAsync<ConflictException>(() => StageClientFor(handler).UpdateStageAsync("api-1", "prod", new UpdateStageInput()));

        Assert.Equal("Stage is being deployed", exception.Message);
        Assert.Equal(409, exception.StatusCode);
    }

    [Theory]
    [InlineData("GetStage")]
    [InlineData("DeleteStage")]
    [InlineData("UpdateStage")]
    public async Task Status_429_raises_LimitExceededException_with_the_service_error_type_header(string operation)
    {
        var handler = CapturingHandler.Json(
            HttpStatusCode.TooManyRequests,
            """{"message":"Too Many Requests","limitType":"RequestRate"}""",
            ("x-amzn-ErrorType", "TooManyRequestsException"),
            ("Retry-After", "2"));
        var client = StageClientFor(handler);

        var exception = await Assert.ThrowsAsync<LimitExceededException>(() => operation switch
        {
            "GetStage" => client.GetStageAsync("api-1", "prod"),
            "DeleteStage" => client.DeleteStageAsync("api-1", "prod"),
            _ => client.UpdateStageAsync("api-1", "prod", new UpdateStageInput()),
        });

        Assert.Equal("Too Many Requests", exception.Message);
        Assert.Equal("RequestRate", exception.LimitType);
        Assert.Equal(429, exception.StatusCode);
        Assert.Equal("TooManyRequestsException", exception.GetHeader("x-amzn-ErrorType"));
        Assert.Equal("TooManyRequestsException", exception.GetHeader("X-AMZN-ERRORTYPE"));
        Assert.Equal("2", exception.GetHeader("Retry-After"));
    }

    [Fact]
    public async Task Error_body_that_is_not_JSON_still_raises_the_typed_exception()
    {
        const string html = "<html><body>429 Too Many Requests</body></html>";
        var handler = new CapturingHandler(HttpStatusCode.TooManyRequests, html, "text/html");

        var exception = await Assert.ThrowsAsync<LimitExceededException>(() => StageClientFor(handler).GetStageAsync("api-1", "prod"));

        Assert.Equal(html, exception.Body);
        Assert.Null(exception.LimitType);
        Assert.Equal(429, exception.StatusCode);
        Assert.Contains("GetStage", exception.Message);
        Assert.Contains("429", exception.Message);
    }

    [Fact]
    public async Task Not_found_body_that_is_not_JSON_leaves_the_fields_null()
    {
        const string html = "<html>Not Found</html>";
        var handler = new CapturingHandler(HttpStatusCode.NotFound, html, "text/html");

        var exception = await Assert.ThrowsAsync<NotFoundException>(() => StageClientFor(handler).DeleteStageAsync("api-1", "prod"));

        Assert.Equal(html, exception.Body);
        Assert.Null(exception.ResourceType);
        Assert.Equal(404, exception.StatusCode);
    }

    // --- undeclared statuses --------------------------------------------------------------------------------

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.Conflict)] // declared for UpdateStage only, not for GetStage
    public async Task Undeclared_status_raises_plain_ApiException(HttpStatusCode status)
    {
        var handler = new CapturingHandler(status, "upstream unavailable", "text/plain");

        var exception = await Assert.ThrowsAsync<ApiException>(() => StageClientFor(handler).GetStageAsync("api-1", "prod"));

        Assert.Equal(typeof(ApiException), exception.GetType());
        Assert.Equal((int)status, exception.StatusCode);
        Assert.Equal("upstream unavailable", exception.Body);
        Assert.Contains("GetStage", exception.Message);
    }

    // --- success bodies that do not read --------------------------------------------------------------------

    [Theory]
    [InlineData("""{"stageName":"prod","autoDeploy":tru}""")]
    [InlineData("""{"stageName":"prod","description":"cut""")]
    [InlineData("""{"stageName":"prod",""")]
    [InlineData("")]
    [InlineData("<html>OK</html>")]
    [InlineData("""{"stageName":["prod"]}""")]
    public async Task Success_body_that_does_not_read_raises_ApiResponseFormatException(string body)
    {
        var handler = CapturingHandler.Json(HttpStatusCode.OK, body);

        var exception = await Assert.ThrowsAsync<ApiResponseFormatException>(() => StageClientFor(handler).GetStageAsync("api-1", "prod"));

        var inner = Assert.IsAssignableFrom<JsonException>(exception.InnerException);
        Assert.Contains("GetStage", exception.Message);
        Assert.Contains(inner.Message, exception.Message);
        Assert.Equal(200, exception.StatusCode);
        Assert.Equal(body, exception.Body);
    }

    [Fact]
    public async Task Format_error_names_the_member_of_a_wrong_type()
    {
        var handler = CapturingHandler.Json(HttpStatusCode.OK, """{"stageName":"prod","autoDeploy":"yes"}""");

        var exception = await Assert.ThrowsAsync<ApiResponseFormatException>(() => StageClientFor(handler).UpdateStageAsync("api-1", "prod", new UpdateStageInput()));

        Assert.Contains("UpdateStage", exception.Message);
        Assert.Contains("Stage.autoDeploy", exception.Message);
    }

    // --- inventory: POST, query, header ----------------------------------------------------------------------

    [Fact]
    public async Task CreateItem_posts_the_body_and_returns_the_201_item()
    {
        var handler = CapturingHandler.Json(HttpStatusCode.Created, ItemJson);

        var item = await InventoryClientFor(handler).CreateItemAsync("DE-042", Samples.MinimalNewItem() with { Notes = null });

        var sent = handler.Single;
        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Equal("https://gateway.test/warehouses/DE-042/items", sent.AbsoluteUri);
        Assert.Equal("application/json", sent.ContentHeader("Content-Type"));
        Assert.Equal("""{"sku":"ABC123","name":"Widget","quantity":5,"notes":null}""", sent.BodyText);
        Assert.Equal(Guid.Parse("3f2504e0-4f89-11d3-9a0c-0305e82c3301"), item.Id);
        Assert.Equal("Widget", item.Name);
        Assert.Equal(5, item.Quantity);
        Assert.Equal(ItemStatus.OnHold, item.Status);
        Assert.True(item.Notes.HasValue);
        Assert.Null(item.Notes.Value);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero), item.CreatedAt);
    }

    [Fact]
    public async Task CreateItem_error_raises_ProblemException_for_declared_and_default_statuses()
    {
        var handler = CapturingHandler.Json(HttpStatusCode.UnprocessableEntity, """{"title":"Invalid","detail":"sku taken","errors":["sku"]}""");

        var exception = await Assert.ThrowsAsync<ProblemException>(() => InventoryClientFor(handler).CreateItemAsync("DE-042", Samples.MinimalNewItem()));

        Assert.Equal(422, exception.StatusCode);
        Assert.Equal("Invalid", exception.Title);
        Assert.Equal("sku taken", exception.Detail);
        Assert.Equal(new[] { "sku" }, exception.Errors);
    }

    [Theory]
    // A field of the wrong type reads as null and hides no other field, before or after it.
    [InlineData("""{"title":42,"detail":"sku taken","errors":["sku"]}""", null, "sku taken", "sku")]
    [InlineData("""{"title":"Invalid","detail":{"nested":true},"errors":["sku"]}""", "Invalid", null, "sku")]
    [InlineData("""{"title":"Invalid","detail":"sku taken","errors":["sku",7]}""", "Invalid", "sku taken", null)]
    // A member given twice reads as its last value; null and unknown members are left out; names match in any case.
    [InlineData("""{"title":"first","TITLE":"last","detail":null,"other":[1,{"a":2}],"errors":["sku"]}""", "last", null, "sku")]
    // A body that breaks off keeps what was read before the break.
    [InlineData("""{"title":"Invalid","detail":"sku taken","errors":["sku"] "x": """, "Invalid", "sku taken", "sku")]
    public async Task Each_error_field_is_read_on_its_own(string body, string? title, string? detail, string? firstError)
    {
        var handler = CapturingHandler.Json(HttpStatusCode.UnprocessableEntity, body);

        var exception = await Assert.ThrowsAsync<ProblemException>(() => InventoryClientFor(handler).CreateItemAsync("DE-042", Samples.MinimalNewItem()));

        Assert.Equal(body, exception.Body);
        Assert.Equal(title, exception.Title);
        Assert.Equal(detail, exception.Detail);
        Assert.Equal(firstError, exception.Errors?[0]);
    }

    [Fact]
    public async Task ListItems_sends_query_parameters_escaped_and_the_tenant_header()
    {
        var handler = CapturingHandler.Json(HttpStatusCode.OK, """{"items":[],"nextCursor":null}""");

        var page = await InventoryClientFor(handler).ListItemsAsync("DE-042", "tenant-1", limit: 10, cursor: "a b", status: ItemStatus.OnHold);

        var sent = handler.Single;
        Assert.Equal(HttpMethod.Get, sent.Method);
        Assert.Equal("https://gateway.test/warehouses/DE-042/items?limit=10&cursor=a%20b&status=on-hold", sent.AbsoluteUri);
        Assert.Equal("?limit=10&cursor=a%20b&status=on-hold", sent.Query);
        Assert.Equal("tenant-1", sent.Header("X-Tenant-Id"));
        Assert.Empty(page.Items);
        Assert.True(page.NextCursor.HasValue);
        Assert.Null(page.NextCursor.Value);
    }

    [Fact]
    public async Task ListItems_escapes_reserved_characters_in_query_values()
    {
        var handler = CapturingHandler.Json(HttpStatusCode.OK, """{"items":[]}""");

        await InventoryClientFor(handler).ListItemsAsync("DE-042", "tenant-1", cursor: "a&b=c+d/é");

        Assert.Equal("?cursor=a%26b%3Dc%2Bd%2F%C3%A9", handler.Single.Query);
    }

    [Fact]
    public async Task ListItems_leaves_out_absent_optional_parameters()
    {
        var handler = CapturingHandler.Json(HttpStatusCode.OK, """{"items":[]}""");
        var client = InventoryClientFor(handler);

        await client.ListItemsAsync("DE-042", "tenant-1");
        await client.ListItemsAsync("DE-042", "tenant-1", cursor: "c1");

        Assert.Equal("https://gateway.test/warehouses/DE-042/items", handler.Requests[0].AbsoluteUri);
        Assert.Equal("", handler.Requests[0].Query);
        Assert.Equal("?cursor=c1", handler.Requests[1].Query);
    }

    [Theory]
    [InlineData("tenant-1\r\nX-Injected: yes")]
    [InlineData("tenant-1\n")]
    [InlineData("tenant\r-1")]
    public async Task Header_value_with_a_line_break_is_refused_even_without_validation(string tenant)
    {
        var handler = CapturingHandler.Json(HttpStatusCode.OK, """{"items":[]}""");

        await Assert.ThrowsAsync<ArgumentException>(() => InventoryClientFor(handler, validate: false).ListItemsAsync("DE-042", tenant));

        Assert.Empty(handler.Requests);
    }

    // --- responses are disposed -------------------------------------------------------------------------------

    [Fact]
    public async Task Success_response_is_disposed()
    {
        var handler = CapturingHandler.Json(HttpStatusCode.OK, Samples.FullStageJson);

        await StageClientFor(handler).GetStageAsync("api-1", "prod");

        Assert.True(Assert.Single(handler.Responses).IsDisposed);
    }

    [Fact]
    public async Task Response_without_content_is_disposed()
    {
        var handler = new CapturingHandler(HttpStatusCode.NoContent);

        await StageClientFor(handler).DeleteStageAsync("api-1", "prod");

        Assert.True(Assert.Single(handler.Responses).IsDisposed);
    }

    [Fact]
    public async Task Typed_error_response_is_disposed()
    {
        var handler = CapturingHandler.Json(HttpStatusCode.NotFound, """{"message":"gone"}""");

        await Assert.ThrowsAsync<NotFoundException>(() => StageClientFor(handler).GetStageAsync("api-1", "prod"));

        Assert.True(Assert.Single(handler.Responses).IsDisposed);
    }

    [Fact]
    public async Task Undeclared_error_response_is_disposed()
    {
        var handler = new CapturingHandler(HttpStatusCode.BadGateway, "bad gateway", "text/plain");

        await Assert.ThrowsAsync<ApiException>(() => StageClientFor(handler).UpdateStageAsync("api-1", "prod", new UpdateStageInput()));

        Assert.True(Assert.Single(handler.Responses).IsDisposed);
    }

    [Fact]
    public async Task Unreadable_success_response_is_disposed()
    {
        var handler = CapturingHandler.Json(HttpStatusCode.OK, "{not json");

        await Assert.ThrowsAsync<ApiResponseFormatException>(() => StageClientFor(handler).GetStageAsync("api-1", "prod"));

        Assert.True(Assert.Single(handler.Responses).IsDisposed);
    }
}
