using System;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Contoso.Gateway;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using StageGen.Aws;
using StageGen.Aws.Tests;
using StageGen.Emulator.Tests.Infrastructure;
using StageGen.Runtime;
using Xunit;

namespace StageGen.Emulator.Tests.Signing;

/// <summary>The emulator refuses what the service refuses, with the service's 403s, and accepts what StageGen.Aws signs.</summary>
public sealed class SignatureTests : SignedEmulatorTest
{
    private const string BadSignature = "The request signature we calculated does not match the signature you provided.";

    [Fact]
    public async Task A_signed_client_gets_updates_and_deletes_stages()
    {
        IStageClient client = SignedClient();

        Stage prod = await client.GetStageAsync(DemoApi, "prod", Cancel);
        Stage updated = await client.UpdateStageAsync(DemoApi, "prod", new UpdateStageInput { Description = "signed ünïcode" }, Cancel);
        // $default is %24default on the wire and %2524default in the canonical request.
        Stage managed = await client.GetStageAsync(DemoApi, "$default", Cancel);
        await client.DeleteStageAsync(DemoApi, "prod", Cancel);

        Assert.Equal("prod", prod.StageName);
        Assert.Equal("signed ünïcode", updated.Description);
        Assert.Equal("$default", managed.StageName);
        RecordedRequest[] requests = [.. Emulator.Requests.Snapshot()];
        Assert.Equal(4, requests.Length);
        Assert.All(requests, request =>
        {
            Assert.StartsWith($"AWS4-HMAC-SHA256 Credential={EmulatorSigV4.ExampleAccessKeyId}/", request.Headers["Authorization"]);
            Assert.Contains($"/{Region}/apigateway/aws4_request", request.Headers["Authorization"]);
        });
        Assert.Equal("/v2/apis/a1b2c3/stages/%24default", requests[2].RawTarget);
    }

    [Fact]
    public async Task An_unsigned_request_gets_MissingAuthenticationTokenException()
    {
        var exception = await Assert.ThrowsAsync<MissingAuthenticationTokenException>(() => new StageClient(Client).GetStageAsync(DemoApi, "prod", Cancel));

        Assert.Equal(403, exception.StatusCode);
        Assert.Equal("MissingAuthenticationTokenException", exception.ErrorCode);
        Assert.Equal("""{"message":"Missing Authentication Token"}""", exception.Body);
        Assert.NotNull(Emulator.Store.GetStage(DemoApi, "prod")); // and nothing was done
    }

    [Fact]
    public async Task A_wrong_secret_gets_InvalidSignatureException_showing_what_the_service_signed()
    {
        IStageClient client = SignedClient(new BasicAWSCredentials(EmulatorSigV4.ExampleAccessKeyId, "not-the-secret"));

        var exception = await Assert.ThrowsAsync<InvalidSignatureException>(() => client.DeleteStageAsync(DemoApi, "$default", Cancel));

        Assert.Equal(403, exception.StatusCode);
        Assert.Equal("InvalidSignatureException", exception.ErrorCode);
        Assert.StartsWith(BadSignature, exception.ServiceMessage);
        Assert.Contains("The Canonical String for this request should have been\n'DELETE\n/v2/apis/a1b2c3/stages/%2524default\n\n", exception.ServiceMessage);
        Assert.Contains("The String-to-Sign should have been\n'AWS4-HMAC-SHA256\n", exception.ServiceMessage);
        Assert.NotNull(Emulator.Store.GetStage(DemoApi, "$default"));
    }

    [Fact]
    public async Task A_wrong_region_gets_InvalidSignatureException_naming_the_scope()
    {
        IStageClient client = SignedClient(configure: o => o.Region = "eu-west-1");

        var exception = await Assert.ThrowsAsync<InvalidSignatureException>(() => client.GetStageAsync(DemoApi, "prod", Cancel));

        Assert.Equal(403, exception.StatusCode);
        Assert.Equal("InvalidSignatureException", exception.ErrorCode);
        Assert.Equal("Credential should be scoped to a valid region, not 'eu-west-1'. ", exception.ServiceMessage);
    }

    [Fact]
    public async Task A_body_changed_after_signing_gets_InvalidSignatureException()
    {
        var signer = new AwsSigV4Handler(new AwsSigV4Options { Region = Region, Credentials = ExampleCredentials })
        {
            InnerHandler = new TamperingHandler { InnerHandler = new SocketsHttpHandler() },
        };

        var exception = await Assert.ThrowsAsync<InvalidSignatureException>(() =>
            ClientOver(signer).UpdateStageAsync(DemoApi, "prod", new UpdateStageInput { Description = "paid" }, Cancel));

        Assert.Equal(403, exception.StatusCode);
        Assert.Equal("InvalidSignatureException", exception.ErrorCode);
        Assert.StartsWith(BadSignature, exception.ServiceMessage);
        Assert.Contains("\"description\":\"said\"", Assert.Single(Emulator.Requests.Snapshot()).Body);
        Assert.DoesNotContain("said", Emulator.Store.GetStage(DemoApi, "prod")!.Description);
    }

