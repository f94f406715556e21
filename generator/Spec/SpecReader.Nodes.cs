using System;
using System.Collections.Generic;
using System.Globalization;
using StageGen.Generator.Spec.Yaml;

namespace StageGen.Generator.Spec;

/// <summary>Walking YAML nodes within the limits: references, entries, scalars, text.</summary>
internal sealed partial class SpecReader
{
    /// <summary>
    /// Follows a <c>$ref</c> (normally into <c>components/{section}</c>, but any JSON pointer into the document
    /// resolves); returns the node itself when it is not a reference.
    /// </summary>
    private YamlNode? Resolve(YamlNode node, string section)
    {
        if (Get(node, "$ref") is not { } refNode)
        {
            if (node is not YamlMapping)
            {
                Report(DiagnosticDescriptors.InvalidValue, Locate(node), "Expected a mapping here");
                return null;
            }

            return node;
        }

        var text = Text(refNode) ?? "";
        if (Pointer(text) is not { } target)
        {
            Report(DiagnosticDescriptors.UnresolvedReference, Locate(refNode), text);
            return null;
        }

        if (Get(target, "$ref") is not null)
        {
            Report(DiagnosticDescriptors.ReferenceChain, Locate(refNode), $"The reference '{text}' points at another reference; chains of $ref are not followed");
            return null;
        }

        return target;
    }

    /// <summary>
    /// The node a local JSON pointer (<c>#/components/schemas/Stage</c>, <c>#/paths/~1items/get/responses/404</c>)
    /// names, or null: a reference into another file, a malformed pointer or one that names nothing. The fragment is
    /// percent-decoded, then each segment unescaped (<c>~1</c> is <c>/</c>, <c>~0</c> is <c>~</c>); a segment indexes a
    /// sequence by number.
    /// </summary>
    private YamlNode? Pointer(string reference)
    {
        // A document names the same few targets over and over (Discord: thousands of references): each is walked once.
        if (!_pointers.TryGetValue(reference, out var node))
        {
            _pointers[reference] = node = Walk(reference);
        }

        return node;
    }

