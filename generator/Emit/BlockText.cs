using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace StageGen.Generator.Emit;

/// <summary>
/// A generated file's text as the blocks <see cref="SourceWriter"/> wrote it, in order: the compiler reads it where it
/// lies, so a file of megabytes is not copied once more into text of Roslyn's own (as <c>SourceText.From</c> would).
/// Read only once made, so safe to read from any thread.
/// </summary>
internal sealed class BlockText : SourceText
{
    private readonly string[] _blocks;
    // Where each block starts in the text: ascending, since no block is empty.
    private readonly int[] _starts;

    public BlockText(IReadOnlyList<string> blocks)
    {
        _blocks = new string[blocks.Count];
        _starts = new int[blocks.Count];
        var length = 0;
        for (var index = 0; index < blocks.Count; index++)
        {
            _blocks[index] = blocks[index];
            _starts[index] = length;
            length = checked(length + blocks[index].Length);
        }

        Length = length;
    }

    public override Encoding Encoding => Encoding.UTF8;

    public override int Length { get; }

    public override char this[int position]
    {
        get
        {
            if ((uint)position >= (uint)Length)
            {
                throw new ArgumentOutOfRangeException(nameof(position));
            }

            var block = BlockAt(position);
            return _blocks[block][position - _starts[block]];
        }
    }

    public override void CopyTo(int sourceIndex, char[] destination, int destinationIndex, int count)
    {
        if (destination is null)
        {
            throw new ArgumentNullException(nameof(destination));
        }

        if (sourceIndex < 0 || count < 0 || sourceIndex > Length - count)
        {
            throw new ArgumentOutOfRangeException(nameof(sourceIndex));
        }

        if (destinationIndex < 0 || destinationIndex > destination.Length - count)
        {
            throw new ArgumentOutOfRangeException(nameof(destinationIndex));
        }

        for (var block = BlockAt(sourceIndex); count > 0; block++)
        {
            var offset = sourceIndex - _starts[block];
            var taken = Math.Min(count, _blocks[block].Length - offset);
            _blocks[block].CopyTo(offset, destination, destinationIndex, taken);
            sourceIndex += taken;
            destinationIndex += taken;
            count -= taken;
        }
    }

    /// <summary>The block that holds <paramref name="position"/> (which is in the text).</summary>
    private int BlockAt(int position)
    {
        var found = Array.BinarySearch(_starts, position);
        return found >= 0 ? found : ~found - 1;
    }
}
