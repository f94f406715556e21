using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;
using Amazon.Runtime.Signing;
using Xunit;

namespace StageGen.Aws.Tests;

/// <summary>
/// AWS's SigV4 test suite (TestData/v4, from aws-c-auth): every case that applies to a non-S3 header signer, at the
/// canonical request, string to sign, signature and Authorization levels; then AWSSDK.Core's signer on the same
/// requests. The cases that do not apply are listed with their reason, and the list is checked against the data.
/// </summary>
public sealed class V4SuiteTests
{
    private const string S3Only =
        "normalize: false is S3's path handling (no dot-segment removal); apigatewayv2 normalizes, and System.Uri removes the dot segments before any signer sees the path";

    /// <summary>The cases that do not apply to apigatewayv2, with why.</summary>
    public static readonly IReadOnlyDictionary<string, string> Skipped = new Dictionary<string, string>
    {
        ["get-relative-unnormalized"] = S3Only,
        ["get-relative-relative-unnormalized"] = S3Only,
        ["get-slash-dot-slash-unnormalized"] = S3Only,
        ["get-slash-pointless-dot-unnormalized"] = S3Only,
        ["get-slash-unnormalized"] = S3Only,
        ["get-slashes-unnormalized"] = S3Only,
        ["post-sts-header-after"] =
            "omit_session_token: the token is added after signing and left unsigned, a mode some services use; apigatewayv2 signs X-Amz-Security-Token",
    };

    /// <summary>
    /// Where AWSSDK.Core 4.1.0's AWSSigV4Signer, fed the request through a System.Uri as the handler feeds it, signs
    /// differently from the suite's rules. None arises from a generated Stage request (no empty path segment; query
    /// names are ASCII).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> SdkSignerDeviations = new Dictionary<string, string>
    {
        ["get-slash-normalized"] = "AWSSigV4Signer does not collapse '//' in the path",
        ["get-slashes-normalized"] = "AWSSigV4Signer does not collapse '//' in the path",
        ["get-vanilla-query-order-encoded"] = "AWSSigV4Signer sorts query parameters by decoded name, not by encoded name",
    };

    public static TheoryData<string> Applicable() => new(V4Vector.AllNames().Where(n => !Skipped.ContainsKey(n)));

    public static TheoryData<string> ApplicableToSdkSigner() =>
        new(V4Vector.AllNames().Where(n => !Skipped.ContainsKey(n) && !SdkSignerDeviations.ContainsKey(n)));

    public static TheoryData<string> SdkDeviating() => new(SdkSignerDeviations.Keys);

    [Fact]
    public void Suite_has_38_cases_31_apply_and_the_skip_list_is_exactly_the_inapplicable_groups_of_the_data()
    {
        List<string> all = V4Vector.AllNames().ToList();
        Assert.Equal(38, all.Count);

        // From the data: normalize=false with something to normalize (S3), and omit_session_token.
        var fromData = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string name in all)
        {
            V4Vector v = V4Vector.Load(name);
            if ((!v.Normalize && SigV4Reference.NormalizePath(v.Path) != v.Path) || v.OmitSessionToken)
            {
                fromData.Add(name);
            }
        }
        Assert.Equal(fromData, new SortedSet<string>(Skipped.Keys, StringComparer.Ordinal));
        Assert.Equal(31, all.Count - Skipped.Count);