    private YamlNode? Walk(string reference)
    {
        if (!reference.StartsWith("#", StringComparison.Ordinal))
        {
            return null;
        }

        string fragment;
        try
        {
            fragment = Uri.UnescapeDataString(reference.Substring(1));
        }
        catch (UriFormatException)
        {
            return null;
        }

        if (fragment.Length > 0 && fragment[0] != '/')
        {
            return null;
        }

        var node = _root;
        foreach (var segment in fragment.Length == 0 ? Array.Empty<string>() : fragment.Substring(1).Split('/'))
        {
            var name = segment.Replace("~1", "/").Replace("~0", "~");
            node = node switch
            {
                YamlMapping map => map.Get(name),
                YamlSequence list when int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < list.Children.Count => list.Children[index],
                _ => null,
            };
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    private void Visit(YamlNode node)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        if (++_visits > _visitBudget)
        {
            throw new TooLargeException(
                Locate(node),
                $"The spec expands to more than {_visitBudget.ToString("N0", CultureInfo.InvariantCulture)} nodes (YAML aliases?); StageGen stops here");
        }
    }

    private MappingEntries Entries(YamlMapping map) => new(this, map);

    /// <summary>
    /// A mapping's entries with plain keys, each value visited (counted against the budget) as it is reached; a key
    /// that is not a scalar is reported and skipped. A struct, so that the reader's many loops over mappings put no
    /// enumerator on the heap.
    /// </summary>
    private readonly struct MappingEntries : IEnumerable<(YamlScalar Key, YamlNode Value)>
    {
        private readonly SpecReader _reader;
        private readonly YamlMapping _map;

        public MappingEntries(SpecReader reader, YamlMapping map)
        {
            _reader = reader;
            _map = map;
        }

        public Enumerator GetEnumerator() => new(_reader, _map);

        IEnumerator<(YamlScalar Key, YamlNode Value)> IEnumerable<(YamlScalar Key, YamlNode Value)>.GetEnumerator() => GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public struct Enumerator : IEnumerator<(YamlScalar Key, YamlNode Value)>
        {
            private readonly SpecReader _reader;
            private readonly YamlMapping _map;
            private int _index;

            public Enumerator(SpecReader reader, YamlMapping map)
            {
                _reader = reader;
                _map = map;
                _index = -1;
                Current = default;
            }

            public (YamlScalar Key, YamlNode Value) Current { get; private set; }

            object System.Collections.IEnumerator.Current => Current;

            public bool MoveNext()
            {
                var entries = _map.Children;
                while (++_index < entries.Count)
                {
                    var entry = entries[_index];
                    _reader.Visit(entry.Value);
                    if (entry.Key is YamlScalar key)
                    {
                        Current = (key, entry.Value);
                        return true;
                    }

                    _reader.Report(DiagnosticDescriptors.InvalidValue, _reader.Locate(entry.Key), "Mapping keys must be plain strings");
                }

                return false;
            }

            public void Reset() => _index = -1;

            public void Dispose()
            {
            }
        }
    }

    private static YamlNode? Get(YamlNode? node, string key) => (node as YamlMapping)?.Get(key);

    private static string? Text(YamlNode? node) => node is YamlScalar { Value: { } value } ? value : null;

    /// <summary>
    /// Documentation text of a node, made safe for a <c>///</c> comment (see <see cref="SpecText.Documentation"/>); one
    /// past <see cref="MaxDocumentationChars"/> is left out (SG2012), as documentation only.
    /// </summary>
    private string? DocText(YamlNode? node)
    {
        if (Text(node) is { Length: > MaxDocumentationChars } text)
        {
            Report(DiagnosticDescriptors.ValueIgnored, Locate(node!), $"The documentation text has {text.Length.ToString("N0", CultureInfo.InvariantCulture)} characters, more than the {MaxDocumentationChars.ToString("N0", CultureInfo.InvariantCulture)} StageGen reads; it is left out of the generated documentation");
            return null;
        }

        return node is null ? null : SpecText.Documentation(Text(node));
    }

    /// <summary>
    /// A name or value that generated code carries verbatim (schema and property names, parameter names, enum values,
    /// path templates) must not hold a line break or a character XML cannot hold: it is reported (SG1015) and left out;
    /// one longer than <paramref name="maxLength"/> is reported (SG1014) and left out too.
    /// </summary>
    private bool IsCodeSafe(YamlNode node, string what, int maxLength = MaxNameChars)
    {
        if (!IsWithinBound(node, what, maxLength))
        {
            return false;
        }

        if (Text(node) is { } text && SpecText.FindUnsafe(text) is var at && at >= 0)
        {
            var code = ((int)text[at]).ToString("X4", CultureInfo.InvariantCulture);
            Report(
                DiagnosticDescriptors.UnsafeCharacter,
                Locate(node),
                $"The {what} contains U+{code}, a line break or control character that generated code cannot carry");
            return false;
        }

        return true;
    }

    /// <summary>
    /// Whether a scalar is at most <paramref name="maxLength"/> characters long; a longer one is reported (SG1014) at the
    /// scalar, before any work that grows with its length.
    /// </summary>
    private bool IsWithinBound(YamlNode node, string what, int maxLength)
    {
        if (Text(node) is { } text && text.Length > maxLength)
        {
            Report(
                DiagnosticDescriptors.LimitExceeded,
                Locate(node),
                $"The {what} has {text.Length.ToString("N0", CultureInfo.InvariantCulture)} characters, more than the {maxLength.ToString("N0", CultureInfo.InvariantCulture)} StageGen reads; shorten it");
            return false;
        }

        return true;
    }

    private static bool IsBoolean(YamlNode node) =>
        node is YamlScalar { Value: { } v } && (v.Equals("true", StringComparison.OrdinalIgnoreCase) || v.Equals("false", StringComparison.OrdinalIgnoreCase));

    private static bool IsTrue(YamlScalar node) => string.Equals(node.Value, "true", StringComparison.OrdinalIgnoreCase);

    private bool Bool(YamlNode? node)
    {
        if (node is null)
        {
            return false;
        }

        if (!IsBoolean(node))
        {
            Report(DiagnosticDescriptors.InvalidValue, Locate(node), "Expected true or false");
            return false;
        }

        return IsTrue((YamlScalar)node);
    }

    private void ReportUnknown(YamlScalar key)
    {
        if (key.Value is { } name && !name.StartsWith("x-", StringComparison.Ordinal))
        {
            Report(DiagnosticDescriptors.UnsupportedKeyword, Locate(key), name);
        }
    }
}
