using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using CsCheck;
using StageGen.Generator.Tests.Infrastructure;
using StageGen.Fuzz.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace StageGen.Fuzz.Tests;

/// <summary>
/// Property-based tests of the generator over thousands of hostile specs a run (see <see cref="SpecGens"/> and
/// <see cref="HostileTextGens"/>). For every case <see cref="SpecCheck"/> asserts: no exception and no internal error,
/// every diagnostic located in the spec, nothing generated when there is an error, and output that compiles with no
/// warnings (documentation comments included) and declares nothing the spec's text injected when there is none; the
/// fuzz watchdog fails any case that takes over 10 s.
/// </summary>
public sealed class GeneratorFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void Tree_mutations_of_the_real_specs() => Run("spec tree mutations", SpecGens.TreeMutated, 1_800);

    [Fact]
    public void Text_mutations_of_the_real_specs() => Run("spec text mutations", SpecGens.TextMutated, 1_500);

    [Fact]
    public void Alias_bombs() => Run("spec alias bombs", SpecGens.AliasBomb, 150);

    [Fact]
    public void Deep_nesting() => Run("spec deep nesting", SpecGens.DeepNesting, 150);

    [Fact]
    public void Huge_strings_names_and_documents() => Run("spec huge strings", SpecGens.HugeStrings, 120);

    [Fact]
    public void Ref_graphs_with_cycles() => Run("spec $ref graphs", SpecGens.RefGraph, 500);

    [Fact]
    public void Lone_surrogates_and_control_characters() => Run("spec bad characters", SpecGens.BadText, 300);

    [Fact]
    public void Degenerate_files() => Run("spec degenerate files", SpecGens.Degenerate, 300);

    [Fact]
    public void Hostile_names_meet_no_generated_or_inherited_member()
    {
        // Every name the spec gives is one generated code declares or inherits, a keyword, or one that differs from
        // another only in case or punctuation: what compiles must compile cleanly, and most specs must compile (two
        // spec names meeting in one C# name are SG1009, and the test must not pass on refusals alone).
        var outcomes = new ConcurrentDictionary<SpecOutcome, int>();
        Fuzzer.Run(output, "spec hostile names", NameGens.Spec, 200, yaml => outcomes.AddOrUpdate(SpecCheck.Check(yaml), 1, (_, n) => n + 1), hangLimit: SpecCheck.CaseLimit);
        Report(outcomes);
        Assert.True(outcomes.GetValueOrDefault(SpecOutcome.Compiled) >= outcomes.GetValueOrDefault(SpecOutcome.Refused), "fewer specs compiled than were refused");
    }

    [Fact]
    public void Invalid_utf8_bytes_decoded_as_the_compiler_reads_files()
    {
        var outcomes = new ConcurrentDictionary<SpecOutcome, int>();
        Fuzzer.Run(
            output,
            "spec invalid UTF-8",
            SpecGens.InvalidUtf8,
            300,
            bytes => outcomes.AddOrUpdate(SpecCheck.Check(new SpecCheck.BytesAdditionalText(SpecCheck.SpecPath, bytes)), 1, (_, n) => n + 1),
            hangLimit: SpecCheck.CaseLimit);
        Report(outcomes);
    }

    [Fact]
    public void Hostile_text_in_descriptions() => Run(
        "spec hostile text: descriptions",
        HostileTextGens.In(
            TextPlace.ApiDescription, TextPlace.SchemaDescription, TextPlace.PropertyDescription, TextPlace.OperationDescription, TextPlace.ParameterDescription,
            TextPlace.ResponseDescription, TextPlace.ErrorSchemaDescription, TextPlace.ErrorPropertyDescription),
        800);

    /// <summary>A 4xx/5xx response with an object schema: its description becomes an <c>/// &lt;exception&gt;</c> line.</summary>
    [Fact]
    public void Hostile_text_in_error_response_descriptions() => Run("spec hostile text: error response descriptions", HostileTextGens.In(TextPlace.ErrorResponseDescription), 400);

    [Fact]
    public void Hostile_text_in_summaries_and_titles() => Run("spec hostile text: summaries, titles", HostileTextGens.In(TextPlace.Summary, TextPlace.ApiTitle, TextPlace.SchemaTitle, TextPlace.PropertyTitle), 600);

    [Fact]
    public void Hostile_text_in_enum_values() => Run("spec hostile text: enum values", HostileTextGens.In(TextPlace.EnumValue), 600);

    [Fact]
    public void Hostile_text_in_patterns_and_defaults() => Run("spec hostile text: patterns, defaults", HostileTextGens.In(TextPlace.Pattern, TextPlace.Default), 600);

    [Fact]
    public void Hostile_text_in_parameter_wire_names() => Run("spec hostile text: query and header names", HostileTextGens.In(TextPlace.QueryName, TextPlace.HeaderName), 600);

    [Fact]
    public void Hostile_text_in_file_names() => Run("spec hostile text: file names", HostileTextGens.In(TextPlace.FileName), 400);

    [Fact]
    public void Hostile_text_in_namespaces() => Run("spec hostile text: namespaces", HostileTextGens.In(TextPlace.Namespace), 400);

    [Fact]
    public void Namespaces_that_differ_only_in_case()
    {
        var outcomes = new ConcurrentDictionary<SpecOutcome, int>();
        Fuzzer.Run(
            output,
            "spec case-only namespaces",
            HostileTextGens.CaseOnlyNamespaces,
            600,
            specs =>
            {
                foreach (var outcome in SpecCheck.CheckAll(specs.Items))
                {
                    outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
                }
            },
            hangLimit: SpecCheck.CaseLimit);
        Report(outcomes);
    }

    private void Run(string category, Gen<HostileTextSpec> gen, int cases)
    {
        var outcomes = new ConcurrentDictionary<SpecOutcome, int>();
        Fuzzer.Run(
            output,
            category,
            gen,
            cases,
            spec => outcomes.AddOrUpdate(
                SpecCheck.CheckAll([new SpecCheck.SpecItem(new InMemoryAdditionalText(spec.Path, spec.Yaml), spec.Namespace, MustGenerate: true)])[0], 1, (_, n) => n + 1),
            hangLimit: SpecCheck.CaseLimit);
        Report(outcomes);
    }

    private void Run(string category, Gen<string> gen, int cases)
    {
        var outcomes = new ConcurrentDictionary<SpecOutcome, int>();
        Fuzzer.Run(output, category, gen, cases, yaml => outcomes.AddOrUpdate(SpecCheck.Check(yaml), 1, (_, n) => n + 1), hangLimit: SpecCheck.CaseLimit);
        Report(outcomes);
    }

    private void Report(ConcurrentDictionary<SpecOutcome, int> outcomes) =>
        output.WriteLine(string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key}: {o.Value:N0}")) + $"; distinct outputs compiled so far: {SpecCheck.Compilations:N0}");
}
