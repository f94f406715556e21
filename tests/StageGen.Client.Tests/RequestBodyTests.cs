using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Contoso.Gateway;
using Contoso.Inventory;
using StageGen.Client.Tests.Infrastructure;
using StageGen.Runtime;
using Xunit;

namespace StageGen.Client.Tests;

/// <summary>What a PATCH (and POST) body carries: exactly the members that were set.</summary>
public class RequestBodyTests
{
    private static string Write(UpdateStageInput input) => Encoding.UTF8.GetString(StageJson.Serialize(input));

    private static string Write(NewItem item) => Encoding.UTF8.GetString(InventoryJson.Serialize(item));

    private static string[] Names(JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToArray();

    [Fact]
    public void Nothing_set_writes_an_empty_object()
    {
        Assert.Equal("{}", Write(new UpdateStageInput()));
    }

    [Fact]
    public void Only_set_members_are_written()
    {
        Assert.Equal("""{"description":"new text"}""", Write(new UpdateStageInput { Description = "new text" }));
        Assert.Equal(
            """{"defaultRouteSettings":{"throttlingRateLimit":2.5}}""",
            Write(new UpdateStageInput { DefaultRouteSettings = new RouteSettings { ThrottlingRateLimit = 2.5 } }));
    }

    [Fact]
    public void Empty_string_false_zero_and_empty_maps_are_written()
    {
        var input = new UpdateStageInput
        {
            Description = "",
            AutoDeploy = false,
            DefaultRouteSettings = new RouteSettings { ThrottlingBurstLimit = 0, ThrottlingRateLimit = 0, DataTraceEnabled = false },
            RouteSettings = new Dictionary<string, RouteSettings>(),
            StageVariables = new Dictionary<string, string>(),
            AccessLogSettings = new AccessLogSettings(),
        };

        using var json = JsonDocument.Parse(Write(input));
        var root = json.RootElement;

        Assert.Equal(
            new[] { "accessLogSettings", "autoDeploy", "defaultRouteSettings", "description", "routeSettings", "stageVariables" },
            Names(root).OrderBy(n => n));
        Assert.Equal("", root.GetProperty("description").GetString());
        Assert.Equal(JsonValueKind.False, root.GetProperty("autoDeploy").ValueKind);
        Assert.Equal(0, root.GetProperty("defaultRouteSettings").GetProperty("throttlingBurstLimit").GetInt32());
        Assert.Equal(0, root.GetProperty("defaultRouteSettings").GetProperty("throttlingRateLimit").GetDouble());
        Assert.Equal(JsonValueKind.False, root.GetProperty("defaultRouteSettings").GetProperty("dataTraceEnabled").ValueKind);
        Assert.Empty(root.GetProperty("routeSettings").EnumerateObject());
        Assert.Empty(root.GetProperty("stageVariables").EnumerateObject());
        Assert.Empty(root.GetProperty("accessLogSettings").EnumerateObject());
    }

    [Fact]
    public void Null_members_are_omitted()
    {
        var input = new UpdateStageInput
        {
            Description = null,
            AutoDeploy = null,
            DefaultRouteSettings = new RouteSettings { LoggingLevel = null, ThrottlingBurstLimit = null },
            StageVariables = null,
        };

        Assert.Equal("""{"defaultRouteSettings":{}}""", Write(input));
    }

    [Fact]
    public void An_optional_member_that_may_be_null_is_left_out_written_as_null_or_written_as_its_value()
    {
        static string WriteItem(Optional<string?> notes, Optional<System.DateTimeOffset?> updatedAt) =>
            Encoding.UTF8.GetString(InventoryJson.Serialize(new Item
            {
                Id = System.Guid.Empty, Sku = "AB12", Name = "n", Quantity = 1, CreatedAt = default, Notes = notes, UpdatedAt = updatedAt,
            }));
        const string Head = """{"id":"00000000-0000-0000-0000-000000000000","sku":"AB12","name":"n","quantity":1""";

        Assert.Equal(Head + ""","createdAt":"0001-01-01T00:00:00+00:00"}""", WriteItem(default, default));
        Assert.Equal(Head + ""","notes":null,"createdAt":"0001-01-01T00:00:00+00:00","updatedAt":null}""", WriteItem(new(null), new(null)));
        Assert.Equal(
            Head + ""","notes":"n2","createdAt":"0001-01-01T00:00:00+00:00","updatedAt":"2024-01-15T10:00:00+00:00"}""",
            WriteItem("n2", new System.DateTimeOffset(2024, 1, 15, 10, 0, 0, System.TimeSpan.Zero)));
    }

    [Fact]
    public void Full_input_writes_every_member_with_its_wire_name()
    {
        using var json = JsonDocument.Parse(Write(Samples.FullUpdateStageInput()));
        var root = json.RootElement;

        Assert.Equal(
            new[] { "accessLogSettings", "autoDeploy", "clientCertificateId", "defaultRouteSettings", "deploymentId", "description", "routeSettings", "stageVariables" },
            Names(root).OrderBy(n => n));
        Assert.Equal("ERROR", root.GetProperty("routeSettings").GetProperty("$default").GetProperty("loggingLevel").GetString());
        Assert.Equal("https://example.com/a?b=c", root.GetProperty("stageVariables").GetProperty("url").GetString());
    }

    [Fact]
    public async Task Patch_body_on_the_wire_is_the_input_without_path_parameters()
    {
        var handler = CapturingHandler.Json(HttpStatusCode.OK, Samples.FullStageJson);
        var client = new StageClient(handler.CreateHttpClient());
        var input = Samples.FullUpdateStageInput();

        await client.UpdateStageAsync("api-1", "prod", input);

        var sent = handler.Single;
        Assert.Equal(StageJson.Serialize(input), sent.Body);
        using var json = JsonDocument.Parse(sent.Body!);
        Assert.DoesNotContain("apiId", Names(json.RootElement));
        Assert.DoesNotContain("stageName", Names(json.RootElement));
        Assert.DoesNotContain("api-1", sent.BodyText);
    }

    // Built when the test runs: a string with an unpaired surrogate does not survive a serialized test case (UTF-8).
    public static TheoryData<string, UpdateStageInput, string> UnpairedSurrogateInputs() => new()
    {
        { "a member", new UpdateStageInput { Description = "new \uD800 text" }, "The value of member 'description' has an unpaired surrogate (U+D800) at index 4" },
        { "a nested member", new UpdateStageInput { AccessLogSettings = new AccessLogSettings { Format = "\uDC00" } }, "member 'format'" },
        { "a map key", new UpdateStageInput { StageVariables = new Dictionary<string, string> { ["alias\uD83D"] = "live" } }, "A map key" },
        { "a map value", new UpdateStageInput { StageVariables = new Dictionary<string, string> { ["alias"] = "li\uDE00ve" } }, "The value of key 'alias'" },
        { "an enum's unknown value", new UpdateStageInput { DefaultRouteSettings = new RouteSettings { LoggingLevel = new LoggingLevel("TRACE\uD800") } }, "member 'loggingLevel'" },
        { "an object map's key", new UpdateStageInput { RouteSettings = new Dictionary<string, RouteSettings> { ["GET /\uDC00"] = new RouteSettings() } }, "A map key" },
    };

    /// <summary>Utf8JsonWriter writes an unpaired surrogate as U+FFFD, text the caller never gave: it is refused.</summary>
    [Theory]
    [MemberData(nameof(UnpairedSurrogateInputs), DisableDiscoveryEnumeration = true)]
    public void A_string_with_an_unpaired_surrogate_is_refused_not_written_as_U_FFFD(string what, UpdateStageInput input, string expected)
    {
        var exception = Assert.Throws<System.ArgumentException>(() => StageJson.Serialize(input));

        Assert.True(exception.Message.Contains(expected, System.StringComparison.Ordinal), $"{what}: {exception.Message}");
    }

    [Fact]
    public void A_list_item_with_an_unpaired_surrogate_is_refused()
    {
        var item = new NewItem { Sku = "ABC123", Name = "Widget", Quantity = 1, Tags = ["red", "bl\uD800ue"] };

        var exception = Assert.Throws<System.ArgumentException>(() => InventoryJson.Serialize(item));

        Assert.StartsWith("A string value has an unpaired surrogate (U+D800) at index 2", exception.Message);
    }

    [Fact]
    public void Surrogate_pairs_and_U_FFFD_itself_are_written_as_they_are()
    {
        var input = new UpdateStageInput { Description = "\uD83D\uDE00 \uFFFD", StageVariables = new Dictionary<string, string> { ["\uD83D\uDE00"] = "\uD83D\uDE00" } };

        var read = StageJson.DeserializeUpdateStageInput(StageJson.Serialize(input));

        Assert.Equal(input.Description, read.Description);
        Assert.Equal("\uD83D\uDE00", read.StageVariables!["\uD83D\uDE00"]);
    }

    [Fact]
    public async Task A_body_with_an_unpaired_surrogate_is_not_sent_validated_or_not()
    {
        var handler = CapturingHandler.Json(HttpStatusCode.OK, Samples.FullStageJson);
        var validating = new StageClient(handler.CreateHttpClient());
        var client = new StageClient(handler.CreateHttpClient(), new StageClientOptions { ValidateRequests = false });
        var input = new UpdateStageInput { Description = "new " + '\uD800' + " text" };

        var invalid = await Assert.ThrowsAsync<StageGen.Runtime.ApiValidationException>(() => validating.UpdateStageAsync("api-1", "prod", input));
        var refused = await Assert.ThrowsAsync<System.ArgumentException>(() => client.UpdateStageAsync("api-1", "prod", input));

        Assert.Equal(("description", "type"), (invalid.Errors.Single().Path, invalid.Errors.Single().Rule));
        Assert.Contains("member 'description'", refused.Message);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Patch_with_nothing_set_sends_an_empty_object()
    {
        var handler = CapturingHandler.Json(HttpStatusCode.OK, Samples.FullStageJson);
        var client = new StageClient(handler.CreateHttpClient());

        await client.UpdateStageAsync("api-1", "prod", new UpdateStageInput());

        Assert.Equal("{}", handler.Single.BodyText);
    }

    [Fact]
    public void Unset_notes_are_not_written()
    {
        using var json = JsonDocument.Parse(Write(Samples.MinimalNewItem()));

        Assert.Equal(new[] { "sku", "name", "quantity" }, Names(json.RootElement));
    }

    [Fact]
    public void Notes_set_to_null_are_written_as_null()
    {
        var written = Write(Samples.MinimalNewItem() with { Notes = null });

        Assert.Contains("\"notes\":null", written);
    }

    [Fact]
    public void Notes_set_to_a_value_are_written()
    {
        var written = Write(Samples.MinimalNewItem() with { Notes = "x" });

        Assert.Contains("\"notes\":\"x\"", written);
    }

    [Theory]
    [InlineData("""{"sku":"ABC123","name":"n","quantity":1}""", false, null)]
    [InlineData("""{"sku":"ABC123","name":"n","quantity":1,"notes":null}""", true, null)]
    [InlineData("""{"sku":"ABC123","name":"n","quantity":1,"notes":"x"}""", true, "x")]
    public void Notes_read_back_as_absent_null_or_value(string json, bool present, string? value)
    {
        var item = InventoryJson.DeserializeNewItem(Encoding.UTF8.GetBytes(json));

        Assert.Equal(present, item.Notes.HasValue);
        if (present)
        {
            Assert.Equal(value, item.Notes.Value);
        }

        Assert.Equal(json, Write(item));
    }
}
