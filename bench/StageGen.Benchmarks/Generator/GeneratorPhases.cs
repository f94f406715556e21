using System;
using System.Diagnostics;
using System.IO;
using StageGen.Generator.Emit;
using StageGen.Generator.Model;
using StageGen.Generator.Spec;
using Binder = StageGen.Generator.Model.Binder;

namespace StageGen.Benchmarks.Generator;

/// <summary>
/// The generator's three steps without the compiler around them: read (YAML or JSON to SpecDocument), bind (to
/// ClientModel), emit (every file's C# text).
/// </summary>
internal static class GeneratorPhases
{
    public static ClientModel Bind(SpecDocument document) =>
        Binder.Bind(document, new SpecOptions("Consumer.Api", "Stage"), new CompilationFacts(false)).Model
        ?? throw new InvalidOperationException("The spec did not bind.");

    /// <summary>Spec text to C# text: read, bind, emit. Returns the number of files.</summary>
    public static int SpecToText(string path, string text)
    {
        var document = SpecReader.Read(path, text).Document ?? throw new InvalidOperationException("The spec did not read.");
        return SourceFiles.Emit(Bind(document)).Count;
    }

    /// <summary>
    /// For each spec: each step's time (best of 30 rounds) and allocation, and each emitter's; then spec text to C#
    /// text against NSwag in process, in alternating rounds so that a busy machine slows both alike.
    /// </summary>
    public static void Run(string[] paths)
    {
        var ratios = new System.Collections.Generic.List<string>();
        foreach (var file in paths)
        {
            var text = File.ReadAllText(file);
            var name = Path.GetFileName(file);
            var path = "/src/spec/" + name;

            // Large documents take milliseconds a run: fewer runs a round keep a round near the same length.
            var runs = Math.Max(1, Math.Min(20, 2_000_000 / text.Length));
            // Tiered compilation settles first (hot methods at tier 1), so that the first step timed runs the same code as the last.
            var warmUp = Stopwatch.StartNew();
            for (var run = 0; run < 50 || warmUp.Elapsed < TimeSpan.FromSeconds(3); run++)
            {
                SpecToText(path, text);
            }

            var document = SpecReader.Read(path, text).Document!;
            var model = Bind(document);
            var emitted = 0L;
            foreach (var generated in SourceFiles.Emit(model))
            {
                emitted += generated.Source.Length;
            }

            Console.WriteLine($"{name}: {text.Length / 1024} KB of spec to {emitted / 1024} KB of C#");
            Time("read", () => SpecReader.Read(path, text), runs);
            Time("bind", () => Bind(document), runs);
            Time("emit (all files)", () => SourceFiles.Emit(model), runs);
            Time("  ModelEmitter", () => ModelEmitter.Emit(model, new SourceWriter()), runs);
            Time("  EnumEmitter", () => EnumEmitter.Emit(model, new SourceWriter()), runs);
            Time("  ErrorEmitter", () => ErrorEmitter.Emit(model, new SourceWriter()), runs);
            Time("  JsonEmitter", () => JsonEmitter.Emit(model, new SourceWriter()), runs);
            Time("  ValidationEmitter", () => ValidationEmitter.Emit(model, new SourceWriter()), runs);
            Time("  ClientEmitter", () => ClientEmitter.Emit(model, new SourceWriter()), runs);

            var nswag = new NSwagText(text, json: file.EndsWith(".json", StringComparison.OrdinalIgnoreCase));
            // NSwag's code settles as StageGen's did.
            var nswagWarmUp = Stopwatch.StartNew();
            for (var run = 0; run < 50 || nswagWarmUp.Elapsed < TimeSpan.FromSeconds(3); run++)
            {
                nswag.Generate();
            }

            double ours = double.MaxValue, theirs = double.MaxValue;
            TimeSpan paused = TimeSpan.Zero, spent = TimeSpan.Zero;
            // A round of each lasts about as long (a tenth of a second, or one run), so that the start of a round on a
            // collected heap weighs alike on both tools.
            var ourRuns = RunsFor(() => SpecToText(path, text));
            var theirRuns = RunsFor(() => nswag.Generate());
            for (var round = 0; round < 30; round++)
            {
                var run = Best(() => SpecToText(path, text), rounds: 1, ourRuns);
                ours = Math.Min(ours, run.Micros);
                spent += run.Spent;
                paused += run.Paused;
                theirs = Math.Min(theirs, Best(() => nswag.Generate(), rounds: 1, theirRuns).Micros);
            }

            var line = $"{name}: StageGen {ours:0.0} us ({emitted / 1024} KB of C#, GC pauses {paused / spent:P0} of its time), "
                + $"NSwag {theirs:0.0} us ({nswag.Generate() / 1024} KB): {theirs / ours:0.00}x";
            Console.WriteLine(line);
            ratios.Add(line);
        }

        if (paths.Length > 1)
        {
            Console.WriteLine("spec text to C# text, in process:");
            ratios.ForEach(Console.WriteLine);
        }
    }

    /// <summary>
    /// How many runs of <paramref name="body"/> (warmed up already) take about a tenth of a second: at least one, at most
    /// 500, timed on the best of three runs.
    /// </summary>
    private static int RunsFor(Action body)
    {
        var best = double.MaxValue;
        for (var run = 0; run < 3; run++)
        {
            var clock = Stopwatch.StartNew();
            body();
            best = Math.Min(best, clock.Elapsed.TotalMilliseconds);
        }

        return (int)Math.Max(1, Math.Min(500, 100 / Math.Max(best, 0.2)));
    }

    private static void Time(string name, Action body, int runs)
    {
        var (micros, bytes, _, _) = Best(body, rounds: 30, runs);
        Console.WriteLine($"{name,-22} {micros,10:0.0} us {bytes / 1024,8} KB");
    }

    /// <summary>
    /// The best time of one run over rounds of <paramref name="runs"/> runs, the bytes one run allocates, and the time
    /// the rounds took and spent in GC pauses.
    /// </summary>
    private static (double Micros, long Bytes, TimeSpan Spent, TimeSpan Paused) Best(Action body, int rounds, int runs)
    {
        var best = double.MaxValue;
        long bytes = 0;
        TimeSpan spent = TimeSpan.Zero, paused = TimeSpan.Zero;
        for (var round = 0; round < rounds; round++)
        {
            // Each round starts on a collected heap, as a BenchmarkDotNet iteration does: no tool pays for collecting
            // the garbage another tool (or an earlier step) left.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var before = GC.GetAllocatedBytesForCurrentThread();
            var pausedBefore = GC.GetTotalPauseDuration();
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < runs; i++)
            {
                body();
            }

            spent += clock.Elapsed;
            paused += GC.GetTotalPauseDuration() - pausedBefore;
            best = Math.Min(best, clock.Elapsed.TotalMilliseconds * 1000 / runs);
            bytes = (GC.GetAllocatedBytesForCurrentThread() - before) / runs;
        }

        return (best, bytes, spent, paused);
    }
}
