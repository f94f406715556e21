using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using StageGen.Generator.Spec;
using StageGen.Generator.Spec.Yaml;
using YamlDotNet.Core;

namespace StageGen.Benchmarks.Generator;

/// <summary>
/// YAML text to StageGen's node tree, two ways: StageGen's own reader, and YamlDotNet's path (leading block scalar lines
/// emptied, YamlDotNet's scanner and parser within the limits, <see cref="YamlTree"/>). Best of alternating rounds of
/// 20 runs after a warm-up, so a busy machine slows both alike; bytes allocated per run.
/// </summary>
internal static class YamlReadStep
{
    public static void Run(string[] files, int rounds)
    {
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            if (YamlReader.TryRead(text, CancellationToken.None, out _) is null)
            {
                Console.WriteLine($"{Path.GetFileName(file)}: StageGen's reader declines it");
                continue;
            }

            var runs = Math.Max(1, Math.Min(20, 2_000_000 / Math.Max(1, text.Length)));
            for (var i = 0; i < 10; i++)
            {
                Own(text);
                YamlDotNets(text);
            }

            double own = double.MaxValue, theirs = double.MaxValue;
            long ownBytes = 0, theirBytes = 0;
            for (var round = 0; round < rounds; round++)
            {
                var (micros, bytes) = Best(() => Own(text), runs);
                own = Math.Min(own, micros);
                ownBytes = bytes;
                (micros, bytes) = Best(() => YamlDotNets(text), runs);
                theirs = Math.Min(theirs, micros);
                theirBytes = bytes;
            }

            Console.WriteLine(
                $"{Path.GetFileName(file),-26} {text.Length / 1024,6} KiB  own {own,9:0.0} us {ownBytes / 1024,7} KB   YamlDotNet's path {theirs,9:0.0} us {theirBytes / 1024,7} KB   {theirs / own,5:0.0}x");
        }
    }

    private static object Own(string text) => YamlReader.TryRead(text, CancellationToken.None, out _)!;

    private static object YamlDotNets(string text)
    {
        var (scanned, _) = BlockScalarLeadingLines.Empty(text);
        return YamlTree.Load(new LimitedParser(new Parser(new Scanner(new StringReader(scanned))), CancellationToken.None));
    }

    private static (double Micros, long Bytes) Best(Func<object> body, int runs)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < runs; i++)
        {
            body();
        }

        var micros = clock.Elapsed.TotalMilliseconds * 1000 / runs;
        return (micros, (GC.GetAllocatedBytesForCurrentThread() - before) / runs);
    }
}
