using System;
using System.Collections.Generic;
using System.Collections.Immutable;
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
            .Select(static (file, _) => (File: file, Result: file.LoadError is { } error
                ? new ReadResult(null, new[] { InternalError(file.Path, error) }.ToEquatableArray())
                : Guard(file.Path, () => SpecReader.Read(file.Path, file.Text), static d => new ReadResult(null, d))))
            .WithTrackingName(TrackingNames.Read);

        var facts = context.CompilationProvider
            .Select(static (compilation, _) => new CompilationFacts(
                compilation.GetTypeByMetadataName("Microsoft.Extensions.DependencyInjection.HttpClientFactoryServiceCollectionExtensions") is not null))
            .WithTrackingName(TrackingNames.CompilationFacts);

        var bound = read
            .Combine(facts)
            .Select(static (pair, _) => BindStep(pair.Left.File, pair.Left.Result, pair.Right))
            .WithTrackingName(TrackingNames.Bind);

        // Two specs may share a namespace. A type both declare is reported in the later spec's YAML, and that spec
        // generates nothing, instead of leaving the user with duplicate-member errors in generated code. The collision
        // list is small and usually empty, so combining it back in keeps every spec's output cached.
        var collisions = bound
            .Where(static spec => spec.Model is not null)
            .Select(static (spec, _) => (spec.SpecPath, spec.Model!.Namespace, spec.DeclaredTypes))
            .Collect()
            .Select(static (specs, _) => CrossSpecCollisions(specs).ToEquatableArray());

        var checkedSpecs = bound
            .Combine(collisions)
            .Select(static (pair, _) => WithCollisions(pair.Left, pair.Right));

        context.RegisterSourceOutput(checkedSpecs, static (production, result) =>
        {
            foreach (var diagnostic in result.Diagnostics)
            {
                production.ReportDiagnostic(diagnostic.ToDiagnostic());
            }

            if (result.Model is null)
            {
                return;
            }

            var emitted = Guard(
                result.SpecPath,
                () => (Files: SourceFiles.Emit(result.Model), Diagnostics: EquatableArray<DiagnosticInfo>.Empty),
                static d => (Files: (IReadOnlyList<GeneratedFile>)Array.Empty<GeneratedFile>(), Diagnostics: d));
            foreach (var diagnostic in emitted.Diagnostics)
            {
                production.ReportDiagnostic(diagnostic.ToDiagnostic());
            }

            foreach (var file in emitted.Files)
            {
                production.AddSource(file.HintName, file.Text);
            }
        });
    }

    private static BoundSpec WithCollisions(BoundSpec spec, EquatableArray<DiagnosticInfo> collisions)
    {
        var mine = collisions.Where(d => d.Location?.FilePath == spec.SpecPath).ToList();
        return mine.Count == 0 ? spec : spec with { Model = null, Diagnostics = spec.Diagnostics.Concat(mine).ToEquatableArray() };
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

    private static BoundSpec BindStep(SpecFile file, ReadResult read, CompilationFacts facts)
    {
        if (read.Document is null || read.Diagnostics.Any(d => Diagnostics.Find(d.Id).DefaultSeverity == DiagnosticSeverity.Error))
        {
            return new BoundSpec(file.Path, null, read.Diagnostics, EquatableArray<DeclaredType>.Empty);
        }

        var bind = Guard(
            file.Path,
            () => Binder.Bind(read.Document, new SpecOptions(file.Namespace, file.ClientName), facts),
            static d => new BindResult(null, d, EquatableArray<DeclaredType>.Empty));
        return new BoundSpec(file.Path, bind.Model, read.Diagnostics.Concat(bind.Diagnostics).ToEquatableArray(), bind.DeclaredTypes);
    }

    private static IEnumerable<DiagnosticInfo> CrossSpecCollisions(ImmutableArray<(string Path, string Namespace, EquatableArray<DeclaredType> Types)> specs)
    {
        var owners = new Dictionary<(string Namespace, string Name), string>();
        foreach (var spec in specs.OrderBy(s => s.Path, StringComparer.Ordinal))
        {
            foreach (var type in spec.Types)
            {
                if (owners.TryGetValue((spec.Namespace, type.Name), out var owner))
                {
                    yield return DiagnosticInfo.Create(
                        Diagnostics.NameCollision,
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
        DiagnosticInfo.Create(Diagnostics.InternalError, LocationInfo.FileStart(path), what.TrimEnd('.'));

    /// <summary>One spec file with its options; the text is part of the value so an edit re-runs the read step.</summary>
    private sealed record SpecFile(string Path, string Text, string Namespace, string ClientName, string? LoadError);

    private sealed record BoundSpec(string SpecPath, ClientModel? Model, EquatableArray<DiagnosticInfo> Diagnostics, EquatableArray<DeclaredType> DeclaredTypes);
}
