using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Contoso.Vault;
using Microsoft.Extensions.DependencyInjection;
using StageGen.Client.Tests.Infrastructure;
using StageGen.Runtime;
using Xunit;

namespace StageGen.Client.Tests.OverTcp;

/// <summary>
/// The client generated from <c>tests/specs/features/security.yaml</c> against a Kestrel server on 127.0.0.1 that
/// records what arrives: each security scheme's credentials reach the wire as the scheme says, only on the operations
/// whose security needs them; a missing credential fails before anything is sent; and without an HttpClient
/// BaseAddress, requests go to the spec's server built from the options' variables.
/// </summary>
public sealed class ServersAndSecurityTests : IAsyncLifetime
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));
    private readonly List<HttpClient> _httpClients = new();
    private RecordingServer _server = null!;

    private CancellationToken Cancel => _timeout.Token;

    public async Task InitializeAsync() => _server = await RecordingServer.StartAsync();

    public async Task DisposeAsync()
    {
        _httpClients.ForEach(http => http.Dispose());
        await _server.DisposeAsync();
        _timeout.Dispose();
    }

    /// <summary>A client whose HttpClient has the recording server as its BaseAddress.</summary>
    private VaultClient Client(VaultClientOptions options) => new(Http(_server.BaseAddress), options);

    private HttpClient Http(Uri? baseAddress)
    {
        var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
        _httpClients.Add(http);
        return http;
    }

    /// <summary>Options with every credential the spec's schemes take.</summary>
    private static VaultClientOptions AllCredentials() => new()
    {
        ApiKey = "header-key",
        QueryKeyApiKey = "query key/ä",
        SessionApiKey = "session-7",
        BearerToken = "fixed.jwt.token",
        UserName = "alice",
        Password = "pä:ss word",
    };

    private RecordedCall Single() => Assert.Single(_server.Calls);

    private static void AssertNoCredentials(RecordedCall call)
    {
        Assert.Null(call.Header("Authorization"));
        Assert.Null(call.Header("X-Api-Key"));
        Assert.Null(call.Header("Cookie"));
        Assert.DoesNotContain("api_key", call.Target, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_api_key_header_arrives_with_the_operation_that_needs_it_and_nothing_else()
    {
        var secret = await Client(AllCredentials()).GetSecretAsync("db", Cancel);

        Assert.Equal("s", secret.Value);
        var call = Single();
        Assert.Equal("/secrets/db", call.Target);
        Assert.Equal("header-key", call.Header("X-Api-Key"));
        Assert.Null(call.Header("Authorization"));
        Assert.Null(call.Header("Cookie"));
    }

    [Fact]
    public async Task A_query_api_key_arrives_escaped_after_the_operations_own_query()
    {
        await Client(AllCredentials()).SearchAsync("a b", Cancel);

        var call = Single();
        Assert.Equal("/search?q=a%20b&api_key=query%20key%2F%C3%A4", call.Target);
        Assert.Null(call.Header("X-Api-Key"));
        Assert.Null(call.Header("Authorization"));
    }

    [Fact]
    public async Task A_bearer_token_arrives_in_the_Authorization_header()
    {
        await Client(AllCredentials()).PutSecretAsync("db", new Secret { Value = "v" }, Cancel);

        var call = Single();
        Assert.Equal("PUT", call.Method);
        Assert.Equal("Bearer fixed.jwt.token", call.Header("Authorization"));
        Assert.Null(call.Header("X-Api-Key"));
    }

    [Fact]
    public async Task A_bearer_token_provider_is_asked_for_each_request_and_wins_over_the_fixed_token()
    {
        var asked = 0;
        var options = AllCredentials();
        options.BearerTokenProvider = async token =>
        {
            await Task.Yield();
            return "fresh-" + Interlocked.Increment(ref asked);
        };
        var client = Client(options);

        await client.PutSecretAsync("a", new Secret(), Cancel);
        await client.PutSecretAsync("b", new Secret(), Cancel);

        Assert.Equal("Bearer fresh-1", _server.Calls[0].Header("Authorization"));
        Assert.Equal("Bearer fresh-2", _server.Calls[1].Header("Authorization"));
    }

    [Fact]
    public async Task The_method_with_headers_sends_the_same_request_awaiting_the_token_provider_and_reads_the_header()
    {
        var options = AllCredentials();
        options.BearerTokenProvider = async token =>
        {
            await Task.Yield();
            return "fresh";
        };
        var client = Client(options);

        var stored = await client.PutSecretWithHeadersAsync("db", new Secret { Value = "v" }, Cancel);
        await client.PutSecretAsync("db", new Secret { Value = "v" }, Cancel);

        Assert.Equal("\"v1\"", stored.Headers.ETag);
        Assert.Equal(204, stored.StatusCode);
        var calls = _server.Calls;
        Assert.Equal(2, calls.Count);
        foreach (var call in calls)
        {
            Assert.Equal(("PUT", "/secrets/db", "Bearer fresh"), (call.Method, call.Target, call.Header("Authorization")));
        }
    }

    [Fact]
    public async Task Basic_credentials_arrive_as_base64_of_the_UTF8_user_and_password()
    {
        await Client(AllCredentials()).DeleteSecretAsync("db", Cancel);

        var authorization = Single().Header("Authorization");
        Assert.NotNull(authorization);
        Assert.StartsWith("Basic ", authorization);
        Assert.Equal("alice:pä:ss word", Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..])));
    }

    [Fact]
    public async Task An_operation_whose_security_is_empty_sends_no_credentials()
    {
        await Client(AllCredentials()).GetHealthAsync(Cancel);

        AssertNoCredentials(Single());
    }

    [Fact]
    public async Task Of_several_alternatives_the_first_whose_credentials_are_set_is_sent()
    {
        await Client(AllCredentials()).GetAuditAsync(Cancel);
        await Client(new VaultClientOptions { ApiKey = "k", SessionApiKey = "s-1" }).GetAuditAsync(Cancel);
        await Client(new VaultClientOptions { ApiKey = "k" }).GetAuditAsync(Cancel);

        var calls = _server.Calls;
        Assert.Equal("Bearer fixed.jwt.token", calls[0].Header("Authorization"));
        Assert.Null(calls[0].Header("X-Api-Key"));
        Assert.Null(calls[0].Header("Cookie"));

        Assert.Null(calls[1].Header("Authorization"));
        Assert.Equal("k", calls[1].Header("X-Api-Key"));
        Assert.Equal("vault-session=s-1", calls[1].Header("Cookie"));

        // The API key without the session cookie is half an alternative; the spec's {} lets the call go without.
        AssertNoCredentials(calls[2]);
    }

    public static TheoryData<string, Func<VaultClient, CancellationToken, Task>, string> MissingCredentials => new()
    {
        { "no API key", (client, token) => client.GetSecretAsync("db", token), "GetSecret needs credentials the client's options do not have: set VaultClientOptions.ApiKey for scheme 'apiKey'. Nothing was sent." },
        { "no bearer token", (client, token) => client.PutSecretAsync("db", new Secret(), token), "set VaultClientOptions.BearerToken or VaultClientOptions.BearerTokenProvider for scheme 'bearer'" },
        { "no bearer token, with headers", (client, token) => client.PutSecretWithHeadersAsync("db", new Secret(), token), "set VaultClientOptions.BearerToken or VaultClientOptions.BearerTokenProvider for scheme 'bearer'" },
        { "no password", (client, token) => client.DeleteSecretAsync("db", token), "set VaultClientOptions.UserName and VaultClientOptions.Password for scheme 'basic'" },
        { "no query key", (client, token) => client.SearchAsync(null, token), "set VaultClientOptions.QueryKeyApiKey for scheme 'queryKey'" },
    };

    [Theory]
    [MemberData(nameof(MissingCredentials))]
    public async Task A_missing_credential_fails_before_anything_is_sent(string what, Func<VaultClient, CancellationToken, Task> call, string message)
    {
        // An empty API key is as missing as none: an unset setting often reads as "".
        var client = Client(new VaultClientOptions { ApiKey = "", UserName = "alice" });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => call(client, Cancel));

        Assert.True(error.Message.Contains(message, StringComparison.Ordinal), $"{what}: {error.Message}");
        Assert.Empty(_server.Calls);
    }

    [Theory]
    [InlineData("key\r\nX-Injected: 1")]
    [InlineData("key\n")]
    [InlineData(" key")]
    public async Task An_api_key_that_would_change_the_request_is_refused_before_sending(string key)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Client(new VaultClientOptions { ApiKey = key }).GetSecretAsync("db", Cancel));

        Assert.Contains("X-Api-Key", error.Message);
        Assert.Empty(_server.Calls);
    }

    [Theory]
    [InlineData("a;b")]
    [InlineData("a b")]
    [InlineData("ä")]
    public async Task A_cookie_key_that_is_no_cookie_value_is_refused_before_sending(string key)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Client(new VaultClientOptions { ApiKey = "k", SessionApiKey = key }).GetAuditAsync(Cancel));

        Assert.Contains("vault-session", error.Message);
        Assert.Empty(_server.Calls);
    }

    [Fact]
    public async Task A_user_name_with_a_colon_is_refused_before_sending()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Client(new VaultClientOptions { UserName = "a:b", Password = "p" }).DeleteSecretAsync("db", Cancel));

        Assert.Contains("VaultClientOptions.UserName has a ':'", error.Message);
        Assert.Empty(_server.Calls);
    }

    // ---- The default base address: the spec's first server, with the options' variables. ----

    /// <summary>Options that point the spec's server, <c>http://{host}:{port}/{basePath}</c>, at the recording server.</summary>
    private VaultClientOptions AtRecordingServer(string basePath = "v1") => new() { Host = "127.0.0.1", Port = _server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), BasePath = basePath, ApiKey = "k" };

    [Fact]
    public async Task Without_a_BaseAddress_requests_go_to_the_specs_server_with_the_options_variables()
    {
        var options = AtRecordingServer(basePath: "v2");
        var client = new VaultClient(Http(baseAddress: null), options);

        await client.GetSecretAsync("db", Cancel);
        options.BasePath = "v1";
        await client.GetSecretAsync("db", Cancel);

        Assert.Equal(["/v2/secrets/db", "/v1/secrets/db"], [_server.Calls[0].Target, _server.Calls[1].Target]);
        Assert.Equal(new Uri($"http://127.0.0.1:{_server.Port}/v1/"), options.DefaultBaseAddress);
    }

    [Fact]
    public async Task An_HttpClient_BaseAddress_wins_over_the_specs_server()
    {
        var options = new VaultClientOptions { Host = "never.invalid", ApiKey = "k" };

        await new VaultClient(Http(new Uri(_server.BaseAddress, "base/")), options).GetSecretAsync("db", Cancel);

        Assert.Equal("/base/secrets/db", Single().Target);
    }

    [Fact]
    public void The_default_address_is_the_specs_server_with_its_defaults()
    {
        Assert.Equal(new Uri("http://vault.example.com:8200/v1/"), new VaultClientOptions().DefaultBaseAddress);
        Assert.Equal(new Uri("https://apigateway.us-east-1.amazonaws.com/"), new Contoso.Gateway.StageClientOptions().DefaultBaseAddress);
        Assert.Equal(new Uri("https://apigateway.eu-west-1.amazonaws.com/"), new Contoso.Gateway.StageClientOptions { Region = "eu-west-1" }.DefaultBaseAddress);
        Assert.Equal("apigateway", Contoso.Gateway.StageClientOptions.AwsSigningName);
        Assert.Null(new Contoso.Inventory.InventoryClientOptions().DefaultBaseAddress);
    }

    public static TheoryData<Action<VaultClientOptions>, string> RefusedVariables => new()
    {
        { o => o.BasePath = "v3", "VaultClientOptions.BasePath is 'v3', which is not one of the values the spec allows: v1, v2." },
        { o => o.Host = "evil.example/x", "VaultClientOptions.Host is 'evil.example/x', which cannot be part of the server address's host" },
        { o => o.Host = "user@evil.example", "VaultClientOptions.Host is 'user@evil.example', which cannot be part of the server address's host" },
        { o => o.Port = "1#", "VaultClientOptions.Port is '1#', which cannot be part of the server address's host" },
        { o => o.Host = "", "VaultClientOptions.Host is empty" },
        { o => o.Host = null!, "VaultClientOptions.Host is null" },
        { o => o.Port = "99999", "is not an absolute http or https URL" },
    };

    [Theory]
    [MemberData(nameof(RefusedVariables))]
    public async Task A_variable_value_that_would_reshape_the_address_is_refused_before_sending(Action<VaultClientOptions> set, string message)
    {
        var options = AtRecordingServer();
        set(options);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new VaultClient(Http(baseAddress: null), options).GetHealthAsync(Cancel));

        Assert.Contains(message, error.Message);
        Assert.Empty(_server.Calls);
    }

    [Theory]
    [InlineData("v1", "v1")]
    [InlineData("a b/ü/$x", "a%20b/%C3%BC/%24x")]
    [InlineData("api/v2", "api/v2")]
    public void A_path_variable_is_escaped_segment_by_segment(string value, string escaped) =>
        Assert.Equal(escaped, StageGen.Runtime.CompilerServices.ApiServer.Path(value, "VaultClientOptions.BasePath"));

    [Theory]
    [InlineData("../admin")]
    [InlineData("a//b")]
    [InlineData("/v1")]
    [InlineData("a/.")]
    [InlineData(null)] // an unpaired surrogate, which no UTF-8 can carry (built here: xunit cannot pass one)
    public void A_path_variable_that_would_address_another_path_is_refused(string? value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => StageGen.Runtime.CompilerServices.ApiServer.Path(value ?? "v\uD800", "VaultClientOptions.BasePath"));

        Assert.StartsWith("VaultClientOptions.BasePath is '", error.Message);
        Assert.Contains("which cannot be part of the server address's path", error.Message);
    }

    [Fact]
    public async Task Without_a_BaseAddress_or_a_server_the_client_says_what_it_needs()
    {
        var client = new Contoso.Inventory.InventoryClient(Http(baseAddress: null));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetItemAsync("DE-042", Guid.NewGuid(), cancellationToken: Cancel));

        Assert.Equal("InventoryClient needs HttpClient.BaseAddress: set it to the service's root URL.", error.Message);
    }

    [Fact]
    public async Task AddVaultClient_without_configureClient_sends_to_the_specs_server_from_the_options()
    {
        var services = new ServiceCollection();
        services.AddVaultClient(options =>
        {
            options.Host = "127.0.0.1";
            options.Port = _server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            options.ApiKey = "from-di";
        });
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IVaultClient>().GetSecretAsync("db", Cancel);

        var call = Single();
        Assert.Equal("/v1/secrets/db", call.Target);
        Assert.Equal("from-di", call.Header("X-Api-Key"));
    }

    [Fact]
    public async Task A_redirect_from_the_specs_server_is_not_followed_so_the_key_goes_nowhere_else()
    {
        await using var other = RawHttpServer.Start(exchange => exchange.WriteAsync(RawHttpServer.Json("200 OK", """{"value":"someone else's"}""")));
        await using var redirecting = RawHttpServer.Start(exchange => exchange.WriteAsync(
            RawHttpServer.Response("307 Temporary Redirect", $"Location: {other.BaseAddress}v1/secrets/db\r\nContent-Length: 0")));
        var services = new ServiceCollection();
        services.AddVaultClient(options =>
        {
            options.Host = "127.0.0.1";
            options.Port = redirecting.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            options.ApiKey = "secret-key";
        });
        await using var provider = services.BuildServiceProvider();

        var error = await Assert.ThrowsAsync<ApiException>(() => provider.GetRequiredService<IVaultClient>().GetSecretAsync("db", Cancel));

        Assert.Equal(307, error.StatusCode);
        Assert.Equal("secret-key", Assert.Single(redirecting.Requests).Header("X-Api-Key"));
        Assert.Equal(0, other.Connections);
    }

    [Fact]
    public async Task The_options_alone_make_a_client_that_sends_to_the_specs_server_and_follows_no_redirect()
    {
        await new VaultClient(AtRecordingServer()).GetSecretAsync("db", Cancel);
        Assert.Equal(("/v1/secrets/db", "k"), (Single().Target, Single().Header("X-Api-Key")));

        await using var other = RawHttpServer.Start(exchange => exchange.WriteAsync(RawHttpServer.Json("200 OK", """{"value":"someone else's"}""")));
        await using var redirecting = RawHttpServer.Start(exchange => exchange.WriteAsync(
            RawHttpServer.Response("307 Temporary Redirect", $"Location: {other.BaseAddress}v1/secrets/db\r\nContent-Length: 0")));
        var client = new VaultClient(new VaultClientOptions
        {
            Host = "127.0.0.1",
            Port = redirecting.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ApiKey = "secret-key",
        });

        var error = await Assert.ThrowsAsync<ApiException>(() => client.GetSecretAsync("db", Cancel));

        Assert.Equal(307, error.StatusCode);
        Assert.Equal(0, other.Connections);
    }
}
