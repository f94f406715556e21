using System;
using System.Diagnostics;
using System.Linq;
using StageGen.Generator.Tests.Infrastructure;
using StageGen.Runtime;
using StageGen.Runtime.CompilerServices;
using Xunit;

namespace StageGen.Fuzz.Tests;

/// <summary>
/// Catastrophic backtracking: the generator warns about a spec pattern that invites it (SG2003, tested in detail in
/// DiagnosticsTests), and the validators it generates match hostile 10,000-character values against such patterns in
/// bounded time, because <see cref="SpecPattern"/> runs them on the non-backtracking engine (or, for the constructs that
/// engine lacks, with a match timeout). The 2 s bound is a hang guard, not a benchmark: a backtracking engine takes
/// longer than the age of the universe on these inputs.
/// </summary>
public sealed class ReDoSTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(2);

    public static TheoryData<string, string> Hostile() => new()
    {
        { "^(a+)+$", new string('a', 10_000) + "!" },
        { "^(a*)*$", new string('a', 10_000) + "!" },
        { "^(a|a)*$", new string('a', 10_000) + "!" },
        { "^(a|aa)+$", new string('a', 10_000) + "!" },
        { @"^(\w+\s?)*$", string.Concat(Enumerable.Repeat("word ", 2_000)) + "!" },
        { @"^([a-zA-Z0-9])(([\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$", new string('a', 10_000) + "!" },
        { @"(x+x+)+y", new string('x', 10_000) },
        // Backreferences are beyond the non-backtracking engine: the fallback's 100 ms match timeout bounds it.
        { @"^(a+)+\1$", new string('a', 10_000) + "!" },
        { @"^(?=(a+)+$)\w*$", new string('a', 10_000) + "!" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Validating_a_hostile_value_against_a_catastrophic_pattern_finishes_in_bounded_time(string pattern, string value)
    {
        var watch = Stopwatch.StartNew();
        var specPattern = new SpecPattern(pattern);
        var matched = specPattern.IsMatch(value);
        watch.Stop();

        Assert.False(matched);
        Assert.True(watch.Elapsed < HangGuard, $"{pattern}: {watch.Elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public void The_generated_validator_of_a_catastrophic_spec_pattern_finishes_in_bounded_time()
    {
        // The whole path: spec pattern → SG2003 → generated validator → SpecPattern, run on a 10,000-character value.
        var run = GeneratorHarness.Run([new SpecFile("/fuzz/redos.yaml", """
            openapi: 3.1.0
            info: {title: ReDoS, version: '1'}
            paths:
              /items:
                put:
                  operationId: putItem
                  requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}}
                  responses: {'204': {description: Done}}
            components:
              schemas:
                Item:
                  type: object
                  properties:
                    code: {type: string, pattern: '^(a+)+$'}
            """, "Fuzz.ReDoS", "ReDoS")]);
        Assert.Contains(run.GeneratorDiagnostics, d => d.Id == "SG2003");
        Assert.Empty(run.CompilationDiagnostics);

        using var stream = new System.IO.MemoryStream();
        Assert.True(run.OutputCompilation.Emit(stream).Success);
        var assembly = System.Runtime.Loader.AssemblyLoadContext.Default.LoadFromStream(new System.IO.MemoryStream(stream.ToArray()));
        var itemType = assembly.GetType("Fuzz.ReDoS.Item")!;
        var item = Activator.CreateInstance(itemType)!;
        itemType.GetProperty("Code")!.SetValue(item, new string('a', 10_000) + "!");
        var validate = assembly.GetType("Fuzz.ReDoS.ReDoSValidation")!.GetMethods().Single(m => m.Name == "Validate" && m.GetParameters().Length == 1 && m.GetParameters()[0].ParameterType == itemType);

        var watch = Stopwatch.StartNew();
        var result = (ValidationResult)validate.Invoke(null, [item])!;
        watch.Stop();

        Assert.False(result.IsValid);
        Assert.Equal("code", Assert.Single(result.Errors).Path);
        Assert.True(watch.Elapsed < HangGuard, $"{watch.Elapsed.TotalMilliseconds:F0} ms");
    }
}
