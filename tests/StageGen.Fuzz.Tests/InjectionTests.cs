using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CsCheck;
using StageGen.Emulator;
using StageGen.Fuzz.Tests.Infrastructure;
using StageGen.Runtime;
using Xunit;
using Xunit.Abstractions;
using Gateway = Contoso.Gateway;
using Inventory = Contoso.Inventory;

namespace StageGen.Fuzz.Tests;

/// <summary>
/// Path, query and header injection through the generated clients, over TCP against the Stage emulator (its request log
/// has the raw request target and the decoded route values), with client-side validation on and off. A hostile value
/// is either refused before anything is sent (<see cref="ApiValidationException"/> or <see cref="ArgumentException"/>)
/// or escaped: the request has exactly the template's path segments and the server decodes the very value.
/// </summary>
public sealed class InjectionTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Api = StageStore.DemoApiId;

    private readonly List<HttpClient> _clients = new();
    private StageEmulator _emulator = null!;

    public static readonly string[] HostileSegments =
    [
        "/", "a/b", "/..", "../x", "x/..", "..", ".", "...", ". ", ".%2e", "%2e%2e", "%2E", "..%2F", "..\\", "\\", "%2F", "a%2Fb", "%",
        "%%", "%00", "%zz", "?", "a?b=c", "?x=1#y", "#", "a#b", "&", "a=b&c=d", ";", "a;b", "+", " ", "a b", "\t", "\r", "\n", "\r\n",
        "a\r\nX-Injected: 1", "a\nHost: evil", "\0", "a\0b", "\u0001", "\u007F", "é", "日本", "😀", "\u202E", "\uFEFF", "\uFFFD", "\u0085",
        "\u2028", "@", ":", "a:b", "[", "]", "{", "}", "'", "\"", "<", ">", "`", "|", "^", "~", "$default", "*", "http://evil/",
        "//evil", new string('a', 1_500), string.Concat(Enumerable.Repeat("é", 300)),
    ];

    public static TheoryData<string, bool> Cases()
    {
        var data = new TheoryData<string, bool>();
        foreach (var value in HostileSegments)
        {
            data.Add(value, true);
            data.Add(value, false);
        }

        return data;
    }

    public async Task InitializeAsync() => _emulator = await StageEmulator.StartAsync(new EmulatorOptions { SeedDemoData = true });

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await _emulator.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_hostile_stage_name_is_refused_or_stays_one_segment(string stageName, bool validate)
        => await AssertRefusedOrOneSegment(Api, stageName, validate);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_hostile_api_id_is_refused_or_stays_one_segment(string apiId, bool validate)
        => await AssertRefusedOrOneSegment(apiId, "prod", validate);

    [Fact]
    public async Task Random_values_from_a_hostile_alphabet_are_refused_or_stay_one_segment()
    {
        var alphabet = Gen.OneOf('/', '.', '%', '2', 'F', 'e', '?', '#', '&', '=', '\\', '\r', '\n', '\0', ' ', '+', 'a', 'é', '\uD83D', '\uDE00', ':', ';', '@', '$', '~');
        var gen = Gen.Select(Gen.String[alphabet, 1, 12], Gen.String[alphabet, 1, 12], Gen.Bool);
        var outcomes = new Dictionary<string, int>();
        Fuzzer.Run(output, "injection: random path values", gen, 1_000, values =>
        {
            var outcome = AssertRefusedOrOneSegment(values.Item1, values.Item2, values.Item3).GetAwaiter().GetResult();
            lock (outcomes)
            {
                outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            }
        }, threads: 1);
        output.WriteLine(string.Join(", ", outcomes.Select(o => $"{o.Key}: {o.Value:N0}")));
    }

    /// <summary>
    /// An empty segment would send <c>v2/apis//stages/prod</c>, which the server routes nowhere (or, behind some
    /// proxies, collapses into another path). Validation refuses it (apiId minLength 1, stageName pattern); without
    /// validation the path escaping does.
    /// </summary>
    [Theory]
    [InlineData("", "prod", "apiId")]
    [InlineData(Api, "", "stageName")]
    public async Task An_empty_path_segment_is_refused_even_without_validation(string apiId, string stageName, string parameter)
    {
        var (client, _) = StageClient(validate: false);
        var before = _emulator.Requests.Count;

        var exception = await Assert.ThrowsAsync<ArgumentException>(() => client.GetStageAsync(apiId, stageName));
        Assert.Equal(parameter, exception.ParamName);
        Assert.Equal(before, _emulator.Requests.Count);
    }

    // Strings with an unpaired surrogate survive neither attribute arguments nor serialized test cases (both UTF-8, so
    // U+FFFD): they are built when the test runs.
    public static TheoryData<string> UnpairedSurrogates() => new() { "\uD800", "prod\uDC00", "a\uD83Db", "next\uDC00\uD800page" };

    /// <summary>An unpaired surrogate has no UTF-8 form: sent, it would arrive as U+FFFD and address another name.</summary>
    [Theory]
    [MemberData(nameof(UnpairedSurrogates), DisableDiscoveryEnumeration = true)]
    public async Task A_path_value_with_an_unpaired_surrogate_is_refused(string apiId)
    {
        var (validating, validatingWire) = StageClient(validate: true);
        var (client, wire) = StageClient(validate: false);

        // apiId has only a minLength, which most of these pass: with validation on too, the path escaping refuses them.
        var refusal = await Record.ExceptionAsync(() => validating.GetStageAsync(apiId, "prod"));
        var exception = await Assert.ThrowsAsync<ArgumentException>(() => client.GetStageAsync(apiId, "prod"));

        Assert.True(refusal is ApiValidationException or ArgumentException { ParamName: "apiId" }, $"{refusal}");
        Assert.Equal("apiId", exception.ParamName);
        Assert.Empty(validatingWire.Targets);
        Assert.Empty(wire.Targets);
    }

    [Theory]
    [MemberData(nameof(UnpairedSurrogates), DisableDiscoveryEnumeration = true)]
    public async Task A_query_value_with_an_unpaired_surrogate_is_refused(string cursor)
    {
        var (http, wire) = Http();
        var client = new Inventory.InventoryClient(http, new Inventory.InventoryClientOptions { ValidateRequests = false });

        var exception = await Assert.ThrowsAsync<ArgumentException>(() => client.ListItemsAsync("DE-042", "tenant-1", cursor: cursor));

        Assert.Equal("cursor", exception.ParamName);
        Assert.Empty(wire.Targets);
    }

    [Theory]
    [InlineData("a\r\nX-Injected: 1", true)]
    [InlineData("a\r\nX-Injected: 1", false)]
    [InlineData("a\nX-Injected: 1", false)]
    [InlineData("a\rb", false)]
    [InlineData("a\0b", false)]
    [InlineData("\r\n\r\nGET /admin HTTP/1.1", false)]
    [InlineData("a\u0001b", false)]
    [InlineData("a\u001Fb", false)]
    [InlineData("a\u007Fb", false)]
    [InlineData("a\vb", false)]
    [InlineData(" \"etag\"", false)]
    [InlineData("\"etag\"\t", false)]
    public async Task A_header_value_with_a_control_character_edge_whitespace_or_an_unpaired_surrogate_is_refused_before_sending(string value, bool validate)
    {
        var client = InventoryClient(validate);
        var before = _emulator.Requests.Count;

        // If-None-Match has no pattern, so validation cannot catch it: the header writer must.
        await Assert.ThrowsAsync<ArgumentException>(() => client.GetItemAsync("DE-042", Guid.NewGuid(), ifNoneMatch: value));
        var refusal = await Record.ExceptionAsync(() => client.ListItemsAsync("DE-042", value));

        Assert.True(refusal is ArgumentException or ApiValidationException, $"X-Tenant-Id {Fuzzer.Escape(value)}: {refusal}");
        Assert.Equal(before, _emulator.Requests.Count);
    }

    [Theory]
    [MemberData(nameof(UnpairedSurrogates), DisableDiscoveryEnumeration = true)]
    public async Task A_header_value_with_an_unpaired_surrogate_is_refused_before_sending(string value)
    {
        var client = InventoryClient(validate: false);
        var before = _emulator.Requests.Count;

        var exception = await Assert.ThrowsAsync<ArgumentException>(() => client.GetItemAsync("DE-042", Guid.NewGuid(), ifNoneMatch: value));

        Assert.Equal("If-None-Match", exception.ParamName);
        Assert.Equal(before, _emulator.Requests.Count);
    }

    [Theory]
    [InlineData("a&limit=1000")]
    [InlineData("x#frag")]
    [InlineData("x?y=z")]
    [InlineData("%26%3D")]
    [InlineData("a b+c")]
    [InlineData("\r\n")]
    [InlineData("日本")]
    public async Task A_hostile_query_value_stays_one_query_parameter(string cursor)
    {
        var client = InventoryClient(validate: false);
        _emulator.Requests.Clear();

        await Assert.ThrowsAnyAsync<ApiException>(() => client.ListItemsAsync("DE-042", "tenant-1", limit: 5, cursor: cursor));

        var target = _emulator.Requests.Snapshot().Single().RawTarget;
        Assert.DoesNotContain('#', target);
        var query = target[(target.IndexOf('?') + 1)..].Split('&').Select(p => p.Split('=')).ToList();
        Assert.All(query, pair => Assert.Equal(2, pair.Length));
        Assert.Equal(["limit", "cursor"], query.Select(pair => pair[0]));
        Assert.Equal(cursor, Uri.UnescapeDataString(query[1][1]));
        Assert.Equal("5", query[0][1]);
    }

    [Fact]
    public async Task A_large_response_over_TCP_is_refused_when_it_is_over_the_maximum()
    {
        _emulator.Faults.Enqueue(EmulatorFault.Respond(200, "application/json", "{\"stageName\":\"" + new string('x', 2 * 1024 * 1024) + "\"}"));
        var http = new HttpClient { BaseAddress = _emulator.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        _clients.Add(http);
        var client = new Gateway.StageClient(http, new Gateway.StageClientOptions { MaxResponseBodyBytes = 64 * 1024 });

        var exception = await Assert.ThrowsAsync<ApiResponseFormatException>(() => client.GetStageAsync(Api, "prod"));

        Assert.Contains("MaxResponseBodyBytes", exception.Message);
        Assert.Null(exception.Body);
    }

    /// <summary>Returns how the value fared: "validation", "argument", "sent" or "sent, refused by Kestrel".</summary>
    private async Task<string> AssertRefusedOrOneSegment(string apiId, string stageName, bool validate)
    {
        var (client, wire) = StageClient(validate);
        var before = _emulator.Requests.Snapshot().Select(r => r.Sequence).DefaultIfEmpty(0).Max();
        Exception? thrown = null;
        try
        {
            await client.GetStageAsync(apiId, stageName);
        }
        catch (Exception ex)
        {
            thrown = ex;
        }

        var received = _emulator.Requests.Snapshot().Where(r => r.Sequence > before).ToList();
        var shown = $"apiId {Fuzzer.Escape(apiId)}, stageName {Fuzzer.Escape(stageName)}, validation {(validate ? "on" : "off")}";
        if (thrown is ApiValidationException or ArgumentException)
        {
            Assert.True(wire.Targets.Count == 0 && received.Count == 0, $"{shown}: refused ({thrown.GetType().Name}) but sent anyway: {wire.Targets.FirstOrDefault()}");
            return thrown is ApiValidationException ? "validation" : "argument";
        }

        Assert.True(thrown is null or ApiException, $"{shown}: {thrown}");
        var target = Assert.Single(wire.Targets);
        AssertOneSegmentEach(target, apiId, stageName, shown);
        if (received.Count == 0)
        {
            // Kestrel answered 400 itself (e.g. %00 in the path) before the emulator saw the request.
            Assert.True(thrown is ApiException { StatusCode: 400 }, $"{shown}: sent as {target}, not received, and {thrown}");
            return "sent, refused by Kestrel";
        }

        var request = Assert.Single(received);
        Assert.Equal(target, request.RawTarget);
        Assert.Equal(apiId, request.ApiId);
        Assert.Equal(stageName, request.StageName);
        return "sent";
    }

    /// <summary>
    /// The target is exactly <c>/v2/apis/{one segment}/stages/{one segment}</c>: no query, no fragment, no dot segment,
    /// no empty segment, nothing but printable ASCII, and each segment decodes to the very value.
    /// </summary>
    private static void AssertOneSegmentEach(string target, string apiId, string stageName, string shown)
    {
        Assert.DoesNotContain('?', target);
        Assert.DoesNotContain('#', target);
        var segments = target.Split('/');
        Assert.True(segments.Length == 6 && segments[0] == "" && segments[1] == "v2" && segments[2] == "apis" && segments[4] == "stages",
            $"{shown}: sent as {target}");
        Assert.True(segments[3].Length > 0 && segments[5].Length > 0, $"{shown}: an empty segment in {target}");
        Assert.DoesNotContain(segments.Skip(3), s => s is "." or ".." || s.Any(c => c > 0x7E || c <= ' '));
        Assert.Equal(apiId, Uri.UnescapeDataString(segments[3]));
        Assert.Equal(stageName, Uri.UnescapeDataString(segments[5]));
    }

    private (Gateway.StageClient Client, WireRecorder Wire) StageClient(bool validate)
    {
        var (http, wire) = Http();
        return (new Gateway.StageClient(http, new Gateway.StageClientOptions { ValidateRequests = validate }), wire);
    }

    private Inventory.InventoryClient InventoryClient(bool validate) => new(Http().Client, new Inventory.InventoryClientOptions { ValidateRequests = validate });

    private (HttpClient Client, WireRecorder Wire) Http()
    {
        var wire = new WireRecorder(new SocketsHttpHandler());
        var http = new HttpClient(wire) { BaseAddress = _emulator.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        lock (_clients)
        {
            _clients.Add(http);
        }

        return (http, wire);
    }

    /// <summary>Records the request target each request goes on the wire with (origin form: path and query as escaped).</summary>
    private sealed class WireRecorder(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public List<string> Targets { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Targets)
            {
                Targets.Add(request.RequestUri!.PathAndQuery);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
