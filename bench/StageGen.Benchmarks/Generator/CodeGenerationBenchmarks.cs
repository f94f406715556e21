using System;
using System.Linq;
using BenchmarkDotNet.Attributes;

namespace StageGen.Benchmarks.Generator;

/// <summary>
/// Spec to C# text, in process, on spec/stage.yaml. StageGen: its three steps (read, bind, emit every file), which is
/// what NSwag's row does (YAML parse + CSharpClientGenerator.GenerateFile, with the settings the benchmark's NSwag
/// client is built with); then the whole driver run a build does (a new driver, nothing cached; the driver also parses
/// the generated files into syntax trees), on a compilation built once (binding the consumer's references is the
/// compiler's work in every build, generator or not) and on a new one.
/// </summary>
[MemoryDiagnoser]
public class CodeGenerationBenchmarks
{
    private GeneratorHost _host = null!;
    private Microsoft.CodeAnalysis.CSharp.CSharpCompilation _compilation = null!;
    private string _yaml = null!;
    private NSwagText _nswag = null!;

    [GlobalSetup]
    public void Setup()
    {
        _yaml = System.IO.File.ReadAllText(Repo.File("spec/stage.yaml"));
        _host = new GeneratorHost("/src/spec/stage.yaml", _yaml);
        _compilation = _host.NewCompilation();
        _nswag = new NSwagText(_yaml, json: false);

        if (StageGenText() != 7 || StageGen() < 10_000 || StageGenWithNewCompilation() < 10_000 || NSwag() < 10_000)
        {
            throw new InvalidOperationException("A generator produced less code than expected.");
        }
    }

    [Benchmark(Baseline = true, Description = "StageGen: read + bind + emit (spec to C# text)")]
    public int StageGenText() => GeneratorPhases.SpecToText("/src/spec/stage.yaml", _yaml);

    [Benchmark(Description = "StageGen: new driver run (text + syntax trees)")]
    public int StageGen()
    {
        var driver = _host.NewDriver().RunGenerators(_compilation);
        return driver.GetRunResult().Results[0].GeneratedSources.Sum(s => s.SourceText.Length);
    }

    [Benchmark(Description = "StageGen: new driver run on a new compilation")]
    public int StageGenWithNewCompilation()
    {
        var driver = _host.NewDriver().RunGenerators(_host.NewCompilation());
        return driver.GetRunResult().Results[0].GeneratedSources.Sum(s => s.SourceText.Length);
    }

    [Benchmark(Description = "NSwag 14.8: YAML to C# client text")]
    public int NSwag() => _nswag.Generate();
}
