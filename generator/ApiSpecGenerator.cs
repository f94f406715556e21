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
            .Select(static (file, _) => (File: file, Result: Guard(file.Path, () => SpecReader.Read(file.Path, file.Text), static d => new ReadResult(null, d))))
            .WithTrackingName(TrackingNames.Read);

        var facts = context.CompilationProvider
            .Select(static (compilation, _) => new CompilationFacts(
                compilation.GetTypeByMetadataName("Microsoft.Extensions.DependencyInjection.HttpClientFactoryServiceCollectionExtensions") is not null))
            .WithTrackingName(TrackingNames.CompilationFacts);

        var bound = read
            .Combine(facts)
            .Select(static (pair, _) => BindStep(pair.Left.File, pair.Left.Result, pair.Right))
            .WithTrackingName(TrackingNames.Bind);

        // Two specs may share a namespace; a type both declare is reported in the YAML rather than left to CS0101.
        var declaredTypes = bound
            .Where(static spec => spec.Model is not null)
            .Select(static (spec, _) => (spec.SpecPath, spec.Model!.Namespace, spec.DeclaredTypes))
            .Collect();
        context.RegisterSourceOutput(declaredTypes, static (production, specs) =>
        {
            foreach (var diagnostic in CrossSpecCollisions(specs))
            {
                production.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });

        context.RegisterSourceOutput(bound, static (production, result) =>
        {
            foreach (var diagnostic in result.Diagnostics)
            {
                production.ReportDiagnostic(diagnostic.ToDiagnostic());
            }

            if (result.Model is null)
            {
                return;
            }

            var emitted = Guard<System.Collections.Generic.IReadOnlyList<GeneratedFile>?>(result.SpecPath, () => SourceFiles.Emit(result.Model), static _ => null);
            if (emitted is null)
            {
                production.ReportDiagnostic(DiagnosticInfo.Create(Diagnostics.InternalError, LocationInfo.FileStart(result.SpecPath), "emit", "an unexpected exception").ToDiagnostic());
                return;
            }

            foreach (var file in emitted)
            {
                production.AddSource(file.HintName, file.Text);
            }
        });
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

        var content = text.GetText(cancellationToken)?.ToString() ?? "";
        return new SpecFile(
            text.Path,
            content,
            CleanNamespace(ns),
            Names.Pascal(string.IsNullOrWhiteSpace(clientName) ? Path.GetFileNameWithoutExtension(text.Path) : clientName!));
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
            var diagnostic = DiagnosticInfo.Create(Diagnostics.InternalError, LocationInfo.FileStart(path), ex.GetType().Name, ex.Message);
            return onError(new[] { diagnostic }.ToEquatableArray());
        }
    }

    /// <summary>One spec file with its options; the text is part of the value so an edit re-runs the read step.</summary>
    private sealed record SpecFile(string Path, string Text, string Namespace, string ClientName);

    private sealed record BoundSpec(string SpecPath, ClientModel? Model, EquatableArray<DiagnosticInfo> Diagnostics, EquatableArray<DeclaredType> DeclaredTypes);
}
