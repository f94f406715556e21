using System;
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
