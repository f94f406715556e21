using System;
using System.Text.Json;
using System.Threading.Tasks;
using Contoso.Gateway;
using StageGen.Emulator;
using StageGen.Runtime;
using Xunit;

namespace StageGen.Client.Tests.OverTcp;

/// <summary>
/// Responses the spec does not describe: undeclared statuses are a plain <see cref="ApiException"/>, a 200 whose body
/// is not a Stage is an <see cref="ApiResponseFormatException"/>.
/// </summary>
public class UnexpectedResponseTests : EmulatorTest
{
    public static TheoryData<string> Operations => new() { "GetStage", "DeleteStage", "UpdateStage" };

    public static TheoryData<string> OperationsWithABody => new() { "GetStage", "UpdateStage" };

    private Task CallAsync(string operation) => operation switch
    {
        "GetStage" => Client.GetStageAsync(DemoApi, "prod", Cancel),
        "DeleteStage" => Client.DeleteStageAsync(DemoApi, "prod", Cancel),
        "UpdateStage" => Client.UpdateStageAsync(DemoApi, "prod", new UpdateStageInput { Description = "x" }, Cancel),
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task An_undeclared_500_with_a_JSON_body_is_a_plain_ApiException_with_the_raw_body(string operation)
    {
        const string json = """{"message":"Internal server error"}""";
        Emulator.Faults.Enqueue(EmulatorFault.Respond(500, "application/json", json));

        var error = await Assert.ThrowsAsync<ApiException>(() => CallAsync(operation)); // exactly ApiException

        Assert.Equal(500, error.StatusCode);
        Assert.Equal(json, error.Body);
        Assert.False(error.Response.BodyTruncated);
        Assert.Equal($"{operation} failed: the service returned 500 Internal Server Error: {json}", error.Message);
        Assert.Equal("Internal server error", error.ServiceMessage);
        AssertFromSingleRequest(error);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task An_undeclared_503_with_an_HTML_body_is_a_plain_ApiException_with_the_raw_body(string operation)
    {
        const string html = "<html><head><title>503 Service Unavailable</title></head><body>Back soon</body></html>";
        Emulator.Faults.Enqueue(EmulatorFault.Respond(503, "text/html; charset=utf-8", html));

        var error = await Assert.ThrowsAsync<ApiException>(() => CallAsync(operation));

        Assert.Equal(503, error.StatusCode);
        Assert.Equal(html, error.Body);
        Assert.Equal("text/html; charset=utf-8", error.GetHeader("Content-Type"));
        Assert.StartsWith($"{operation} failed: the service returned 503 Service Unavailable: <html>", error.Message);
        AssertFromSingleRequest(error);
        Assert.NotNull(Emulator.Store.GetStage(DemoApi, "prod")); // the fault answered; the operation never ran
    }

    [Theory]
    [MemberData(nameof(OperationsWithABody))]
    public async Task A_200_with_malformed_JSON_is_an_ApiResponseFormatException_naming_the_member_and_offset(string operation)
    {
        const string malformed = """{"stageName": "prod", "autoDeploy": tru"""; // what EmulatorFault.MalformedJson sends
        Emulator.Faults.Enqueue(EmulatorFault.MalformedJson());

        var error = await Assert.ThrowsAsync<ApiResponseFormatException>(() => CallAsync(operation));

        Assert.StartsWith($"{operation}: the 200 response body is not a valid Stage: Stage.autoDeploy: ", error.Message);
        Assert.Contains("'tru' is an invalid JSON literal", error.Message);
        Assert.Contains($"BytePositionInLine: {malformed.Length}", error.Message);
        var json = Assert.IsAssignableFrom<JsonException>(error.InnerException);
        Assert.Equal("Stage.autoDeploy", json.Path);
        Assert.Equal(malformed.Length, json.BytePositionInLine);
        Assert.Equal(200, error.StatusCode);
        Assert.Equal(malformed, error.Body);
        AssertFromSingleRequest(error);
    }

    [Theory]
    [MemberData(nameof(OperationsWithABody))]
    public async Task A_200_with_truncated_JSON_is_an_ApiResponseFormatException_saying_where_it_ended(string operation)
    {
        // Complete on the wire (Content-Length matches), but the document stops inside a string value.
        const string truncated = """{"stageName":"prod","description":"Production st""";
        Emulator.Faults.Enqueue(EmulatorFault.Respond(200, "application/json", truncated));

        var error = await Assert.ThrowsAsync<ApiResponseFormatException>(() => CallAsync(operation));

        Assert.StartsWith($"{operation}: the 200 response body is not a valid Stage: Stage.description: ", error.Message);
        Assert.Contains($"BytePositionInLine: {truncated.Length}", error.Message);
        var json = Assert.IsAssignableFrom<JsonException>(error.InnerException);
        Assert.Equal("Stage.description", json.Path);
        Assert.Equal(truncated, error.Body);
        AssertFromSingleRequest(error);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \r\n")]
    public async Task A_200_with_an_empty_body_is_an_ApiResponseFormatException_saying_so(string body)
    {
        Emulator.Faults.Enqueue(EmulatorFault.Respond(200, "application/json", body));

        var error = await Assert.ThrowsAsync<ApiResponseFormatException>(() => Client.GetStageAsync(DemoApi, "prod", Cancel));

        Assert.Equal("GetStage: the 200 response body is not a valid Stage: The body is empty; expected a JSON value.", error.Message);
        Assert.IsAssignableFrom<JsonException>(error.InnerException);
    }

    [Fact]
    public async Task A_200_with_a_wrongly_typed_member_is_an_ApiResponseFormatException_naming_it()
    {
        Emulator.Faults.Enqueue(EmulatorFault.Respond(200, "application/json", """{"stageName":"prod","autoDeploy":"yes"}"""));

        var error = await Assert.ThrowsAsync<ApiResponseFormatException>(() => Client.GetStageAsync(DemoApi, "prod", Cancel));

        Assert.Contains("autoDeploy", error.Message);
        Assert.Contains("expected true or false but found a string", error.Message);
        Assert.IsAssignableFrom<JsonException>(error.InnerException);
    }
}
