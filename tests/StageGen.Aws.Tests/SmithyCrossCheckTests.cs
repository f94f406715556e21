using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using CsCheck;
using StageGen.Runtime.CompilerServices;
using Xunit;

namespace StageGen.Aws.Tests;

/// <summary>
/// Random Stage requests signed twice: by <see cref="AwsSigV4Handler"/> (AWSSDK.Core's signer) and by the AWS
/// JavaScript SDK's <c>@smithy/signature-v4</c>, run by node on what the handler put on the wire (method, host, the
/// encoded path, headers, body). Both must give the same Authorization, X-Amz-Date, X-Amz-Security-Token and
/// X-Amz-Content-SHA256. The JavaScript side is installed by <c>npm ci</c> in <c>js/</c> (as <c>.ci/run</c> does);
/// without node or the package the test fails and says so.
/// </summary>
public sealed class SmithyCrossCheckTests
{
    private const int Requests = 1000;
    private const string Host = "apigateway.us-east-1.amazonaws.com";

    // Pieces a stage name or API id is made of: what a path segment must escape ($default, '/', '%', reserved and
    // sub-delimiters, space, '+'), unicode of every UTF-8 length, and plain text.
    private static readonly Gen<string> Piece = Gen.Frequency(
        (4, Gen.String[Gen.Char.AlphaNumeric, 1, 8]),
        (3, Gen.OneOf("$default", "/", "%", "%2F", "%24", " ", "+", "=", "&", "?", "#", ":", "@", "!", "'", "(", ")",
            "*", ",", ";", "[", "]", "~", "-", "_", ".", "..", "\t", "\"", "<", ">", "\\", "^", "`", "{", "|", "}")),
        (2, Gen.OneOf("é", "ß", "漢字", "ステージ", "😀", "\u00a0", "\u200b", "\ufeff", "\u0085", "Ω")),
        // Any scalar value but the surrogates and the C0 controls (a path segment carries them, escaped, but they
        // are not what names look like): one, two, three and four UTF-8 bytes.
        (1, Gen.Int[0x20, 0x10FFFF].Where(c => c is < 0xD800 or > 0xDFFF).Select(char.ConvertFromUtf32)));

    // A path segment the generated client accepts: not empty, not a dot segment.
    private static readonly Gen<string> Segment = Piece.Array[1, 5].Select(p => string.Concat(p)).Where(s => s is not ("." or ".."));

    private static readonly Gen<string> Text = Gen.Frequency((3, Gen.String[Gen.Char.AlphaNumeric, 0, 12]), (2, Segment));

    private static readonly Gen<JsonNode?> Scalar = Gen.OneOf(
        Text.Select(s => (JsonNode?)JsonValue.Create(s)),
        Gen.Long.Select(n => (JsonNode?)JsonValue.Create(n)),
        Gen.Double.Where(double.IsFinite).Select(d => (JsonNode?)JsonValue.Create(d)),
        Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
        Gen.Const((JsonNode?)null));

    private static Gen<JsonNode?> Json(int depth) => depth == 0
        ? Scalar
        : Gen.Frequency(
            (3, Scalar),
            (1, Json(depth - 1).Array[0, 4].Select(items => (JsonNode?)new JsonArray(items))),
            (2, Gen.Select(Text, Json(depth - 1)).Array[0, 5].Select(Object)));

