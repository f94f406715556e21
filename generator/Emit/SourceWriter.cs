using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using StageGen.Generator.Spec;

namespace StageGen.Generator.Emit;

/// <summary>
/// The one indented writer every emitter writes through: four spaces, \n line ends, braces that indent. It is also
/// the one place text from the spec is made safe for the code it lands in, one function per context: XML documentation
/// (<see cref="Summary"/>, <see cref="Doc"/>, <see cref="EscapeXml"/>, and the holes of <see cref="DocHandler"/>, escaped
/// as they are written), <c>//</c> comments (<see cref="EscapeComment"/>), C# string literals
/// (<see cref="CSharp.Literal"/>) and identifiers (<see cref="Identifier"/>). Whatever a caller forgets, no text can end
/// a line: a line, or a hole of one, holding a character C# ends a line at is refused (an exception, which the
/// generator reports as SG9001), so spec text can never turn into code of its own.
/// </summary>
internal sealed class SourceWriter
{
    /// <summary>How long a line a one-line summary may make; a longer text gets its own lines between the tags.</summary>
    private const int ShortLine = 120;

    private const int NestedCapacity = 512;

    /// <summary>
    /// How long the text being written grows before it is set aside as one finished block (<see cref="TextBlock"/>,
    /// below the large-object heap's size): a file of megabytes is a list of such blocks, handed to the compiler as they
    /// are. Larger blocks, on the large-object heap, were slower: they start full collections on the largest specs.
    /// </summary>
    private const int BlockChars = 32 * 1024;

    /// <summary>
    /// The most characters a builder may hold to be kept for the next file: half a megabyte a thread at most stays with a
    /// long-lived compiler; a spec of megabytes lets its buffer go.
    /// </summary>
    private const int SpareCapacity = 256 * 1024;

    // The builder the last completed file on this thread left: the next file is written into that one buffer, not
    // into a chain of new chunks copied together at the end.
    [ThreadStatic]
    private static StringBuilder? t_spare;

    // Where a block's characters are copied to on their way into a block, and out of one to be appended: one buffer
    // a thread for each (an append finishes blocks of its own as it goes), about 100 KB each.
    [ThreadStatic]
    private static char[]? t_finishing;

    [ThreadStatic]
    private static char[]? t_appending;

    // The block being written; the finished ones before it, in order (none until the text passes BlockChars).
    private StringBuilder _text;
    private List<TextBlock>? _blocks;
    // The holes of a documentation line, escaped; made at the first one (most nested writers write none).
    private StringBuilder? _doc;
    private int _indent;

    public SourceWriter()
    {
        // A nested writer (a member's checks, a validator's body) starts with room for a few lines, not sixteen characters.
        _text = t_spare ?? new StringBuilder(NestedCapacity);
        t_spare = null;
    }

    public SourceWriter Line(string line = "")
    {
        RefuseLineBreaks(line);
        if (line.Length > 0)
        {
            _text.Append(' ', _indent * 4).Append(line);
        }

        EndLine();
        return this;
    }

    /// <summary>Ends the line; past <see cref="BlockChars"/>, the text so far becomes a finished block.</summary>
    private void EndLine()
    {
        _text.Append('\n');
        if (_text.Length >= BlockChars)
        {
            FinishBlock();
        }
    }

    private void FinishBlock()
    {
        if (_text.Length > 0)
        {
            var chars = Room(ref t_finishing, _text.Length);
            _text.CopyTo(0, chars, 0, _text.Length);
            (_blocks ??= new List<TextBlock>()).Add(TextBlock.Of(chars, _text.Length));
            _text.Clear();
        }
    }

    /// <summary><paramref name="buffer"/>, made or grown to hold at least <paramref name="length"/> characters.</summary>
    private static char[] Room(ref char[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length)
        {
            buffer = new char[Math.Max(length, BlockChars + BlockChars / 2)];
        }

        return buffer;
    }

    /// <summary>
    /// Writes an interpolated line straight into the text: its parts are appended one by one, so no string is built
    /// for the line (most of what the emitters write is interpolated).
    /// </summary>
    public SourceWriter Line([InterpolatedStringHandlerArgument("")] LineHandler line)
    {
        line.End();
        EndLine();
        return this;
    }

    /// <summary>Like <see cref="Block(string)"/>, with the header written straight into the text.</summary>
    public Scope Block([InterpolatedStringHandlerArgument("")] LineHandler header)
    {
        header.End();
        EndLine();
        Line("{");
        _indent++;
        return new Scope(this, "}");
    }

