using System;
using System.Collections.Generic;
using StageGen.Runtime;
using Xunit;

namespace StageGen.Client.Tests;

/// <summary>What an <see cref="ApiException"/> reads from a response, and the options that bound what it keeps.</summary>
public class ApiExceptionTests
{
    private static ApiException Error(string? body, string? errorType = null, bool truncated = false)
    {
        var headers = new Dictionary<string, IReadOnlyList<string>>();
        if (errorType is not null)
        {
            headers["x-amzn-ErrorType"] = [errorType];
        }

        return new ApiException("failed", new ApiResponseInfo(500, "Internal Server Error", headers, body, truncated));
    }

    [Theory]
    [InlineData("""{"message":"boom"}""", null, "boom", null)]
    [InlineData("""{"Message":"boom","__type":"com.amazonaws.apigateway#NotFoundException"}""", null, "boom", "NotFoundException")]
    [InlineData("""{"code":"Throttling","__type":"Other","message":"slow down"}""", null, "slow down", "Throttling")]
    [InlineData("""{"message":"boom"}""", "InternalFailure:http://internal.amazon.com/coral/com.amazon.coral.service/", "boom", "InternalFailure")]
    [InlineData("""{"__type":"aws.protocols#Busy:extra"}""", null, null, "Busy")]
    [InlineData("""{"message":42,"nested":{"message":"inner"}}""", null, null, null)]
    [InlineData("""{"message":"kept","__type":""", null, "kept", null)] // malformed after the message: what was read stays
    [InlineData("<html>boom</html>", "Teapot", null, "Teapot")]
    [InlineData(null, null, null, null)]
    [InlineData("""{"__type":"Named"}""", " : ", null, "Named")] // a header naming nothing leaves the body to say
    [InlineData("""{"\u0063ode":"Escaped","m\u0065ssage":"too"}""", null, "too", "Escaped")]
    [InlineData("""  {"code":"ns#"}""", null, null, null)]
    [InlineData("""{"message":"\uD800x","\uDC00":"?","code":"Kept"}""", null, null, "Kept")] // a lone surrogate names and says nothing
    public void The_service_message_and_error_code_come_from_the_body_and_the_header(string? body, string? header, string? message, string? code)
    {
        var error = Error(body, header);

        Assert.Equal(message, error.ServiceMessage);
        Assert.Equal(code, error.ErrorCode);
    }

    [Fact]
    public void A_truncated_body_is_not_read_for_a_message()
    {
        Assert.Null(Error("""{"message":"boom"}""", truncated: true).ServiceMessage);
    }

    [Fact]
    public void Control_characters_in_a_message_are_escaped()
    {
        var error = new ApiException("a\r\nb\tc\u001b[31md\u0085e\u2028f\u202Eg\0", new ApiResponseInfo(500));

        Assert.Equal(@"a\r\nb\tc\u001B[31md\u0085e\u2028f\u202Eg\u0000", error.Message);
    }

    [Fact]
    public void A_message_without_control_characters_is_kept_as_it_is()
    {
        const string message = "GetStage failed: the service returned 404 Not Found: {\"message\":\"ünïcødé…\"}";

        Assert.Same(message, new ApiException(message, new ApiResponseInfo(404)).Message);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void Negative_limits_are_refused_when_set(int value)
    {
        var options = new ApiClientOptions();

        var response = Assert.Throws<ArgumentOutOfRangeException>(() => options.MaxResponseBodyBytes = value);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => options.MaxErrorBodyBytes = value);

        Assert.Equal("MaxResponseBodyBytes", response.ParamName);
        Assert.Equal("MaxErrorBodyBytes", error.ParamName);
        Assert.Equal(16 * 1024 * 1024, options.MaxResponseBodyBytes);
        Assert.Equal(64 * 1024, options.MaxErrorBodyBytes);
    }
}
