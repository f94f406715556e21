using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CsCheck;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace StageGen.Fuzz.Tests.Infrastructure;

/// <summary>
/// Runs a CsCheck generator over a fixed number of cases, deterministically: case <c>i</c> of a category is generated
/// from its own PCG (stream <c>i</c>, seed = run seed + category), so every CI run tries the same inputs on any number
/// of threads. The run seed is <see cref="DefaultSeed"/> unless <c>STAGEGEN_FUZZ_SEED</c> (a number) says otherwise;
/// <c>STAGEGEN_FUZZ_CASES</c> scales every category's case count (e.g. <c>10</c> for a long local run).
/// <para>
/// A failure names the run seed, the case, the case's CsCheck seed (replay one case with
/// <c>STAGEGEN_FUZZ_REPLAY=&lt;seed&gt;</c>, or with CsCheck's <c>Sample(seed: ...)</c>) and the input; CsCheck then
/// shrinks from it for a few seconds and adds the smallest failing input it found.
/// </para>
/// <para>
/// Hang detection: each case runs with a watchdog. One that takes longer than <see cref="HangLimit"/> fails the test
/// (it is left running on its thread-pool thread; the test process ends with the run). This is a hang detector, not a
/// performance assertion.
/// </para>
/// </summary>
public static class Fuzzer
{
    public const ulong DefaultSeed = 20_251_125;

    /// <summary>How long one case may take before it counts as a hang.</summary>
    public static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(10);

    public static ulong Seed { get; } = ParseSeed(Environment.GetEnvironmentVariable("STAGEGEN_FUZZ_SEED"));

    private static readonly double Scale = double.TryParse(Environment.GetEnvironmentVariable("STAGEGEN_FUZZ_CASES"), NumberStyles.Float, CultureInfo.InvariantCulture, out var scale) && scale > 0 ? scale : 1;

    private static readonly string? Replay = Environment.GetEnvironmentVariable("STAGEGEN_FUZZ_REPLAY");

    /// <summary>Case counts of every category run in this process (for the closing note of a run).</summary>
    public static ConcurrentDictionary<string, int> CasesRun { get; } = new();

