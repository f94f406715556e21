using System;
using System.Collections.Generic;
using System.Text;
using YamlDotNet.Core;

namespace StageGen.Generator.Spec.Yaml;

/// <summary>
/// A node of the document as written: where it starts and ends (the marks of its first parser event, anchor and tag
/// included) and its tag. An alias is the very node its anchor names, so it has that node's marks.
/// </summary>
internal abstract class YamlNode
{
    // Ints, not Marks (three longs each): a 16 MiB document holds millions of nodes, and its positions fit an int.
    private readonly int _startIndex;
    private readonly int _startLine;
    private readonly int _startColumn;
    private readonly int _endIndex;
    private readonly int _endLine;
    private readonly int _endColumn;

    private protected YamlNode(Mark start, Mark end, TagName tag)
    {
        _startIndex = (int)start.Index;
        _startLine = (int)start.Line;
        _startColumn = (int)start.Column;
        _endIndex = (int)end.Index;
        _endLine = (int)end.Line;
        _endColumn = (int)end.Column;
        Tag = tag;
    }

    /// <summary>A node at positions given as they are kept (StageGen's own reader makes them).</summary>
    private protected YamlNode(in YamlPosition start, in YamlPosition end)
    {
        _startIndex = start.Index;
        _startLine = start.Line;
        _startColumn = start.Column;
        _endIndex = end.Index;
        _endLine = end.Line;
        _endColumn = end.Column;
    }

    public Mark Start => new(_startIndex, _startLine, _startColumn);

    public Mark End => new(_endIndex, _endLine, _endColumn);

    public TagName Tag { get; }

    /// <summary>The node as a diagnostic names it (a duplicate key): a scalar's value, <c>[ a, b ]</c>, <c>{ { k, v } }</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        Describe(text, 0);
        return text.ToString();
    }

    internal abstract void Describe(StringBuilder text, int depth);
}

/// <summary>A position in the text as YamlDotNet's marks give it: the character's index, its line and column from 1.</summary>
internal readonly record struct YamlPosition(int Index, int Line, int Column);

/// <summary>A scalar: its text after YAML's folding and escapes, and how it was written.</summary>
internal sealed class YamlScalar : YamlNode
{
    public YamlScalar(Mark start, Mark end, TagName tag, string value, ScalarStyle style)
        : base(start, end, tag)
    {
        Value = value;
        Style = style;
    }

    internal YamlScalar(in YamlPosition start, in YamlPosition end, string value, ScalarStyle style)
        : base(start, end)
    {
        Value = value;
        Style = style;
    }

    public string Value { get; }

    public ScalarStyle Style { get; }

    internal override void Describe(StringBuilder text, int depth) => text.Append(Value);
}

/// <summary>A sequence, its items in document order.</summary>
internal sealed class YamlSequence : YamlNode
{
    private readonly List<YamlNode> _children = new();

    public YamlSequence(Mark start, Mark end, TagName tag)
        : base(start, end, tag)
    {
    }

    internal YamlSequence(in YamlPosition start, in YamlPosition end)
        : base(start, end)
    {
    }

    public YamlChildren<YamlNode> Children => new(_children);

    internal List<YamlNode> Items => _children;

    internal override void Describe(StringBuilder text, int depth)
    {
        if (depth > YamlMapping.MaxDescribedDepth)
        {
            text.Append("...");
            return;
        }

        text.Append("[ ");
        for (var i = 0; i < _children.Count; i++)
        {
            text.Append(i > 0 ? ", " : "");
            _children[i].Describe(text, depth + 1);
        }

        text.Append(" ]");
    }
}

/// <summary>A node's items or entries, read-only; a <c>foreach</c> over them puts no enumerator on the heap.</summary>
internal readonly struct YamlChildren<T> : IReadOnlyList<T>
{
    private readonly List<T> _items;

    public YamlChildren(List<T> items) => _items = items;

    public int Count => _items.Count;

    public T this[int index] => _items[index];

    public List<T>.Enumerator GetEnumerator() => _items.GetEnumerator();

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => _items.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => _items.GetEnumerator();
}

/// <summary>One entry of a mapping.</summary>
internal readonly record struct YamlEntry(YamlNode Key, YamlNode Value);

/// <summary>
/// A mapping, its entries in document order, without duplicate keys. Keys are equal as YAML says for the keys specs
/// hold: scalars of the same tag and text, sequences of equal items; a mapping key only equals itself (through an
/// alias). Looking a scalar key up scans a small mapping and uses an index built with a large one.
/// </summary>
internal sealed class YamlMapping : YamlNode
{
    internal const int MaxDescribedDepth = 64;

