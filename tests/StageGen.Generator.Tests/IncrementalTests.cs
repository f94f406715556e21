using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using StageGen.Generator.Tests.Infrastructure;
using Xunit;

namespace StageGen.Generator.Tests;

/// <summary>The pipeline caches: an edit recomputes only what depends on it, and no step holds compiler objects.</summary>
public sealed class IncrementalTests
{
    private const string UserSource = "namespace TestApp { public static class Greeting { public static string Text => \"hello\"; } }";
    private const string EditedUserSource = "namespace TestApp { public static class Greeting { public static string Text => \"hi\"; public static int Count => 1; } }";

    private static SpecFile Stage() => SpecFile.FromRepo("spec/stage.yaml", "Contoso.Gateway", "Stage");

    [Fact]
    public void Unrelated_csharp_edit_leaves_every_step_cached_or_unchanged()
    {
        var first = GeneratorHarness.Run([Stage()], withHttpExtensions: true, userSources: [UserSource]);
        var second = first.WithUserSource(EditedUserSource);

        var tracked = second.Result.TrackedSteps;
        var untracked = TrackingNames.All.Where(name => !tracked.ContainsKey(name)).ToList();
        Assert.True(untracked.Count == 0, $"Steps never tracked: {string.Join(", ", untracked)}\n{Describe(second)}");
        Assert.NotEmpty(second.Result.TrackedOutputSteps);

        var changed = Steps(second).Where(step => ChangedOutputs(step.Runs) > 0).Select(step => step.Name).ToList();
        Assert.True(changed.Count == 0, $"Steps with New/Modified/Removed outputs after a C# edit: {string.Join(", ", changed)}\n{Describe(second)}");
        Assert.Equal(first.Sources, second.Sources);
    }

    [Fact]
    public void Yaml_edit_modifies_the_bind_output_and_the_generated_text()
    {
        var spec = Stage();
        var first = GeneratorHarness.Run([spec]);
        var second = first.WithSpecText(spec.Path, EditDescription(spec.Text));

        var bind = second.Result.TrackedSteps.GetValueOrDefault(TrackingNames.Bind, []).SelectMany(run => run.Outputs).ToList();
        Assert.True(
            bind.Any(output => output.Reason == IncrementalStepRunReason.Modified),
            $"The Bind output of the edited spec is not Modified.\n{Describe(second)}");
        Assert.Contains(first.Sources, source => !second.Sources.TryGetValue(source.Key, out var text) || text != source.Value);
    }

    [Fact]
    public void A_comment_only_yaml_edit_moves_the_diagnostics_and_emits_no_file()
    {
        // The bound spec carried diagnostics, with their locations, into the source output: a comment above the first
        // line moved every location and re-emitted all the files.
        var spec = Stage();
        var yaml = spec.Text.Replace("- url: https://apigateway.{region}.amazonaws.com", "- url: /v2");
        var first = GeneratorHarness.Run([spec with { Text = yaml }]);
        var second = first.WithSpecText(spec.Path, "# A comment, and every line after it one lower.\n" + yaml);

        Assert.True(ChangedOutputs(Runs(second, TrackingNames.Bind)) > 0, $"The edit changed no Bind output.\n{Describe(second)}");
        Assert.True(ChangedOutputs(Runs(second, TrackingNames.Source)) == 0, $"The Source step changed.\n{Describe(second)}");
        var sourceOutput = Runs(second, "SourceOutput").Where(run => run.Inputs.Any(input => input.Source.Name == TrackingNames.Source)).SelectMany(run => run.Outputs).ToList();
        Assert.NotEmpty(sourceOutput);
        Assert.All(sourceOutput, output => Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, Describe(second)));
        Assert.Equal(first.Sources, second.Sources);

