using System;
using System.Net.Http;
using System.Threading.Tasks;
using Contoso.Gateway;
using Microsoft.Extensions.DependencyInjection;
using StageGen.Aws;
using StageGen.Emulator.Tests.Infrastructure;
using Xunit;

namespace StageGen.Emulator.Tests.Signing;

/// <summary>
/// The Stage spec's <c>servers</c> and SigV4 scheme with StageGen.Aws: the signer's region decides where requests go,
/// and the client registered without a <c>configureClient</c> signs as the spec's signing name says.
/// </summary>
public sealed class ServerAndSigningTests : SignedEmulatorTest
{
    [Fact]
    public async Task AddAwsSigV4_sends_to_its_regions_endpoint_whatever_the_options_region()
    {
        var services = new ServiceCollection();
        services.AddStageClient(options => options.Region = "us-west-2")
            .AddAwsSigV4(o =>
            {
                o.Region = "eu-west-1";
                o.Service = StageClientOptions.AwsSigningName;
                o.Credentials = ExampleCredentials;
            });
        await using var provider = services.BuildServiceProvider();

        // The handler sets the HttpClient's BaseAddress as it is made; the spec's server is only the fallback without one,
        // so the host a request goes to is the one its signature's region names.
        var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient(typeof(IStageClient).FullName!);

        Assert.Equal(new Uri("https://apigateway.eu-west-1.amazonaws.com/"), http.BaseAddress);
    }

    [Fact]
    public async Task The_client_registered_from_its_options_alone_is_signed_with_the_specs_signing_name()
    {
        var services = new ServiceCollection();
        services.AddStageClient(options => options.ValidateRequests = true)
            .ConfigureHttpClient(http => http.BaseAddress = Emulator.BaseAddress)
            .AddAwsSigV4(o =>
            {
                o.Region = Region;
                o.Service = StageClientOptions.AwsSigningName;
                o.Credentials = ExampleCredentials;
            });
        await using var provider = services.BuildServiceProvider();

        Stage stage = await provider.GetRequiredService<IStageClient>().GetStageAsync(DemoApi, "prod", Cancel);

        Assert.Equal("prod", stage.StageName);
        RecordedRequest request = Assert.Single(Emulator.Requests.Snapshot());
        Assert.Contains($"/{Region}/apigateway/aws4_request", request.Headers["Authorization"]);
    }
}
