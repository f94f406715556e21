using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using BenchmarkDotNet.Attributes;
using StageGen.Aws;
using Gen = StageGen.Benchmarks.Generated;

namespace StageGen.Benchmarks.Clients;

/// <summary>
/// What SigV4 signing (StageGen.Aws's <see cref="AwsSigV4Handler"/>) adds to a GetStage call through the generated
/// client: the same call over the same in-memory handler, unsigned and signed (with the system clock, as in use), and
/// signed inside <see cref="AwsRetryHandler"/> as AddAwsSigV4 chains them (a call that succeeds: no retry, the quota's
/// token given back).
/// </summary>
[MemoryDiagnoser]
public class SigningBenchmarks
{
    private Gen.StageClient _unsigned = null!;
    private Gen.StageClient _signed = null!;
    private Gen.StageClient _signedWithToken = null!;
    private Gen.StageClient _signedWithRetry = null!;

    [GlobalSetup]
    public void Setup()
    {
        var canned = new CannedHandler(Payloads.StageUtf8);
        _unsigned = new Gen.StageClient(new HttpClient(canned) { BaseAddress = Payloads.BaseAddress });
        _signed = Signed(canned, new BasicAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));
        _signedWithToken = Signed(canned, new SessionAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "FQoGZXIvYXdzEXAMPLETOKEN"));
        _signedWithRetry = Signed(canned, new BasicAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), retry: true);

        // The signed clients really sign: the same call over a handler that looks at the headers.
        var check = new SignatureCheck(canned);
        var checkedClient = Signed(check, new BasicAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));
        Gen.Stage stage = checkedClient.GetStageAsync(Payloads.ApiId, Payloads.StageName).GetAwaiter().GetResult();
        if (stage.StageName != Payloads.StageName || !check.SawSignature)
        {
            throw new InvalidOperationException($"The signed GetStage did not send a SigV4 Authorization (sent: {check.SawSignature}) or read the Stage ({stage.StageName}).");
        }
    }

    private static Gen.StageClient Signed(HttpMessageHandler inner, AWSCredentials credentials, bool retry = false)
    {
        var signer = new AwsSigV4Handler(new AwsSigV4Options { Region = "us-east-1", Credentials = credentials }) { InnerHandler = inner };
        HttpMessageHandler outer = retry ? new AwsRetryHandler(new AwsRetryOptions()) { InnerHandler = signer } : signer;
        return new Gen.StageClient(new HttpClient(outer) { BaseAddress = Payloads.BaseAddress });
    }

    [Benchmark(Baseline = true, Description = "GetStage, unsigned")]
    public Task<Gen.Stage> Unsigned() => _unsigned.GetStageAsync(Payloads.ApiId, Payloads.StageName);

    [Benchmark(Description = "GetStage, SigV4-signed")]
    public Task<Gen.Stage> Signed() => _signed.GetStageAsync(Payloads.ApiId, Payloads.StageName);

    [Benchmark(Description = "GetStage, SigV4-signed, session token")]
    public Task<Gen.Stage> SignedWithToken() => _signedWithToken.GetStageAsync(Payloads.ApiId, Payloads.StageName);

    [Benchmark(Description = "GetStage, SigV4-signed, AWS standard retry")]
    public Task<Gen.Stage> SignedWithRetry() => _signedWithRetry.GetStageAsync(Payloads.ApiId, Payloads.StageName);

    private sealed class SignatureCheck : DelegatingHandler
    {
        public SignatureCheck(HttpMessageHandler inner) : base(inner) { }

        public bool SawSignature { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            SawSignature = request.Headers.NonValidated.TryGetValues("Authorization", out HeaderStringValues authorization)
                && authorization.ToString().StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/", StringComparison.Ordinal)
                && request.Headers.NonValidated.Contains("X-Amz-Date");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
