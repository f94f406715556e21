using System;
using System.Linq;
using StageGen.Generator.Tests.Infrastructure;
using Xunit;

namespace StageGen.Generator.Tests;

/// <summary>
/// Spec names that meet in one C# name (Box's <c>ASC</c> and <c>asc</c>, sort keys <c>bundleId</c> and <c>-bundleId</c>,
/// reactions <c>+1</c> and <c>-1</c>, <c>stage_name</c> and <c>stageName</c>) are told apart by rule, not refused: the
/// same names whatever the order in the spec, and the wire names untouched.
/// </summary>
public sealed class NameCollisionTests
{
    private static string Spec(string values, string properties) =>
        "openapi: 3.1.0\ninfo: {title: Api, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
        + $"    Order:\n      type: string\n      enum: [{values}]\n"
        + "    Reactions:\n      type: object\n      properties:\n"
        + string.Concat(properties.Split('\n').Select(line => "        " + line + "\n"));

    private const string Values = "ASC, asc, DESC, desc, bundleId, '-bundleId', '+1', '-1', Asc2";
    private const string Properties = "stage_name: {type: string}\nstageName: {type: string}\n'+1': {type: integer}\n'-1': {type: integer}";

    [Fact]
    public void Meeting_names_get_names_of_their_own_and_keep_their_wire_names()
    {
        var run = Compile(Spec(Values, Properties));

        var enums = run.Sources.Single(s => s.Key.EndsWith(".Enums.g.cs", StringComparison.Ordinal)).Value;
        var models = run.Sources.Single(s => s.Key.EndsWith(".Models.g.cs", StringComparison.Ordinal)).Value;
        var json = run.Sources.Single(s => s.Key.EndsWith(".Json.g.cs", StringComparison.Ordinal)).Value;
        foreach (var (member, value) in new[] { ("Asc", "ASC"), ("Asc3", "asc"), ("Asc2", "Asc2"), ("Desc", "DESC"), ("Desc2", "desc"), ("BundleId", "bundleId"), ("MinusBundleId", "-bundleId"), ("Plus1", "+1"), ("Minus1", "-1") })
        {
            Assert.Contains($"public static Order {member} {{ get; }} = new(\"{value}\");", enums);
        }

        Assert.Contains("public string? StageName { get; init; }", models);
        Assert.Contains("public string? StageName2 { get; init; }", models);
        Assert.Contains("public long? Plus1 { get; init; }", models);
        Assert.Contains("public long? Minus1 { get; init; }", models);
        foreach (var wireName in new[] { "stage_name", "stageName", "+1", "-1" })
        {
            Assert.Contains($"\"{wireName}\"", json);
        }
    }

    [Fact]
    public void A_value_of_symbols_only_is_named_by_its_symbols_and_the_empty_value_is_Empty()
    {
        var run = Compile(Spec("'*', '-', '', '<=', all", "note: {type: string}"));

        var enums = run.Sources.Single(s => s.Key.EndsWith(".Enums.g.cs", StringComparison.Ordinal)).Value;
        foreach (var (member, value) in new[] { ("Asterisk", "*"), ("Minus", "-"), ("Empty", ""), ("LessThanEquals", "<="), ("All", "all") })
        {
            Assert.Contains($"public static Order {member} {{ get; }} = new(\"{value}\");", enums);
        }

        Assert.DoesNotContain("ValueValue", enums, StringComparison.Ordinal);
    }

    [Fact]
    public void The_names_do_not_depend_on_the_order_in_the_spec()
    {
        var reversedValues = string.Join(", ", Values.Split(", ").Reverse());
        var reversedProperties = string.Join("\n", Properties.Split('\n').Reverse());

        var run = Compile(Spec(Values, Properties));
        var reversed = Compile(Spec(reversedValues, reversedProperties));

        string Members(GeneratorRun r, string file) => string.Join("\n", r.Sources.Single(s => s.Key.EndsWith(file, StringComparison.Ordinal)).Value
            .Split('\n').Where(line => line.Contains("{ get; }", StringComparison.Ordinal) && !line.Contains("KnownValues", StringComparison.Ordinal)).Select(line => line.Trim()).Order(StringComparer.Ordinal));
        Assert.Equal(Members(run, ".Enums.g.cs"), Members(reversed, ".Enums.g.cs"));
        Assert.Equal(Members(run, ".Models.g.cs"), Members(reversed, ".Models.g.cs"));
    }

    private static GeneratorRun Compile(string yaml)
    {
        var run = GeneratorHarness.Run([new SpecFile("/specs/api.yaml", yaml, "Test.Api", "Api")], ConsumerFramework.Net100);
        Assert.True(run.GeneratorWarningsAndErrors.IsEmpty, GeneratorHarness.Format(run.GeneratorWarningsAndErrors));
        Assert.True(run.CompilationDiagnostics.IsEmpty, GeneratorHarness.Format(run.CompilationDiagnostics));
        return run;
    }
}
