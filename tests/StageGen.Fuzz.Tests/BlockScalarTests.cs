using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CsCheck;
using StageGen.Fuzz.Tests.Infrastructure;
using StageGen.Generator.Spec;
using Xunit;
using Xunit.Abstractions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace StageGen.Fuzz.Tests;

/// <summary>
/// <see cref="BlockScalarLeadingLines"/> empties spaces-only lines at the start of block scalars so YamlDotNet reads
/// documents its scanner refuses (YamlDotNet#523). Over random documents of nested block scalars (every header form,
/// spaces-only lines anywhere, header-like text inside blocks): where YamlDotNet reads the document as written, it reads
/// the emptied text as the same events with the same values, and every position maps back to the document's own.
/// </summary>
public sealed class BlockScalarTests(ITestOutputHelper output)
{
    private static readonly string[] Headers = ["|", "|-", "|+", ">", ">-", ">+", "|2", "|-1", ">2+", "| # note", "> #"];
    private static readonly string[] Words = ["text", "a |", "b >", "- |", "k: |", "#x", "q: \"|\"", "url#a"];

    private static readonly Gen<string> Document =
        Gen.Select(Gen.Int[1, 6], Gen.Int[0, int.MaxValue]).Select((count, seed) =>
        {
            var random = new Random(seed);
            var lines = new List<string>();
            for (var i = 0; i < count; i++)
            {
                var depth = random.Next(0, 3) * 2;
                for (var d = 0; d < depth; d += 2)
                {
                    lines.Add(new string(' ', d) + $"n{i}{d}:");
                }

                var header = Headers[random.Next(Headers.Length)];
                var content = depth + 2 + random.Next(0, 3);
                lines.Add(new string(' ', depth) + $"k{i}: {header}");
                for (var j = random.Next(0, 3); j > 0; j--)
                {
                    lines.Add(new string(' ', random.Next(0, content + 3))); // leading spaces-only lines
                }

                for (var j = random.Next(0, 4); j > 0; j--)
                {
                    lines.Add(random.Next(4) == 0
                        ? new string(' ', random.Next(0, content + 4)) // a spaces-only line inside the text
                        : new string(' ', content + random.Next(0, 2)) + Words[random.Next(Words.Length)]);
                }
            }

            return string.Join(random.Next(5) == 0 ? "\r\n" : "\n", lines) + "\n";
        });

    [Fact]
    public void Emptied_leading_lines_read_as_the_document_and_map_back()
    {
        var readBoth = 0;
        Fuzzer.Run(output, "block scalars", Document, 3_000, text =>
        {
            var original = Events(text);
            var (emptied, positions) = BlockScalarLeadingLines.Empty(text);
            var repaired = Events(emptied);
            if (original is null)
            {
                return; // refused as written (the workaround's case, or invalid YAML): nothing to compare
            }

            Assert.NotNull(repaired);
            Assert.Equal(original.Select(e => e.Text), repaired!.Select(e => e.Text));
            Assert.Equal(original.Select(e => e.Start), repaired.Select(e => positions.Original(e.Start)));
            System.Threading.Interlocked.Increment(ref readBoth);
        });
        output.WriteLine($"{readBoth} documents read both ways");
        Assert.True(readBoth > 100, $"only {readBoth} documents were read as written: the generator makes too few valid ones");
    }

    [Theory]
    [InlineData("d: |\n    \n    Access the API.\n\n    More.\n", "\nAccess the API.\n\nMore.\n")] // devto's shape
    [InlineData("d: |-\n      \n      The state.\n", "\nThe state.")] // plaid's
    [InlineData("a:\n  d: |\n      \n      nested\n", "\nnested\n")]
    [InlineData("d: |+\n   \n", "\n")]
    public void Documents_YamlDotNet_refuses_as_written_read_as_YAML_says(string text, string value)
    {
        Assert.Null(Events(text));
        var (emptied, _) = BlockScalarLeadingLines.Empty(text);

        Assert.Contains(value, Events(emptied)!.Select(e => e.Text));
    }

    [Theory]
    [InlineData("d: |2\n     \n  x\n")] // an indentation indicator: the spaces are the text's
    [InlineData("d: |\n  a |\n     \n  b\n")] // a header-like line inside a block's text
    [InlineData("d: x\n    \ne: y\n")]
    public void Other_spaces_only_lines_are_left_alone(string text)
    {
        var (emptied, _) = BlockScalarLeadingLines.Empty(text);

        Assert.Same(text, emptied);
    }

    /// <summary>The scalar events (value, start index) YamlDotNet reads, or null when it refuses the text.</summary>
    private static List<(string Text, long Start)>? Events(string text)
    {
        try
        {
            var parser = new Parser(new StringReader(text));
            var events = new List<(string, long)>();
            while (parser.MoveNext())
            {
                if (parser.Current is Scalar scalar)
                {
                    events.Add((scalar.Value, scalar.Start.Index));
                }
                else if (parser.Current is MappingStart or MappingEnd)
                {
                    events.Add((parser.Current.GetType().Name, parser.Current.Start.Index));
                }
            }

            return events;
        }
        catch (YamlException)
        {
            return null;
        }
    }
}
