using System;
using System.Collections.Generic;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace StageGen.Generator.Spec.Yaml;

/// <summary>
/// Builds the nodes of every document straight from the parser's events, in one pass. Anchors and aliases resolve as
/// YamlDotNet's representation model resolves them: an anchor is known from its node's first event on (so a node may
/// hold an alias of itself), a later anchor of the same name replaces it, and an alias read before its anchor is
/// resolved when the document ends. Keys repeated in a mapping are a syntax error at the second one.
/// </summary>
internal sealed class YamlTree
{
    private readonly IParser _parser;
    private readonly Dictionary<string, YamlNode> _anchors = new(StringComparer.Ordinal);

    // Collections holding an alias read before its anchor, in the order they were completed.
    private readonly List<YamlNode> _unresolved = new();

    private YamlTree(IParser parser) => _parser = parser;

    /// <summary>The root node of each document in the stream, in order.</summary>
    public static List<YamlNode> Load(IParser parser)
    {
        var tree = new YamlTree(parser);
        var documents = new List<YamlNode>();
        parser.MoveNext(); // StreamStart
        parser.MoveNext();
        while (parser.Current is not StreamEnd)
        {
            parser.MoveNext(); // DocumentStart
            YamlNode? root = null;
            while (parser.Current is not DocumentEnd)
            {
                root = tree.Read();
                if (root is Alias)
                {
                    throw new YamlException("A document cannot contain only an alias");
                }
            }

            parser.MoveNext();
            tree.ResolveForwardAliases();
            tree._anchors.Clear();
            documents.Add(root ?? throw new ArgumentException("Attempted to parse an empty document"));
        }

        return documents;
    }

    /// <summary>Reads the node at the current event and moves past its last event.</summary>
    private YamlNode Read()
    {
        var current = _parser.Current!;
        switch (current)
        {
            case Scalar scalar:
            {
                var node = new YamlScalar(scalar.Start, scalar.End, scalar.Tag, scalar.Value, scalar.Style);
                Anchor(scalar, node);
                _parser.MoveNext();
                return node;
            }

            case SequenceStart start:
            {
                var node = new YamlSequence(start.Start, start.End, start.Tag);
                Anchor(start, node);
                _parser.MoveNext();
                var forward = false;
                while (_parser.Current is not SequenceEnd)
                {
                    var item = Read();
                    node.Items.Add(item);
                    forward |= item is Alias;
                }

                _parser.MoveNext();
                if (forward)
                {
                    _unresolved.Add(node);
                }

                return node;
            }

            case MappingStart start:
            {
                var node = new YamlMapping(start.Start, start.End, start.Tag);
                Anchor(start, node);
                _parser.MoveNext();
                var forward = false;
                while (_parser.Current is not MappingEnd)
                {
                    var key = Read();
                    var value = Read();
                    if (!node.TryAdd(key, value))
                    {
                        throw new YamlException(key.Start, key.End, $"Duplicate key {key}");
                    }

                    forward |= key is Alias || value is Alias;
                }

                _parser.MoveNext();
                if (forward)
                {
                    _unresolved.Add(node);
                }

                return node;
            }

            case AnchorAlias alias:
                _parser.MoveNext();
                return _anchors.TryGetValue(alias.Value.Value, out var target) ? target : new Alias(alias.Value.Value);

            default:
                throw new ArgumentException("The current event is of an unsupported type.", "parser");
        }
    }

    private void Anchor(NodeEvent node, YamlNode built)
    {
        if (!node.Anchor.IsEmpty)
        {
            _anchors[node.Anchor.Value] = built;
        }
    }

    private void ResolveForwardAliases()
    {
        foreach (var node in _unresolved)
        {
            if (node is YamlSequence sequence)
            {
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    if (sequence.Items[i] is Alias alias)
                    {
                        sequence.Items[i] = Target(alias);
                    }
                }
            }
            else
            {
                // As the representation model does: values in place, then each resolved key moved to the end.
                var mapping = (YamlMapping)node;
                var entries = new List<YamlEntry>(mapping.Children.Count);
                var moved = new List<YamlEntry>();
                foreach (var (key, value) in mapping.Children)
                {
                    var resolvedKey = key is Alias keyAlias ? Target(keyAlias) : key;
                    var entry = new YamlEntry(resolvedKey, value is Alias valueAlias ? Target(valueAlias) : value);
                    (key is Alias ? moved : entries).Add(entry);
                }

                entries.AddRange(moved);
                mapping.Reset(entries);
            }
        }

        _unresolved.Clear();
    }

    private YamlNode Target(Alias alias) =>
        _anchors.TryGetValue(alias.Name, out var target)
            ? target
            : throw new AnchorNotFoundException(Mark.Empty, Mark.Empty, $"The anchor '{alias.Name}' does not exists");

    /// <summary>An alias read before its anchor: a placeholder until the document ends. It has no position.</summary>
    private sealed class Alias : YamlNode
    {
        public Alias(string name)
            : base(Mark.Empty, Mark.Empty, TagName.Empty) => Name = name;

        public string Name { get; }

        internal override void Describe(StringBuilder text, int depth) => text.Append('*').Append(Name);
    }
}
