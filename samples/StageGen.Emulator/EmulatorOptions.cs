using System;

namespace StageGen.Emulator;

/// <summary>How a <see cref="StageEmulator"/> instance is set up.</summary>
public sealed class EmulatorOptions
{
    /// <summary>The address Kestrel listens on; the default picks a free port on the loopback interface.</summary>
    public string Url { get; init; } = "http://127.0.0.1:0";

    /// <summary>Seeds the demo API <c>a1b2c3</c> (stages <c>prod</c> and the managed <c>$default</c>) at start.</summary>
    public bool SeedDemoData { get; init; }

    /// <summary>Requests over this rate get the service's 429; <c>null</c> (the default) means no limit.</summary>
    public EmulatorRateLimit? RateLimit { get; init; }

    /// <summary>
    /// Checks every request's SigV4 signature as the service does, and answers a missing, wrong or expired one with the
    /// service's 403. <c>null</c> (the default) accepts unsigned requests, for tests that are not about signing.
    /// </summary>
    public EmulatorSigV4? SigV4 { get; init; }

    /// <summary>The clock for signature dates (and the <c>Date</c> header when <see cref="SigV4"/> is set), <c>createdDate</c>, <c>lastUpdatedDate</c> and <see cref="RecordedRequest.ReceivedAt"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

/// <summary>
/// A fixed-window limit over all requests of one emulator, enforced by ASP.NET Core's rate-limiting middleware.
/// </summary>
/// <param name="PermitLimit">Requests allowed per window.</param>
/// <param name="Window">The window length; <c>Retry-After</c> is the time left in it, rounded up to whole seconds.</param>
public sealed record EmulatorRateLimit(int PermitLimit, TimeSpan Window)
{
    /// <summary>The <c>limitType</c> the 429 body reports unless another is given.</summary>
    public const string DefaultLimitType = "RequestRate";

    /// <summary>The <c>limitType</c> member of the 429 body.</summary>
    public string LimitType { get; init; } = DefaultLimitType;
}
