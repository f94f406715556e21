using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using StageGen.Generator;

namespace StageGen.Benchmarks.Generator;

/// <summary>
/// Runs <see cref="ApiSpecGenerator"/> the way the compiler does: a compilation against the .NET 10 reference assemblies
/// and StageGen.Runtime, the spec as an AdditionalFile with its ApiSpec metadata, a <see cref="CSharpGeneratorDriver"/>.
/// </summary>
public sealed class GeneratorHost
{
    public const string UserSource = "namespace Consumer { public static class Greeting { public static string Text => \"hello\"; } }";

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
        Basic.Reference.Assemblies.Net100.References.All
            .Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(global::StageGen.Runtime.ApiException).Assembly.Location))
            .ToImmutableArray());

    private static readonly CSharpCompilationOptions CompilationOptions =
        new(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, deterministic: true);

    private readonly ImmutableArray<AdditionalText> _texts;
    private readonly OptionsProvider _options;

    public GeneratorHost(string specPath, string specText, string @namespace = "Consumer.Api", string clientName = "Stage")
    {
        _texts = [new MemoryText(specPath, specText)];
        _options = new OptionsProvider(specPath, @namespace, clientName);
        UserTree = CSharpSyntaxTree.ParseText(UserSource, ParseOptions, "User.cs");
        _editedTrees =
        [
            CSharpSyntaxTree.ParseText(UserSource.Replace("hello", "hello, edited"), ParseOptions, "User.cs"),
            CSharpSyntaxTree.ParseText(UserSource.Replace("hello", "hello, edited again"), ParseOptions, "User.cs"),
        ];
    }

    private readonly SyntaxTree[] _editedTrees;

    public SyntaxTree UserTree { get; }

    /// <summary>A new compilation: the user's source only.</summary>
    public CSharpCompilation NewCompilation() => CSharpCompilation.Create("Consumer", [UserTree], References.Value, CompilationOptions);

    /// <summary>A new driver with no history, as in a command-line build.</summary>
    public GeneratorDriver NewDriver(bool trackSteps = false) => CSharpGeneratorDriver.Create(
        [new ApiSpecGenerator().AsSourceGenerator()],
        _texts,
        ParseOptions,
        _options,
        new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackSteps));

    /// <summary>
    /// A new compilation from <see cref="NewCompilation"/>'s after an edit of the user's source that has nothing to do
    /// with the spec (one of two edits, already parsed: parsing is the compiler's cost, not the generator's).
    /// </summary>
    public CSharpCompilation Edited(CSharpCompilation compilation, int edit) =>
        compilation.ReplaceSyntaxTree(UserTree, _editedTrees[edit & 1]);

    private sealed class MemoryText(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text, System.Text.Encoding.UTF8);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    /// <summary>What MSBuild writes to the generated .editorconfig for an ApiSpec item.</summary>
    private sealed class OptionsProvider : AnalyzerConfigOptionsProvider
    {
        private readonly string _specPath;
        private readonly Options _spec;

        public OptionsProvider(string specPath, string @namespace, string clientName)
        {
            _specPath = specPath;
            _spec = new Options(new Dictionary<string, string>
            {
                ["build_metadata.AdditionalFiles.StageGenSpec"] = "true",
                ["build_metadata.AdditionalFiles.StageGenNamespace"] = @namespace,
                ["build_metadata.AdditionalFiles.StageGenClientName"] = clientName,
            });
            GlobalOptions = new Options(new Dictionary<string, string> { ["build_property.RootNamespace"] = "Consumer" });
        }

        public override AnalyzerConfigOptions GlobalOptions { get; }

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => textFile.Path == _specPath ? _spec : Options.Empty;
    }

    private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public static readonly Options Empty = new([]);

        public override IEnumerable<string> Keys => values.Keys;

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}

/// <summary>Where the repository's files are, found from the working directory or the benchmark assembly upwards.</summary>
public static class Repo
{
    public static string Root { get; } = Find();

    public static string File(string relativePath) => Path.Combine(Root, relativePath);

    private static string Find()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (System.IO.File.Exists(Path.Combine(dir.FullName, "StageGen.sln")) && System.IO.File.Exists(Path.Combine(dir.FullName, "spec", "stage.yaml")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (StageGen.sln and spec/stage.yaml) above " + Environment.CurrentDirectory);
    }
}
