namespace StageGen.Runtime;

/// <summary>Per-client settings of a generated client.</summary>
public sealed class ApiClientOptions
{
    /// <summary>
    /// Validate parameters and request bodies against the spec before sending (default true). Turn it off when the
    /// service has relaxed a limit the spec still states.
    /// </summary>
    public bool ValidateRequests { get; set; } = true;

    /// <summary>The largest success body the client reads (default 16 MiB); a larger one is refused without buffering it whole.</summary>
    public int MaxResponseBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>How much of an error body is kept on an <see cref="ApiException"/> (default 64 KiB).</summary>
    public int MaxErrorBodyBytes { get; set; } = 64 * 1024;
}
