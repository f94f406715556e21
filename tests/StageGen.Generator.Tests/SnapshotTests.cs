using System.Linq;
using Microsoft.CodeAnalysis;
using StageGen.Generator.Tests.Infrastructure;
using Xunit;

namespace StageGen.Generator.Tests;

/// <summary>
/// Every generated file is compared with <c>Snapshots/{spec}.{hint name without .g.cs}.verified.cs</c>.
/// To accept a change: review the <c>.received.cs</c> files, then rerun with <c>VERIFY_AUTOVERIFY=1</c>.
/// </summary>
public sealed class SnapshotTests
{
    [Fact]
    public void Stage() =>
        VerifySpec("stage", GeneratorHarness.Run([SpecFile.FromRepo("spec/stage.yaml", "Contoso.Gateway", "Stage")], withHttpExtensions: true));

    [Fact]
    public void Inventory() =>
        VerifySpec("inventory", GeneratorHarness.Run([SpecFile.FromRepo("tests/specs/inventory.yaml", "Contoso.Inventory")]));

    /// <summary>
    /// Small specs under <c>tests/specs/features/</c>, one feature each, so a change to one emitter shows as a small
    /// diff. Only the files that show the feature are kept (<paramref name="concerns"/>: the last part of the hint
    /// name); the two large specs above keep every file. The code must compile with no warning.
    /// </summary>
    [Theory]
    [InlineData("enums", "Enums Json Models Validation")] // a small enum and one over 16 values
    [InlineData("objects", "Json Models Validation")] // required, optional, nullable members, a map, a list
    [InlineData("errors", "Client Errors")] // an error response and its exception
    [InlineData("validation", "Validation")] // a pattern with length limits
    [InlineData("parameters", "Client Validation")] // path, query and header parameters and a body
    [InlineData("no-operations", "Client Json Models Validation")] // schemas only
    [InlineData("security", "Client Options")] // servers with variables; API key, bearer and basic credentials
    [InlineData("unions", "Enums Json Models Validation")] // oneOf/anyOf: discriminated, by token and by shape; const and integer enums; nullable variants
    [InlineData("inheritance", "Json Models Validation")] // allOf with one named base: derived records, a chain, discriminators with and without a mapping; merges kept
    [InlineData("path-queries", "Client")] // path keys with a query: fixed pairs, {parameter} pairs, names from them
    [InlineData("media", "Client")] // text and binary bodies and results; JSON chosen among alternatives
    public void Feature(string name, string concerns)
    {
        var run = GeneratorHarness.Run(
            [SpecFile.FromRepo($"tests/specs/features/{name}.yaml", "Features")],
            documentationMode: DocumentationMode.Diagnose);
        Assert.True(
            run.CompilationDiagnostics.IsEmpty,
            "The generated code does not compile cleanly:\n" + GeneratorHarness.Format(run.CompilationDiagnostics));
        VerifySpec(name, run, concerns.Split(' '));
    }

    private static void VerifySpec(string specName, GeneratorRun run, string[]? concerns = null)
    {
        Assert.True(run.GeneratorWarningsAndErrors.IsEmpty, "The generator reported:\n" + GeneratorHarness.Format(run.GeneratorWarningsAndErrors));
        Assert.NotEmpty(run.Sources);

        // All files in one call, so one run writes every received file and a file no longer generated fails too.
        var byName = run.Sources.ToDictionary(source => source.Key[..^".g.cs".Length], source => source.Value);
        if (concerns is not null)
        {
            byName = byName.Where(file => concerns.Contains(Concern(file.Key))).ToDictionary();
            Assert.Equal(concerns.Order(), byName.Keys.Select(Concern).Order());
        }

        Snapshot.VerifyAll(byName, specName);
    }

    /// <summary><c>Models</c> of <c>Features.Enums.Models</c>.</summary>
    private static string Concern(string hintName) => hintName[(hintName.LastIndexOf('.') + 1)..];
}
