using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using StageGen.Generator.Tests.Infrastructure;
using Xunit;

namespace StageGen.Generator.Tests;

/// <summary>
/// What <c>servers</c> and <c>securitySchemes</c> generate: the options class's members, named clear of the runtime's
/// and of each other, the default address's parts, the checks and credentials of each operation; spec text in all of
/// it as text, never code. (What arrives on the wire: the client tests' <c>ServersAndSecurityTests</c>.)
/// </summary>
public sealed class ServersAndSecurityTests
{
    private const string SpecPath = "/specs/items.yaml";

    private static GeneratorRun Run(string yaml, ConsumerFramework framework = ConsumerFramework.Net80) => GeneratorHarness.Run(
        [new SpecFile(SpecPath, yaml, "Contoso.Items", "Items")],
        framework,
        withHttpExtensions: true,
        languageVersion: framework == ConsumerFramework.Net80 ? LanguageVersion.CSharp12 : LanguageVersion.Latest,
        documentationMode: DocumentationMode.Diagnose);

    private static void AssertCompilesCleanly(GeneratorRun run)
    {
        Assert.True(run.GeneratorWarningsAndErrors.IsEmpty, "The generator reported:\n" + GeneratorHarness.Format(run.GeneratorWarningsAndErrors));
        Assert.True(run.CompilationDiagnostics.IsEmpty, GeneratorHarness.Format(run.CompilationDiagnostics));
    }

    private static string Options(GeneratorRun run) => run.Sources["Contoso.Items.Items.Options.g.cs"];

    private static string Client(GeneratorRun run) => run.Sources["Contoso.Items.Items.Client.g.cs"];

    /// <summary>One operation that the document's <paramref name="security"/> applies to, and <paramref name="rest"/> appended at the top level.</summary>
    private static string Spec(string security, string rest) => $$"""
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        security: {{security}}
        paths:
          /items:
            get:
              operationId: listItems
              responses:
                '204': {description: Done}
        {{rest}}
        """;

    [Fact]
    public void A_spec_with_a_usable_server_gets_AddClient_without_configureClient()
    {
        var run = GeneratorHarness.Run([SpecFile.FromRepo("tests/specs/features/security.yaml", "Features", "Vault")], withHttpExtensions: true);

        AssertCompilesCleanly(run);
        Assert.Contains("public static global::Microsoft.Extensions.DependencyInjection.IHttpClientBuilder AddVaultClient(this global::Microsoft.Extensions.DependencyInjection.IServiceCollection services, global::System.Action<VaultClientOptions>? configureOptions = null)", run.Sources["Features.Vault.DependencyInjection.g.cs"]);
    }

    [Fact]
    public void Without_a_usable_server_there_is_no_default_address_and_no_overload_without_configureClient()
    {
        var run = Run(Spec("[]", "servers:\n  - url: /v1"));

        Assert.Equal("SG2004", Assert.Single(run.GeneratorDiagnostics).Id);
        Assert.True(run.CompilationDiagnostics.IsEmpty, GeneratorHarness.Format(run.CompilationDiagnostics));
        Assert.DoesNotContain("DefaultBaseAddress", Options(run));
        Assert.Single(run.Sources["Contoso.Items.Items.DependencyInjection.g.cs"].Split('\n'), line => line.Contains("IHttpClientBuilder AddItemsClient(", System.StringComparison.Ordinal));
    }

    [Fact]
    public void Options_are_named_clear_of_the_runtimes_members_and_of_each_other()
    {
        var run = Run(Spec("[{partnerApiKey: [], internal: []}, {bearer: [], admin: []}]", """
            servers:
              - url: https://{validateRequests}.example.com/{defaultBaseAddress}/{apiKey}
                variables:
                  validateRequests: {default: a}
                  defaultBaseAddress: {default: b}
                  apiKey: {default: c}
                  unused: {default: d}
            components:
              securitySchemes:
                partnerApiKey: {type: apiKey, in: header, name: X-Partner}
                internal: {type: apiKey, in: query, name: key}
                bearer: {type: http, scheme: bearer}
                admin: {type: http, scheme: bearer}
                unusedKey: {type: apiKey, in: header, name: X-Unused}
              schemas:
                ItemsClientOptions:
                  type: object
                  properties:
                    name: {type: string}
            """));

        AssertCompilesCleanly(run);
        var options = Options(run);
        foreach (var member in new[]
        {
            "string ValidateRequestsValue", "string DefaultBaseAddressValue", "string ApiKey",
            "string? PartnerApiKey", "string? InternalApiKey", "string? BearerBearerToken", "BearerBearerTokenProvider", "string? AdminBearerToken", "AdminBearerTokenProvider",
        })
        {
            Assert.Contains(member + " { get; set; }", options);
        }

        // Several API key schemes are told apart by their names, so a variable named apiKey keeps its own.
        Assert.DoesNotContain("Unused", options);
        Assert.Contains("public sealed partial record ItemsClientOptionsValue", run.Sources["Contoso.Items.Items.Models.g.cs"]);
        Assert.Contains("var auth = !string.IsNullOrEmpty(_options.PartnerApiKey) && !string.IsNullOrEmpty(_options.InternalApiKey) ? 1 : (!string.IsNullOrEmpty(_options.BearerBearerToken) || _options.BearerBearerTokenProvider is not null) && (!string.IsNullOrEmpty(_options.AdminBearerToken) || _options.AdminBearerTokenProvider is not null) ? 2 : throw", Client(run));
    }

