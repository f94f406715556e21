using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using StageGen.Generator.Spec;
using StageGen.Generator.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace StageGen.Corpus.Tests;

/// <summary>
/// One document of the corpus, with what it holds counted from its YAML (or JSON) tree, independently of the
/// generator's reader: its operations (one per method under <c>paths</c>) and its named schemas
/// (<c>components/schemas</c>, or Swagger 2.0's <c>definitions</c>).
/// </summary>
public sealed record CorpusDocument(string FileName, string Text, int Operations, int Schemas)
{
    private static readonly HashSet<string> Methods = new(StringComparer.Ordinal) { "get", "put", "post", "delete", "options", "head", "patch", "trace" };

    /// <summary>The corpus folder: <c>shared/corpus</c> beside the repository.</summary>
    public static string Folder { get; } = Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "corpus"));

    /// <summary>The client name the test gives the document: its file name in PascalCase (<c>aws-apigatewayv2</c> → <c>AwsApigatewayv2</c>).</summary>
    public string ClientName => string.Concat(Path.GetFileNameWithoutExtension(FileName)
        .Split('-', '_', '.')
        .Where(part => part.Length > 0)
        .Select(part => char.ToUpperInvariant(part[0]) + part.Substring(1)));

    public static IEnumerable<CorpusDocument> All() =>
        Directory.Exists(Folder)
            ? Directory.GetFiles(Folder).Where(path => path.EndsWith(".yaml", StringComparison.Ordinal) || path.EndsWith(".json", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal).Select(path => Load(Path.GetFileName(path)))
            : throw new DirectoryNotFoundException($"The corpus is not at {Folder}: the tests read ../shared/corpus beside the repository.");

    public static CorpusDocument Load(string fileName)
    {
        var text = File.ReadAllText(Path.Combine(Folder, fileName));
        var stream = new YamlStream();
        // The generator's own workaround for YamlDotNet's scanner, so the count reads what the generator reads.
        stream.Load(new StringReader(BlockScalarLeadingLines.Empty(text).Text));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var operations = Child(root, "paths") is YamlMappingNode paths
            ? paths.Children.Values.OfType<YamlMappingNode>().Sum(item => item.Children.Keys.Count(key => Methods.Contains(((YamlScalarNode)key).Value ?? "")))
            : 0;
        var schemas = (Child(Child(root, "components"), "schemas") ?? Child(root, "definitions")) is YamlMappingNode named ? named.Children.Count : 0;
        return new CorpusDocument(fileName, text, operations, schemas);
    }

    private static YamlNode? Child(YamlNode? node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;
}
