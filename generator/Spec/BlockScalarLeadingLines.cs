using System;
using System.Collections.Generic;
using System.Text;

namespace StageGen.Generator.Spec;

/// <summary>
/// Works around YamlDotNet's scanner refusing valid block scalars (YamlDotNet#523, #535): a literal block whose first
/// lines hold only spaces, as many as its content's indentation (<c>description: |</c>, then a line of four spaces,
/// then text indented by four), fails with "found extra spaces in first line". Such leading lines stand for a line break
/// each whatever spaces they hold, so they are emptied before YamlDotNet reads the text, and positions in the emptied
/// text are mapped back to the document's own. Only the spaces-only lines between a block scalar header that lets the
/// indentation be detected (<c>|</c>, <c>&gt;</c>, <c>|-</c>, <c>&gt;+</c>, not <c>|2</c>) and its first line of text
/// are touched. A header-like line inside another block's text is not taken for one; one mistaken elsewhere (a plain or
/// quoted scalar that ends in <c>|</c>) is harmless, as YAML folds a spaces-only line there into a line break too.
/// </summary>
internal sealed class BlockScalarLeadingLines
{
    // For each emptied line, in order: where the next character starts in the emptied text, and how many characters were
    // removed up to there.
    private readonly List<(long At, long Removed)> _shifts;

    private BlockScalarLeadingLines(List<(long At, long Removed)> shifts) => _shifts = shifts;

    /// <summary>
    /// The text with those lines emptied (the same string when it has none) and the map back to the document's
    /// positions.
    /// </summary>
    public static (string Text, BlockScalarLeadingLines Positions) Empty(string text)
    {
        var shifts = new List<(long At, long Removed)>();
        StringBuilder? emptied = null;
        var copied = 0;
        long removed = 0;
        var blockIndent = -1; // the header line's indentation while inside a block scalar's text, else -1
        var leading = false; // between a header and the block's first line of text
        for (var start = 0; start < text.Length;)
        {
            var end = text.IndexOf('\n', start);
            var next = end < 0 ? text.Length : end + 1;
            var lineEnd = end > start && text[end - 1] == '\r' ? end - 1 : end < 0 ? text.Length : end;
            var indent = 0;
            while (start + indent < lineEnd && text[start + indent] == ' ')
            {
                indent++;
            }

            var blank = start + indent == lineEnd;
            if (blank)
            {
                if (leading && indent > 0)
                {
                    emptied ??= new StringBuilder(text.Length);
                    emptied.Append(text, copied, start - copied);
                    copied = start + indent;
                    removed += indent;
                    shifts.Add((start + indent - removed, removed));
                }
            }
            else
            {
                leading = false;
                if (blockIndent >= 0 && indent <= blockIndent)
                {
                    blockIndent = -1;
                }

                if (blockIndent < 0 && Header(text, start + indent, lineEnd) is var header && header != BlockHeader.None)
                {
                    // The text of a block with an indentation indicator is tracked too, so no line in it is taken for a
                    // header; its leading spaces can be content, so they are left alone.
                    blockIndent = indent;
                    leading = header == BlockHeader.DetectsIndentation;
                }
            }

            start = next;
        }

        if (emptied is null)
        {
            return (text, new BlockScalarLeadingLines(shifts));
        }

        emptied.Append(text, copied, text.Length - copied);
        return (emptied.ToString(), new BlockScalarLeadingLines(shifts));
    }

    /// <summary>The document's position for a position in the emptied text.</summary>
    public long Original(long index)
    {
        // The last emptied line that starts at or before the index says how much was removed before it.
        int low = 0, high = _shifts.Count - 1, found = -1;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            if (_shifts[middle].At <= index)
            {
                found = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return found < 0 ? index : index + _shifts[found].Removed;
    }

    /// <summary>Whether a spaces-only line was emptied, given where its spaces end in the document as written.</summary>
    public bool Emptied(long spacesEnd)
    {
        // The character after an emptied line's spaces is at At + Removed as written; those grow with each line.
        int low = 0, high = _shifts.Count - 1;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            var at = _shifts[middle].At + _shifts[middle].Removed;
            if (at == spacesEnd)
            {
                return true;
            }

            if (at < spacesEnd)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return false;
    }

    private enum BlockHeader
    {
        None,
        DetectsIndentation,
        GivesIndentation,
    }

    /// <summary>
    /// Whether the line (from its first non-space character) ends in a block scalar header: <c>|</c> or <c>&gt;</c>, a
    /// chomping and an indentation indicator in either order, then nothing but a comment.
    /// </summary>
    private static BlockHeader Header(string text, int start, int end)
    {
        // A comment starts at " #"; a '#' inside a key or value (url#anchor) does not.
        var hash = text.IndexOf(" #", start, end - start, StringComparison.Ordinal);
        var last = (hash < 0 ? end : hash) - 1;
        while (last >= start && text[last] is ' ' or '\t')
        {
            last--;
        }

        var givesIndentation = false;
        for (var i = 0; i < 2 && last >= start; i++)
        {
            if (text[last] is '-' or '+')
            {
                last--;
            }
            else if (text[last] is >= '1' and <= '9')
            {
                givesIndentation = true;
                last--;
            }
        }

        // The indicator stands alone: at the line's start, or after "key:", "-" or "?" and a space.
        if (last < start || text[last] is not ('|' or '>') || (last > start && text[last - 1] != ' '))
        {
            return BlockHeader.None;
        }

        return givesIndentation ? BlockHeader.GivesIndentation : BlockHeader.DetectsIndentation;
    }
}