    [Fact]
    public async Task A_temporary_key_needs_its_session_token()
    {
        IStageClient withToken = SignedClient(new SessionAWSCredentials(TemporaryKeyId, TemporarySecret, SessionToken));
        IStageClient withOtherToken = SignedClient(new SessionAWSCredentials(TemporaryKeyId, TemporarySecret, "another-token"));
        IStageClient withoutToken = SignedClient(new BasicAWSCredentials(TemporaryKeyId, TemporarySecret));
        IStageClient unknownKey = SignedClient(new BasicAWSCredentials("AKIDUNKNOWN", EmulatorSigV4.ExampleSecretAccessKey));

        Stage stage = await withToken.GetStageAsync(DemoApi, "prod", Cancel);

        Assert.Equal("prod", stage.StageName);
        Assert.Equal(SessionToken, Emulator.Requests.Snapshot()[0].Headers["X-Amz-Security-Token"]);
        foreach (IStageClient client in new[] { withOtherToken, withoutToken, unknownKey })
        {
            var exception = await Assert.ThrowsAsync<UnrecognizedClientException>(() => client.GetStageAsync(DemoApi, "prod", Cancel));
            Assert.Equal(403, exception.StatusCode);
            Assert.Equal("UnrecognizedClientException", exception.ErrorCode);
            Assert.Equal("The security token included in the request is invalid.", exception.ServiceMessage);
        }
    }

    [Fact]
    public async Task An_expired_session_gets_ExpiredTokenException()
    {
        IStageClient client = SignedClient(new SessionAWSCredentials(ExpiredKeyId, TemporarySecret, SessionToken));

        var exception = await Assert.ThrowsAsync<ExpiredTokenException>(() => client.GetStageAsync(DemoApi, "prod", Cancel));

        Assert.Equal(403, exception.StatusCode);
        Assert.Equal("The security token included in the request is expired", exception.Message);
    }

    [Fact]
    public async Task A_key_allowed_only_to_read_gets_AccessDeniedException_on_a_change()
    {
        IStageClient client = SignedClient(new BasicAWSCredentials(ReadOnlyKeyId, EmulatorSigV4.ExampleSecretAccessKey));

        Stage stage = await client.GetStageAsync(DemoApi, "prod", Cancel);
        var exception = await Assert.ThrowsAsync<AccessDeniedException>(() => client.DeleteStageAsync(DemoApi, "prod", Cancel));

        Assert.Equal("prod", stage.StageName);
        Assert.Equal(403, exception.StatusCode);
        Assert.Equal($"User: arn:aws:iam::123456789012:user/{ReadOnlyKeyId} is not authorized to perform: apigateway:DELETE on resource: "
            + "arn:aws:apigateway:us-east-1::/apis/a1b2c3/stages/prod because no identity-based policy allows the apigateway:DELETE action", exception.Message);
        Assert.NotNull(Emulator.Store.GetStage(DemoApi, "prod"));
    }

    [Fact]
    public async Task A_clock_an_hour_behind_is_refused_as_expired_with_the_server_Date()
    {
        IStageClient client = ClientWithClockOff(TimeSpan.FromHours(-1), correctClockSkew: false);

        var exception = await Assert.ThrowsAsync<InvalidSignatureException>(() => client.GetStageAsync(DemoApi, "prod", Cancel));

        Assert.Equal(403, exception.StatusCode);
        Assert.Equal("InvalidSignatureException", exception.ErrorCode);
        RecordedRequest request = Assert.Single(Emulator.Requests.Snapshot());
        string signedAt = request.Headers["X-Amz-Date"];
        DateTimeOffset now = request.ReceivedAt;
        Assert.Equal($"Signature expired: {signedAt} is now earlier than {AmzDate(now.AddMinutes(-5))} ({AmzDate(now)} - 5 min.)",
            exception.ServiceMessage);
        Assert.Equal(now.ToString("R", CultureInfo.InvariantCulture), exception.GetHeader("Date"));
    }

    [Fact]
    public async Task A_clock_an_hour_ahead_is_refused_as_not_yet_current()
    {
        IStageClient client = ClientWithClockOff(TimeSpan.FromHours(1), correctClockSkew: false);

        var exception = await Assert.ThrowsAsync<InvalidSignatureException>(() => client.GetStageAsync(DemoApi, "prod", Cancel));

        Assert.Equal("InvalidSignatureException", exception.ErrorCode);
        Assert.StartsWith($"Signature not yet current: {Assert.Single(Emulator.Requests.Snapshot()).Headers["X-Amz-Date"]} is still later than ",
            exception.ServiceMessage);
    }

