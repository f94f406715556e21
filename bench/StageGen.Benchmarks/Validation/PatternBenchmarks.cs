using System;
using System.Buffers;
using BenchmarkDotNet.Attributes;
using StageGen.Benchmarks.Clients;
using StageGen.Generator.Spec;
using StageGen.Runtime;
using StageGen.Runtime.CompilerServices;

namespace StageGen.Benchmarks.Validation;

/// <summary>
/// Whether a generated pattern check without a regex pays for itself: the Stage spec's four patterns, each checked on a
/// valid value by the expression the generator wrote for it (<c>SearchValues</c>, <c>Contains</c>, <c>==</c>) and by the
/// runtime's <see cref="SpecPattern"/> (the non-backtracking regex) on the pattern's translation.
/// </summary>
[MemoryDiagnoser]
public class PatternBenchmarks
{
    private static readonly SearchValues<char> Word = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz");
    private static readonly SearchValues<char> Value = SearchValues.Create("#&,-./0123456789:=?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz~");
    private static readonly SearchValues<char> Name = SearchValues.Create("-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz");

    /// <summary>The spec's patterns, a valid value for each, and the expression generated for it.</summary>
    internal static readonly (string Pattern, string Value, Func<string, bool> Check)[] Cases =
    [
        (@"^[A-Za-z0-9_]+$", "lambdaAlias", value => value.Length >= 1 && !value.AsSpan().ContainsAnyExcept(Word)),
        (@"^[A-Za-z0-9\-._~:/?#&=,]+$", "arn:aws:lambda:eu-west-1:123456789012:function:live", value => value.Length >= 1 && !value.AsSpan().ContainsAnyExcept(Value)),
        (@"\$context\.requestId", Payloads.AccessLogFormat, value => value.Contains("$context.requestId", StringComparison.Ordinal)),
        (@"^(\$default|[A-Za-z0-9_-]+)$", Payloads.StageName, value => value == "$default" || (value.Length >= 1 && !value.AsSpan().ContainsAnyExcept(Name))),
    ];

    private string _value = null!;
    private Func<string, bool> _simple = null!;
    private SpecPattern _regex = null!;

    [Params(0, 1, 2, 3)]
    public int Case { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var (pattern, value, check) = Cases[Case];
        (_value, _simple, _regex) = (value, check, new SpecPattern(EcmaPattern.Translate(pattern, out _)!));
        if (!_simple(_value) || !_regex.IsMatch(_value))
        {
            throw new InvalidOperationException($"'{_value}' should match {pattern}");
        }
    }

    [Benchmark(Description = "generated check")]
    public bool Simple() => _simple(_value);

    [Benchmark(Baseline = true, Description = "SpecPattern (non-backtracking regex)")]
    public bool Regex() => _regex.IsMatch(_value);
}

/// <summary>
/// What the two ways cost at start-up: the generated check's <c>SearchValues</c> fields against the four regexes
/// (constructed from their translations, as the generated static fields do), each then matching once.
/// </summary>
[MemoryDiagnoser]
public class PatternStartupBenchmarks
{
    private string[] _translated = null!;

    [GlobalSetup]
    public void Setup() => _translated = Array.ConvertAll(PatternBenchmarks.Cases, c => EcmaPattern.Translate(c.Pattern, out _)!);

    [Benchmark(Description = "three SearchValues, four checks")]
    public int Simple()
    {
        var word = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz");
        var value = SearchValues.Create("#&,-./0123456789:=?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz~");
        var name = SearchValues.Create("-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz");
        var cases = PatternBenchmarks.Cases;
        var matched = 0;
        matched += !cases[0].Value.AsSpan().ContainsAnyExcept(word) ? 1 : 0;
        matched += !cases[1].Value.AsSpan().ContainsAnyExcept(value) ? 1 : 0;
        matched += cases[2].Value.Contains("$context.requestId", StringComparison.Ordinal) ? 1 : 0;
        matched += !cases[3].Value.AsSpan().ContainsAnyExcept(name) ? 1 : 0;
        return matched;
    }

    [Benchmark(Baseline = true, Description = "four SpecPatterns, four matches")]
    public int Regex()
    {
        var matched = 0;
        for (var i = 0; i < _translated.Length; i++)
        {
            matched += new SpecPattern(_translated[i]).IsMatch(PatternBenchmarks.Cases[i].Value) ? 1 : 0;
        }

        return matched;
    }
}
