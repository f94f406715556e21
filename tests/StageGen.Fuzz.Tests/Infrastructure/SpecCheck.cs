using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Text;
using StageGen.Generator;
using StageGen.Generator.Tests.Infrastructure;

namespace StageGen.Fuzz.Tests.Infrastructure;

/// <summary>What one generator run over one hostile spec did.</summary>
public enum SpecOutcome
{
    /// <summary>The spec had errors: every one located in the spec, and nothing generated.</summary>
    Refused,

    /// <summary>No errors: the output compiled with no warnings (compiled here, or identical to an output compiled before).</summary>
    Compiled,
}

/// <summary>
/// Runs the generator over one spec the way the compiler does and checks what must hold for any input:
/// <list type="bullet">
/// <item>it does not throw (no CS8784/CS8785, no exception on the run result) and reports no SG9001 (internal error);</item>
/// <item>it finishes within <see cref="Fuzzer.HangLimit"/> (the whole case, compiling included, within <see cref="CaseLimit"/>);</item>
/// <item>every diagnostic is located inside the spec file: its path, a span within the text;</item>
/// <item>an error means nothing is generated for the spec;</item>
/// <item>no error means the output compiles with no warnings (nullable on, every warning wave).</item>
/// </list>
/// Compiling is the expensive part, so outputs are compiled once per distinct generated text (SHA-256 of all the
/// sources), against one shared set of metadata references, with <c>GetDiagnostics</c> and a metadata-only emit (no IL).
/// </summary>
public static class SpecCheck
{
    public const string SpecPath = "/fuzz/api.yaml";