    [Fact]
    public void A_parameter_named_auth_leaves_the_choice_another_local()
    {
        var run = Run("""
            openapi: 3.1.0
            info: {title: Items, version: '1'}
            security: [{key: []}, {}]
            paths:
              /items:
                get:
                  operationId: listItems
                  parameters:
                    - {name: auth, in: query, schema: {type: string}}
                  responses:
                    '204': {description: Done}
            components:
              securitySchemes:
                key: {type: apiKey, in: query, name: api_key}
            """);

        AssertCompilesCleanly(run);
        Assert.Contains("var auth2 = !string.IsNullOrEmpty(_options.ApiKey) ? 1 : 0;", Client(run));
        Assert.Contains("if (auth2 == 1)", Client(run));
    }

    [Fact]
    public void Spec_text_in_servers_and_schemes_stays_text()
    {
        // Quotes, backslashes, comment ends and XML in every place spec text reaches: literals, docs, member names.
        var run = Run(Spec("[{\"we\\\"ird</c>\": []}, {q: []}]", """
            servers:
              - url: "https://{tenant}.example.com/a\"b\\c*/</c>/{path}"
                description: "</summary><b>*/ \" \\"
                variables:
                  tenant: {default: t, enum: [t, "x\"y\\z*/</remarks>"], description: "</remarks>\" */"}
                  path: {default: "p\"q\\r"}
              - url: "https://other.example.com/\"*/</remarks>"
            components:
              securitySchemes:
                "we\"ird</c>":
                  type: apiKey
                  in: header
                  name: X-Key'*
                  description: "</remarks><c>\" \\ */"
                q: {type: apiKey, in: query, name: "a\"b&c=d\\</c>"}
            """));

        AssertCompilesCleanly(run);
        var options = Options(run);
        Assert.Contains("""public string Path { get; set; } = "p\"q\\r";""", options);
        Assert.Contains("""private static readonly string[] s_tenantValues = { "t", "x\"y\\z*/</remarks>" };""", options);
        Assert.Contains("""ApiServer.Address(this, string.Concat("https://", global::StageGen.Runtime.CompilerServices.ApiServer.Host(Tenant, "ItemsClientOptions.Tenant", s_tenantValues), ".example.com/a\"b\\c*/</c>/", global::StageGen.Runtime.CompilerServices.ApiServer.Path(Path, "ItemsClientOptions.Path")));""", options);
        Assert.Contains("public string? WeIrdCApiKey { get; set; }", options);
        Assert.Contains("""ApiAuth.AppendApiKeyQuery(url, ref hasQuery, "a\"b&c=d\\</c>", _options.QApiKey""", Client(run));
        Assert.Contains("""ApiAuth.AddApiKeyHeader(request, "X-Key'*", _options.WeIrdCApiKey""", Client(run));
    }

    [Fact]
    public void A_variable_or_scheme_whose_CSharp_name_is_too_long_is_SG1014()
    {
        var name = new string('k', 500);
        var run = Run(Spec($"[{{a: [], {name}: []}}]", $$"""
            servers:
              - url: https://{{{name}}}.example.com
                variables:
                  {{name}}: {default: x}
            components:
              securitySchemes:
                a: {type: apiKey, in: header, name: X-A}
                {{name}}: {type: apiKey, in: header, name: X-B}
            """));

        Assert.Equal(2, run.GeneratorDiagnostics.Count(d => d.Id == "SG1014"));
        Assert.Empty(run.Sources);
    }
}