    /// <summary>Like <see cref="Block(string, string)"/>, with the header written straight into the text.</summary>
    public Scope Block([InterpolatedStringHandlerArgument("")] LineHandler header, string closing)
    {
        header.End();
        EndLine();
        Line("{");
        _indent++;
        return new Scope(this, closing);
    }

    /// <summary>Appends an interpolated line's parts to the writer, after its indentation (taken back if the line is empty).</summary>
    [InterpolatedStringHandler]
    internal readonly struct LineHandler
    {
        private readonly StringBuilder _text;
        private readonly int _start;
        private readonly int _contentStart;

        public LineHandler(int literalLength, int formattedCount, SourceWriter writer)
        {
            _text = writer._text;
            _start = _text.Length;
            _text.Append(' ', writer._indent * 4);
            _contentStart = _text.Length;
        }

        public void AppendLiteral(string value) => _text.Append(value);

        public void AppendFormatted(string? value) => _text.Append(RefuseLineBreaks(value));

        public void AppendFormatted<T>(T value) => AppendFormatted(Format(value));

        /// <summary>An empty line gets no indentation (as <see cref="Line(string)"/> writes it).</summary>
        public void End()
        {
            if (_text.Length == _contentStart)
            {
                _text.Length = _start;
            }
        }
    }

    /// <summary>Whether nothing has been written.</summary>
    public bool IsEmpty => _blocks is null && _text.Length == 0;

    /// <summary>
    /// Writes the lines of <paramref name="other"/> (without its trailing blank lines), each indented by this writer's
    /// indentation on top of its own.
    /// </summary>
    public SourceWriter Append(SourceWriter other)
    {
        // Read a block at a time: a validator file's body is megabytes on a large spec, too much to copy whole twice.
        // Line breaks are written when a line follows them, so the trailing ones are left out.
        var breaks = 0;
        var atLineStart = true;
        var wrote = false;
        var finished = other._blocks?.Count ?? 0;
        for (var index = 0; index <= finished; index++)
        {
            // The other's finished blocks, then the text it is writing.
            var length = index < finished ? other._blocks![index].Length : other._text.Length;
            var block = Room(ref t_appending, length);
            if (index < finished)
            {
                other._blocks![index].CopyTo(0, block, 0, length);
            }
            else
            {
                other._text.CopyTo(0, block, 0, length);
            }

            for (var start = 0; start < length;)
            {
                var end = Array.IndexOf(block, '\n', start, length - start);
                var stop = end < 0 ? length : end;
                if (stop > start)
                {
                    for (; breaks > 0; breaks--)
                    {
                        EndLine();
                    }

                    if (atLineStart)
                    {
                        _text.Append(' ', _indent * 4);
                    }

                    _text.Append(block, start, stop - start);
                    atLineStart = false;
                    wrote = true;
                }

                if (end < 0)
                {
                    break;
                }

                breaks++;
                atLineStart = true;
                start = end + 1;
            }
        }

        if (wrote)
        {
            EndLine();
        }

        return this;
    }

    /// <summary>Writes <paramref name="header"/>, an opening brace, and indents until the returned scope is disposed.</summary>
    public Scope Block(string header)
    {
        if (header.Length > 0)
        {
            Line(header);
        }

        Line("{");
        _indent++;
        return new Scope(this, "}");
    }

    /// <summary>Writes <paramref name="header"/> (a <c>case</c> label) and indents until the scope is disposed, with no braces.</summary>
    public Scope Indented(string header)
    {
        Line(header);
        _indent++;
        return new Scope(this, null);
    }

    /// <summary>Like <see cref="Block"/> but closes with <paramref name="closing"/> (e.g. <c>};</c>).</summary>
    public Scope Block(string header, string closing)
    {
        Line(header);
        Line("{");
        _indent++;
        return new Scope(this, closing);
    }

    /// <summary>
    /// Writes an XML doc summary, escaped: on one line when the text is one short line, else one line per line of
    /// <paramref name="text"/> between the tags.
    /// </summary>
    public SourceWriter Summary(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return this;
        }

        var trimmed = text!.Trim();
        if (!HasLineBreak(trimmed) && EscapeXml(trimmed) is var single
            && _indent * 4 + "/// <summary></summary>".Length + single.Length <= ShortLine)
        {
            return Line("/// <summary>" + single + "</summary>");
        }

