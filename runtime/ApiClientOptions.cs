using System;

namespace StageGen.Runtime;

/// <summary>
/// Per-client settings of a generated client. Each generated client has its own options class derived from this one
/// (<c>{Name}ClientOptions</c>), which adds the variables of the spec's server and the credentials its security schemes
/// need.
/// </summary>
public class ApiClientOptions
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

    /// <summary>
    /// The address requests go to when the HttpClient has no BaseAddress: the spec's default server (the first of its
    /// <c>servers</c>) with the values these options give its variables. Null when the spec has no server that can be
    /// used so; then the HttpClient's BaseAddress must be set. An HttpClient's BaseAddress always wins.
    /// </summary>
    /// <exception cref="InvalidOperationException">A variable's value is not one the spec allows, or not one the address can hold.</exception>
    public virtual Uri? DefaultBaseAddress => null;

    /// <summary>The last address <see cref="CompilerServices.ApiServer.Address"/> built for these options, and its text.</summary>
    internal CompilerServices.ApiServer.Built? Server { get; set; }

    private static int NotNegative(int value, string name) =>
        value >= 0 ? value : throw new ArgumentOutOfRangeException(name, value, $"ApiClientOptions.{name} cannot be negative.");
}
