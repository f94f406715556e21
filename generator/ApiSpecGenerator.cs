using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using StageGen.Generator.Common;
using StageGen.Generator.Emit;
using StageGen.Generator.Model;
using StageGen.Generator.Spec;

namespace StageGen.Generator;

/// <summary>
/// Turns each <c>ApiSpec</c> item (an AdditionalFile marked <c>StageGenSpec=true</c>) into DTOs, JSON code, validators
/// and an <c>HttpClient</c> client. Flow: read (YAML → <see cref="SpecDocument"/>) → bind (→ <see cref="ClientModel"/>) → emit.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ApiSpecGenerator : IIncrementalGenerator
{
    private const string MetadataPrefix = "build_metadata.AdditionalFiles.";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var specFiles = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, cancellationToken) => ToSpecFile(pair.Left, pair.Right, cancellationToken))
            .Where(static file => file is not null)
            .Select(static (file, _) => file!)
            .WithTrackingName(TrackingNames.SpecFiles);

        var read = specFiles
            .Select(static (file, cancellationToken) => (File: file, Result: file.LoadError is { } error
                ? new ReadResult(null, new[] { InternalError(file.Path, error) }.ToEquatableArray())
                : Guard(file.Path, () => SpecReader.Read(file.Path, file.Text, cancellationToken), static d => new ReadResult(null, d))))
            .WithTrackingName(TrackingNames.Read);

        var facts = context.CompilationProvider
            .Select(static (compilation, _) => new CompilationFacts(
                compilation.GetTypeByMetadataName("Microsoft.Extensions.DependencyInjection.HttpClientFactoryServiceCollectionExtensions") is not null))
            .WithTrackingName(TrackingNames.CompilationFacts);

        var bound = read
            .Combine(facts)
            .Select(static (pair, cancellationToken) => BindStep(pair.Left.File, pair.Left.Result, pair.Right, cancellationToken))
            .WithTrackingName(TrackingNames.Bind);

        // Two specs may share a namespace. A type both declare is reported in the later spec's YAML, and that spec
        // generates nothing, instead of leaving the user with duplicate-member errors in generated code. The collision
        // list is small and usually empty, so combining it back in keeps every spec's output cached. Hint names are
        // settled here too: the compiler compares them ignoring case, so Contoso.Api and Contoso.API need two.
        var crossSpec = bound
            .Where(static spec => spec.Model is not null)
            .Select(static (spec, _) => new SpecNames(spec.SpecPath, spec.Model!.Namespace, spec.Model.ClientName, spec.DeclaredTypes))
            .Collect()
            .Select(static (specs, _) => new CrossSpecChecks(CrossSpecCollisions(specs).ToEquatableArray(), HintPrefixes(specs).ToEquatableArray()));

        // Diagnostics and source are separate outputs: diagnostics carry locations, which move with every edit of the
        // YAML (a comment, a blank line), while the source comes from the location-free model and stays cached then.
        var diagnostics = bound
            .Select(static (spec, _) => (spec.SpecPath, spec.Diagnostics))
            .Combine(crossSpec.Select(static (checks, _) => checks.Collisions))
            .Select(static (pair, _) => pair.Left.Diagnostics.Concat(pair.Right.Where(d => d.Location?.FilePath == pair.Left.SpecPath)).ToEquatableArray());
        context.RegisterSourceOutput(diagnostics, static (production, found) =>
        {
            foreach (var diagnostic in found)
            {
                production.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });

        var sourceSpecs = bound
            .Select(static (spec, _) => (spec.SpecPath, spec.Model))
            .Combine(crossSpec.Select(static (checks, _) => new SourcePlan(
                checks.Collisions.Select(d => d.Location?.FilePath ?? "").Distinct().ToEquatableArray(),
                checks.HintPrefixes)))
            .Select(static (pair, _) => ToSourceSpec(pair.Left.SpecPath, pair.Left.Model, pair.Right))
            .WithTrackingName(TrackingNames.Source);

        context.RegisterSourceOutput(sourceSpecs, static (production, spec) =>
        {
            if (spec.Model is null)
            {
                return;
            }

            // AddSource is inside the guard too: a hint name it refuses must not take every spec's output with it (CS8785).
            var failure = Guard(
                spec.SpecPath,
                () =>
                {
                    foreach (var file in SourceFiles.Emit(spec.Model, spec.HintPrefix))
                    {
                        production.AddSource(file.HintName, file.Source);
                    }

                    return EquatableArray<DiagnosticInfo>.Empty;
                },
                static d => d);
            foreach (var diagnostic in failure)
            {
                production.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });
    }

    /// <summary>A spec that a cross-spec collision blocks generates nothing (its diagnostic says why).</summary>
    private static SourceSpec ToSourceSpec(string specPath, ClientModel? model, SourcePlan plan) =>
        plan.BlockedSpecs.Contains(specPath)
            ? new SourceSpec(specPath, null, null)
            : new SourceSpec(specPath, model, plan.HintPrefixes.FirstOrDefault(h => h.SpecPath == specPath)?.Prefix);

    /// <summary>
    /// <c>{Namespace}.{ClientName}</c> for each spec, unique ignoring case: a later spec (in path order) whose prefix is
    /// taken gets <c>.2</c>, <c>.3</c>, ... (a client name never starts with a digit, so no other spec's prefix has that form).
    /// </summary>
    private static IEnumerable<HintPrefix> HintPrefixes(ImmutableArray<SpecNames> specs)
    {
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var spec in specs.OrderBy(s => s.Path, StringComparer.Ordinal))
        {
            var prefix = spec.Namespace + "." + spec.ClientName;
            for (var n = 2; !taken.Add(prefix); n++)
            {
                prefix = spec.Namespace + "." + spec.ClientName + "." + n.ToString(CultureInfo.InvariantCulture);
            }

            yield return new HintPrefix(spec.Path, prefix);
        }
    }

    private static SpecFile? ToSpecFile(AdditionalText text, AnalyzerConfigOptionsProvider provider, CancellationToken cancellationToken)
    {
        var options = provider.GetOptions(text);
        if (!options.TryGetValue(MetadataPrefix + "StageGenSpec", out var isSpec)
            || !string.Equals(isSpec, "true", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        options.TryGetValue(MetadataPrefix + "StageGenNamespace", out var ns);
        options.TryGetValue(MetadataPrefix + "StageGenClientName", out var clientName);
        if (string.IsNullOrWhiteSpace(ns))
        {
            provider.GlobalOptions.TryGetValue("build_property.RootNamespace", out ns);
        }

        string content;
        string? loadError = null;
        try
        {
            content = text.GetText(cancellationToken)?.ToString() ?? "";
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The read step turns this into SG9001: the generator never throws out of the compiler.
            (content, loadError) = ("", $"{ex.GetType().Name}: {ex.Message}");
        }

        return new SpecFile(
            text.Path,
            content,
            CleanNamespace(ns),
            Names.Pascal(string.IsNullOrWhiteSpace(clientName) ? Path.GetFileNameWithoutExtension(text.Path) : clientName!),
            loadError);
    }

    /// <summary>Keeps a valid namespace as it is; makes each invalid part a valid identifier.</summary>
    private static string CleanNamespace(string? ns)
    {
        var parts = (ns ?? "").Split('.')
            .Select(static p => p.Trim())
            .Where(static p => p.Length > 0)
            .Select(static p => SyntaxFacts.IsValidIdentifier(p) && SyntaxFacts.GetKeywordKind(p) == SyntaxKind.None ? p : Names.Pascal(p));
        var joined = string.Join(".", parts);
        return joined.Length == 0 ? "StageGen.Generated" : joined;
    }

    private static BoundSpec BindStep(SpecFile file, ReadResult read, CompilationFacts facts, CancellationToken cancellationToken)
    {
        if (read.Document is null || read.Diagnostics.Any(static d => d.IsError))
        {
            return new BoundSpec(file.Path, null, read.Diagnostics, EquatableArray<DeclaredType>.Empty);
        }

        var bind = Guard(
            file.Path,
            () => Binder.Bind(read.Document, new SpecOptions(file.Namespace, file.ClientName), facts, cancellationToken),
            static d => new BindResult(null, d, EquatableArray<DeclaredType>.Empty));
        return new BoundSpec(file.Path, bind.Model, read.Diagnostics.Concat(bind.Diagnostics).ToEquatableArray(), bind.DeclaredTypes);
    }

    private static IEnumerable<DiagnosticInfo> CrossSpecCollisions(ImmutableArray<SpecNames> specs)
    {
        var owners = new Dictionary<(string Namespace, string Name), string>();
        foreach (var spec in specs.OrderBy(s => s.Path, StringComparer.Ordinal))
        {
            foreach (var type in spec.Types)
            {
                if (owners.TryGetValue((spec.Namespace, type.Name), out var owner))
                {
                    yield return DiagnosticInfo.Create(
                        DiagnosticDescriptors.NameCollision,
                        type.Location,
                        $"'{type.Name}' of {Path.GetFileName(spec.Path)}",
                        $"'{type.Name}' of {Path.GetFileName(owner)} (same namespace {spec.Namespace}; give one ApiSpec item its own Namespace)",
                        $"{spec.Namespace}.{type.Name}");
                }
                else
                {
                    owners[(spec.Namespace, type.Name)] = spec.Path;
                }
            }
        }
    }

    /// <summary>The generator never throws out of the compiler: an unexpected exception becomes one SG9001 on the spec.</summary>
    private static T Guard<T>(string path, Func<T> step, Func<EquatableArray<DiagnosticInfo>, T> onError)
    {
        try
        {
            return step();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return onError(new[] { InternalError(path, $"{ex.GetType().Name}: {ex.Message}") }.ToEquatableArray());
        }
    }

    private static DiagnosticInfo InternalError(string path, string what) =>
        DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, LocationInfo.FileStart(path), what.TrimEnd('.'));

    /// <summary>One spec file with its options; the text is part of the value so an edit re-runs the read step.</summary>
    private sealed record SpecFile(string Path, string Text, string Namespace, string ClientName, string? LoadError);

    private sealed record BoundSpec(string SpecPath, ClientModel? Model, EquatableArray<DiagnosticInfo> Diagnostics, EquatableArray<DeclaredType> DeclaredTypes);

    /// <summary>
    /// What the source output needs of a spec, and nothing that holds a location. <see cref="HintPrefix"/>: where the
    /// hint names of its files start (see <see cref="HintPrefixes"/>).
    /// </summary>
    private sealed record SourceSpec(string SpecPath, ClientModel? Model, string? HintPrefix);

    /// <summary>The cross-spec checks without their locations: the specs a collision blocks, and every spec's hint prefix.</summary>
    private sealed record SourcePlan(EquatableArray<string> BlockedSpecs, EquatableArray<HintPrefix> HintPrefixes);

    /// <summary>What the checks across specs need of one bound spec.</summary>
    private sealed record SpecNames(string Path, string Namespace, string ClientName, EquatableArray<DeclaredType> Types);

    private sealed record HintPrefix(string SpecPath, string Prefix);

    private sealed record CrossSpecChecks(EquatableArray<DiagnosticInfo> Collisions, EquatableArray<HintPrefix> HintPrefixes);
}
