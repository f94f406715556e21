using System;
using System.Runtime.CompilerServices;
using System.Text;

namespace StageGen.Generator.Emit;

/// <summary>The one indented writer every emitter writes through: four spaces, \n line ends, braces that indent.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    public SourceWriter Line(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _indent * 4).Append(line);
        }

        _text.Append('\n');
        return this;
    }

    /// <summary>
    /// Writes an interpolated line straight into the text: its parts are appended one by one, so no string is built
    /// for the line (most of what the emitters write is interpolated).
    /// </summary>
    public SourceWriter Line([InterpolatedStringHandlerArgument("")] LineHandler line)
    {
        line.End();
        _text.Append('\n');
        return this;
    }

    /// <summary>Like <see cref="Block(string)"/>, with the header written straight into the text.</summary>
    public Scope Block([InterpolatedStringHandlerArgument("")] LineHandler header)
    {
        header.End();
        _text.Append('\n');
        Line("{");
        _indent++;
        return new Scope(this, "}");
    }

    /// <summary>Like <see cref="Block(string, string)"/>, with the header written straight into the text.</summary>
    public Scope Block([InterpolatedStringHandlerArgument("")] LineHandler header, string closing)
    {
        header.End();
        _text.Append('\n');
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

        public void AppendFormatted(string? value) => _text.Append(value);

        public void AppendFormatted<T>(T value) => _text.Append(value is IFormattable formattable ? formattable.ToString(null, null) : value?.ToString());

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
    public bool IsEmpty => _text.Length == 0;

    /// <summary>
    /// Writes the lines of <paramref name="other"/> (without its trailing blank lines), each indented by this writer's
    /// indentation on top of its own.
    /// </summary>
    public SourceWriter Append(SourceWriter other)
    {
        var text = other._text.ToString().TrimEnd('\n');
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                end = text.Length;
            }

            if (end > start)
            {
                _text.Append(' ', _indent * 4).Append(text, start, end - start);
            }

            _text.Append('\n');
            start = end + 1;
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

    /// <summary>Like <see cref="Block"/> but closes with <paramref name="closing"/> (e.g. <c>};</c>).</summary>
    public Scope Block(string header, string closing)
    {
        Line(header);
        Line("{");
        _indent++;
        return new Scope(this, closing);
    }

    /// <summary>Writes an XML doc summary, escaped, one line per source line.</summary>
    public SourceWriter Summary(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return this;
        }

        Line("/// <summary>");
        foreach (var line in text!.Trim().Replace("\r\n", "\n").Split('\n'))
        {
            Line("/// " + EscapeXml(line.TrimEnd()));
        }

        return Line("/// </summary>");
    }

    /// <summary>Writes a one-line summary that is already XML (generator-made text with markup).</summary>
    public SourceWriter RawSummary(string xml) => Line($"/// <summary>{xml}</summary>");

    public SourceWriter Doc(string tag, string? text, string? attributes = null)
    {
        if (!string.IsNullOrWhiteSpace(text))
        {
            Line($"/// <{tag}{(attributes is null ? "" : " " + attributes)}>{EscapeXml(text!.Trim().Replace("\r\n", " ").Replace('\n', ' '))}</{tag}>");
        }

        return this;
    }

    public static string EscapeXml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    public override string ToString() => _text.ToString();

    internal readonly struct Scope : IDisposable
    {
        private readonly SourceWriter _writer;
        private readonly string _closing;

        public Scope(SourceWriter writer, string closing)
        {
            _writer = writer;
            _closing = closing;
        }

        public void Dispose()
        {
            _writer._indent--;
            _writer.Line(_closing);
        }
    }
}
