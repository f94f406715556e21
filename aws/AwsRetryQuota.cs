using System;
using System.Collections.Concurrent;
using System.Threading;

namespace StageGen.Aws;

/// <summary>
/// The AWS SDKs' retry quota, one token bucket per endpoint (scheme, host and port): each bucket starts full
/// (<see cref="Capacity"/>, 500 by default); a retry takes <see cref="RetryCost"/> tokens, one after a timeout
/// <see cref="TimeoutRetryCost"/>; a call that succeeds gives back what its last retry took, or
/// <see cref="NoRetryIncrement"/> when it needed none, up to the capacity. When a bucket cannot pay for a retry, the
/// failure goes to the caller: while a service keeps failing, its clients stop multiplying their requests to it.
/// <see cref="AwsHttpClientBuilderExtensions.AddAwsSigV4"/> registers one instance for the service provider, shared by
/// its clients.
/// </summary>
public sealed class AwsRetryQuota
{
    /// <summary>The AWS SDKs' initial (and largest) number of tokens in a bucket.</summary>
    public const int DefaultCapacity = 500;

    /// <summary>What a retry takes.</summary>
    public const int RetryCost = 5;

    /// <summary>What a retry after a timeout takes.</summary>
    public const int TimeoutRetryCost = 10;

    /// <summary>What a call that succeeds at once gives back.</summary>
    public const int NoRetryIncrement = 1;

    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A quota whose buckets hold <paramref name="capacity"/> tokens.</summary>
    public AwsRetryQuota(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Capacity = capacity;
    }

    /// <summary>How many tokens a bucket starts with and can hold.</summary>
    public int Capacity { get; }

    /// <summary>The tokens <paramref name="endpoint"/>'s bucket has now.</summary>
    public int AvailableFor(Uri endpoint) => For(endpoint).Available;

    internal Bucket For(Uri endpoint) => _buckets.GetOrAdd(endpoint.GetLeftPart(UriPartial.Authority), static (_, capacity) => new Bucket(capacity), Capacity);

    /// <summary>One endpoint's tokens.</summary>
    internal sealed class Bucket
    {
        private readonly int _capacity;
        private int _available;

        public Bucket(int capacity)
        {
            _capacity = capacity;
            _available = capacity;
        }

        public int Available => Volatile.Read(ref _available);

        /// <summary>Takes <paramref name="amount"/> tokens when there are that many.</summary>
        public bool TryAcquire(int amount)
        {
            int available = Volatile.Read(ref _available);
            while (available >= amount)
            {
                int seen = Interlocked.CompareExchange(ref _available, available - amount, available);
                if (seen == available)
                {
                    return true;
                }
                available = seen;
            }
            return false;
        }

        /// <summary>Gives <paramref name="amount"/> tokens back, up to the capacity.</summary>
        public void Release(int amount)
        {
            int available = Volatile.Read(ref _available);
            while (available < _capacity)
            {
                int seen = Interlocked.CompareExchange(ref _available, Math.Min(_capacity, available + amount), available);
                if (seen == available)
                {
                    return;
                }
                available = seen;
            }
        }
    }
}