        var lines = SplitLines(trimmed);
        Line("/// <summary>");
        foreach (var line in lines)
        {
            Line("/// " + EscapeXml(line.TrimEnd()));
        }

        return Line("/// </summary>");
    }

    /// <summary>
    /// Writes a one-line summary whose markup is the emitter's: the literal parts are written as they are, every hole is
    /// escaped (<see cref="EscapeXmlAttribute"/>, right in text and in attribute values alike).
    /// </summary>
    public SourceWriter RawSummary([InterpolatedStringHandlerArgument("")] DocHandler xml) => DocLine("<summary>", "</summary>");

    /// <summary>Writes one <c>///</c> line whose markup is the emitter's, holes escaped as in <see cref="RawSummary"/>.</summary>
    public SourceWriter DocLine([InterpolatedStringHandlerArgument("")] DocHandler xml) => DocLine("", "");

    /// <summary>
    /// Writes <c>&lt;tag name="name"&gt;text&lt;/tag&gt;</c> on one line, the text escaped; nothing when there is no text.
    /// The name is a parameter's, so it must be an identifier (written without a keyword's <c>@</c>, as XML doc names it).
    /// </summary>
    public SourceWriter Doc(string tag, string? text, string? name = null)
    {
        if (!string.IsNullOrWhiteSpace(text))
        {
            Line($"/// <{tag}{(name is null ? "" : " name=\"" + Identifier(name).TrimStart('@') + "\"")}>{EscapeXml(text!.Trim())}</{tag}>");
        }

        return this;
    }

    private SourceWriter DocLine(string open, string close)
    {
        var line = new LineHandler(0, 0, this);
        _text.Append("/// ").Append(open).Append(_doc).Append(close);
        _doc!.Clear();
        line.End();
        EndLine();
        return this;
    }

    /// <summary>
    /// Text in XML documentation: <c>&amp; &lt; &gt;</c> escaped, a line break (which would end the comment) as a
    /// space, and a character XML cannot hold (C0 controls, unpaired surrogates, U+FFFE, U+FFFF) as U+FFFD, which
    /// would otherwise break the documentation file (CS1570).
    /// </summary>
    public static string EscapeXml(string text) => Escape(text, TextContext.Xml);

    /// <summary>An XML attribute value (between double quotes): as <see cref="EscapeXml"/>, and <c>"</c> escaped.</summary>
    public static string EscapeXmlAttribute(string text) => Escape(text, TextContext.XmlAttribute);

    /// <summary>Text in a <c>//</c> comment: a line break as a space, a control character or unpaired surrogate as U+FFFD.</summary>
    public static string EscapeComment(string text) => Escape(text, TextContext.Comment);

    /// <summary>
    /// A name the binder made, checked where it becomes code: a C# identifier (<c>@</c> allowed before a keyword) or
    /// a dotted namespace of them; anything else is a bug, refused rather than printed.
    /// </summary>
    public static string Identifier(string name, bool dotted = false)
    {
        foreach (var part in dotted ? name.Split('.') : new[] { name })
        {
            var bare = part.StartsWith("@", StringComparison.Ordinal) ? part.Substring(1) : part;
            if (!SyntaxFacts.IsValidIdentifier(bare) || (bare.Length == part.Length && SyntaxFacts.GetKeywordKind(bare) != SyntaxKind.None))
            {
                throw new InvalidOperationException($"'{EscapeComment(name)}' is not a C# {(dotted ? "namespace" : "identifier")}");
            }
        }

        return name;
    }

    private static bool HasLineBreak(string text) => text.IndexOfAny(SpecText.LineBreaks) >= 0;

    /// <summary>The lines of <paramref name="text"/>, split at every line break C# knows (CR LF counts as one).</summary>
    private static string[] SplitLines(string text)
    {
        var lines = new List<string>(1);
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (SpecText.IsLineBreak(text[i]))
            {
                lines.Add(text.Substring(start, i - start));
                if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                start = i + 1;
            }
        }

        // A text of one line (most are) is returned as it is: Substring(0) copies nothing.
        lines.Add(text.Substring(start));
        return lines.ToArray();
    }

    private enum TextContext
    {
        Xml,
        XmlAttribute,
        Comment,
    }

    private static string Escape(string text, TextContext context)
    {
        var i = 0;
        while (i < text.Length)
        {
            if (IsPlainAscii(text[i]))
            {
                i++;
            }
            else if (!NeedsEscape(text, i, context))
            {
                i += IsSurrogatePair(text, i) ? 2 : 1;
            }
            else
            {
                break;
            }
        }

        if (i == text.Length)
        {
            return text;
        }

        var builder = new StringBuilder(text, 0, i, text.Length + 16);
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (IsSurrogatePair(text, i))
            {
                builder.Append(c).Append(text[++i]);
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                // CR LF is one line break, so one space.
            }
            else if (SpecText.IsLineBreak(c))
            {
                builder.Append(' ');
            }
            else if (IsUnsafe(c))
            {
                builder.Append('\uFFFD');
            }
            else if (context != TextContext.Comment && c is '&' or '<' or '>' or '"')
            {
                builder.Append(c switch
                {
                    '&' => "&amp;",
                    '<' => "&lt;",
                    '>' => "&gt;",
                    _ => context == TextContext.XmlAttribute ? "&quot;" : "\"",
                });
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>Printable ASCII that no context escapes: most of any text, decided without a call per character.</summary>
    private static bool IsPlainAscii(char c) => c is >= ' ' and < '\u007F' and not ('&' or '<' or '>' or '"');

    private static bool NeedsEscape(string text, int i, TextContext context)
    {
        var c = text[i];
        if (IsSurrogatePair(text, i))
        {
            return false;
        }

        return SpecText.IsLineBreak(c) || IsUnsafe(c) || context switch
        {
            TextContext.Xml => c is '&' or '<' or '>',
            TextContext.XmlAttribute => c is '&' or '<' or '>' or '"',
            _ => false,
        };
    }

    private static bool IsSurrogatePair(string text, int i) =>
        char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);

    /// <summary>Not a character of XML 1.0 (tab aside; line breaks are handled first): C0 controls, an unpaired surrogate, U+FFFE, U+FFFF.</summary>
    private static bool IsUnsafe(char c) => (c < ' ' && c != '\t') || char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF';

    /// <summary>Refuses a text that would end the line it is written on; see the class summary.</summary>
    private static string? RefuseLineBreaks(string? text)
    {
        // Searched for all at once (vectorized): every hole of every line passes here.
        if (text is not null && text.IndexOfAny(SpecText.LineBreaks) is var at and >= 0)
        {
            throw new InvalidOperationException($"A generated line would hold U+{(int)text[at]:X4}, which ends a line in C#: '{EscapeComment(text)}'");
        }

        return text;
    }

    private static string? Format<T>(T value) => value is IFormattable formattable ? formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture) : value?.ToString();

    /// <summary>
    /// Collects an interpolated line of XML documentation: literal parts (the emitter's markup) as they are, holes
    /// escaped with <see cref="EscapeXmlAttribute"/>.
    /// </summary>
    [InterpolatedStringHandler]
    internal readonly struct DocHandler
    {
        private readonly StringBuilder _xml;

        public DocHandler(int literalLength, int formattedCount, SourceWriter writer)
        {
            _xml = writer._doc ??= new StringBuilder();
            _xml.Clear();
        }

        public void AppendLiteral(string value) => _xml.Append(value);

        public void AppendFormatted(string? value) => _xml.Append(value is null ? null : EscapeXmlAttribute(value));

        public void AppendFormatted<T>(T value) => AppendFormatted(Format(value));
    }

    /// <summary>
    /// The text as the compiler takes it (UTF-8), after which the writer is done: its buffer goes to the next writer
    /// made on this thread (any later write to this one fails). A text of more than one block is given to the compiler
    /// as those blocks (<see cref="BlockText"/>): a file of megabytes is neither copied again nor ever one string on the
    /// large-object heap (on the largest specs that string, written once and collected with a full GC, cost more than
    /// writing it).
    /// </summary>
    public SourceText Complete()
    {
        SourceText text;
        if (_blocks is null)
        {
            text = SourceText.From(_text.ToString(), Encoding.UTF8);
        }
        else
        {
            FinishBlock();
            text = new BlockText(_blocks);
        }

        if (_text.Capacity <= SpareCapacity)
        {
            t_spare = _text.Clear();
        }

        _text = null!;
        _blocks = null;
        return text;
    }

    internal readonly struct Scope : IDisposable
    {
        private readonly SourceWriter _writer;
        private readonly string? _closing;

        public Scope(SourceWriter writer, string? closing)
        {
            _writer = writer;
            _closing = closing;
        }

        public void Dispose()
        {
            _writer._indent--;
            if (_closing is not null)
            {
                _writer.Line(_closing);
            }
        }
    }
}
