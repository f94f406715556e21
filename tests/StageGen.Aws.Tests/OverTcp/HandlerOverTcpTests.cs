using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Tasks;
using Amazon.Runtime;
using Xunit;

namespace StageGen.Aws.Tests.OverTcp;

/// <summary>AwsSigV4Handler against a Kestrel server on 127.0.0.1 that recomputes each signature.</summary>
public sealed class HandlerOverTcpTests
{
    private static readonly BasicAWSCredentials Example = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

    private static HttpClient Client(SigV4Server server, AwsSigV4Options options) =>
        new(new AwsSigV4Handler(options) { InnerHandler = new SocketsHttpHandler { AllowAutoRedirect = false } }) { BaseAddress = server.BaseAddress };

    private static AwsSigV4Options Options(Action<AwsSigV4Options>? configure = null)
    {
        var options = new AwsSigV4Options { Region = "us-east-1", Credentials = Example };
        configure?.Invoke(options);
        return options;
    }

    [Theory]
    [InlineData("v2/apis/a1b2c3/stages/%24default")]
    [InlineData("v2/apis/a1b2c3/stages/prod%2Fv1")]
    [InlineData("v2/apis/a1b2c3/stages/%E1%88%B4%20x%2B?maxResults=5&nextToken=a%2Bb%3D")]
    public async Task A_signed_GET_is_accepted_with_the_encoded_wire_path(string target)
    {
        await using SigV4Server server = await SigV4Server.StartAsync();
        using HttpClient client = Client(server, Options());

        using HttpResponseMessage response = await client.GetAsync(target);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        SeenRequest seen = Assert.Single(server.Seen);
        Assert.Equal("/" + target, seen.RawTarget);
    }

    [Fact]
    public async Task A_JSON_body_is_hashed_and_signed_and_arrives_unchanged()
    {
        await using SigV4Server server = await SigV4Server.StartAsync();
        using HttpClient client = Client(server, Options());
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"description\":\"Production, throttled\"}"));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using HttpResponseMessage response = await client.PatchAsync("v2/apis/a1b2c3/stages/prod", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(server.Seen);
    }

    [Fact]
    public async Task A_stream_body_is_buffered_once_so_it_can_be_hashed_and_sent_again_after_a_skew_retry()
    {
        await using SigV4Server server = await SigV4Server.StartAsync();
        server.ClockOffset = TimeSpan.FromHours(1);
        using HttpClient client = Client(server, Options());
        using var content = new StreamContent(new System.IO.MemoryStream(Encoding.UTF8.GetBytes("{\"a\":1}")));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using HttpResponseMessage response = await client.PostAsync("v2/apis/a1b2c3/stages", content);

        // The retry carried the same body: the server checked its hash against the signed x-amz-content-sha256.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new[] { "InvalidSignatureException", null }, server.Seen.Select(s => s.Error));
    }

    [Fact]
    public async Task Temporary_credentials_add_a_signed_security_token()
    {
        await using SigV4Server server = await SigV4Server.StartAsync();
        using HttpClient client = Client(server, Options(o => o.Credentials = new SessionAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "TOKEN/with+odd=chars")));

        using HttpResponseMessage response = await client.DeleteAsync("v2/apis/a1b2c3/stages/prod");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("TOKEN/with+odd=chars", Assert.Single(server.Seen).SecurityToken);
    }

    [Fact]
    public async Task A_wrong_secret_gets_InvalidSignatureException_and_is_not_retried()
    {
        await using SigV4Server server = await SigV4Server.StartAsync();
        using HttpClient client = Client(server, Options(o => o.Credentials = new BasicAWSCredentials("AKIDEXAMPLE", "wrong")));

        using HttpResponseMessage response = await client.GetAsync("v2/apis/a1b2c3/stages/prod");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("InvalidSignatureException", Assert.Single(server.Seen).Error);
        Assert.StartsWith("InvalidSignatureException:", response.Headers.GetValues("x-amzn-ErrorType").Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(-1)]
    public async Task A_server_clock_one_hour_off_is_corrected_with_exactly_one_retry_and_remembered(int hours)
    {
        await using SigV4Server server = await SigV4Server.StartAsync();
        server.ClockOffset = TimeSpan.FromHours(hours);
        using HttpClient client = Client(server, Options());

        using HttpResponseMessage first = await client.GetAsync("v2/apis/a1b2c3/stages/prod");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        SeenRequest[] seen = server.Seen.ToArray();
        Assert.Equal(2, seen.Length);
        Assert.Equal("InvalidSignatureException", seen[0].Error);
        Assert.Null(seen[1].Error);
        Assert.NotEqual(seen[0].AmzDate, seen[1].AmzDate);

        // The offset is kept for the endpoint: the next call is signed right the first time.
        using HttpResponseMessage second = await client.GetAsync("v2/apis/a1b2c3/stages/prod");
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(3, server.Seen.Count);
    }

    [Fact]
    public async Task RequestTimeTooSkewed_in_the_body_is_corrected_whatever_the_difference()
    {
        await using SigV4Server server = await SigV4Server.StartAsync();
        server.ClockOffset = TimeSpan.FromMinutes(10);
        server.ExpiredAs = ("RequestTimeTooSkewed", false);
        using HttpClient client = Client(server, Options());

        using HttpResponseMessage response = await client.GetAsync("v2/apis/a1b2c3/stages/prod");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new[] { "RequestTimeTooSkewed", null }, server.Seen.Select(s => s.Error));
    }

    [Fact]
    public async Task Without_skew_correction_the_403_comes_back_after_one_request()
    {
        await using SigV4Server server = await SigV4Server.StartAsync();
        server.ClockOffset = TimeSpan.FromHours(1);
        using HttpClient client = Client(server, Options(o => o.CorrectClockSkew = false));

        using HttpResponseMessage response = await client.GetAsync("v2/apis/a1b2c3/stages/prod");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Single(server.Seen);
    }

    [Fact]
    public async Task The_fixed_clock_is_the_signing_date()
    {
        await using SigV4Server server = await SigV4Server.StartAsync();
        var clock = new ManualTimeProvider(new DateTimeOffset(DateTime.UtcNow.Year, 1, 1, 0, 0, 0, TimeSpan.Zero));
        server.ClockOffset = clock.Now - DateTimeOffset.UtcNow;
        using HttpClient client = Client(server, Options(o => o.TimeProvider = clock));

        using HttpResponseMessage response = await client.GetAsync("v2/apis/a1b2c3/stages/prod");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"{DateTime.UtcNow.Year}0101T000000Z", Assert.Single(server.Seen).AmzDate);
    }
}
