using System.Linq;
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

    private static void VerifySpec(string specName, GeneratorRun run)
    {
        Assert.True(run.GeneratorWarningsAndErrors.IsEmpty, "The generator reported:\n" + GeneratorHarness.Format(run.GeneratorWarningsAndErrors));
        Assert.NotEmpty(run.Sources);

        // All files in one call, so one run writes every received file and a file no longer generated fails too.
        var byName = run.Sources.ToDictionary(source => source.Key[..^".g.cs".Length], source => source.Value);
        Snapshot.VerifyAll(byName, specName);
    }
}
