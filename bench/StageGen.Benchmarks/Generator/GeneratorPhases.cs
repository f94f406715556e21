using System;
using System.Collections;
using System.Diagnostics;
using System.Linq;
using System.Reflection;
using StageGen.Generator.Model;
using StageGen.Generator.Spec;
using Binder = StageGen.Generator.Model.Binder;

namespace StageGen.Benchmarks.Generator;

/// <summary>
/// The generator's three steps without the compiler around them: read (YAML to SpecDocument), bind (to ClientModel),
/// emit (every file's C# text). The emit step is internal to the generator; it is called through a delegate.
/// </summary>
public static class GeneratorPhases
{
    private static readonly Assembly Generator = typeof(Binder).Assembly;

    /// <summary>SourceFiles.Emit: a ClientModel to its generated files (a list of (hint name, text) records).</summary>
    public static readonly Func<ClientModel, IEnumerable> Emit =
        Generator.GetType("StageGen.Generator.Emit.SourceFiles", throwOnError: true)!
            .GetMethod("Emit", BindingFlags.Public | BindingFlags.Static)!
            .CreateDelegate<Func<ClientModel, IEnumerable>>();

    public static ClientModel Bind(SpecDocument document) =>
        Binder.Bind(document, new SpecOptions("Consumer.Api", "Stage"), new CompilationFacts(false)).Model
        ?? throw new InvalidOperationException("The spec did not bind.");

    /// <summary>Spec text to C# text: read, bind, emit. Returns the number of files.</summary>
    public static int SpecToText(string path, string yaml)
    {
        var document = SpecReader.Read(path, yaml).Document ?? throw new InvalidOperationException("The spec did not read.");
        return Emit(Bind(document)).Cast<object>().Count();
    }

    /// <summary>Prints each step's time (best of 30 rounds of 20) and allocation, and each emitter's.</summary>
    public static void Run(string yaml)
    {
        const string path = "/src/spec/stage.yaml";
        var document = SpecReader.Read(path, yaml).Document!;
        var model = Bind(document);
        Time("read (YAML)", () => SpecReader.Read(path, yaml));
        Time("bind", () => Bind(document));
        Time("emit (all files)", () => Emit(model).Cast<object>().Count());
        var writerType = Generator.GetType("StageGen.Generator.Emit.SourceWriter", throwOnError: true)!;
        foreach (var name in new[] { "ModelEmitter", "EnumEmitter", "ErrorEmitter", "JsonEmitter", "ValidationEmitter", "ClientEmitter" })
        {
            var emitter = Generator.GetType("StageGen.Generator.Emit." + name, throwOnError: true)!.GetMethod("Emit", BindingFlags.Public | BindingFlags.Static)!;
            Time("  " + name, () => emitter.Invoke(null, [model, Activator.CreateInstance(writerType, nonPublic: true)]));
        }
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
