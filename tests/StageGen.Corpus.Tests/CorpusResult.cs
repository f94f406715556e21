using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StageGen.Generator.Tests.Infrastructure;

namespace StageGen.Corpus.Tests;

/// <summary>What one document gave: the outcome, the counts the table reports and what went wrong, by diagnostic ID.</summary>
public sealed record CorpusResult(
    CorpusDocument Document,
    string Outcome,
    int OperationsGenerated,
    int TypesGenerated,
    SchemaTyping? Typing,
    int GeneratedLines,
    IReadOnlyList<(string Id, int Count)> GeneratorDiagnostics,
    IReadOnlyList<(string Id, int Count)> CompilerDiagnostics,
    TimeSpan GenerationTime)
{
    public static CorpusResult Of(CorpusDocument document, SpecFile spec, GeneratorRun net100, GeneratorRun net80, SchemaTyping? typing)
    {
        var generatorErrors = net100.GeneratorDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
        var compiler = net100.CompilationDiagnostics.Concat(net80.CompilationDiagnostics).ToList();
        var outcome = net100.Result.Exception is not null ? "generator crashed"
            : generatorErrors ? "refused"
            : compiler.Count > 0 ? "does not compile"
            : "compiles clean";
        var client = net100.OutputCompilation.GetTypeByMetadataName($"{spec.Namespace}.I{spec.ClientName}Client");
        // One per operation: an operation with declared response headers also has {Op}WithHeadersAsync beside {Op}Async.
        var methods = client?.GetMembers().OfType<IMethodSymbol>().Select(m => m.Name).ToHashSet(StringComparer.Ordinal) ?? new HashSet<string>();
        const string withHeaders = "WithHeadersAsync";
        var operations = methods.Count(name => !(name.EndsWith(withHeaders, StringComparison.Ordinal) && methods.Contains(name.Substring(0, name.Length - withHeaders.Length) + "Async")));
        // The types made from schemas: records and enums, and exceptions for error schemas.
        var types = net100.Result.GeneratedSources
            .Where(source => source.HintName.EndsWith(".Models.g.cs", StringComparison.Ordinal)
                || source.HintName.EndsWith(".Enums.g.cs", StringComparison.Ordinal)
                || source.HintName.EndsWith(".Errors.g.cs", StringComparison.Ordinal))
            .Sum(source => source.SyntaxTree.GetRoot().DescendantNodes().OfType<BaseTypeDeclarationSyntax>().Count(t => t.Parent is BaseNamespaceDeclarationSyntax or CompilationUnitSyntax));
        var lines = net100.Result.GeneratedSources.Sum(source => source.SourceText.Lines.Count);
        return new CorpusResult(document, outcome, operations, types, typing, lines, ById(net100.GeneratorDiagnostics), ById(compiler), net100.Driver.GetTimingInfo().ElapsedTime);
    }

    /// <summary>The reachable named schemas that are typed, against all reachable ones (<c>–</c> when the document gave no client).</summary>
    public string SchemasTyped => Typing is null ? $"– / {Document.ReachableSchemas.Count}" : $"{Typing.Typed.Count} / {Document.ReachableSchemas.Count}";

    /// <summary>A line for the test output.</summary>
    public string Describe() =>
        $"{Document.FileName}: {Outcome}; operations {OperationsGenerated}/{Document.Operations}; types {TypesGenerated} for {Document.Schemas} schemas; "
        + $"schemas typed {SchemasTyped}; "
        + $"{GeneratedLines:N0} lines in {GenerationTime.TotalMilliseconds:N0} ms; generator {Format(GeneratorDiagnostics)}; compiler {Format(CompilerDiagnostics)}";

    public static string Format(IReadOnlyList<(string Id, int Count)> diagnostics) =>
        diagnostics.Count == 0 ? "none" : string.Join(", ", diagnostics.Select(d => d.Count == 1 ? d.Id : $"{d.Id} ×{d.Count.ToString("N0", CultureInfo.InvariantCulture)}"));

    private static IReadOnlyList<(string Id, int Count)> ById(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics.GroupBy(d => d.Id).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Count())).ToList();
}
