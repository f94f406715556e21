using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Xunit;

namespace StageGen.Aws.Tests.OverTcp;

/// <summary>AddAwsSigV4 on an IHttpClientBuilder: the signer innermost, inside the resilience handler, redirects off.</summary>
public sealed class DependencyInjectionTests
{
    private static void Sign(AwsSigV4Options o, TimeProvider clock)
    {
        o.Region = "us-east-1";
        o.Credentials = new BasicAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        o.TimeProvider = clock;
    }

    /// <summary>The standard resilience handler's retry without its waits.</summary>
    internal static void FastRetries(HttpStandardResilienceOptions o)
    {
        o.Retry.Delay = TimeSpan.FromMilliseconds(1);
        o.Retry.UseJitter = false;
        o.Retry.BackoffType = Polly.DelayBackoffType.Constant;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_429_then_200_through_the_resilience_handler_is_re_signed_whichever_was_added_first(bool signerFirst)
    {
        await using SigV4Server server = await SigV4Server.StartAsync();
        server.Script.Enqueue(HttpStatusCode.TooManyRequests);
        // Each reading of the clock a second later, so a re-signed attempt has another x-amz-date.
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow) { Step = TimeSpan.FromSeconds(1) };
        var services = new ServiceCollection();
        IHttpClientBuilder builder = services.AddHttpClient("stage", c => c.BaseAddress = server.BaseAddress);
        if (signerFirst)
        {
            builder.AddAwsSigV4(o => Sign(o, clock)).AddStandardResilienceHandler(FastRetries);
        }
        else
        {
            builder.AddStandardResilienceHandler(FastRetries);
            builder.AddAwsSigV4(o => Sign(o, clock));
        }
        using ServiceProvider provider = services.BuildServiceProvider();
        HttpClient client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("stage");

        using HttpResponseMessage response = await client.GetAsync("v2/apis/a1b2c3/stages/%24default");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        SeenRequest[] seen = server.Seen.ToArray();
        Assert.Equal(new[] { 429, 200 }, seen.Select(s => s.Status));
        Assert.All(seen, s => Assert.Null(s.Error));
        Assert.NotEqual(seen[0].AmzDate, seen[1].AmzDate);
    }

    [Fact]
    public async Task A_handler_added_after_AddAwsSigV4_still_runs_before_the_signer()
    {
        await using SigV4Server server = await SigV4Server.StartAsync();
        var probe = new ProbeHandler();
        var services = new ServiceCollection();
        services.AddHttpClient("stage", c => c.BaseAddress = server.BaseAddress)
            .AddAwsSigV4(o => Sign(o, TimeProvider.System))
            .AddHttpMessageHandler(() => probe);
        using ServiceProvider provider = services.BuildServiceProvider();
        HttpClient client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("stage");

        using HttpResponseMessage response = await client.GetAsync("v2/apis/a1b2c3/stages/prod");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The probe saw the request before it was signed, and its header was signed with the rest.
        Assert.False(probe.SawAuthorization);
        SeenRequest seen = Assert.Single(server.Seen);
        Assert.Null(seen.Error);
        Assert.Contains("x-probe", seen.SignedHeaders!.Split(';'));
    }

    [Fact]
    public async Task Redirects_are_not_followed()
    {
        await using SigV4Server server = await SigV4Server.StartAsync();
        server.Script.Enqueue(HttpStatusCode.Found);
        var services = new ServiceCollection();
        services.AddHttpClient("stage", c => c.BaseAddress = server.BaseAddress).AddAwsSigV4(o => Sign(o, TimeProvider.System));
        using ServiceProvider provider = services.BuildServiceProvider();
        HttpClient client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("stage");

        using HttpResponseMessage response = await client.GetAsync("v2/apis/a1b2c3/stages/prod");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Single(server.Seen);
    }

    [Theory]
    [InlineData("eu-west-1", false, false, "https://apigateway.eu-west-1.amazonaws.com/")]
    [InlineData("us-east-1", true, false, "https://apigateway-fips.us-east-1.amazonaws.com/")]
    [InlineData("us-east-1", false, true, "https://apigateway.us-east-1.api.aws/")]
    [InlineData("cn-north-1", false, false, "https://apigateway.cn-north-1.amazonaws.com.cn/")]
    [InlineData("us-gov-west-1", true, false, "https://apigateway-fips.us-gov-west-1.amazonaws.com/")]
    public void Without_a_base_address_the_client_gets_the_region_endpoint(string region, bool fips, bool dualStack, string expected)
    {
        var services = new ServiceCollection();
        services.AddHttpClient("stage").AddAwsSigV4(o =>
        {
            o.Region = region;
            o.UseFips = fips;
            o.UseDualStack = dualStack;
            o.Credentials = new BasicAWSCredentials("a", "b");
        });
        using ServiceProvider provider = services.BuildServiceProvider();

        HttpClient client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("stage");

        Assert.Equal(expected, client.BaseAddress!.ToString());
    }

    [Fact]
    public void A_base_address_set_by_the_client_is_kept()
    {
        var services = new ServiceCollection();
        services.AddHttpClient("stage", c => c.BaseAddress = new Uri("http://127.0.0.1:9/"))
            .AddAwsSigV4(o => { o.Region = "eu-west-1"; o.Credentials = new BasicAWSCredentials("a", "b"); });
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Equal("http://127.0.0.1:9/", provider.GetRequiredService<IHttpClientFactory>().CreateClient("stage").BaseAddress!.ToString());
    }

    private sealed class ProbeHandler : DelegatingHandler
    {
        public bool SawAuthorization { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            SawAuthorization = request.Headers.Contains("Authorization");
            request.Headers.Add("X-Probe", "seen");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
