using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace StageGen.Aws;

/// <summary>
/// Retries as the AWS SDKs' standard retry mode does, with a Polly retry strategy: throttling errors (the codes of
/// <see cref="AwsRetryOptions.ThrottlingErrorCodes"/>, or a 429), transient errors (the codes of
/// <see cref="AwsRetryOptions.TransientErrorCodes"/>, a 500, 502, 503 or 504, a connection or I/O error, a timeout
/// inside the call) are sent again, up to <see cref="AwsRetryOptions.MaxAttempts"/> times in all, after a backoff with
/// full jitter, each retry paid for from the endpoint's <see cref="AwsRetryQuota"/>. Nothing else is retried: not a
/// call the caller cancelled (nor one its HttpClient's Timeout ended), not another 4xx, not a clock-skew error (the
/// signer corrects those). The error code is the one the response names (<c>x-amzn-ErrorType</c>, or a small JSON
/// body's <c>code</c> / <c>__type</c>); a body read to find it is buffered, so the caller reads it whole. Each attempt
/// carries <c>amz-sdk-invocation-id</c> (the same for every attempt of a call) and
/// <c>amz-sdk-request: attempt=N; max=M</c>, as the AWS SDKs send them.
/// </summary>
/// <remarks>
/// Put it outside <see cref="AwsSigV4Handler"/>, so that each attempt is signed again (a new <c>X-Amz-Date</c>, the
/// current credentials); <see cref="AwsHttpClientBuilderExtensions.AddAwsSigV4"/> does. What fails after the handler
/// chain has returned the response (a connection lost while the caller reads a success body) is not retried.
/// </remarks>
public sealed class AwsRetryHandler : DelegatingHandler
{
    private const string InvocationIdHeader = "amz-sdk-invocation-id";
    private const string RequestHeader = "amz-sdk-request";
    private const string RetryAfterMillisecondsHeader = "x-amz-retry-after";

    private static readonly ResiliencePropertyKey<Call> CallKey = new("StageGen.Aws.AwsRetryHandler.Call");

    // The defaults, for the predicate a resilience handler of the user's can take.
    private static readonly AwsRetryOptions Defaults = new();

    private readonly int _maxAttempts;
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _throttlingBaseDelay;
    private readonly TimeSpan _maxBackoff;
    private readonly HashSet<string> _throttlingErrorCodes;
    private readonly HashSet<string> _transientErrorCodes;
    private readonly Func<double> _randomizer;
    private readonly TimeProvider _timeProvider;
    private readonly AwsRetryQuota? _quota;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    /// <summary>
    /// A handler that retries as <paramref name="options"/> say, waits on <paramref name="timeProvider"/> (the system
    /// clock by default) and pays for retries from <paramref name="quota"/> (a quota of its own by default; none when
    /// <see cref="AwsRetryOptions.UseRetryQuota"/> is off).
    /// </summary>
    public AwsRetryHandler(AwsRetryOptions options, TimeProvider? timeProvider = null, AwsRetryQuota? quota = null)
        : this(options ?? throw new ArgumentNullException(nameof(options)), options.MaxAttempts ?? AwsRetryOptions.DefaultMaxAttempts, timeProvider, quota)
    {
    }

