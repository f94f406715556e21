using System.Threading;
using System.Threading.Tasks;
using Refit;
using StageGen.Benchmarks.Floor;

namespace StageGen.Benchmarks.Clients;

/// <summary>
/// Refit as it is normally used: an interface declared by hand (Refit has no spec-based generator), with the same
/// hand-written DTOs as the floor (<see cref="Floor"/>), serialized by System.Text.Json.
/// </summary>
[Headers("Accept: application/json")]
public interface IRefitStageApi
{
    [Get("/v2/apis/{apiId}/stages/{stageName}")]
    Task<Stage> GetStageAsync(string apiId, string stageName, CancellationToken cancellationToken = default);

    [Patch("/v2/apis/{apiId}/stages/{stageName}")]
    Task<Stage> UpdateStageAsync(string apiId, string stageName, [Body] UpdateStageInput body, CancellationToken cancellationToken = default);
}
