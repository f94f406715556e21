using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using StageGen.Benchmarks.Build;
using StageGen.Benchmarks.Clients;
using StageGen.Benchmarks.Corpus;
using StageGen.Benchmarks.Generator;

namespace StageGen.Benchmarks;

/// <summary>
/// BenchmarkDotNet's switcher (<c>--filter '*'</c>, <c>--job Dry</c>, ...), plus modes of our own:
/// <c>check</c> prints what every client sends and reads (and fails if they differ); <c>build-overhead [runs]</c> times
/// dotnet build of a consumer with the generator against the same consumer with the generated files as plain source;
/// <c>yaml [rounds] [files]</c> times YAML text to nodes, StageGen's own reader against YamlDotNet's path;
/// <c>phases [spec...]</c> shows where a generator run's time goes (read, bind, each emitter) on each spec (spec/stage.yaml
/// by default) and times its text to C# text against NSwag in process; <c>quick</c> compares the floor and StageGen in
/// turns (a rough check while working, less disturbed by a busy machine); <c>corpus</c> runs StageGen, NSwag and Kiota
/// on every corpus document and builds the peers' output (<see cref="CorpusPeers"/>), with <c>generate SPEC OUTDIR</c>
/// the StageGen run it times; <c>loop SPEC RUNS</c> runs spec text to C# text RUNS times and nothing else (for a profiler
/// such as <c>perf</c>).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "check":
                ContenderCheck.Run(new Contenders(Payloads.StageUtf8), print: true);
                return 0;
            case "build-overhead":
                return BuildOverhead.Run(args.Skip(1).ToArray());
            case "quick":
                QuickCompare.Run();
                return 0;
            case "corpus":
                return CorpusPeers.Run(args.Skip(1).ToArray());
            case "generate":
                return CorpusPeers.Generate(args[1], args[2]);
            case "yaml":
                // yaml [rounds] [files...]: YAML text to nodes, StageGen's reader against YamlDotNet's path.
                YamlReadStep.Run(
                    args.Length > 2 ? args.Skip(2).ToArray() : new[] { Repo.File("spec/stage.yaml") },
                    args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 40);
                return 0;
            case "loop":
                // loop SPEC RUNS: spec text to C# text, again and again (for a profiler).
                var loopText = System.IO.File.ReadAllText(args[1]);
                for (var run = 0; run < int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture); run++)
                {
                    GeneratorPhases.SpecToText("/src/spec/" + System.IO.Path.GetFileName(args[1]), loopText);
                }

                return 0;
            case "phases":
                GeneratorPhases.Run(args.Length > 1 ? args[1..] : [Repo.File("spec/stage.yaml")]);
                return 0;
        }

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, DefaultConfig.Instance);

        // A benchmark that did not run (its set-up threw, it did not build) fails the run, so the smoke run in .ci/run
        // fails with it: BenchmarkDotNet itself only prints it.
        var failed = summaries
            .SelectMany(summary => summary.Reports.Where(report => !report.Success).Select(report => report.BenchmarkCase.DisplayInfo)
                .Concat(summary.HasCriticalValidationErrors ? [summary.Title + ": validation errors"] : []))
            .ToList();
        failed.ForEach(name => System.Console.Error.WriteLine("bench: did not run: " + name));
        return failed.Count == 0 ? 0 : 1;
    }
}
