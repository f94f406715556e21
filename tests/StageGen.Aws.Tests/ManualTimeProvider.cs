using System;
using System.Collections.Generic;
using System.Threading;

namespace StageGen.Aws.Tests;

/// <summary>
/// A clock that says what the test sets; each reading can move it on by <see cref="Step"/>. A wait on it (a retry's
/// backoff) is recorded in <see cref="Delays"/> and ends at once, or never when <see cref="HoldDelays"/> is set (then
/// only its cancellation ends it).
/// </summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<TimeSpan> _delays = new();
    private DateTimeOffset _now;

    public ManualTimeProvider(DateTimeOffset now) => _now = now;

    public DateTimeOffset Now
    {
        get { lock (_gate) { return _now; } }
        set { lock (_gate) { _now = value; } }
    }

    public TimeSpan Step { get; set; }

    public bool HoldDelays { get; set; }

    /// <summary>Called with each wait that is asked for, before it starts.</summary>
    public Action<TimeSpan>? OnDelay { get; set; }

    public TimeSpan[] Delays
    {
        get { lock (_gate) { return _delays.ToArray(); } }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            DateTimeOffset now = _now;
            _now += Step;
            return now;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            lock (_gate)
            {
                _delays.Add(dueTime);
            }
            OnDelay?.Invoke(dueTime);
        }
        return System.CreateTimer(callback, state, HoldDelays ? Timeout.InfiniteTimeSpan : TimeSpan.Zero, period);
    }
}
