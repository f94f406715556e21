using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace StageGen.Generator.Tests.Infrastructure;

/// <summary>The reference assemblies a consuming project compiles against.</summary>
public enum ConsumerFramework
{
    Net80,
    Net100,
}

/// <summary>
/// One <c>AdditionalFiles</c> item with its <c>ApiSpec</c> metadata (<c>StageGenSpec</c> is <c>true</c> unless
/// <paramref name="IsSpec"/> is false; null metadata is left out, as MSBuild leaves out empty metadata).
/// </summary>
public sealed record SpecFile(string Path, string Text, string? Namespace = null, string? ClientName = null, bool IsSpec = true)
{
    /// <summary>
    /// Specs read from the repository get this root instead of their real one: real builds pass absolute paths,
    /// but the repository is cloned to different folders, and snapshots or messages must not depend on that.
    /// </summary>
    public const string VirtualRoot = "/src/";

    /// <summary>A spec read from the repository (e.g. <c>spec/stage.yaml</c>), at <c>/src/{relativePath}</c>.</summary>
    public static SpecFile FromRepo(string relativePath, string? @namespace = null, string? clientName = null)
    {
        var fullPath = RepoPaths.Combine(relativePath);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"Spec '{relativePath}' is not in the repository ({RepoPaths.Root}).", fullPath);
        }

        return new SpecFile(VirtualRoot + relativePath, File.ReadAllText(fullPath), @namespace, clientName);
    }
}

/// <summary>Runs <see cref="ApiSpecGenerator"/> the way the compiler does, with step tracking on.</summary>
public static class GeneratorHarness
{
    public const string DefaultRootNamespace = "TestApp";

    private static readonly Lazy<MetadataReference> RuntimeReference = new(() =>
        MetadataReference.CreateFromFile(Path.Combine(AppContext.BaseDirectory, "StageGen.Runtime.dll")));

    // Microsoft.Extensions.Http and its dependencies (DependencyInjection.Abstractions, Options, Logging, ...),
    // copied to the test output by the package reference.
    private static readonly Lazy<ImmutableArray<MetadataReference>> HttpExtensionsReferences = new(() =>
        Directory.GetFiles(AppContext.BaseDirectory, "Microsoft.Extensions.*.dll")
            .Order(StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray());

    private static readonly CSharpCompilationOptions CompilationOptions =
        new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                warningLevel: 9999, // every warning wave, so nothing a newer SDK reports slips through
                deterministic: true)
            // The SDK's default NoWarn: assembly version unification (net8.0 packages on net10.0 references).
            .WithSpecificDiagnosticOptions([new("CS1701", ReportDiagnostic.Suppress), new("CS1702", ReportDiagnostic.Suppress)]);

    /// <summary>
    /// Builds a compilation (reference assemblies of <paramref name="framework"/>, StageGen.Runtime, and the
    /// Microsoft.Extensions.Http family when <paramref name="withHttpExtensions"/>), with the user sources as
    /// <c>User0.cs</c>, <c>User1.cs</c>, ..., and runs the generator over <paramref name="specs"/>.
    /// <see cref="DocumentationMode.Diagnose"/> parses documentation comments as <c>GenerateDocumentationFile</c>
    /// does, so a broken one is a warning (CS1570 and the like).
    /// </summary>
    public static GeneratorRun Run(
        IEnumerable<SpecFile> specs,
        ConsumerFramework framework = ConsumerFramework.Net80,
        bool withHttpExtensions = false,
        IEnumerable<string>? userSources = null,
        string? rootNamespace = DefaultRootNamespace,
        LanguageVersion languageVersion = LanguageVersion.CSharp12,
        DocumentationMode documentationMode = DocumentationMode.Parse)
    {
        var specList = specs.ToList();
        var parseOptions = new CSharpParseOptions(languageVersion, documentationMode);
        var trees = (userSources ?? []).Select((source, i) => CSharpSyntaxTree.ParseText(source, parseOptions, UserSourcePath(i)));
        var compilation = CSharpCompilation.Create("TestApp", trees, References(framework, withHttpExtensions), CompilationOptions);

        var texts = specList.Select(spec => (AdditionalText)new InMemoryAdditionalText(spec.Path, spec.Text)).ToImmutableArray();
        var options = TestAnalyzerConfigOptionsProvider.Create(rootNamespace, specList);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new ApiSpecGenerator().AsSourceGenerator()],
            texts,
            parseOptions,
            options,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