        var before = Assert.Single(first.GeneratorDiagnostics, d => d.Id == "SG2004");
        var after = Assert.Single(second.GeneratorDiagnostics, d => d.Id == "SG2004");
        Assert.Equal(before.Location.GetLineSpan().StartLinePosition.Line + 1, after.Location.GetLineSpan().StartLinePosition.Line);
    }

    [Fact]
    public void Reading_and_binding_stop_when_the_run_is_cancelled()
    {
        var spec = Stage();
        using var cancelled = new System.Threading.CancellationTokenSource();
        cancelled.Cancel();
        var read = StageGen.Generator.Spec.SpecReader.Read(spec.Path, spec.Text);
        Assert.NotNull(read.Document);

        Assert.Throws<OperationCanceledException>(() => StageGen.Generator.Spec.SpecReader.Read(spec.Path, spec.Text, cancelled.Token));
        Assert.Throws<OperationCanceledException>(() => StageGen.Generator.Model.Binder.Bind(
            read.Document, new StageGen.Generator.Model.SpecOptions("Contoso.Gateway", "Stage"), new StageGen.Generator.Model.CompilationFacts(false), cancelled.Token));
    }

    [Fact]
    public void Editing_one_spec_leaves_the_other_specs_outputs_cached_or_unchanged()
    {
        var inventory = SpecFile.FromRepo("tests/specs/inventory.yaml", "Contoso.Inventory");
        var catalog = SpecFile.FromRepo("tests/specs/catalog.yaml", "Contoso.Catalog", "ProductCatalog");
        var edited = EditDescription(inventory.Text);

        var both = GeneratorHarness.Run([inventory, catalog]);
        var bothAfter = both.WithSpecText(inventory.Path, edited);
        var aloneAfter = GeneratorHarness.Run([inventory]).WithSpecText(inventory.Path, edited);

        // Step outputs do not say which file they belong to. So compare with the same edit made without the catalog
        // there: if each catalog output is Cached/Unchanged, no step has more changed outputs than without it.
        Assert.True(ChangedOutputs(Runs(bothAfter, TrackingNames.Bind)) > 0, $"The edit changed no Bind output.\n{Describe(bothAfter)}");
        foreach (var (name, runs) in Steps(bothAfter))
        {
            Assert.True(
                ChangedOutputs(runs) == ChangedOutputs(Runs(aloneAfter, name)),
                $"Step '{name}' changed more outputs with the untouched catalog spec present.\nwith catalog:\n{Describe(bothAfter)}\nwithout:\n{Describe(aloneAfter)}");
        }

        var catalogSources = both.Sources.Where(source => source.Key.StartsWith("Contoso.Catalog.ProductCatalog.", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(catalogSources);
        Assert.All(catalogSources, source => Assert.Equal(source.Value, bothAfter.Sources[source.Key]));
    }

    [Fact]
    public void No_step_output_holds_compiler_objects()
    {
        var run = GeneratorHarness.Run(
            [Stage(), SpecFile.FromRepo("tests/specs/inventory.yaml", "Contoso.Inventory")],
            withHttpExtensions: true,
            userSources: [UserSource]);

        var offenders = new List<string>();
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var outputs = 0;
        foreach (var (name, runs) in Steps(run))
        {
            for (var i = 0; i < runs.Length; i++)
            {
                for (var j = 0; j < runs[i].Outputs.Length; j++, outputs++)
                {
                    FindForbidden(runs[i].Outputs[j].Value, $"{name}[{i}].Outputs[{j}]", seen, offenders);
                }
            }
        }

        Assert.True(outputs > 0, $"No tracked step produced output.\n{Describe(run)}");
        Assert.True(offenders.Count == 0, "Step outputs hold compiler objects (they defeat caching and keep compilations alive):\n" + string.Join("\n", offenders));
    }

    /// <summary>The steps named in <see cref="TrackingNames.All"/> plus the output steps, with their runs.</summary>
    private static IEnumerable<(string Name, ImmutableArray<IncrementalGeneratorRunStep> Runs)> Steps(GeneratorRun run) =>
        TrackingNames.All.Where(run.Result.TrackedSteps.ContainsKey).Select(name => (name, run.Result.TrackedSteps[name]))
            .Concat(run.Result.TrackedOutputSteps.OrderBy(step => step.Key, StringComparer.Ordinal).Select(step => (step.Key, step.Value)));

    private static ImmutableArray<IncrementalGeneratorRunStep> Runs(GeneratorRun run, string name) =>
        Steps(run).FirstOrDefault(step => step.Name == name).Runs is { IsDefault: false } runs ? runs : [];

    private static int ChangedOutputs(ImmutableArray<IncrementalGeneratorRunStep> runs) =>
        runs.SelectMany(run => run.Outputs).Count(output => output.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));

    /// <summary>One line per step with the reason of every output, for failure messages.</summary>
    private static string Describe(GeneratorRun run) =>
        string.Join("\n", Steps(run).Select(step => $"  {step.Name}: [{string.Join(", ", step.Runs.SelectMany(r => r.Outputs).Select(o => o.Reason))}]"));

    /// <summary>Appends words to the first one-line summary/description under <c>paths:</c>, so an operation's docs change.</summary>
    private static string EditDescription(string yaml)
    {
        var paths = Regex.Match(yaml, @"^paths:", RegexOptions.Multiline);
        Assert.True(paths.Success, "The spec has no 'paths:' section.");
        var line = new Regex(@"^([ \t]*(?:summary|description):[ \t]+[^\s>|'""&*!\[{#%@`][^\r\n]*)", RegexOptions.Multiline).Match(yaml, paths.Index);
        Assert.True(line.Success, "The spec has no plain one-line summary or description under 'paths:' to edit.");
        return yaml.Insert(line.Index + line.Length, " Edited by a test.");
    }

    private static readonly Type[] ForbiddenTypes =
        [typeof(Compilation), typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(Location), typeof(SemanticModel)];

    /// <summary>Walks the object graph by fields (which covers collections' backing storage), guarding cycles.</summary>
    private static void FindForbidden(object? value, string path, HashSet<object> seen, List<string> offenders)
    {
        if (value is null or string or decimal or MemberInfo or Pointer || value.GetType() is { IsPrimitive: true } or { IsEnum: true } || !seen.Add(value))
        {
            return;
        }

        var type = value.GetType();
        if (ForbiddenTypes.FirstOrDefault(forbidden => forbidden.IsAssignableFrom(type)) is { } match)
        {
            offenders.Add($"{path}: {type.FullName} (a {match.Name})");
            return;
        }

        if (value is Array array)
        {
            var index = 0;
            foreach (var item in array)
            {
                FindForbidden(item, $"{path}[{index++}]", seen, offenders);
            }

            return;
        }

        if (value is Delegate callback)
        {
            FindForbidden(callback.Target, $"{path}.Target", seen, offenders);
            return;
        }

        for (var t = type; t is not null; t = t.BaseType)
        {
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                FindForbidden(field.GetValue(value), $"{path}.{field.Name}", seen, offenders);
            }
        }
    }
}