    // Up to this many entries a scan is cheaper than hashing every key.
    private const int IndexedFrom = 9;

    private readonly List<YamlEntry> _entries = new();

    // A scalar key's text -> the position of the first entry with that text; only for large mappings.
    private Dictionary<string, int>? _index;

    public YamlMapping(Mark start, Mark end, TagName tag)
        : base(start, end, tag)
    {
    }

    internal YamlMapping(in YamlPosition start, in YamlPosition end)
        : base(start, end)
    {
    }

    /// <summary>A mapping the reader puts together from the document's nodes; it has no position of its own.</summary>
    public YamlMapping()
        : this(Mark.Empty, Mark.Empty, TagName.Empty)
    {
    }

    public YamlChildren<YamlEntry> Children => new(_entries);

    /// <summary>The value of the first entry whose key is the scalar <paramref name="key"/>, whatever its tag.</summary>
    public YamlNode? Get(string key)
    {
        if (_index is not null)
        {
            return _index.TryGetValue(key, out var at) ? _entries[at].Value : null;
        }

        foreach (var entry in _entries)
        {
            if (entry.Key is YamlScalar scalar && string.Equals(scalar.Value, key, StringComparison.Ordinal))
            {
                return entry.Value;
            }
        }

        return null;
    }

    /// <summary>Adds an entry under a key of the reader's own (no position).</summary>
    public void Add(string key, YamlNode value)
    {
        if (!TryAdd(new YamlScalar(Mark.Empty, Mark.Empty, TagName.Empty, key, ScalarStyle.Any), value))
        {
            throw new ArgumentException($"An item with the same key {key} has already been added.");
        }
    }

    /// <summary>Adds an entry, or returns false when the mapping already has that key.</summary>
    internal bool TryAdd(YamlNode key, YamlNode value)
    {
        if (Find(key) >= 0)
        {
            return false;
        }

        _entries.Add(new YamlEntry(key, value));
        if (_index is not null)
        {
            Index(_entries.Count - 1);
        }
        else if (_entries.Count == IndexedFrom)
        {
            _index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < _entries.Count; i++)
            {
                Index(i);
            }
        }

        return true;
    }

    /// <summary>Replaces the entries (aliases resolved once the document is read), checking their keys again.</summary>
    internal void Reset(List<YamlEntry> entries)
    {
        _entries.Clear();
        _index = null;
        foreach (var entry in entries)
        {
            if (!TryAdd(entry.Key, entry.Value))
            {
                throw new ArgumentException($"An item with the same key {entry.Key} has already been added.");
            }
        }
    }

    internal override void Describe(StringBuilder text, int depth)
    {
        if (depth > MaxDescribedDepth)
        {
            text.Append("...");
            return;
        }

        text.Append("{ ");
        for (var i = 0; i < _entries.Count; i++)
        {
            text.Append(i > 0 ? ", { " : "{ ");
            _entries[i].Key.Describe(text, depth + 1);
            text.Append(", ");
            _entries[i].Value.Describe(text, depth + 1);
            text.Append(" }");
        }

        text.Append(" }");
    }

    private void Index(int at)
    {
        if (_entries[at].Key is YamlScalar scalar && !_index!.ContainsKey(scalar.Value))
        {
            _index.Add(scalar.Value, at);
        }
    }

    private int Find(YamlNode key)
    {
        if (key is YamlScalar scalar && _index is not null)
        {
            if (!_index.TryGetValue(scalar.Value, out var first))
            {
                return -1;
            }

            if (SameKey(_entries[first].Key, key, 0))
            {
                return first;
            }

            // The same text under another tag (!!str 1 and 1): rare enough for a scan.
        }

        for (var i = 0; i < _entries.Count; i++)
        {
            if (SameKey(_entries[i].Key, key, 0))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool SameKey(YamlNode a, YamlNode b, int depth)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        switch (a)
        {
            case YamlScalar x when b is YamlScalar y:
                return x.Tag.Equals(y.Tag) && string.Equals(x.Value, y.Value, StringComparison.Ordinal);
            case YamlSequence x when b is YamlSequence y && depth < MaxDescribedDepth:
                if (!x.Tag.Equals(y.Tag) || x.Items.Count != y.Items.Count)
                {
                    return false;
                }

                for (var i = 0; i < x.Items.Count; i++)
                {
                    if (!SameKey(x.Items[i], y.Items[i], depth + 1))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return false;
        }
    }
}
