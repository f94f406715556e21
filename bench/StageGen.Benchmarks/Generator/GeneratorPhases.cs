using System;
using System.Diagnostics;
using StageGen.Generator.Emit;
using StageGen.Generator.Model;
using StageGen.Generator.Spec;
using Binder = StageGen.Generator.Model.Binder;

namespace StageGen.Benchmarks.Generator;

/// <summary>
/// The generator's three steps without the compiler around them: read (YAML to SpecDocument), bind (to ClientModel),
/// emit (every file's C# text).
/// </summary>
internal static class GeneratorPhases
{
    public static ClientModel Bind(SpecDocument document) =>
        Binder.Bind(document, new SpecOptions("Consumer.Api", "Stage"), new CompilationFacts(false)).Model
        ?? throw new InvalidOperationException("The spec did not bind.");

    /// <summary>Spec text to C# text: read, bind, emit. Returns the number of files.</summary>
    public static int SpecToText(string path, string yaml)
    {
        var document = SpecReader.Read(path, yaml).Document ?? throw new InvalidOperationException("The spec did not read.");
        return SourceFiles.Emit(Bind(document)).Count;
    }

    /// <summary>
    /// Prints each step's time (best of 30 rounds of 20) and allocation, and each emitter's; then spec/stage.yaml to C#
    /// text against NSwag, in alternating rounds so that a busy machine slows both alike.
    /// </summary>
    public static void Run(string yaml)
    {
        const string path = "/src/spec/stage.yaml";
        var document = SpecReader.Read(path, yaml).Document!;
        var model = Bind(document);
        Time("read (YAML)", () => SpecReader.Read(path, yaml));
        Time("bind", () => Bind(document));
        Time("emit (all files)", () => SourceFiles.Emit(model));
        Time("  ModelEmitter", () => ModelEmitter.Emit(model, new SourceWriter()));
        Time("  EnumEmitter", () => EnumEmitter.Emit(model, new SourceWriter()));
        Time("  ErrorEmitter", () => ErrorEmitter.Emit(model, new SourceWriter()));
        Time("  JsonEmitter", () => JsonEmitter.Emit(model, new SourceWriter()));
        Time("  ValidationEmitter", () => ValidationEmitter.Emit(model, new SourceWriter()));
        Time("  ClientEmitter", () => ClientEmitter.Emit(model, new SourceWriter()));

        var versus = new CodeGenerationBenchmarks();
        versus.Setup();
        double ours = double.MaxValue, nswag = double.MaxValue;
        for (var round = 0; round < 30; round++)
        {
            ours = Math.Min(ours, Best(() => versus.StageGenText(), rounds: 1).Micros);
            nswag = Math.Min(nswag, Best(() => versus.NSwag(), rounds: 1).Micros);
        }

        Console.WriteLine($"stage.yaml to C# text: StageGen {ours:0.0} us, NSwag {nswag:0.0} us: {nswag / ours:0.00}x");
    }

    private static void Time(string name, Action body)
    {
        var (micros, bytes) = Best(body, rounds: 30);
        Console.WriteLine($"{name,-22} {micros,9:0.0} us {bytes / 1024,7} KB");
    }

    /// <summary>The best time of one run over rounds of 20 runs, and the bytes one run allocates.</summary>
    private static (double Micros, long Bytes) Best(Action body, int rounds)
    {
        var best = double.MaxValue;
        long bytes = 0;
        for (var round = 0; round < rounds; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < 20; i++)
            {
                body();
            }

            best = Math.Min(best, clock.Elapsed.TotalMilliseconds * 1000 / 20);
            bytes = (GC.GetAllocatedBytesForCurrentThread() - before) / 20;
        }

        return (best, bytes);
    }
}
