using System.Linq;
using System.Text;
using StageGen.Generator.Emit;
using Xunit;

namespace StageGen.Generator.Tests;

/// <summary>
/// A file longer than one of the writer's blocks reads back exactly as written, through every way the compiler reads a
/// text, and a nested writer of several blocks is appended line by line as a short one is.
/// </summary>
public sealed class SourceWriterTests
{
    // Enough lines of uneven length for several blocks, so that blocks end at different places in a line's neighbours;
    // a few past ASCII (a block of ASCII is kept a byte a character, any other as it is).
    private static string[] Lines(int count) =>
        Enumerable.Range(0, count)
            .Select(index => "var x" + index + " = \"" + new string((char)('a' + index % 26), index % 97) + (index % 1700 == 3 ? "é€😀" : "") + "\";")
            .ToArray();

    [Fact]
    public void A_text_of_many_blocks_reads_back_as_written()
    {
        var writer = new SourceWriter();
        var expected = new StringBuilder();
        foreach (var line in Lines(4000))
        {
            writer.Line(line);
            expected.Append(line).Append('\n');
        }

        var text = writer.Complete();
        var wanted = expected.ToString();

        Assert.IsType<BlockText>(text);
        Assert.Equal(wanted.Length, text.Length);
        Assert.Equal(wanted, text.ToString());
        Assert.Equal(Encoding.UTF8, text.Encoding);
        // Across block boundaries, by character and by range, as the lexer and the line table read it.
        for (var position = 0; position < wanted.Length; position += 997)
        {
            Assert.Equal(wanted[position], text[position]);
            var count = System.Math.Min(70_001, wanted.Length - position);
            var buffer = new char[count + 2];
            text.CopyTo(position, buffer, 1, count);
            Assert.Equal(wanted.Substring(position, count), new string(buffer, 1, count));
        }

        Assert.Equal(4001, text.Lines.Count);
        Assert.Equal(Lines(4000)[2500], text.Lines[2500].ToString());
        Assert.True(text.ContentEquals(Microsoft.CodeAnalysis.Text.SourceText.From(wanted, Encoding.UTF8)));
    }

    [Fact]
    public void A_short_text_is_one_string()
    {
        var writer = new SourceWriter();
        writer.Line("class C {}");

        var text = writer.Complete();

        Assert.IsNotType<BlockText>(text);
        Assert.Equal("class C {}\n", text.ToString());
    }

    [Fact]
    public void A_nested_writer_of_many_blocks_is_indented_line_by_line_without_its_trailing_blank_lines()
    {
        var nested = new SourceWriter();
        nested.Line();
        var lines = Lines(3000);
        foreach (var (line, index) in lines.Select((line, index) => (line, index)))
        {
            nested.Line(index % 500 == 0 ? "" : line);
        }

        nested.Line().Line();

        var writer = new SourceWriter();
        using (writer.Block("void M()"))
        {
            writer.Append(nested);
        }

        var expected = new StringBuilder("void M()\n{\n\n");
        foreach (var (line, index) in lines.Select((line, index) => (line, index)))
        {
            expected.Append(index % 500 == 0 ? "" : "    " + line).Append('\n');
        }

        expected.Append("}\n");
        Assert.Equal(expected.ToString(), writer.Complete().ToString());
    }
}
