using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;

namespace StageGen.Benchmarks.Clients;

/// <summary>GetStage: one full Stage read, per call, over an in-memory handler.</summary>
[MemoryDiagnoser]
public class GetStageBenchmarks
{
    private Contenders _c = null!;

    [GlobalSetup]
    public void Setup()
    {
        _c = new Contenders(Payloads.StageUtf8);
        ContenderCheck.Run(_c);
    }

    [Benchmark(Description = "HttpClient + handler only")]
    public Task<int> HttpOnly() => _c.HttpOnlyAsync();

    [Benchmark(Baseline = true, Description = "floor (hand-written)")]
    public Task<Floor.Stage> Floor() => _c.Floor.GetStageAsync(Payloads.ApiId, Payloads.StageName);

    [Benchmark(Description = "StageGen")]
    public Task<Generated.Stage> StageGen() => _c.StageGen.GetStageAsync(Payloads.ApiId, Payloads.StageName);

    [Benchmark(Description = "StageGen, validation off")]
    public Task<Generated.Stage> StageGenUnvalidated() => _c.StageGenUnvalidated.GetStageAsync(Payloads.ApiId, Payloads.StageName);

#if PEERS
    [Benchmark(Description = "NSwag (System.Text.Json)")]
    public Task<Peers.NSwag.Stage> NSwag() => _c.NSwag.GetStageAsync(Payloads.ApiId, Payloads.StageName);

    [Benchmark(Description = "Kiota")]
    public Task<Peers.Kiota.Models.Stage?> Kiota() => _c.Kiota.V2.Apis[Payloads.ApiId].Stages[Payloads.StageName].GetAsync();
#endif

    [Benchmark(Description = "Refit (System.Text.Json)")]
    public Task<Floor.Stage> Refit() => _c.Refit.GetStageAsync(Payloads.ApiId, Payloads.StageName);
}

/// <summary>UpdateStage: a rich body (every member set) sent, a full Stage read, per call.</summary>
[MemoryDiagnoser]
public class UpdateStageBenchmarks
{
    private Contenders _c = null!;

    [GlobalSetup]
    public void Setup()
    {
        _c = new Contenders(Payloads.StageUtf8);
        ContenderCheck.Run(_c);
    }

    [Benchmark(Baseline = true, Description = "floor (hand-written)")]
    public Task<Floor.Stage> Floor() => _c.Floor.UpdateStageAsync(Payloads.ApiId, Payloads.StageName, _c.FloorBody);

    [Benchmark(Description = "StageGen")]
    public Task<Generated.Stage> StageGen() => _c.StageGen.UpdateStageAsync(Payloads.ApiId, Payloads.StageName, _c.StageGenBody);

    [Benchmark(Description = "StageGen, validation off")]
    public Task<Generated.Stage> StageGenUnvalidated() => _c.StageGenUnvalidated.UpdateStageAsync(Payloads.ApiId, Payloads.StageName, _c.StageGenBody);

#if PEERS
    [Benchmark(Description = "NSwag (System.Text.Json)")]
    public Task<Peers.NSwag.Stage> NSwag() => _c.NSwag.UpdateStageAsync(_c.NSwagBody, Payloads.ApiId, Payloads.StageName);

    [Benchmark(Description = "Kiota")]
    public Task<Peers.Kiota.Models.Stage?> Kiota() => _c.Kiota.V2.Apis[Payloads.ApiId].Stages[Payloads.StageName].PatchAsync(_c.KiotaBody);
#endif

    [Benchmark(Description = "Refit (System.Text.Json)")]
    public Task<Floor.Stage> Refit() => _c.Refit.UpdateStageAsync(Payloads.ApiId, Payloads.StageName, _c.FloorBody);
}