    /// <summary>
    /// Tries <paramref name="cases"/> inputs from <paramref name="gen"/>; <paramref name="check"/> throws when the
    /// property does not hold. <paramref name="hangLimit"/> overrides <see cref="HangLimit"/>.
    /// </summary>
    public static void Run<T>(
        ITestOutputHelper output,
        string category,
        Gen<T> gen,
        int cases,
        Action<T> check,
        Func<T, string>? print = null,
        TimeSpan? hangLimit = null,
        int threads = 2)
    {
        print ??= value => Describe(value);
        var limit = hangLimit ?? HangLimit;
        if (!string.IsNullOrWhiteSpace(Replay))
        {
            var pcg = PCG.Parse(Replay);
            var value = gen.Generate(pcg, null, out _);
            output.WriteLine($"{category}: replaying {Replay}: {Shorten(print(value))}");
            check(value);
            return;
        }

        var count = Math.Max(1, (int)(cases * Scale));
        var categorySeed = Seed + (ulong)StableHash(category);
        Failure? failure = null;
        var next = -1;
        var done = 0;
        var slowest = TimeSpan.Zero;
        var slowestSeed = "";
        var total = Stopwatch.StartNew();

        void Worker()
        {
            while (Volatile.Read(ref failure) is null)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= count)
                {
                    return;
                }

                var pcg = new PCG((uint)i, categorySeed);
                var replaySeed = pcg.ToString(pcg.State);
                T value = default!;
                try
                {
                    try
                    {
                        value = gen.Generate(pcg, null, out _);
                    }
                    catch (Exception ex)
                    {
                        throw new InvalidOperationException($"Generating the input threw (a bug in the test's generator): {ex.Message}", ex);
                    }

                    var elapsed = RunWithWatchdog(() => check(value), limit);
                    lock (output)
                    {
                        if (elapsed > slowest)
                        {
                            slowest = elapsed;
                            slowestSeed = replaySeed;
                        }
                    }

                    Interlocked.Increment(ref done);
                }
                catch (Exception ex)
                {
                    Interlocked.CompareExchange(ref failure, new Failure(i, replaySeed, SafePrint(print, value), ex), null);
                }
            }
        }

        var workers = Enumerable.Range(0, Math.Max(1, threads)).Select(_ => Task.Factory.StartNew(Worker, TaskCreationOptions.LongRunning)).ToArray();
        Task.WaitAll(workers);
        CasesRun.AddOrUpdate(category, done, (_, n) => n + done);
        output.WriteLine($"{category}: {done:N0} of {count:N0} cases in {total.Elapsed.TotalSeconds:F1} s (slowest {slowest.TotalMilliseconds:F0} ms: STAGEGEN_FUZZ_REPLAY={slowestSeed}), run seed {Seed}");

        if (failure is { } f)
        {
            var message = new StringBuilder()
                .AppendLine($"{category}: case {f.Index} of {count} failed (run seed {Seed}; STAGEGEN_FUZZ_SEED={Seed} reruns the run, STAGEGEN_FUZZ_REPLAY={f.ReplaySeed} this case).")
                .AppendLine($"Failure: {f.Exception.GetType().Name}: {f.Exception.Message}")
                .AppendLine("Input:")
                .AppendLine(Shorten(f.Input));
            var shrunk = Shrink(gen, check, f.ReplaySeed, print, limit);
            if (shrunk is not null)
            {
                message.AppendLine("CsCheck shrinking from that case:").AppendLine(Shorten(shrunk));
            }

            output.WriteLine(message.ToString());
            throw new XunitException(message.ToString() + Environment.NewLine + f.Exception);
        }
    }

    /// <summary>Runs <paramref name="action"/> and returns how long it took; fails when it runs past <paramref name="limit"/>.</summary>
    public static TimeSpan RunWithWatchdog(Action action, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        var task = Task.Factory.StartNew(action, CancellationToken.None, TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);
        try
        {
            if (!task.Wait(limit))
            {
                throw new TimeoutException($"The case did not finish within {limit.TotalSeconds:F0} s: a hang.");
            }
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count == 1)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException!).Throw();
        }

        return watch.Elapsed;
    }

    /// <summary>Text for any input: strings and byte arrays (in tuples too) shown with their hostile characters escaped.</summary>
    public static string Describe(object? value) => value switch
    {
        null => "null",
        string s => Escape(s),
        byte[] bytes => $"{bytes.Length} bytes: {Escape(Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 4096)))}"
            + (bytes.Length <= 256 ? $" (hex {Convert.ToHexString(bytes)})" : ""),
        System.Runtime.CompilerServices.ITuple tuple => "(" + string.Join(", ", Enumerable.Range(0, tuple.Length).Select(i => Describe(tuple[i]))) + ")",
        _ => value.ToString() ?? "",
    };

    /// <summary>Escapes control characters, lone surrogates and U+FFFD so a failing input can be read and pasted.</summary>
    public static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var pair = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            if (pair)
            {
                builder.Append(c).Append(text[++i]);
            }
            else if (c is '\n' or '\t' || (c >= ' ' && c < 0x7F) || (c > 0xA0 && !char.IsSurrogate(c) && c != '\uFFFD' && c != '\uFEFF'))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static string Shorten(string text) => text.Length <= 6000 ? text : text.Substring(0, 6000) + $"… ({text.Length:N0} characters)";

    private static string SafePrint<T>(Func<T, string> print, T value)
    {
        try
        {
            return print(value);
        }
        catch (Exception ex)
        {
            return $"(could not print the input: {ex.Message})";
        }
    }

    private static string? Shrink<T>(Gen<T> gen, Action<T> check, string seed, Func<T, string> print, TimeSpan limit)
    {
        try
        {
            gen.Sample(value => RunWithWatchdog(() => check(value), limit), seed: seed, time: 10, threads: 2, print: value => SafePrint(print, value));
            return null;
        }
        catch (CsCheckException ex)
        {
            return ex.Message;
        }
        catch (Exception ex)
        {
            return $"(shrinking failed: {ex.GetType().Name}: {ex.Message})";
        }
    }

    private static ulong ParseSeed(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return DefaultSeed;
        }

        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seed)
            ? seed
            : throw new InvalidOperationException($"STAGEGEN_FUZZ_SEED must be a non-negative integer, not '{text}'.");
    }

    private static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }

    private sealed record Failure(int Index, string ReplaySeed, string Input, Exception Exception);
}
