using System;
using System.Collections.Concurrent;

namespace StageGen.Aws;

/// <summary>
/// The clock offset learned per endpoint (scheme, host and port) from the service's clock-skew errors, as the AWS SDKs
/// keep it: the signing date is the local clock plus this offset.
/// </summary>
public sealed class AwsClockSkew
{
    private readonly ConcurrentDictionary<string, TimeSpan> _offsets = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The offset learned for <paramref name="endpoint"/>; zero until a skew error was seen.</summary>
    public TimeSpan OffsetFor(Uri endpoint) =>
        _offsets.TryGetValue(Key(endpoint), out TimeSpan offset) ? offset : TimeSpan.Zero;

    /// <summary>Records that the service at <paramref name="endpoint"/> runs <paramref name="offset"/> ahead of the local clock.</summary>
    public void Learn(Uri endpoint, TimeSpan offset) => _offsets[Key(endpoint)] = offset;

    private static string Key(Uri endpoint) => endpoint.GetLeftPart(UriPartial.Authority);
}