    [Fact]
    public async Task A_skew_of_one_hour_is_corrected_with_exactly_one_retry()
    {
        IStageClient client = ClientWithClockOff(TimeSpan.FromHours(-1), correctClockSkew: true);

        Stage first = await client.GetStageAsync(DemoApi, "prod", Cancel);
        Stage second = await client.GetStageAsync(DemoApi, "$default", Cancel);

        Assert.Equal("prod", first.StageName);
        Assert.Equal("$default", second.StageName);
        // The first call: refused as expired, then re-signed with the learned offset; the second call needs no retry.
        RecordedRequest[] requests = [.. Emulator.Requests.Snapshot()];
        Assert.Equal(3, requests.Length);
        Assert.Equal(["prod", "prod", "$default"], requests.Select(r => r.StageName));
        TimeSpan corrected = ParseAmzDate(requests[1].Headers["X-Amz-Date"]) - ParseAmzDate(requests[0].Headers["X-Amz-Date"]);
        Assert.InRange(corrected, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));
        Assert.InRange(ParseAmzDate(requests[1].Headers["X-Amz-Date"]) - requests[1].ReceivedAt, TimeSpan.FromSeconds(-5), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_429_retried_by_the_resilience_handler_is_signed_again()
    {
        IStageClient client = SignedClient(configureBuilder: builder => builder.AddStandardResilienceHandler(o =>
        {
            o.Retry.Delay = TimeSpan.FromMilliseconds(10);
            o.Retry.BackoffType = DelayBackoffType.Constant;
            o.Retry.UseJitter = false;
        }));
        // Retry-After: 1 s, so the retry is signed at a later second than the first attempt.
        Emulator.Faults.Enqueue(EmulatorFault.TooManyRequests(retryAfterSeconds: 1));

        Stage stage = await client.GetStageAsync(DemoApi, "prod", Cancel);

        Assert.Equal("prod", stage.StageName);
        RecordedRequest[] requests = [.. Emulator.Requests.Snapshot()];
        Assert.Equal(2, requests.Length);
        Assert.Equal("TooManyRequests 1s", requests[0].Fault); // a fault only meets requests whose signature is right
        Assert.Null(requests[1].Fault);
        Assert.NotEqual(requests[0].Headers["X-Amz-Date"], requests[1].Headers["X-Amz-Date"]);
        Assert.NotEqual(requests[0].Headers["Authorization"], requests[1].Headers["Authorization"]);
        // The resilience handler is the client's only retry: AddAwsSigV4 added none of its own.
        Assert.All(requests, r => Assert.False(r.Headers.ContainsKey("amz-sdk-request")));
    }

    [Fact]
    public async Task A_malformed_Authorization_gets_IncompleteSignatureException()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, StagePath(DemoApi, "prod"));
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/apigateway/aws4_request");

        using HttpResponseMessage response = await Client.SendAsync(request, Cancel);

        var body = await AssertErrorAsync(response, HttpStatusCode.Forbidden, "IncompleteSignatureException");
        Assert.Equal("Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. "
            + "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
            + "Authorization=AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/apigateway/aws4_request",
            body.GetProperty("message").GetString());
    }

    /// <summary>A signed client whose clock is <paramref name="offset"/> away from the emulator's.</summary>
    private IStageClient ClientWithClockOff(TimeSpan offset, bool correctClockSkew) => SignedClient(configure: o =>
    {
        o.TimeProvider = new ManualTimeProvider(DateTimeOffset.UtcNow + offset);
        o.CorrectClockSkew = correctClockSkew;
    });

    private static string AmzDate(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseAmzDate(string value) =>
        DateTimeOffset.ParseExact(value, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    /// <summary>Changes the signed body on its way to the wire: "paid" becomes "said", same length.</summary>
    private sealed class TamperingHandler : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            string json = await request.Content!.ReadAsStringAsync(cancellationToken);
            var tampered = new StringContent(json.Replace("paid", "said", StringComparison.Ordinal), Encoding.UTF8);
            tampered.Headers.ContentType = request.Content.Headers.ContentType;
            request.Content = tampered;
            return await base.SendAsync(request, cancellationToken);
        }
    }
}

/// <summary>Without <see cref="EmulatorOptions.SigV4"/>, the emulator takes unsigned and signed requests alike.</summary>
public sealed class UnsignedAccessTests : EmulatorTest
{
    [Fact]
    public async Task Unsigned_access_is_the_default_and_takes_signed_requests_too()
    {
        using HttpResponseMessage unsigned = await GetAsync(DemoApi, "prod");
        using var signer = new AwsSigV4Handler(new AwsSigV4Options
        {
            Region = "us-east-1",
            Credentials = new BasicAWSCredentials("AKIDANY", "any-secret"),
        }) { InnerHandler = new SocketsHttpHandler() };
        using var http = new HttpClient(signer) { BaseAddress = Emulator.BaseAddress };
        using HttpResponseMessage signed = await http.GetAsync(StagePath(DemoApi, "prod"), Cancel);

        Assert.Equal(HttpStatusCode.OK, unsigned.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
    }
}
