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

    /// <summary>Prints each step's time (best of 30 rounds of 20) and allocation, and each emitter's.</summary>
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
    }

    private static void Time(string name, Action body)
    {
        var best = double.MaxValue;
        long bytes = 0;
        for (var round = 0; round < 30; round++)
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

        Console.WriteLine($"{name,-22} {best,9:0.0} us {bytes / 1024,7} KB");
    }
}
