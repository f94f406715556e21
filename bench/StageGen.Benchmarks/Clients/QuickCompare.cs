using System;
using System.Diagnostics;
using System.Linq;

namespace StageGen.Benchmarks.Clients;

/// <summary>
/// A quick floor-against-StageGen comparison that a busy machine disturbs less than a BenchmarkDotNet run: the cases
/// take turns in short rounds, and each reports its best round. For finding a regression while working; the tables in
/// docs/performance.md come from BenchmarkDotNet.
/// </summary>
public static class QuickCompare
{
    public static void Run()
    {
        var c = new Contenders(Payloads.StageUtf8);
        Compare(
            ("JSON read: floor", () => Floor.FloorJson.ReadStage(Payloads.StageUtf8)),
            ("JSON read: StageGen", () => Generated.StageJson.DeserializeStage(Payloads.StageUtf8)),
            ("JSON write: floor", () => Floor.FloorJson.Serialize(c.FloorBody)),
            ("JSON write: StageGen", () => Generated.StageJson.Serialize(c.StageGenBody)),
            ("GetStage: floor", () => c.Floor.GetStageAsync(Payloads.ApiId, Payloads.StageName).GetAwaiter().GetResult()),
            ("GetStage: StageGen", () => c.StageGen.GetStageAsync(Payloads.ApiId, Payloads.StageName).GetAwaiter().GetResult()),
            ("GetStage: StageGen, no validation", () => c.StageGenUnvalidated.GetStageAsync(Payloads.ApiId, Payloads.StageName).GetAwaiter().GetResult()),
            ("UpdateStage: floor", () => c.Floor.UpdateStageAsync(Payloads.ApiId, Payloads.StageName, c.FloorBody).GetAwaiter().GetResult()),
            ("UpdateStage: StageGen", () => c.StageGen.UpdateStageAsync(Payloads.ApiId, Payloads.StageName, c.StageGenBody).GetAwaiter().GetResult()),
            ("UpdateStage: StageGen, no validation", () => c.StageGenUnvalidated.UpdateStageAsync(Payloads.ApiId, Payloads.StageName, c.StageGenBody).GetAwaiter().GetResult()));
    }

    private static void Compare(params (string Name, Action Body)[] cases)
    {
        const int calls = 2000;
        var best = cases.ToDictionary(c => c.Name, _ => double.MaxValue);
        var bytes = cases.ToDictionary(c => c.Name, _ => 0L);
        for (var round = 0; round < 150; round++)
        {
            foreach (var (name, body) in cases)
            {
                var allocated = GC.GetAllocatedBytesForCurrentThread();
                var clock = Stopwatch.StartNew();
                for (var i = 0; i < calls; i++)
                {
                    body();
                }

                best[name] = Math.Min(best[name], clock.Elapsed.TotalMilliseconds * 1e6 / calls);
                bytes[name] = (GC.GetAllocatedBytesForCurrentThread() - allocated) / calls;
            }
        }

        foreach (var (name, _) in cases)
        {
            Console.WriteLine($"{name,-40} {best[name],9:0} ns {bytes[name],7} B");
        }
    }
}