        return GeneratorRun.Execute(driver, compilation, texts, options);
    }

    /// <summary>
    /// Emits the run's output compilation, loads it into a collectible context for <paramref name="use"/>, and unloads
    /// it afterwards.
    /// </summary>
    public static async System.Threading.Tasks.Task WithLoadedAssembly(GeneratorRun run, Func<System.Reflection.Assembly, System.Threading.Tasks.Task> use)
    {
        using var image = new MemoryStream();
        var emitted = run.OutputCompilation.Emit(image);
        if (!emitted.Success)
        {
            throw new InvalidOperationException("The generated code did not compile:\n" + Format(emitted.Diagnostics));
        }

        var context = new System.Runtime.Loader.AssemblyLoadContext("generated", isCollectible: true);
        try
        {
            image.Position = 0;
            await use(context.LoadFromStream(image));
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>The path of the <paramref name="index"/>th user source.</summary>
    public static string UserSourcePath(int index) => $"User{index}.cs";

    /// <summary>Formats as <c>path(line,col): error SG1001: message</c> (1-based, no location part when there is none).</summary>
    public static string Format(Diagnostic diagnostic)
    {
        var severity = diagnostic.Severity.ToString().ToLowerInvariant();
        var message = $"{severity} {diagnostic.Id}: {diagnostic.GetMessage(CultureInfo.InvariantCulture)}";
        if (diagnostic.Location == Location.None)
        {
            return message;
        }

        var span = diagnostic.Location.GetMappedLineSpan();
        return $"{span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): {message}";
    }

    /// <summary>One diagnostic a line, for assertion messages.</summary>
    public static string Format(IEnumerable<Diagnostic> diagnostics) => string.Join("\n", diagnostics.Select(Format));

    private static IEnumerable<MetadataReference> References(ConsumerFramework framework, bool withHttpExtensions)
    {
        IEnumerable<MetadataReference> references = framework switch
        {
            ConsumerFramework.Net80 => Basic.Reference.Assemblies.Net80.References.All,
            ConsumerFramework.Net100 => Basic.Reference.Assemblies.Net100.References.All,
            _ => throw new ArgumentOutOfRangeException(nameof(framework)),
        };
        references = references.Append(RuntimeReference.Value);
        return withHttpExtensions ? references.Concat(HttpExtensionsReferences.Value) : references;
    }
}

/// <summary>
/// One generator pass: the driver (to run again after an edit), its input and output compilations, and what it
/// produced. The <c>With*</c> methods apply an edit and run the same driver again, as the IDE does.
/// </summary>
public sealed class GeneratorRun
{
    private readonly TestAnalyzerConfigOptionsProvider _options;

    private GeneratorRun(
        GeneratorDriver driver,
        Compilation inputCompilation,
        Compilation outputCompilation,
        ImmutableArray<AdditionalText> additionalTexts,
        TestAnalyzerConfigOptionsProvider options)
    {
        Driver = driver;
        InputCompilation = inputCompilation;
        OutputCompilation = outputCompilation;
        AdditionalTexts = additionalTexts;
        _options = options;
        RunResult = driver.GetRunResult();
        Sources = Result.GeneratedSources
            .OrderBy(source => source.HintName, StringComparer.Ordinal)
            .ToDictionary(source => source.HintName, source => source.SourceText.ToString(), StringComparer.Ordinal);
        CompilationDiagnostics = outputCompilation.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning && !d.IsSuppressed)
            .ToImmutableArray();
    }

    public GeneratorDriver Driver { get; }

    /// <summary>The compilation the generator saw (edit this one, not the output, before running again).</summary>
    public Compilation InputCompilation { get; }

    /// <summary>The input compilation plus the generated sources.</summary>
    public Compilation OutputCompilation { get; }

    /// <summary>The additional texts the driver holds, in order.</summary>
    public ImmutableArray<AdditionalText> AdditionalTexts { get; }

    public GeneratorDriverRunResult RunResult { get; }

    /// <summary>The one generator's result: generated sources, diagnostics, exception, tracked steps.</summary>
    public GeneratorRunResult Result => RunResult.Results.Single();

    /// <summary>Hint name (e.g. <c>Contoso.Gateway.Stage.Models.g.cs</c>) to generated text, in ordinal order.</summary>
    public IReadOnlyDictionary<string, string> Sources { get; }

    /// <summary>What the generator reported (including CS8784/CS8785 if it threw).</summary>
    public ImmutableArray<Diagnostic> GeneratorDiagnostics => RunResult.Diagnostics;

    /// <summary>Generator diagnostics of severity Warning or Error.</summary>
    public ImmutableArray<Diagnostic> GeneratorWarningsAndErrors =>
        GeneratorDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();

    /// <summary>
    /// The output compilation's warnings and errors: with <c>TreatWarningsAsErrors</c> each of them fails a build.
    /// </summary>
    public ImmutableArray<Diagnostic> CompilationDiagnostics { get; }

    /// <summary>Runs the same driver again with nothing changed.</summary>
    public GeneratorRun RunAgain() => Execute(Driver, InputCompilation, AdditionalTexts, _options);

    /// <summary>Replaces user source <c>User{index}.cs</c> and runs again.</summary>
    public GeneratorRun WithUserSource(string source, int index = 0)
    {
        var path = GeneratorHarness.UserSourcePath(index);
        var old = InputCompilation.SyntaxTrees.Single(tree => tree.FilePath == path);
        var replacement = CSharpSyntaxTree.ParseText(source, (CSharpParseOptions)old.Options, path);
        return Execute(Driver, InputCompilation.ReplaceSyntaxTree(old, replacement), AdditionalTexts, _options);
    }

    /// <summary>Replaces the text of the additional file at <paramref name="path"/> (its metadata stays) and runs again.</summary>
    public GeneratorRun WithSpecText(string path, string text)
    {
        var old = AdditionalTexts.Single(t => t.Path == path);
        var replacement = new InMemoryAdditionalText(path, text);
        return Execute(Driver.ReplaceAdditionalText(old, replacement), InputCompilation, AdditionalTexts.Replace(old, replacement), _options);
    }

    /// <summary>Adds additional files with their metadata and runs again.</summary>
    public GeneratorRun WithAddedSpecs(params SpecFile[] specs)
    {
        var added = specs.Select(spec => (AdditionalText)new InMemoryAdditionalText(spec.Path, spec.Text)).ToImmutableArray();
        var options = _options.WithSpecs(specs);
        var driver = Driver.AddAdditionalTexts(added).WithUpdatedAnalyzerConfigOptions(options);
        return Execute(driver, InputCompilation, AdditionalTexts.AddRange(added), options);
    }

    /// <summary>Any other edit: runs <paramref name="driver"/> (derived from <see cref="Driver"/>) over <paramref name="compilation"/>.</summary>
    public GeneratorRun Rerun(GeneratorDriver driver, Compilation compilation) => Execute(driver, compilation, AdditionalTexts, _options);

    internal static GeneratorRun Execute(
        GeneratorDriver driver,
        Compilation compilation,
        ImmutableArray<AdditionalText> additionalTexts,
        TestAnalyzerConfigOptionsProvider options)
    {
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return new GeneratorRun(driver, compilation, output, additionalTexts, options);
    }
}
