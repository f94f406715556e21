using System;
using System.Collections.Generic;

namespace StageGen.Aws;

/// <summary>
/// How <see cref="AwsRetryHandler"/> retries: the AWS SDKs' standard retry mode (max attempts 3; throttling and
/// transient errors; exponential backoff with full jitter, 100 ms base, 500 ms for throttling, 20 s cap; a retry quota
/// per endpoint). The defaults are AWS's.
/// </summary>
public sealed class AwsRetryOptions
{
    /// <summary>The AWS SDKs' default of <see cref="MaxAttempts"/> in standard mode.</summary>
    public const int DefaultMaxAttempts = 3;

    /// <summary>
    /// How many times a request is sent at most, the first time included: <c>1</c> turns retrying off. Null (the
    /// default) is <see cref="DefaultMaxAttempts"/>, except on a client built by
    /// <see cref="AwsHttpClientBuilderExtensions.AddAwsSigV4"/> whose handler chain already has a retrying handler of
    /// its own (<c>AddStandardResilienceHandler</c>, <c>AddResilienceHandler</c>, <c>AddPolicyHandler</c>): there it
    /// is 1, so that the two retries do not multiply their attempts. A number set here applies whatever else the chain
    /// has.
    /// </summary>
    public int? MaxAttempts { get; set; }

    /// <summary>The base of the backoff after a transient error: the n-th retry waits a random time below <c>BaseDelay × 2^(n-1)</c>.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The base of the backoff after a throttling error.</summary>
    public TimeSpan ThrottlingBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The longest wait before a retry, whatever the backoff or the service's <c>Retry-After</c> /
    /// <c>x-amz-retry-after</c> says.
    /// </summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Take each retry from the endpoint's retry quota (<see cref="AwsRetryQuota"/>: 500 tokens, 5 a retry, 10 a
    /// retry after a timeout, given back on success), so that a failing service is not retried against at full rate.
    /// </summary>
    public bool UseRetryQuota { get; set; } = true;

    /// <summary>
    /// Error codes that mean the caller is throttled (with any status; a 429 is throttling whatever its code). The AWS
    /// SDKs' list; add a service's own.
    /// </summary>
    public ISet<string> ThrottlingErrorCodes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottledException",
        "TooManyRequestsException",
        "ProvisionedThroughputExceededException",
        "TransactionInProgressException",
        "RequestLimitExceeded",
        "BandwidthLimitExceeded",
        "LimitExceededException",
        "RequestThrottled",
        "SlowDown",
        "PriorRequestNotComplete",
        "EC2ThrottledException",
    };

    /// <summary>
    /// Error codes of transient failures (with any status; a 500, 502, 503 or 504 is transient whatever its code). The
    /// AWS SDKs' list; add a service's own.
    /// </summary>
    public ISet<string> TransientErrorCodes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "RequestTimeout",
        "RequestTimeoutException",
    };

    /// <summary>The jitter: a number in [0, 1) that each backoff is multiplied by. Tests fix it.</summary>
    public Func<double> Randomizer { get; set; } = Random.Shared.NextDouble;
}
