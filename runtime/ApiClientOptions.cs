using System;

namespace StageGen.Runtime;

/// <summary>Per-client settings of a generated client.</summary>
public sealed class ApiClientOptions
{
    private int _maxResponseBodyBytes = 16 * 1024 * 1024;
    private int _maxErrorBodyBytes = 64 * 1024;

    /// <summary>
    /// Validate parameters and request bodies against the spec before sending (default true). Turn it off when the
    /// service has relaxed a limit the spec still states.
    /// </summary>
    public bool ValidateRequests { get; set; } = true;

    /// <summary>
    /// The largest success body the client reads (default 16 MiB); a larger one is refused without buffering it whole.
    /// Any value from 0 to <see cref="int.MaxValue"/> (as much as an array holds).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int MaxResponseBodyBytes
    {
        get => _maxResponseBodyBytes;
        set => _maxResponseBodyBytes = NotNegative(value, nameof(MaxResponseBodyBytes));
    }

    /// <summary>How much of an error body is kept on an <see cref="ApiException"/> (default 64 KiB); 0 keeps none.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int MaxErrorBodyBytes
    {
        get => _maxErrorBodyBytes;
        set => _maxErrorBodyBytes = NotNegative(value, nameof(MaxErrorBodyBytes));
    }

    private static int NotNegative(int value, string name) =>
        value >= 0 ? value : throw new ArgumentOutOfRangeException(name, value, $"ApiClientOptions.{name} cannot be negative.");
}