    /// <summary>A handler that makes at most <paramref name="maxAttempts"/> attempts, as AddAwsSigV4 decided.</summary>
    internal AwsRetryHandler(AwsRetryOptions options, int maxAttempts, TimeProvider? timeProvider, AwsRetryQuota? quota)
    {
        _maxAttempts = maxAttempts;
        ArgumentOutOfRangeException.ThrowIfLessThan(_maxAttempts, 1, "options.MaxAttempts");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BaseDelay, TimeSpan.Zero, "options.BaseDelay");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ThrottlingBaseDelay, TimeSpan.Zero, "options.ThrottlingBaseDelay");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBackoff, TimeSpan.Zero, "options.MaxBackoff");
        _baseDelay = options.BaseDelay;
        _throttlingBaseDelay = options.ThrottlingBaseDelay;
        _maxBackoff = options.MaxBackoff;
        _throttlingErrorCodes = new HashSet<string>(options.ThrottlingErrorCodes, StringComparer.Ordinal);
        _transientErrorCodes = new HashSet<string>(options.TransientErrorCodes, StringComparer.Ordinal);
        _randomizer = options.Randomizer ?? throw new ArgumentException("AwsRetryOptions.Randomizer is required.", nameof(options));
        _timeProvider = timeProvider ?? TimeProvider.System;
        _quota = options.UseRetryQuota ? quota ?? new AwsRetryQuota() : null;
        _pipeline = _maxAttempts == 1
            ? ResiliencePipeline<HttpResponseMessage>.Empty
            : new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _timeProvider }
                .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
                {
                    MaxRetryAttempts = _maxAttempts - 1,
                    ShouldHandle = ShouldRetryAsync,
                    DelayGenerator = Backoff,
                    // The delay is the generator's; Polly's own backoff would only be its fallback.
                    BackoffType = DelayBackoffType.Constant,
                    Delay = TimeSpan.Zero,
                    UseJitter = false,
                })
                .Build();
    }

    /// <summary>
    /// Whether the AWS SDKs' standard mode retries <paramref name="args"/>' outcome (with the default error codes), for
    /// a resilience handler that is the client's retry: <c>AddStandardResilienceHandler(o =&gt; o.Retry.ShouldHandle
    /// = AwsRetryHandler.IsRetryable)</c>. It decides what is retried, not how often or how long it waits.
    /// </summary>
    public static async ValueTask<bool> IsRetryable(RetryPredicateArguments<HttpResponseMessage> args) =>
        !args.Context.CancellationToken.IsCancellationRequested
        && await ClassifyAsync(args.Outcome, Defaults.ThrottlingErrorCodes, Defaults.TransientErrorCodes, args.Context.CancellationToken).ConfigureAwait(false)
            is not RetryKind.None;

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Headers.Contains(InvocationIdHeader))
        {
            request.Headers.TryAddWithoutValidation(InvocationIdHeader, Guid.NewGuid().ToString());
        }
        var call = new Call(request, _quota is not null && request.RequestUri is { IsAbsoluteUri: true } uri ? _quota.For(uri) : null);
        ResilienceContext context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            context.Properties.Set(CallKey, call);
            Outcome<HttpResponseMessage> outcome = await _pipeline.ExecuteOutcomeAsync(
                static (context, state) => state.Handler.AttemptAsync(state.Call, context.CancellationToken),
                context,
                (Handler: this, Call: call)).ConfigureAwait(false);
            if (outcome.Result is { IsSuccessStatusCode: true })
            {
                call.Bucket?.Release(call.LastRetryCost ?? AwsRetryQuota.NoRetryIncrement);
            }
            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async ValueTask<Outcome<HttpResponseMessage>> AttemptAsync(Call call, CancellationToken cancellationToken)
    {
        call.Attempt++;
        HttpRequestMessage request = call.Request;
        request.Headers.Remove(RequestHeader);
        request.Headers.TryAddWithoutValidation(RequestHeader, string.Create(CultureInfo.InvariantCulture, $"attempt={call.Attempt}; max={_maxAttempts}"));
        try
        {
            return Outcome.FromResult(await base.SendAsync(request, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception exception)
        {
            return Outcome.FromException<HttpResponseMessage>(exception);
        }
    }

    /// <summary>Retry when the outcome is retryable, an attempt is left and the endpoint's quota pays for it.</summary>
    private async ValueTask<bool> ShouldRetryAsync(RetryPredicateArguments<HttpResponseMessage> args)
    {
        CancellationToken cancellationToken = args.Context.CancellationToken;
        // Polly asks after the last attempt too; nothing is classified, read or paid for then.
        if (cancellationToken.IsCancellationRequested || args.AttemptNumber >= _maxAttempts - 1)
        {
            return false;
        }
        RetryKind kind = await ClassifyAsync(args.Outcome, _throttlingErrorCodes, _transientErrorCodes, cancellationToken).ConfigureAwait(false);
        if (kind is RetryKind.None)
        {
            return false;
        }
        Call call = args.Context.Properties.GetValue(CallKey, null!);
        int cost = kind is RetryKind.Timeout ? AwsRetryQuota.TimeoutRetryCost : AwsRetryQuota.RetryCost;
        if (call.Bucket is { } bucket && !bucket.TryAcquire(cost))
        {
            return false;
        }
        call.LastRetryCost = cost;
        call.LastRetryKind = kind;
        return true;
    }

    /// <summary>
    /// The AWS SDKs' backoff: a random share (full jitter) of <c>base × 2^(n-1)</c> before the n-th retry, the base
    /// <see cref="AwsRetryOptions.ThrottlingBaseDelay"/> after a throttling error and
    /// <see cref="AwsRetryOptions.BaseDelay"/> after any other, at most <see cref="AwsRetryOptions.MaxBackoff"/>; longer
    /// when the service asks for longer with <c>x-amz-retry-after</c> (milliseconds) or <c>Retry-After</c>, up to the
    /// same cap.
    /// </summary>
    private ValueTask<TimeSpan?> Backoff(RetryDelayGeneratorArguments<HttpResponseMessage> args)
    {
        Call call = args.Context.Properties.GetValue(CallKey, null!);
        TimeSpan delayBase = call.LastRetryKind is RetryKind.Throttling ? _throttlingBaseDelay : _baseDelay;
        double max = _maxBackoff.TotalMilliseconds;
        double delay = Math.Min(max, _randomizer() * Math.Pow(2, args.AttemptNumber) * delayBase.TotalMilliseconds);
        if (RetryAfterMilliseconds(args.Outcome.Result) is { } asked && asked > delay)
        {
            delay = Math.Min(max, asked);
        }
        return new ValueTask<TimeSpan?>(TimeSpan.FromMilliseconds(delay));
    }

    private double? RetryAfterMilliseconds(HttpResponseMessage? response)
    {
        if (response is null)
        {
            return null;
        }
        if (response.Headers.TryGetValues(RetryAfterMillisecondsHeader, out IEnumerable<string>? values)
            && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out long milliseconds))
        {
            return milliseconds;
        }
        return response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta.TotalMilliseconds,
            { Date: { } date } => Math.Max(0, (date - _timeProvider.GetUtcNow()).TotalMilliseconds),
            _ => null,
        };
    }

    private static async ValueTask<RetryKind> ClassifyAsync(Outcome<HttpResponseMessage> outcome, ISet<string> throttlingErrorCodes,
        ISet<string> transientErrorCodes, CancellationToken cancellationToken)
    {
        if (outcome.Exception is { } exception)
        {
            return Classify(exception);
        }
        HttpResponseMessage response = outcome.Result!;
        int status = (int)response.StatusCode;
        if (status < 400)
        {
            return RetryKind.None;
        }
        string? code = await AwsErrorCode.ReadAsync(response, cancellationToken).ConfigureAwait(false);
        if (status == 429 || (code is not null && throttlingErrorCodes.Contains(code)))
        {
            return RetryKind.Throttling;
        }
        if (status is 500 or 502 or 503 or 504 || (code is not null && transientErrorCodes.Contains(code)))
        {
            return RetryKind.Transient;
        }
        return RetryKind.None;
    }

    /// <summary>
    /// A failure with no response: a timeout (a cancellation the caller did not ask for, checked before) or a
    /// connection or I/O error is retried; an error of TLS, authentication or configuration, which a new attempt would
    /// meet again, and any other exception are not.
    /// </summary>
    private static RetryKind Classify(Exception exception) => exception switch
    {
        OperationCanceledException or TimeoutException or TimeoutRejectedException => RetryKind.Timeout,
        HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError or HttpRequestError.UserAuthenticationError
            or HttpRequestError.ConfigurationLimitExceeded or HttpRequestError.ExtendedConnectNotSupported or HttpRequestError.VersionNegotiationError } => RetryKind.None,
        HttpRequestException { InnerException: TimeoutException } => RetryKind.Timeout,
        HttpRequestException or IOException => RetryKind.Transient,
        _ => RetryKind.None,
    };

    private enum RetryKind
    {
        None,
        Transient,
        Timeout,
        Throttling,
    }

    /// <summary>One call's attempts: how many were sent, and what the last retry was for and took from the quota.</summary>
    private sealed class Call(HttpRequestMessage request, AwsRetryQuota.Bucket? bucket)
    {
        public HttpRequestMessage Request { get; } = request;

        public AwsRetryQuota.Bucket? Bucket { get; } = bucket;

        public int Attempt { get; set; }

        public int? LastRetryCost { get; set; }

        public RetryKind LastRetryKind { get; set; }
    }
}