    /// <summary>The watchdog of a whole case: the generator's run (at most <see cref="Fuzzer.HangLimit"/>) and compiling its output.</summary>
    public static readonly TimeSpan CaseLimit = TimeSpan.FromSeconds(120);

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12, DocumentationMode.Diagnose);

    private static readonly Lazy<CSharpCompilation> BaseCompilation = new(() => CSharpCompilation.Create(
        "FuzzApp",
        [],
        Basic.Reference.Assemblies.Net100.References.All
            .Append(MetadataReference.CreateFromFile(Path.Combine(AppContext.BaseDirectory, "StageGen.Runtime.dll"))),
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, warningLevel: 9999)
            .WithSpecificDiagnosticOptions([new("CS1701", ReportDiagnostic.Suppress), new("CS1702", ReportDiagnostic.Suppress)])));

    private static readonly TestAnalyzerConfigOptionsProvider Options =
        TestAnalyzerConfigOptionsProvider.Create("FuzzApp", [new SpecFile(SpecPath, "", "Fuzz.Api", "Api")]);

    private static readonly ConcurrentDictionary<string, Lazy<string?>> Compiled = new(StringComparer.Ordinal);

    private static int _compilations;

    /// <summary>How many distinct outputs were compiled in this process.</summary>
    public static int Compilations => Volatile.Read(ref _compilations);

    /// <summary>Runs and checks one spec given as text.</summary>
    public static SpecOutcome Check(string yaml) => Check(new InMemoryAdditionalText(SpecPath, yaml), yaml.Length);

    /// <summary>Runs and checks one spec given as an additional file (e.g. one decoded from bytes).</summary>
    public static SpecOutcome Check(AdditionalText text, int? length = null)
    {
        var sourceText = text.GetText();
        var lines = sourceText?.Lines.Count ?? 1;
        var textLength = length ?? sourceText?.Length ?? 0;

        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new ApiSpecGenerator().AsSourceGenerator()],
            [text],
            ParseOptions,
            Options);
        var watch = Stopwatch.StartNew();
        var run = driver.RunGenerators(BaseCompilation.Value).GetRunResult();
        if (watch.Elapsed > Fuzzer.HangLimit)
        {
            throw new TimeoutException($"The generator took {watch.Elapsed.TotalSeconds:F1} s, more than {Fuzzer.HangLimit.TotalSeconds:F0} s: a hang.");
        }

        var result = run.Results.Single();
        if (result.Exception is { } thrown)
        {
            throw new InvalidOperationException($"The generator threw: {thrown}");
        }

        var diagnostics = run.Diagnostics;
        if (diagnostics.Any(d => d.Id is "CS8784" or "CS8785" or "SG9001"))
        {
            Fail(diagnostics.Where(d => d.Id is "CS8784" or "CS8785" or "SG9001"), "The generator failed internally", StackOfInternalError(sourceText?.ToString() ?? ""));
        }

        foreach (var diagnostic in diagnostics)
        {
            var location = diagnostic.Location;
            var span = location.GetLineSpan();
            if (location == Location.None || span.Path != SpecPath)
            {
                Fail([diagnostic], "A diagnostic is not located in the spec");
            }

            if (location.SourceSpan.Start < 0 || location.SourceSpan.End > Math.Max(textLength, 0) + 1
                || span.StartLinePosition.Line < 0 || span.StartLinePosition.Line > lines || span.EndLinePosition < span.StartLinePosition)
            {
                Fail([diagnostic], $"A diagnostic points outside the spec ({textLength} characters, {lines} lines): span {location.SourceSpan}, lines {span.StartLinePosition}-{span.EndLinePosition}");
            }

            if (string.IsNullOrWhiteSpace(diagnostic.GetMessage()))
            {
                Fail([diagnostic], "A diagnostic has no message");
            }
        }

        var sources = result.GeneratedSources;
        if (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            if (!sources.IsEmpty)
            {
                throw new InvalidOperationException($"A spec with errors generated {string.Join(", ", sources.Select(s => s.HintName))}:\n{GeneratorHarness.Format(diagnostics)}");
            }

            return SpecOutcome.Refused;
        }

        var problems = CompileOnce(sources);
        if (problems is not null)
        {
            throw new InvalidOperationException($"The spec reported no error but its output does not compile cleanly:\n{problems}\nGenerator diagnostics:\n{GeneratorHarness.Format(diagnostics)}");
        }

        return SpecOutcome.Compiled;
    }

    /// <summary>The warnings and errors of compiling the sources (null when there are none), once per distinct output.</summary>
    private static string? CompileOnce(ImmutableArray<GeneratedSourceResult> sources)
    {
        using var sha = SHA256.Create();
        foreach (var source in sources.OrderBy(s => s.HintName, StringComparer.Ordinal))
        {
            var bytes = Encoding.UTF8.GetBytes(source.HintName + "\0" + source.SourceText + "\0");
            sha.TransformBlock(bytes, 0, bytes.Length, null, 0);
        }

        sha.TransformFinalBlock([], 0, 0);
        var key = Convert.ToHexString(sha.Hash!);
        return Compiled.GetOrAdd(key, _ => new Lazy<string?>(() => Compile(sources))).Value;
    }

    private static string? Compile(ImmutableArray<GeneratedSourceResult> sources)
    {
        Interlocked.Increment(ref _compilations);
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.SourceText, ParseOptions, s.HintName));
        var compilation = BaseCompilation.Value.AddSyntaxTrees(trees);
        var problems = compilation.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning && !d.IsSuppressed)
            .ToList();
        if (problems.Count == 0)
        {
            // Some errors only come when metadata is written (CS7013: a name too long for metadata); writing metadata
            // alone is cheap, as no method body is compiled.
            problems = compilation.Emit(Stream.Null, options: new EmitOptions(metadataOnly: true)).Diagnostics
                .Where(d => d.Severity >= DiagnosticSeverity.Warning && !d.IsSuppressed)
                .ToList();
        }

        if (problems.Count == 0)
        {
            return null;
        }

        var text = new StringBuilder(GeneratorHarness.Format(problems.Take(20)));
        foreach (var tree in problems.Select(p => p.Location.SourceTree).OfType<SyntaxTree>().Distinct().Take(3))
        {
            var line = problems.First(p => p.Location.SourceTree == tree).Location.GetLineSpan().StartLinePosition.Line;
            var lines = tree.GetText().Lines;
            text.AppendLine().AppendLine($"{tree.FilePath} around line {line + 1}:");
            for (var i = Math.Max(0, line - 3); i <= Math.Min(lines.Count - 1, line + 3); i++)
            {
                var content = lines[i].ToString();
                text.AppendLine(Fuzzer.Escape(content.Length > 300 ? content.Substring(0, 300) + "…" : content));
            }
        }

        return text.ToString();
    }

    private static void Fail(IEnumerable<Diagnostic> diagnostics, string what, string? details = null)
    {
        var list = diagnostics.ToList();
        if (list.Count > 0)
        {
            throw new InvalidOperationException($"{what}:\n{GeneratorHarness.Format(list)}{(details is null ? "" : "\n" + details)}");
        }
    }

    /// <summary>
    /// SG9001 hides the exception's stack (the generator must not throw): runs the read and bind steps again, outside
    /// the generator's guard, to show where it came from.
    /// </summary>
    private static string StackOfInternalError(string yaml)
    {
        try
        {
            var read = StageGen.Generator.Spec.SpecReader.Read(SpecPath, yaml);
            if (read.Document is not null)
            {
                StageGen.Generator.Model.Binder.Bind(read.Document, new StageGen.Generator.Model.SpecOptions("Fuzz.Api", "Api"), new StageGen.Generator.Model.CompilationFacts(false));
            }

            return "(reading and binding again outside the generator threw nothing: the exception is in emitting)";
        }
        catch (Exception ex)
        {
            return "Reading and binding again outside the generator: " + ex;
        }
    }

    /// <summary>An additional file whose text is decoded from bytes, as the compiler reads files from disk.</summary>
    public sealed class BytesAdditionalText(string path, byte[] bytes) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(new MemoryStream(bytes), Encoding.UTF8, throwIfBinaryDetected: false);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }
}
