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
/// (<c>components/schemas</c>, or Swagger 2.0's <c>definitions</c>), and those of them its operations reach.
/// </summary>
public sealed record CorpusDocument(string FileName, string Text, int Operations, int Schemas, IReadOnlyList<string> ReachableSchemas)
{
    private static readonly HashSet<string> Methods = new(StringComparer.Ordinal) { "get", "put", "post", "delete", "options", "head", "patch", "trace" };

    /// <summary>
    /// The corpus folder: <c>shared/corpus</c> beside the repository, or the folder <c>STAGEGEN_CORPUS</c> names, so that
    /// the same measurement runs on any set of published documents.
    /// </summary>
    public static string Folder { get; } = Path.GetFullPath(Environment.GetEnvironmentVariable("STAGEGEN_CORPUS") is { Length: > 0 } named
        ? named
        : Path.Combine(RepoPaths.Root, "..", "shared", "corpus"));

    /// <summary>The client name the test gives the document: its file name in PascalCase (<c>aws-apigatewayv2</c> → <c>AwsApigatewayv2</c>).</summary>
    public string ClientName => ClientNameOf(Path.GetFileNameWithoutExtension(FileName));

    /// <summary>
    /// A file name's words (split at anything but an ASCII letter or digit) in PascalCase, with <c>Api</c> before a
    /// leading digit: already a C# identifier, so the generator uses it as given and the test finds the client by it
    /// (<c>6-dot-authentiqio</c> → <c>Api6DotAuthentiqio</c>, <c>Recurrence-(v1-</c> → <c>RecurrenceV1</c>).
    /// </summary>
    public static string ClientNameOf(string fileName)
    {
        var name = string.Concat(System.Text.RegularExpressions.Regex.Split(fileName, "[^A-Za-z0-9]+")
            .Where(part => part.Length > 0)
            .Select(part => char.ToUpperInvariant(part[0]) + part.Substring(1)));
        return name.Length == 0 || char.IsDigit(name[0]) ? "Api" + name : name;
    }

    public static IEnumerable<CorpusDocument> All() =>
        Directory.Exists(Folder)
            ? Directory.GetFiles(Folder).Where(path => path.EndsWith(".yaml", StringComparison.Ordinal) || path.EndsWith(".json", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal).Select(path => Load(Path.GetFileName(path)))
            : throw new DirectoryNotFoundException($"The corpus is not at {Folder}: the tests read ../shared/corpus beside the repository.");

    public static CorpusDocument Load(string fileName) => Of(fileName, File.ReadAllText(Path.Combine(Folder, fileName)));

    /// <summary>A document from its text, counted as a corpus document is.</summary>
    public static CorpusDocument Of(string fileName, string text)
    {
        var stream = new YamlStream();
        // The generator's own workaround for YamlDotNet's scanner, so the count reads what the generator reads.
        stream.Load(new StringReader(BlockScalarLeadingLines.Empty(text).Text));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var operations = Child(root, "paths") is YamlMappingNode paths
            ? paths.Children.Values.OfType<YamlMappingNode>().Sum(item => item.Children.Keys.Count(key => Methods.Contains(((YamlScalarNode)key).Value ?? "")))
            : 0;
        var schemas = (Child(Child(root, "components"), "schemas") ?? Child(root, "definitions")) is YamlMappingNode named ? named.Children.Count : 0;
        return new CorpusDocument(fileName, text, operations, schemas, Reachable(root));
    }

    /// <summary>
    /// The named schemas the operations reach: every <c>$ref</c> under <c>paths</c> (parameters, request bodies and
    /// responses, shared ones included), followed transitively through what it points to; a pointer into a named schema
    /// (<c>#/components/schemas/Page/properties/size</c>) reaches that schema. In ordinal order.
    /// </summary>
    private static List<string> Reachable(YamlMappingNode root)
    {
        var prefix = Child(root, "definitions") is not null && Child(Child(root, "components"), "schemas") is null ? "#/definitions/" : "#/components/schemas/";
        var reached = new SortedSet<string>(StringComparer.Ordinal);
        var followed = new HashSet<string>(StringComparer.Ordinal);
        var visited = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<YamlNode>();
        if (Child(root, "paths") is { } paths)
        {
            pending.Push(paths);
        }

        while (pending.Count > 0)
        {
            var node = pending.Pop();
            // YAML aliases share nodes: each is walked once.
            if (!visited.Add(node))
            {
                continue;
            }

            switch (node)
            {
                case YamlMappingNode map:
                    foreach (var (key, value) in map.Children)
                    {
                        if (key is YamlScalarNode { Value: "$ref" } && value is YamlScalarNode { Value: { } pointer })
                        {
                            if (followed.Add(pointer) && Resolve(root, pointer) is { } target)
                            {
                                pending.Push(target);
                            }

                            if (pointer.StartsWith(prefix, StringComparison.Ordinal))
                            {
                                reached.Add(Unescape(Uri.UnescapeDataString(pointer.Substring(prefix.Length)).Split('/')[0]));
                            }
                        }
                        else
                        {
                            pending.Push(value);
                        }
                    }

                    break;
                case YamlSequenceNode list:
                    foreach (var item in list.Children)
                    {
                        pending.Push(item);
                    }

                    break;
            }
        }

        return reached.ToList();
    }

    /// <summary>The node a local JSON pointer names (percent-decoded, then <c>~1</c> and <c>~0</c> unescaped), or null.</summary>
    private static YamlNode? Resolve(YamlNode root, string pointer)
    {
        if (!pointer.StartsWith("#/", StringComparison.Ordinal))
        {
            return null;
        }

        YamlNode? node = root;
        foreach (var segment in Uri.UnescapeDataString(pointer.Substring(2)).Split('/'))
        {
            var name = Unescape(segment);
            node = node switch
            {
                YamlMappingNode map => Child(map, name),
                YamlSequenceNode list when int.TryParse(name, out var index) && index >= 0 && index < list.Children.Count => list.Children[index],
                _ => null,
            };
        }

        return node;
    }

    private static string Unescape(string segment) => segment.Replace("~1", "/").Replace("~0", "~");

    private static YamlNode? Child(YamlNode? node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;
}
