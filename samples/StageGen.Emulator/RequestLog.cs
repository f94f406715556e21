using System;
using System.Collections.Generic;
using System.Threading;

namespace StageGen.Emulator;

/// <summary>One request as the emulator received it, recorded before any fault, rate limit or handler ran.</summary>
/// <param name="Sequence">1-based arrival order.</param>
/// <param name="RequestId">The <c>x-amzn-RequestId</c> sent back with the response.</param>
/// <param name="ReceivedAt">When the request arrived (from <see cref="EmulatorOptions.TimeProvider"/>).</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="RawTarget">The request target exactly as on the wire (<c>IHttpRequestFeature.RawTarget</c>), percent-encoding and query intact.</param>
/// <param name="PathBase"><c>HttpContext.Request.PathBase</c>.</param>
/// <param name="Path"><c>HttpContext.Request.Path</c> (Kestrel-decoded, except that <c>%2F</c> stays encoded).</param>
/// <param name="ApiId">The <c>apiId</c> route value percent-decoded once from the raw target; <c>null</c> for other routes.</param>
/// <param name="StageName">The <c>stageName</c> route value percent-decoded once from the raw target (<c>%24default</c> → <c>$default</c>, <c>a%2Fb</c> → <c>a/b</c>); <c>null</c> for other routes.</param>
/// <param name="Headers">Request headers (case-insensitive names; repeated values joined with <c>,</c>).</param>
/// <param name="Body">The request body as UTF-8 text (empty when none).</param>
/// <param name="Fault">The <see cref="EmulatorFault.Name"/> of the fault applied to this request, or <c>null</c>.</param>
public sealed record RecordedRequest(
    long Sequence,
    string RequestId,
    DateTimeOffset ReceivedAt,
    string Method,
    string RawTarget,
    string PathBase,
    string Path,
    string? ApiId,
    string? StageName,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    string? Fault);

/// <summary>The thread-safe log of every request the emulator received, in arrival order.</summary>
public sealed class RequestLog
{
    private readonly Lock _gate = new();
    private readonly List<RecordedRequest> _requests = new();
    private long _sequence;

    /// <summary>How many requests were received (since the last <see cref="Clear"/>).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _requests.Count;
            }
        }
    }

    /// <summary>A copy of the log, oldest first.</summary>
    public IReadOnlyList<RecordedRequest> Snapshot()
    {
        lock (_gate)
        {
            return _requests.ToArray();
        }
    }

    /// <summary>Forgets every recorded request (sequence numbers keep counting up).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _requests.Clear();
        }
    }

    /// <summary>Numbers the request (under the lock, so sequence order is log order) and appends it.</summary>
    internal void Add(RecordedRequest request)
    {
        lock (_gate)
        {
            _requests.Add(request with { Sequence = ++_sequence });
        }
    }
}
