using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace StageGen.Generator.Tests.Infrastructure;

/// <summary>
/// Supplies what MSBuild would write to the generated .editorconfig: <c>build_property.RootNamespace</c> globally and
/// the <c>ApiSpec</c> item metadata per additional file (keyed by path).
/// </summary>
public sealed class TestAnalyzerConfigOptionsProvider : AnalyzerConfigOptionsProvider
{
    public const string RootNamespaceKey = "build_property.RootNamespace";
    public const string SpecKey = "build_metadata.AdditionalFiles.StageGenSpec";
    public const string NamespaceKey = "build_metadata.AdditionalFiles.StageGenNamespace";
    public const string ClientNameKey = "build_metadata.AdditionalFiles.StageGenClientName";

    private readonly ImmutableDictionary<string, AnalyzerConfigOptions> _byPath;

    /// <summary>Options for a project with <paramref name="rootNamespace"/> (none when null) and the given items.</summary>
    public static TestAnalyzerConfigOptionsProvider Create(string? rootNamespace, IEnumerable<SpecFile> specs) =>
        new TestAnalyzerConfigOptionsProvider(
            Options(rootNamespace is null ? [] : [new(RootNamespaceKey, rootNamespace)]),
            ImmutableDictionary<string, AnalyzerConfigOptions>.Empty).WithSpecs(specs);

    private TestAnalyzerConfigOptionsProvider(AnalyzerConfigOptions global, ImmutableDictionary<string, AnalyzerConfigOptions> byPath)
    {
        GlobalOptions = global;
        _byPath = byPath;
    }

    /// <inheritdoc />
    public override AnalyzerConfigOptions GlobalOptions { get; }

    /// <inheritdoc />
    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => DictionaryOptions.Empty;

    /// <inheritdoc />
    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
        _byPath.TryGetValue(textFile.Path, out var options) ? options : DictionaryOptions.Empty;

    /// <summary>A copy that also knows the metadata of <paramref name="specs"/>.</summary>
    public TestAnalyzerConfigOptionsProvider WithSpecs(IEnumerable<SpecFile> specs)
    {
        var byPath = _byPath;
        foreach (var spec in specs)
        {
            var items = new List<KeyValuePair<string, string>>();
            if (spec.IsSpec) items.Add(new(SpecKey, "true"));
            if (spec.Namespace is not null) items.Add(new(NamespaceKey, spec.Namespace));
            if (spec.ClientName is not null) items.Add(new(ClientNameKey, spec.ClientName));
            byPath = byPath.SetItem(spec.Path, Options(items));
        }

        return new TestAnalyzerConfigOptionsProvider(GlobalOptions, byPath);
    }

    private static DictionaryOptions Options(IEnumerable<KeyValuePair<string, string>> items) =>
        new(ImmutableDictionary.CreateRange(AnalyzerConfigOptions.KeyComparer, items));

    private sealed class DictionaryOptions(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public static readonly DictionaryOptions Empty = new(ImmutableDictionary.Create<string, string>(KeyComparer));

        public override IEnumerable<string> Keys => values.Keys;

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
