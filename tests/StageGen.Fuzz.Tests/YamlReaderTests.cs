using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using CsCheck;
using StageGen.Fuzz.Tests.Infrastructure;
using StageGen.Generator.Spec;
using StageGen.Generator.Spec.Yaml;
using StageGen.Generator.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;
using YamlDotNet.Core;

namespace StageGen.Fuzz.Tests;

/// <summary>
/// StageGen's own YAML reader (<see cref="YamlReader"/>) against YamlDotNet's path (leading block scalar lines emptied,
/// YamlDotNet's scanner and parser, <see cref="YamlTree"/>): wherever the reader takes a text, both give the same nodes,
/// node for node: kind, value, style, tag, start and end marks (index in the text as written, line, column), entries in
/// order. The published documents and StageGen's own specs must all go the fast way.
/// </summary>
public sealed class YamlReaderTests(ITestOutputHelper output)
{
    private static readonly string CorpusFolder = Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "corpus"));

    public static IEnumerable<object[]> Documents()
    {
        var files = new List<string> { RepoPaths.Combine("spec/stage.yaml") };
        files.AddRange(Directory.GetFiles(RepoPaths.Combine("tests/specs"), "*.yaml", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal));
        files.AddRange(Directory.GetFiles(CorpusFolder).Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal)).OrderBy(f => f, StringComparer.Ordinal));
        return files.Select(f => new object[] { Path.GetRelativePath(Path.Combine(RepoPaths.Root, ".."), f) });
    }

    [Fact]
    public void The_corpus_and_our_specs_are_all_there()
    {
        var documents = Documents().ToList();
        Assert.Equal(19, documents.Count(d => ((string)d[0]).StartsWith("shared", StringComparison.Ordinal)));
        Assert.True(documents.Count >= 19 + 1 + 11, $"{documents.Count} documents");
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void The_reader_takes_the_document_and_gives_YamlDotNets_nodes(string file)
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, "..", file));
        var expected = YamlDotNetNodes(text, out var expectedEvents);
        var read = YamlReader.TryRead(text, CancellationToken.None, out var events, out var declinedAt);
        Assert.NotNull(expected);
        Assert.True(read is not null, $"{file}: the reader declined it at {declinedAt}");
        Same(expected!.Value.Documents, read!, expected.Value.Positions);
        Assert.Equal(expectedEvents, events);
    }

    // ---- generated texts ----

    private static readonly string[] PlainWords =
    [
        "a", "b1", "x-y", "-1", "1.5", "true", "null", "~", "a:b", "a#b", "/p/{id}", "ü", "😀", "a,b", "[x]", "{y}",
        "k:", "a b", "-", "?x", ":x", "#", "a #c", "'", "\"", "a'b", "http://h/x?y=1#z", "@", "%", "!t", "&a", "*a", "...",
        "---", "a\tb", "|", ">", "- x", "a: b",
    ];

    private static readonly string[] QuotedBodies =
    [
        "", "a", "a b", "it''s", "\\\"", "\\n\\t\\\\", "\\x41\\u00e9\\U0001F600", "\\/", "\\ud800", "\\q", "a\n  b", "a\n\n  b",
        "a \\\n  b", "  lead", "trail  ", "#", ": x", "a\tb", "\\0\\a\\b\\e\\N\\_\\L\\P\\ ", "é😀", "a\r\n  b", "a\n b\n\n\n  c",
        "'", "''", "\\", "a\n---\n", "\\x4",
    ];

    private static readonly string[] BlockHeaders = ["|", "|-", "|+", ">", ">-", ">+", "|2", "|-1", ">2+", "| # c", ">1", "|0", "|#"];

    private static readonly string[] BlockLines = ["text", "  more", "", "  ", "    ", "a: b", "- x", "#", "\tt", "x  ", " y"];

    /// <summary>A random YAML-ish document: nested block collections, scalars of every style, flow, comments, CRLF.</summary>
    private static readonly Gen<string> Document = Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[0, 3]).Select((seed, mutations) =>
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        if (random.Next(50) == 0)
        {
            text.Append('\uFEFF'); // YamlDotNet reads it as text: declined
        }

        if (random.Next(6) == 0)
        {
            text.Append("--- # start\n");
        }

        var keys = 0;
        void Scalar(int indent, bool flow)
        {
            switch (random.Next(flow ? 3 : 5))
            {
                case 0:
                    text.Append(PlainWords[random.Next(PlainWords.Length)]);
                    break;
                case 1:
                    text.Append('"').Append(QuotedBodies[random.Next(QuotedBodies.Length)].Replace("\n", "\n" + new string(' ', indent + 1))).Append('"');
                    break;
                case 2:
                    text.Append('\'').Append(QuotedBodies[random.Next(QuotedBodies.Length)].Replace("\\", "").Replace("\n", "\n" + new string(' ', indent + 1))).Append('\'');
                    break;
                case 3:
                {
                    // A block scalar: its header, then lines at the content indentation or off it.
                    text.Append(BlockHeaders[random.Next(BlockHeaders.Length)]).Append('\n');
                    var content = indent + 1 + random.Next(0, 3);
                    for (var i = random.Next(0, 5); i > 0; i--)
                    {
                        var line = BlockLines[random.Next(BlockLines.Length)];
                        text.Append(line.Length == 0 ? "" : new string(' ', Math.Max(0, content + random.Next(-1, 2)))).Append(line).Append('\n');
                    }

                    text.Append(new string(' ', indent + 1));
                    text.Append("z");
                    break;
                }

                default:
                {
                    // A plain scalar over several lines.
                    text.Append(PlainWords[random.Next(3)]);
                    for (var i = random.Next(1, 3); i > 0; i--)
                    {
                        text.Append(random.Next(3) == 0 ? "\n\n" : "\n").Append(new string(' ', indent + random.Next(0, 3))).Append(PlainWords[random.Next(PlainWords.Length)]);
                    }

                    break;
                }
            }
        }

        void Flow(int depth)
        {
            if (depth > 2 || random.Next(3) == 0)
            {
                Scalar(0, true);
                return;
            }

            var mapping = random.Next(2) == 0;
            text.Append(mapping ? '{' : '[');
            for (var i = random.Next(0, 4); i > 0; i--)
            {
                if (mapping)
                {
                    text.Append('"').Append("k").Append(keys++).Append(random.Next(8) == 0 ? "" : "").Append("\":").Append(random.Next(2) == 0 ? " " : "");
                }

                Flow(depth + 1);
                text.Append(i > 1 ? (random.Next(3) == 0 ? ",\n  " : ", ") : random.Next(8) == 0 ? "," : "");
            }

            text.Append(mapping ? '}' : ']');
        }

        void Node(int indent, int depth)
        {
            // The top is a collection, as in a spec (the reader leaves a scalar document to YamlDotNet).
            var kind = depth == 0 ? random.Next(2) : depth > 3 ? 2 : random.Next(5);
            var pad = new string(' ', indent);
            if (kind == 0)
            {
                for (var i = random.Next(1, 4); i > 0; i--)
                {
                    var key = random.Next(6) == 0 ? $"\"q{keys++}\"" : random.Next(10) == 0 ? "dup" : $"k{keys++}";
                    text.Append('\n').Append(pad).Append(key).Append(':');
                    var child = indent + random.Next(1, 4);
                    if (random.Next(3) == 0)
                    {
                        text.Append(random.Next(4) == 0 ? "  # note" : "");
                        if (random.Next(2) == 0)
                        {
                            Node(child, depth + 1);
                        }
                        else
                        {
                            // A sequence at the key's indentation.
                            for (var j = random.Next(1, 3); j > 0; j--)
                            {
                                text.Append('\n').Append(pad).Append("- ");
                                Scalar(indent, false);
                            }
                        }
                    }
                    else
                    {
                        text.Append(' ');
                        if (random.Next(4) == 0)
                        {
                            Flow(0);
                        }
                        else
                        {
                            Scalar(indent, false);
                        }
                    }
                }
            }
            else if (kind == 1)
            {
                for (var i = random.Next(1, 4); i > 0; i--)
                {
                    text.Append('\n').Append(pad).Append('-');
                    if (random.Next(3) == 0)
                    {
                        Node(indent + 2, depth + 1);
                    }
                    else if (random.Next(3) == 0)
                    {
                        text.Append(" k").Append(keys++).Append(": ");
                        Scalar(indent + 2, false);
                        text.Append('\n').Append(pad).Append("  k").Append(keys++).Append(": ");
                        Scalar(indent + 2, false);
                    }
                    else
                    {
                        text.Append(' ');
                        Scalar(indent, false);
                    }
                }
            }
            else
            {
                text.Append('\n').Append(pad);
                if (random.Next(2) == 0)
                {
                    Flow(0);
                }
                else
                {
                    Scalar(indent, false);
                }
            }

            if (random.Next(5) == 0)
            {
                text.Append("\n").Append(new string(' ', random.Next(0, indent + 2))).Append("# comment");
            }
        }

        Node(0, 0);
        text.Append('\n');
        if (random.Next(8) == 0)
        {
            text.Append("...\n");
        }

        var result = text.ToString();
        for (var m = 0; m < mutations; m++)
        {
            // A mutation: a character dropped, doubled or replaced by one that matters to YAML.
            var at = random.Next(result.Length);
            const string Special = " \n\t:-#'\"{}[],|>&*!?%\\";
            result = random.Next(3) switch
            {
                0 => result.Remove(at, 1),
                1 => result.Insert(at, result[at].ToString()),
                _ => result.Remove(at, 1).Insert(at, Special[random.Next(Special.Length)].ToString()),
            };
        }

        return random.Next(5) == 0 ? result.Replace("\n", "\r\n") : result;
    });

    [Fact]
    public void Where_the_reader_takes_a_generated_text_it_gives_YamlDotNets_nodes()
    {
        var taken = 0;
        var valid = 0;
        var cases = 0;
        var declines = new List<string>();
        Fuzzer.Run(output, "yaml reader", Document, 20_000, text =>
        {
            Interlocked.Increment(ref cases);
            var read = YamlReader.TryRead(text, CancellationToken.None, out var events, out var declinedAt);
            var expected = YamlDotNetNodes(text, out var expectedEvents);
            if (expected is not null)
            {
                Interlocked.Increment(ref valid);
            }

            if (read is null)
            {
                if (expected is not null)
                {
                    // What valid texts are declined for: the text around the place, to see what the reader leaves out.
                    var from = Math.Max(0, declinedAt.Index - 12);
                    var around = text.Substring(from, Math.Min(text.Length, declinedAt.Index + 6) - from);
                    lock (declines)
                    {
                        declines.Add(Show(around));
                    }
                }

                return;
            }

            Interlocked.Increment(ref taken);
            Assert.True(expected is not null, "the reader took a text YamlDotNet's path refuses");
            Same(expected!.Value.Documents, read, expected.Value.Positions);
            Assert.Equal(expectedEvents, events);
        });
        foreach (var sample in declines.Take(20))
        {
            output.WriteLine($"declined (valid YAML, left to YamlDotNet), around the place: {sample}");
        }

        output.WriteLine($"{cases} texts: {valid} read by YamlDotNet's path, {taken} taken by the reader ({100.0 * taken / Math.Max(1, valid):F1}% of those)");
        Assert.True(taken > valid * 3 / 4, $"the reader took only {taken} of the {valid} texts YamlDotNet's path reads");
    }

    private static readonly string[] Specs =
    [
        File.ReadAllText(RepoPaths.Combine("spec/stage.yaml")),
        File.ReadAllText(RepoPaths.Combine("tests/specs/inventory.yaml")),
        File.ReadAllText(Path.Combine(CorpusFolder, "swagger-petstore.yaml")),
        File.ReadAllText(Path.Combine(CorpusFolder, "oai-uspto.yaml")),
    ];

    /// <summary>A real spec with a few characters dropped, doubled or replaced by ones that matter to YAML.</summary>
    private static readonly Gen<string> MutatedSpec = Gen.Select(Gen.Int[0, Specs.Length - 1], Gen.Int[0, int.MaxValue], Gen.Int[1, 3]).Select((spec, seed, mutations) =>
    {
        var random = new Random(seed);
        var text = new StringBuilder(Specs[spec]);
        const string Special = " \n\t:-#'\"{}[],|>&*!?%\\";
        for (var m = 0; m < mutations; m++)
        {
            var at = random.Next(text.Length);
            switch (random.Next(4))
            {
                case 0:
                    text.Remove(at, 1);
                    break;
                case 1:
                    text.Insert(at, text[at]);
                    break;
                case 2:
                    text[at] = Special[random.Next(Special.Length)];
                    break;
                default:
                    text.Insert(at, "\n" + new string(' ', random.Next(0, 12)));
                    break;
            }
        }

        return random.Next(5) == 0 ? text.ToString().Replace("\n", "\r\n") : text.ToString();
    });

    [Fact]
    public void Where_the_reader_takes_a_mutated_spec_it_gives_YamlDotNets_nodes()
    {
        var taken = 0;
        var valid = 0;
        Fuzzer.Run(output, "yaml reader, mutated specs", MutatedSpec, 2_000, text =>
        {
            var read = YamlReader.TryRead(text, CancellationToken.None, out var events);
            var expected = YamlDotNetNodes(text, out var expectedEvents);
            if (expected is not null)
            {
                Interlocked.Increment(ref valid);
            }

            if (read is null)
            {
                return;
            }

            Interlocked.Increment(ref taken);
            Assert.True(expected is not null, "the reader took a text YamlDotNet's path refuses");
            Same(expected!.Value.Documents, read, expected.Value.Positions);
            Assert.Equal(expectedEvents, events);
        }, print: text => text.Length > 400 ? "(a mutated spec; replay the case to see it)" : text);
        output.WriteLine($"{valid} mutated specs read by YamlDotNet's path, {taken} taken by the reader");
        Assert.True(taken > valid * 3 / 4, $"the reader took only {taken} of the {valid} mutated specs YamlDotNet's path reads");
    }

    [Theory]
    [InlineData("description: |\n    \n    text\n", "\ntext\n")] // YamlDotNet#523: read as YAML 1.2 reads it
    [InlineData("description: |-\n  \n      \n  text\n  more\nnext: x\n", "\n\ntext\nmore")]
    [InlineData("d: >\n    \n    folded\n    text\n\n    kept\n", "\nfolded text\nkept\n")]
    [InlineData("- |\n   \n   a\n", "\na\n")]
    public void Spaces_only_lines_at_the_start_of_a_block_scalar_are_line_breaks(string text, string value)
    {
        var read = YamlReader.TryRead(text, CancellationToken.None, out var events);
        Assert.NotNull(read);
        var first = read![0] is YamlMapping mapping ? mapping.Children[0].Value : ((YamlSequence)read[0]).Children[0];
        Assert.Equal(value, ((YamlScalar)first).Value);
        var expected = YamlDotNetNodes(text, out var expectedEvents);
        Same(expected!.Value.Documents, read, expected.Value.Positions);
        Assert.Equal(expectedEvents, events);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n\n")]
    [InlineData("---\na: 1\n...\n# after\n")]
    [InlineData("a:\n- 1\n-\n- [x, {y: z}]\nb: {}\n")]
    [InlineData("a: 'it''s'# comment right after\nb: \"\\t\\u00e9\\\n  c\"\n")]
    [InlineData("k: plain\n  over\n\n  lines # and a comment\n")]
    [InlineData("{\"openapi\": \"3.0.0\",\r\n \"paths\": {\"/a\": {}}}\r\n")]
    public void Small_texts_read_alike(string text)
    {
        var read = YamlReader.TryRead(text, CancellationToken.None, out var events);
        Assert.NotNull(read);
        var expected = YamlDotNetNodes(text, out var expectedEvents);
        Assert.NotNull(expected);
        Same(expected!.Value.Documents, read!, expected.Value.Positions);
        Assert.Equal(expectedEvents, events);
    }

    [Theory]
    [InlineData("\uFEFFa: 1\n")] // YamlDotNet reads the BOM as part of the key
    [InlineData("a: &x 1\nb: *x\n")]
    [InlineData("a: !tag 1\n")]
    [InlineData("? a\n: 1\n")]
    [InlineData("%YAML 1.2\n---\na: 1\n")]
    [InlineData("a: 1\n---\nb: 2\n")]
    [InlineData("a: 1\na: 2\n")]
    [InlineData("a:\tb\n")]
    [InlineData("just a scalar\n")]
    [InlineData("a: [1, 2\n")]
    [InlineData("a: \"unterminated\n")]
    public void What_the_reader_is_not_sure_of_is_left_to_YamlDotNet(string text)
    {
        Assert.Null(YamlReader.TryRead(text, CancellationToken.None, out _));
    }

    [Fact]
    public void Hostile_nesting_is_declined_not_overflowed()
    {
        Assert.Null(YamlReader.TryRead(new string('[', 100_000), CancellationToken.None, out _));
        var deep = new StringBuilder();
        for (var i = 0; i < 70; i++)
        {
            deep.Append(new string(' ', i)).Append("k:\n");
        }

        deep.Append(new string(' ', 70)).Append("v\n");
        Assert.Null(YamlReader.TryRead(deep.ToString(), CancellationToken.None, out _));
        Assert.NotNull(YamlReader.TryRead("a:\n  b: [1, {c: d}]\n", CancellationToken.None, out _));
    }

    [Fact]
    public void Cancellation_is_seen()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 10_000; i++)
        {
            text.Append("k").Append(i).Append(": v\n");
        }

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => YamlReader.TryRead(text.ToString(), cancelled.Token, out _));
    }

    // ---- YamlDotNet's path and the comparison ----

    private static (List<YamlNode> Documents, BlockScalarLeadingLines Positions)? YamlDotNetNodes(string text, out int events)
    {
        var (scanned, positions) = BlockScalarLeadingLines.Empty(text);
        var parser = new LimitedParser(new Parser(new Scanner(new StringReader(scanned))), CancellationToken.None);
        try
        {
            var documents = YamlTree.Load(parser);
            events = parser.Events;
            return (documents, positions);
        }
        catch (Exception)
        {
            events = 0;
            return null;
        }
    }

    private static void Same(List<YamlNode> expected, List<YamlNode> actual, BlockScalarLeadingLines positions)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Same(expected[i], actual[i], positions, "/");
        }
    }

    private static void Same(YamlNode expected, YamlNode actual, BlockScalarLeadingLines positions, string path)
    {
        Assert.True(expected.GetType() == actual.GetType(), $"{path}: {expected.GetType().Name} expected, {actual.GetType().Name} read");
        Assert.True(expected.Tag.Equals(actual.Tag), $"{path}: tag");
        var start = Mapped(expected.Start, positions);
        var end = Mapped(expected.End, positions);
        Assert.True(start.Equals(actual.Start), $"{path}: start {start} expected, {actual.Start} read");
        Assert.True(end.Equals(actual.End), $"{path}: end {end} expected, {actual.End} read");
        switch (expected)
        {
            case YamlScalar scalar:
                var other = (YamlScalar)actual;
                Assert.True(scalar.Value == other.Value, $"{path}: value {Show(scalar.Value)} expected, {Show(other.Value)} read");
                Assert.True(scalar.Style == other.Style, $"{path}: style {scalar.Style} expected, {other.Style} read");
                break;
            case YamlSequence sequence:
                var items = ((YamlSequence)actual).Children;
                Assert.True(sequence.Children.Count == items.Count, $"{path}: {sequence.Children.Count} items expected, {items.Count} read");
                for (var i = 0; i < items.Count; i++)
                {
                    Same(sequence.Children[i], items[i], positions, $"{path}{i}/");
                }

                break;
            case YamlMapping mapping:
                var entries = ((YamlMapping)actual).Children;
                Assert.True(mapping.Children.Count == entries.Count, $"{path}: {mapping.Children.Count} entries expected, {entries.Count} read");
                for (var i = 0; i < entries.Count; i++)
                {
                    var name = mapping.Children[i].Key is YamlScalar key ? key.Value : i.ToString();
                    Same(mapping.Children[i].Key, entries[i].Key, positions, $"{path}{name}(key)/");
                    Same(mapping.Children[i].Value, entries[i].Value, positions, $"{path}{name}/");
                }

                break;
        }
    }

    private static Mark Mapped(Mark mark, BlockScalarLeadingLines positions) =>
        mark.Equals(Mark.Empty) ? mark : new Mark(positions.Original(mark.Index), mark.Line, mark.Column);

    private static string Show(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\n", "\\n").Replace("\r", "\\r").Replace("\t", "\\t") + "\"";
}