        // From the README: its "No normalization" row less get-space-unnormalized (nothing to normalize), and its
        // "Session token not signed" row.
        string readme = TestData.Read("README.md");
        string Row(string title) => readme.Split('\n').Single(l => l.StartsWith("| " + title, StringComparison.Ordinal));
        // The group's cell: case names separated by commas, each possibly followed by a parenthesised note.
        IEnumerable<string> Names(string row) => row.Split('|')[2].Split(',').Select(s => s.Trim().Split(' ')[0]);
        var fromReadme = new SortedSet<string>(Names(Row("No normalization")).Where(n => n != "get-space-unnormalized"), StringComparer.Ordinal)
        {
            Names(Row("Session token not signed")).Single(),
        };
        Assert.Equal(fromReadme, new SortedSet<string>(Skipped.Keys, StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Applicable))]
    public void Canonical_request_string_to_sign_signature_and_authorization_match_the_suite(string name)
    {
        V4Vector v = V4Vector.Load(name);
        // The path as request.txt writes it is the path as it goes on the wire (see TestData/README.md, "Raw, unencoded path").
        string canonical = SigV4Reference.CanonicalRequest(v.Method, SigV4Reference.CanonicalPath(v.Path, v.Normalize),
            SigV4Reference.CanonicalQuery(v.Query), v.SignedHeaders(), SigV4Reference.PayloadHash(v.Body));
        Assert.Equal(v.Expected("header-canonical-request.txt"), canonical);

        string stringToSign = SigV4Reference.StringToSign(v.Timestamp, v.Region, v.Service, canonical);
        Assert.Equal(v.Expected("header-string-to-sign.txt"), stringToSign);

        string signature = SigV4Reference.Signature(v.SecretKey, v.Timestamp, v.Region, v.Service, stringToSign);
        Assert.Equal(v.Expected("header-signature.txt"), signature);

        string signedHeaders = SigV4Reference.CanonicalHeaders(v.SignedHeaders()).Signed;
        Assert.Equal(ExpectedAuthorization(v), SigV4Reference.Authorization(v.AccessKey, v.Timestamp, v.Region, v.Service, signedHeaders, signature));
    }

    [Theory]
    [MemberData(nameof(Applicable))]
    public void AWSSDK_Core_signs_the_suite_canonical_request_to_the_suite_signature(string name)
    {
        V4Vector v = V4Vector.Load(name);
        string signedHeaders = SigV4Reference.CanonicalHeaders(v.SignedHeaders()).Signed;
        AWS4SigningResult result = AWS4Signer.ComputeSignature(new ImmutableCredentials(v.AccessKey, v.SecretKey, v.Token),
            v.Region, v.Timestamp, v.Service, signedHeaders, v.Expected("header-canonical-request.txt"));
        Assert.Equal(v.Expected("header-signature.txt"), result.Signature);
        Assert.Equal(ExpectedAuthorization(v), result.ForAuthorizationHeader);
    }

    [Theory]
    [MemberData(nameof(ApplicableToSdkSigner))]
    public void AWSSigV4Signer_signs_the_suite_request_as_it_goes_on_the_wire(string name)
    {
        V4Vector v = V4Vector.Load(name);
        (Uri uri, AWSSigningResult result) = SignWithSdk(v);
        Assert.Equal(VerifiedAuthorization(v, uri, result), result.Headers["Authorization"]);
        if (v.SignBody)
        {
            // The SDK always sends x-amz-content-sha256, so the suite's own signature is reached where the suite signs the body too.
            Assert.Equal(ExpectedAuthorization(v), result.Headers["Authorization"]);
        }
    }

    [Theory]
    [MemberData(nameof(SdkDeviating))]
    public void AWSSigV4Signer_deviations_listed_are_real(string name)
    {
        V4Vector v = V4Vector.Load(name);
        (Uri uri, AWSSigningResult result) = SignWithSdk(v);
        Assert.NotEqual(VerifiedAuthorization(v, uri, result), result.Headers["Authorization"]);
    }

    /// <summary>Signs the vector's request with AWSSigV4Signer the way the handler does: through a System.Uri, body hash signed.</summary>
    private static (Uri Uri, AWSSigningResult Result) SignWithSdk(V4Vector v)
    {
        string host = v.Headers.Single(h => h.Name.Equals("Host", StringComparison.OrdinalIgnoreCase)).Value;
        var uri = new Uri("https://" + host + v.Path + (v.Query.Length > 0 ? "?" + v.Query : ""));
        var request = new AWSSigningRequest { HttpMethod = new HttpMethod(v.Method), RequestUri = uri, Content = v.Body };
        foreach (IGrouping<string, string> header in v.Headers.Where(h => !h.Name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            .GroupBy(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase))
        {
            request.Headers[header.Key] = string.Join(",", header);
        }
        AWSSigningResult result = AWSSigV4Signer.Sign(request, new AWSSigV4Parameters
        {
            Credentials = v.Token is null ? new BasicAWSCredentials(v.AccessKey, v.SecretKey) : new SessionAWSCredentials(v.AccessKey, v.SecretKey, v.Token),
            Region = RegionEndpoint.GetBySystemName(v.Region),
            Service = v.Service,
            SignPayload = true,
            SignedAt = v.Timestamp,
        });
        return (uri, result);
    }

    /// <summary>The Authorization the reference computes for the request the SDK signed, over the headers it says it signed.</summary>
    private static string VerifiedAuthorization(V4Vector v, Uri uri, AWSSigningResult result)
    {
        var sent = v.Headers.Concat(result.Headers.Where(h => h.Key != "Authorization").Select(h => (h.Key, h.Value))).ToList();
        string canonical = SigV4Reference.CanonicalRequest(v.Method, SigV4Reference.CanonicalPath(uri.AbsolutePath, normalize: true),
            SigV4Reference.CanonicalQuery(uri.Query), sent, SigV4Reference.PayloadHash(v.Body));
        string signature = SigV4Reference.Signature(v.SecretKey, v.Timestamp, v.Region, v.Service,
            SigV4Reference.StringToSign(v.Timestamp, v.Region, v.Service, canonical));
        return SigV4Reference.Authorization(v.AccessKey, v.Timestamp, v.Region, v.Service, SigV4Reference.CanonicalHeaders(sent).Signed, signature);
    }

    private static string ExpectedAuthorization(V4Vector v) =>
        v.Expected("header-signed-request.txt").Split('\n').Single(l => l.StartsWith("Authorization:", StringComparison.Ordinal))["Authorization:".Length..];
}
