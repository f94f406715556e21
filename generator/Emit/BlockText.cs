using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace StageGen.Generator.Emit;

/// <summary>
/// A generated file's text as the blocks <see cref="SourceWriter"/> wrote it, in order: the compiler reads it where it
/// lies, so a file of megabytes is not copied once more into text of Roslyn's own (as <c>SourceText.From</c> would),
/// and its ASCII blocks take a byte a character where they are kept. Read only once made, so safe from any thread.
/// </summary>
internal sealed class BlockText : SourceText
{
    private readonly TextBlock[] _blocks;
    // Where each block starts in the text: ascending, since no block is empty.
    private readonly int[] _starts;

    public BlockText(IReadOnlyList<TextBlock> blocks)
    {
        _blocks = new TextBlock[blocks.Count];
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

/// <summary>
/// One finished block of generated text: ASCII (nearly all generated code is) as one byte a character, anything else
/// as its string.
/// </summary>
internal readonly struct TextBlock
{
    private readonly byte[]? _ascii;
    private readonly string? _text;

    private TextBlock(byte[]? ascii, string? text)
    {
        _ascii = ascii;
        _text = text;
    }

    /// <summary>The first <paramref name="count"/> characters of <paramref name="chars"/>, copied.</summary>
    public static TextBlock Of(char[] chars, int count)
    {
        // A character past ASCII takes more than one UTF-8 byte, so the counts are equal only for ASCII.
        if (Encoding.UTF8.GetByteCount(chars, 0, count) != count)
        {
            return new TextBlock(null, new string(chars, 0, count));
        }

        var ascii = new byte[count];
        Encoding.ASCII.GetBytes(chars, 0, count, ascii, 0);
        return new TextBlock(ascii, null);
    }

    public int Length => _ascii?.Length ?? _text!.Length;

    public char this[int index] => _ascii is null ? _text![index] : (char)_ascii[index];

    public void CopyTo(int offset, char[] destination, int destinationIndex, int count)
    {
        if (_ascii is null)
        {
            _text!.CopyTo(offset, destination, destinationIndex, count);
        }
        else
        {
            Encoding.ASCII.GetChars(_ascii, offset, count, destination, destinationIndex);
        }
    }
}
