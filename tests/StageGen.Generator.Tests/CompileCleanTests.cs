using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using StageGen.Generator.Tests.Infrastructure;
using Xunit;

namespace StageGen.Generator.Tests;

/// <summary>Generated code compiles with no warnings (Nullable=enable, TreatWarningsAsErrors) for net8.0 and net10.0 consumers.</summary>
public sealed class CompileCleanTests
{
    public enum Specs
    {
        Stage,
        Inventory,

        /// <summary>All three in one compilation; inventory and catalog both declare a Problem schema, in their own namespaces.</summary>
        StageInventoryCatalog,

        /// <summary>Servers with variables, and every security scheme the client applies.</summary>
        Security,
    }

    /// <summary>A spec with the namespace and client name its generated hint names must start with.</summary>
    private sealed record Client(SpecFile Spec, string Namespace, string ClientName);

    public static TheoryData<Specs, ConsumerFramework, bool> Cases()
    {
        var data = new TheoryData<Specs, ConsumerFramework, bool>();
        foreach (var specs in new[] { Specs.Stage, Specs.Inventory, Specs.StageInventoryCatalog, Specs.Security })
        {
            foreach (var framework in new[] { ConsumerFramework.Net80, ConsumerFramework.Net100 })
            {
                data.Add(specs, framework, true);
                data.Add(specs, framework, false);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generated_code_compiles_without_warnings(Specs specs, ConsumerFramework framework, bool withHttpExtensions)
    {
        var clients = ClientsFor(specs);

        // net10.0 consumers get a newer language version; LanguageVersion.Latest is the newest this Roslyn knows. Doc
        // comments are checked as GenerateDocumentationFile checks them: a broken one fails a TreatWarningsAsErrors build.
        var run = GeneratorHarness.Run(
            clients.Select(client => client.Spec),
            framework,
            withHttpExtensions,
            languageVersion: framework == ConsumerFramework.Net80 ? LanguageVersion.CSharp12 : LanguageVersion.Latest,
            documentationMode: DocumentationMode.Diagnose);

        Assert.True(run.GeneratorWarningsAndErrors.IsEmpty, "The generator reported:\n" + GeneratorHarness.Format(run.GeneratorWarningsAndErrors));
        var hintNames = run.Sources.Keys.ToList();
        foreach (var client in clients)
        {
            var prefix = $"{client.Namespace}.{client.ClientName}.";
            Assert.True(hintNames.Any(name => name.StartsWith(prefix, System.StringComparison.Ordinal)), $"No '{prefix}*' among: {string.Join(", ", hintNames)}");
            if (withHttpExtensions)
            {
                Assert.Contains(prefix + "DependencyInjection.g.cs", hintNames);
            }
        }

        if (!withHttpExtensions)
        {
            Assert.DoesNotContain(hintNames, name => name.Contains(".DependencyInjection.", System.StringComparison.Ordinal));
        }

        Assert.True(
            run.CompilationDiagnostics.IsEmpty,
            $"{run.CompilationDiagnostics.Length} compiler warning(s)/error(s) (warnings fail a TreatWarningsAsErrors build):\n"
            + GeneratorHarness.Format(run.CompilationDiagnostics));
    }

    private static IReadOnlyList<Client> ClientsFor(Specs specs) => specs switch
    {
        Specs.Stage => [new(SpecFile.FromRepo("spec/stage.yaml", "Contoso.Gateway", "Stage"), "Contoso.Gateway", "Stage")],
        Specs.Inventory => [new(SpecFile.FromRepo("tests/specs/inventory.yaml", "Contoso.Inventory"), "Contoso.Inventory", "Inventory")],
        Specs.StageInventoryCatalog =>
        [
            new(SpecFile.FromRepo("spec/stage.yaml", "Contoso.Gateway", "Stage"), "Contoso.Gateway", "Stage"),
            new(SpecFile.FromRepo("tests/specs/inventory.yaml", "Contoso.Inventory"), "Contoso.Inventory", "Inventory"), // default ClientName
            new(SpecFile.FromRepo("tests/specs/catalog.yaml", null, "ProductCatalog"), "TestApp", "ProductCatalog"), // default Namespace: the root namespace
        ],
        Specs.Security => [new(SpecFile.FromRepo("tests/specs/features/security.yaml", "Features", "Vault"), "Features", "Vault")],
        _ => throw new System.ArgumentOutOfRangeException(nameof(specs)),
    };
}
