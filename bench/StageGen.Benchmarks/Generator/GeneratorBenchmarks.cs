using System;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace StageGen.Benchmarks.Generator;

/// <summary>
/// The generator on spec/stage.yaml. Cold: a new compilation and a new driver, run once (a command-line build).
/// Warm no-op: the driver that already ran, after an unrelated C# edit (the IDE on every keystroke); everything must
/// come from the cache and nothing may be emitted.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private GeneratorHost _host = null!;
    private WarmDriver _warm = null!;

    [GlobalSetup]
    public void Setup()
    {
        _host = new GeneratorHost("/src/spec/stage.yaml", System.IO.File.ReadAllText(Repo.File("spec/stage.yaml")));
        _warm = new WarmDriver(_host);
        GeneratorChecks.RequireStageOutput(_warm.FirstRun);
        GeneratorChecks.RequireWarmRunIsCached(_host);
    }

    [Benchmark(Description = "cold: new compilation + new driver, full run")]
    public int Cold()
    {
        var driver = _host.NewDriver().RunGenerators(_host.NewCompilation());
        return driver.GetRunResult().Results[0].GeneratedSources.Length;
    }

    [Benchmark(Description = "warm no-op: unrelated C# edit, driver re-run")]
    public GeneratorDriver WarmNoOp() => _warm.RunAfterEdit();
}

/// <summary>
/// The warm no-op on the largest corpus document (kubernetes-swagger.yaml, 3.2 MB of spec, 11 MB of C#): after an
/// unrelated C# edit everything must still come from the cache, so the cost must not grow with the spec.
/// </summary>
[MemoryDiagnoser]
public class LargestDocumentNoOpBenchmarks
{
    private const string FileName = "kubernetes-swagger.yaml";
    private WarmDriver _warm = null!;

    [GlobalSetup]
    public void Setup()
    {
        var text = System.IO.File.ReadAllText(System.IO.Path.Combine(Repo.Root, "..", "shared", "corpus", FileName));
        var host = new GeneratorHost("/corpus/" + FileName, text, "Corpus.Kubernetes", "Kubernetes");
        _warm = new WarmDriver(host);
        if (_warm.FirstRun.Results[0].GeneratedSources.Sum(s => s.SourceText.Length) < 1_000_000)
        {
            throw new InvalidOperationException("The largest corpus document gave less code than expected.");
        }

        GeneratorChecks.RequireWarmRunIsCached(host);
    }

    [Benchmark(Description = "warm no-op on the largest corpus document: unrelated C# edit, driver re-run")]
    public GeneratorDriver WarmNoOp() => _warm.RunAfterEdit();
}

/// <summary>
/// A driver that already ran on a host's compilation. Each <see cref="RunAfterEdit"/> edits the user's file again, so
/// every run sees a new compilation, as after a keystroke.
/// </summary>
public sealed class WarmDriver
{
    private readonly GeneratorHost _host;
    private readonly CSharpCompilation _compilation;
    private GeneratorDriver _driver;
    private int _edit;

    public WarmDriver(GeneratorHost host)
    {
        _host = host;
        _compilation = host.NewCompilation();
        _driver = host.NewDriver().RunGenerators(_compilation);
        FirstRun = _driver.GetRunResult();
    }

    public GeneratorDriverRunResult FirstRun { get; }

    public GeneratorDriver RunAfterEdit() => _driver = _driver.RunGenerators(_host.Edited(_compilation, ++_edit));
}

/// <summary>Scale: synthetic specs of n operations and n schemas, cold runs.</summary>
[MemoryDiagnoser]
public class GeneratorScaleBenchmarks
{
    private GeneratorHost _host = null!;

    [Params(10, 100, 1000)]
    public int Operations { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _host = new GeneratorHost("/src/spec/synthetic.yaml", SyntheticSpec.Create(Operations), "Consumer.Synthetic", "Synthetic");
        GeneratorChecks.RequireCleanOutput(_host.NewDriver().RunGenerators(_host.NewCompilation()).GetRunResult(), expectedFiles: 7);
    }

    [Benchmark(Description = "cold: new compilation + new driver, full run")]
    public int Cold()
    {
        var driver = _host.NewDriver().RunGenerators(_host.NewCompilation());
        return driver.GetRunResult().Results[0].GeneratedSources.Length;
    }
}

public static class GeneratorChecks
{
    public static void RequireStageOutput(GeneratorDriverRunResult run) => RequireCleanOutput(run, expectedFiles: 7);

    public static void RequireCleanOutput(GeneratorDriverRunResult run, int expectedFiles)
    {
        var result = run.Results.Single();
        if (result.Exception is not null || run.Diagnostics.Any(d => d.Severity >= DiagnosticSeverity.Warning) || result.GeneratedSources.Length != expectedFiles)
        {
            throw new InvalidOperationException(
                $"The generator did not produce {expectedFiles} clean files: {result.GeneratedSources.Length} files, exception {result.Exception}, " +
                string.Join("; ", run.Diagnostics.Select(d => d.ToString())));
        }
    }

    /// <summary>After an unrelated edit, every StageGen step and output is Cached or Unchanged, and the sources are the same.</summary>
    public static void RequireWarmRunIsCached(GeneratorHost host)
    {
        var compilation = host.NewCompilation();
        var driver = host.NewDriver(trackSteps: true).RunGenerators(compilation);
        var before = driver.GetRunResult().Results[0].GeneratedSources.Select(s => s.SourceText.ToString()).ToList();
        driver = driver.RunGenerators(host.Edited(compilation, 1));
        var result = driver.GetRunResult().Results[0];
        if (!StageGen.Generator.TrackingNames.All.All(result.TrackedSteps.ContainsKey) || result.TrackedOutputSteps.Count == 0)
        {
            throw new InvalidOperationException("The warm run tracked none of StageGen's steps, so nothing was checked.");
        }

        // StageGen's own steps (the compiler's input nodes, such as the compilation itself, do change) and its outputs.
        var changed = result.TrackedSteps.Where(step => StageGen.Generator.TrackingNames.All.Contains(step.Key)).Concat(result.TrackedOutputSteps)
            .SelectMany(step => step.Value.SelectMany(run => run.Outputs.Select(output => (step.Key, output.Reason))))
            .Where(x => x.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))
            .ToList();
        if (changed.Count > 0 || !before.SequenceEqual(result.GeneratedSources.Select(s => s.SourceText.ToString())))
        {
            throw new InvalidOperationException("The warm run recomputed: " + string.Join(", ", changed.Select(c => $"{c.Key}={c.Reason}")));
        }
    }
}