    // Members as the body of UpdateStage: an object at the top, its members random.
    private static readonly Gen<string> Body = Gen.Select(Text, Json(2)).Array[0, 6].Select(members => Object(members)!.ToJsonString(new JsonSerializerOptions
    {
        // Unicode as UTF-8 bytes on the wire, not \u escapes, so the body hash covers multi-byte text.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    }));

    private static readonly Gen<string> AccessKeyId = Gen.String[Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"], 16, 16].Select(s => "AKIA" + s);

    private static readonly Gen<string> SecretKey = Gen.String[Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"], 40, 40];

    private static readonly Gen<string?> SessionToken = Gen.Frequency(
        (1, Gen.Const((string?)null)),
        (1, Gen.String[Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="], 16, 400].Select(s => (string?)s)));

    // Any second from 2000 to 2099 (the date and the credential scope's day).
    private static readonly Gen<DateTimeOffset> SignedAt = Gen.Long[946684800L, 4102444799L].Select(s => DateTimeOffset.FromUnixTimeSeconds(s));

    private static readonly Gen<StageRequest> Request =
        Gen.Select(Gen.OneOf("GET", "DELETE", "PATCH"), Segment, Segment, Body, AccessKeyId, SecretKey, SessionToken, SignedAt)
            .Select((method, apiId, stageName, body, keyId, secret, token, at) =>
                new StageRequest(method, apiId, stageName, method == "PATCH" ? body : null, keyId, secret, token, at));

    [Fact]
    public async Task Random_stage_requests_are_signed_exactly_as_the_JavaScript_SDK_signs_them()
    {
        string signer = SignerScript();
        await Request.Array[Requests].SampleAsync(async requests =>
        {
            var sent = new List<WireRequest>(requests.Length);
            foreach (StageRequest r in requests)
            {
                sent.Add(await SendSignedAsync(r));
            }

            IReadOnlyList<JsonElement> js = SignWithSmithy(signer, requests.Zip(sent, SmithyInput));
            Assert.Equal(requests.Length, js.Count);

            var wrong = new List<string>();
            for (int i = 0; i < requests.Length; i++)
            {
                WireRequest w = sent[i];
                JsonElement s = js[i];
                string? token = s.GetProperty("securityToken").GetString();
                if (w.Authorization != s.GetProperty("authorization").GetString() || w.AmzDate != s.GetProperty("amzDate").GetString()
                    || w.SecurityToken != token || w.ContentSha256 != s.GetProperty("contentSha256").GetString())
                {
                    wrong.Add($"{requests[i]}\n  .NET: {w.Authorization} date={w.AmzDate} sha256={w.ContentSha256} token={w.SecurityToken}\n"
                        + $"  JS:   {s.GetProperty("authorization")} date={s.GetProperty("amzDate")} sha256={s.GetProperty("contentSha256")} token={token}\n"
                        + $"  wire: {w.Method} {w.Path} {JsonSerializer.Serialize(w.Headers)}");
                }
            }
            Assert.True(wrong.Count == 0, $"{wrong.Count} of {requests.Length} requests signed differently; the first:\n" + string.Join("\n", wrong.Take(5)));
        }, iter: 1, threads: 1);
    }

    /// <summary>The wire request as the JavaScript signer is given it, with the credentials and the date of <paramref name="r"/>.</summary>
    private static string SmithyInput(StageRequest r, WireRequest w) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["method"] = w.Method,
        ["host"] = w.Host,
        ["path"] = w.Path,
        ["headers"] = w.Headers,
        ["body"] = Convert.ToBase64String(w.Body),
        ["accessKeyId"] = r.AccessKeyId,
        ["secretAccessKey"] = r.SecretKey,
        ["sessionToken"] = r.SessionToken,
        ["date"] = r.At.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["region"] = "us-east-1",
        ["service"] = "apigateway",
    });

    [Fact]
    public void The_requests_cover_what_the_signers_could_disagree_on()
    {
        StageRequest[] requests = Request.Array[Requests].Single();
        Assert.All(new[] { "GET", "DELETE", "PATCH" }, m => Assert.Contains(requests, r => r.Method == m));
        Assert.Contains(requests, r => r.StageName.Contains("$default", StringComparison.Ordinal));
        Assert.Contains(requests, r => r.StageName.Contains('/'));
        Assert.Contains(requests, r => r.StageName.Contains('%'));
        Assert.Contains(requests, r => r.StageName.Any(c => c > 0x7F));
        Assert.Contains(requests, r => r.StageName.Any(char.IsSurrogate));
        Assert.Contains(requests, r => r.SessionToken is null);
        Assert.Contains(requests, r => r.SessionToken is not null);
        Assert.Contains(requests, r => r.Body is { Length: > 2 } b && Encoding.UTF8.GetByteCount(b) > b.Length);
    }

    /// <summary>Signs <paramref name="r"/> with the handler, as the generated client builds it, and keeps what reached the wire.</summary>
    private static async Task<WireRequest> SendSignedAsync(StageRequest r)
    {
        var inner = new WireCapture();
        var options = new AwsSigV4Options
        {
            Region = "us-east-1",
            Credentials = r.SessionToken is null
                ? new BasicAWSCredentials(r.AccessKeyId, r.SecretKey)
                : new SessionAWSCredentials(r.AccessKeyId, r.SecretKey, r.SessionToken),
            TimeProvider = new ManualTimeProvider(r.At),
        };
        using var client = new HttpClient(new AwsSigV4Handler(options) { InnerHandler = inner });
        // The generated client's URI: each path parameter one escaped segment.
        string uri = string.Concat("https://", Host, "/v2/apis/", ApiHttp.EscapePathSegment(r.ApiId, "apiId"),
            "/stages/", ApiHttp.EscapePathSegment(r.StageName, "stageName"));
        using var request = new HttpRequestMessage(new HttpMethod(r.Method), uri);
        request.Headers.Accept.ParseAdd("application/json");
        if (r.Body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(r.Body));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        }
        using HttpResponseMessage response = await client.SendAsync(request);
        return inner.Sent ?? throw new InvalidOperationException("The handler sent nothing.");
    }

    /// <summary>One node process for every request: JSON lines in, JSON lines out.</summary>
    private static IReadOnlyList<JsonElement> SignWithSmithy(string script, IEnumerable<string> inputs)
    {
        var start = new ProcessStartInfo("node", [script])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
            WorkingDirectory = Path.GetDirectoryName(script)!,
        };
        Process node;
        try
        {
            node = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                "The cross-check needs node (20 or later) on PATH to run the AWS JavaScript SDK's signer: " + e.Message, e);
        }
        using (node)
        {
            Task<string> stdout = node.StandardOutput.ReadToEndAsync();
            Task<string> stderr = node.StandardError.ReadToEndAsync();
            foreach (string line in inputs)
            {
                node.StandardInput.Write(line);
                node.StandardInput.Write('\n');
            }
            node.StandardInput.Close();
            if (!node.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                node.Kill();
                throw new TimeoutException("node did not finish signing within 2 minutes.");
            }
            Assert.True(node.ExitCode == 0, $"node exited with {node.ExitCode}:\n{stderr.Result}");
            return stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        }
    }

    /// <summary>
    /// js/sign.js in the source tree, with its packages installed: <c>npm ci</c> from the lock file the first time (as
    /// <c>.ci/run</c> does), so <c>dotnet test</c> alone runs the cross-check on a machine with node and npm.
    /// </summary>
    private static string SignerScript([CallerFilePath] string thisFile = "")
    {
        string js = Path.Combine(Path.GetDirectoryName(thisFile)!, "js");
        string[] packages =
        {
            Path.Combine(js, "node_modules", "@smithy", "signature-v4", "package.json"),
            Path.Combine(js, "node_modules", "@aws-crypto", "sha256-js", "package.json"),
        };
        if (!packages.All(File.Exists))
        {
            var start = new ProcessStartInfo("npm") { WorkingDirectory = js, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string argument in new[] { "ci", "--no-audit", "--no-fund" })
            {
                start.ArgumentList.Add(argument);
            }
            using Process npm = Process.Start(start) ?? throw new InvalidOperationException("npm could not be started.");
            Task<string> output = npm.StandardOutput.ReadToEndAsync();
            Task<string> errors = npm.StandardError.ReadToEndAsync();
            Assert.True(npm.WaitForExit(TimeSpan.FromMinutes(5)), $"npm ci in {js} did not finish within 5 minutes.");
            Assert.True(npm.ExitCode == 0, $"npm ci in {js} failed ({npm.ExitCode}):\n{output.Result}\n{errors.Result}");
        }
        Assert.True(packages.All(File.Exists), $"@smithy/signature-v4 and @aws-crypto/sha256-js are not installed in {js} after npm ci.");
        return Path.Combine(js, "sign.js");
    }

    private static JsonNode? Object((string Name, JsonNode? Value)[] members)
    {
        var o = new JsonObject();
        foreach ((string name, JsonNode? value) in members)
        {
            o[name] = value;
        }
        return o;
    }

    private sealed record StageRequest(string Method, string ApiId, string StageName, string? Body, string AccessKeyId,
        string SecretKey, string? SessionToken, DateTimeOffset At)
    {
        public override string ToString() =>
            $"{Method} apiId={JsonSerializer.Serialize(ApiId)} stageName={JsonSerializer.Serialize(StageName)} token={SessionToken is not null} at={At:O} body={Body}";
    }

    /// <summary>What the handler put on the wire: the request line's parts, the headers but the signing ones, the body; and the signing headers.</summary>
    private sealed record WireRequest(string Method, string Host, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body,
        string? Authorization, string? AmzDate, string? SecurityToken, string? ContentSha256);

    /// <summary>The end of the chain: keeps the signed request as it would be sent and answers 200.</summary>
    private sealed class WireCapture : HttpMessageHandler
    {
        // Set by the handler; the JavaScript signer adds them itself.
        private static readonly HashSet<string> Signing = new(StringComparer.OrdinalIgnoreCase)
        {
            "Authorization", "X-Amz-Date", "X-Amz-Security-Token", "X-Amz-Content-SHA256",
        };

        public WireRequest? Sent { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Uri uri = request.RequestUri!;
            var headers = new SortedDictionary<string, string>(StringComparer.Ordinal);
            IEnumerable<KeyValuePair<string, HeaderStringValues>> all = request.Headers.NonValidated;
            byte[] body = [];
            if (request.Content is { } content)
            {
                body = await content.ReadAsByteArrayAsync(cancellationToken);
                all = all.Concat(content.Headers.NonValidated);
            }
            foreach (KeyValuePair<string, HeaderStringValues> h in all)
            {
                if (!Signing.Contains(h.Key))
                {
                    // As the transport writes it: several values on one line.
                    headers[h.Key.ToLowerInvariant()] = h.Value.ToString();
                }
            }
            string? Header(string name) => request.Headers.NonValidated.TryGetValues(name, out HeaderStringValues v) ? v.ToString() : null;
            // The path as it goes on the request line.
            Sent = new WireRequest(request.Method.Method, uri.Authority, uri.PathAndQuery, headers, body,
                Header("Authorization"), Header("X-Amz-Date"), Header("X-Amz-Security-Token"), Header("X-Amz-Content-SHA256"));
            return new HttpResponseMessage(System.Net.HttpStatusCode.OK) { RequestMessage = request };
        }
    }
}
