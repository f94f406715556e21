using System;
using System.Net.Http;
using Amazon.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace StageGen.Aws.Tests.OverTcp;

/// <summary>
/// Where AddAwsSigV4 sends a client without a base address, and for which region it signs, when the program says
/// nothing: the AWS SDKs' shared configuration, as environment variables (an emulator or a proxy is reached this way).
/// </summary>
[Collection(nameof(ProcessEnvironment))]
public sealed class EndpointConfigurationTests
{
    private static readonly string[] Variables =
    {
        "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_APIGATEWAYV2", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "AWS_REGION", "AWS_DEFAULT_REGION",
        "AWS_PROFILE", "AWS_CONFIG_FILE",
    };

    [Theory]
    [InlineData(null, null, null, "eu-west-1", "https://apigateway.eu-west-1.amazonaws.com/")] // the region chain, then the endpoint rules
    [InlineData("http://127.0.0.1:5099", null, null, "eu-west-1", "http://127.0.0.1:5099/")]
    [InlineData("http://127.0.0.1:5099/base", "http://127.0.0.1:6000", null, "eu-west-1", "http://127.0.0.1:6000/")] // the service's own first
    [InlineData("http://127.0.0.1:5099", null, "true", "ap-south-1", "https://apigateway.ap-south-1.amazonaws.com/")]
    [InlineData("http://127.0.0.1:5099/base", null, null, "eu-west-1", "http://127.0.0.1:5099/base/")]
    public void A_client_without_a_base_address_goes_where_the_configuration_says(string? global, string? service, string? ignore, string region, string expected)
    {
        using var env = new CredentialSourceTests.EnvironmentScope(Variables);
        Set("AWS_ENDPOINT_URL", global);
        Set("AWS_ENDPOINT_URL_APIGATEWAYV2", service);
        Set("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", ignore);
        env.Set("AWS_REGION", region);

        Assert.Equal(new Uri(expected), Client().BaseAddress);
    }

    [Fact]
    public void An_endpoint_variable_that_is_no_http_URL_is_refused_naming_it()
    {
        using var env = new CredentialSourceTests.EnvironmentScope(Variables);
        env.Set("AWS_ENDPOINT_URL_APIGATEWAYV2", "ftp://example.com");
        env.Set("AWS_REGION", "us-east-1");

        var error = Assert.Throws<InvalidOperationException>(() => Client());

        Assert.Equal("AWS_ENDPOINT_URL_APIGATEWAYV2 must be an absolute http or https URL, not 'ftp://example.com'.", error.Message);
    }

    private static void Set(string name, string? value)
    {
        if (value is not null)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    private static HttpClient Client()
    {
        // The SDK finds the region once a process, as its own clients do; each case here changes it.
        FallbackRegionFactory.Reset();
        var services = new ServiceCollection();
        services.AddHttpClient("stage").AddAwsSigV4(o => o.Credentials = new BasicAWSCredentials("AKIDEXAMPLE", "secret"));
        using ServiceProvider provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IHttpClientFactory>().CreateClient("stage");
    }
}
