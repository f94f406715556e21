using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using YamlDotNet.Core;

namespace StageGen.Generator.Spec.Yaml;

/// <summary>
/// Reads the YAML OpenAPI documents are written in straight into <see cref="YamlNode"/>s, in one pass over the text:
/// block mappings and sequences, plain, quoted and block scalars, comments, flow collections (JSON), <c>---</c> and
/// <c>...</c>, CRLF. It gives exactly the nodes (values, styles, marks) that YamlDotNet's scanner and parser and
/// <see cref="YamlTree"/> give, or declines the text: anything it is not sure of (anchors, aliases, tags, complex keys,
/// directives, tabs used as space, several documents, duplicate keys, errors) returns null, and the caller reads the
/// text with YamlDotNet as before. The limits are YamlDotNet's path's: depth, events, cancellation.
/// </summary>
internal sealed class YamlReader
{
    // YamlDotNet's simple keys: on one line and shorter than 1024 characters.
    private const int MaxKeyChars = 1000;

    // How many nodes are read between two looks at the cancellation token.
    private const int CancellationStride = 4096;

    private readonly string _text;
    private readonly int _length;
    private readonly CancellationToken _cancellationToken;
    private readonly StringBuilder _builder = new();

    private int _pos;
    private int _line = 1;
    private int _lineStart;
    private int _depth;
    private int _events;
    private int _untilCancellationCheck = CancellationStride;

    // YamlDotNet's scanner drops the ':' that starts a plain scalar read after a quoted scalar or a flow collection
    // (until the next plain scalar): such a scalar is left to it.
    private bool _afterQuotedOrFlow;

    // Which spaces-only lines YamlDotNet's path empties, worked out when a block scalar starts with one.
    private BlockScalarLeadingLines? _emptied;

    private YamlReader(string text, CancellationToken cancellationToken)
    {
        _text = text;
        _length = text.Length;
        _cancellationToken = cancellationToken;
    }

    /// <summary>
    /// The documents of the text, or null when this reader declines it. <paramref name="events"/> is the number of
    /// events YamlDotNet's parser gives for the same text.
    /// </summary>
    public static List<YamlNode>? TryRead(string text, CancellationToken cancellationToken, out int events) =>
        TryRead(text, cancellationToken, out events, out _);

    /// <summary>As <see cref="TryRead(string, CancellationToken, out int)"/>, saying where the text was declined.</summary>
    internal static List<YamlNode>? TryRead(string text, CancellationToken cancellationToken, out int events, out YamlPosition declinedAt)
    {
        var reader = new YamlReader(text, cancellationToken);
        try
        {
            var documents = reader.ReadStream();
            events = reader._events;
            declinedAt = default;
            return documents;
        }
        catch (DeclinedException)
        {
            events = 0;
            declinedAt = reader.Here();
            return null;
        }
    }

    private List<YamlNode> ReadStream()
    {
        var documents = new List<YamlNode>(1);
        _events = 2; // stream start and end
        if (_length > 0 && _text[0] == '\uFEFF')
        {
            // YamlDotNet reads a BOM as a character of the first scalar (the compiler's text has none: it strips it).
            throw Decline();
        }

        var column = SkipToContent();
        if (column < 0)
        {
            return documents; // nothing but comments: no document
        }

        if (column == 0 && DocumentMarker('-'))
        {
            _pos += 3;
            EndOfLine();
            column = SkipToContent();
            if (column < 0)
            {
                throw Decline();
            }
        }

        _events += 2; // document start and end
        var c = _text[_pos];
        YamlNode root = c is '{' or '[' ? ReadFlowInBlock(-1) : ReadBlockNode(-1, rootOnly: true);
        column = SkipToContent();
        if (column == 0 && DocumentMarker('.'))
        {
            _pos += 3;
            EndOfLine();
            column = SkipToContent();
        }

        if (column >= 0)
        {
            throw Decline(); // another document, or something YamlDotNet reports
        }

        documents.Add(root);
        return documents;
    }

    // ---- block context ----

    /// <summary>
    /// The node at <see cref="_pos"/> (a content character past <paramref name="indent"/>): a block collection, a
    /// scalar or a flow collection. <paramref name="indent"/> is the column of the block collection that holds it.
    /// </summary>
    private YamlNode ReadBlockNode(int indent, bool rootOnly = false)
    {
        var c = _text[_pos];
        switch (c)
        {
            case '-' when Blank(_pos + 1):
                return ReadBlockSequence(false);
            case '[':
            case '{':
                if (rootOnly)
                {
                    throw Decline();
                }

                return ReadFlowInBlock(indent);
            case '|':
            case '>':
                if (rootOnly)
                {
                    throw Decline();
                }

                return ReadBlockScalar(indent);
            case '"':
            case '\'':
            {
                var start = Here();
                var key = ReadQuoted(c == '\'', indent);
                SkipSpaces();
                if (At(':') && Blank(_pos + 1))
                {
                    CheckKey(start, key);
                    return ReadBlockMapping(start, key);
                }

                if (rootOnly)
                {
                    throw Decline();
                }

                EndOfLine();
                return key;
            }

            default:
            {
                if (!PlainStart(c, _pos))
                {
                    throw Decline();
                }

                var start = Here();
                var scalar = ReadPlain(indent, out var stop, out var multiline);
                if (stop == PlainStop.Colon)
                {
                    if (multiline)
                    {
                        throw Decline();
                    }

                    CheckKey(start, scalar);
                    return ReadBlockMapping(start, scalar);
                }

                if (rootOnly)
                {
                    throw Decline();
                }

                return scalar;
            }
        }
    }

    private void CheckKey(YamlPosition start, YamlScalar key)
    {
        if (key.End.Line != start.Line || _pos - start.Index > MaxKeyChars)
        {
            throw Decline();
        }
    }

    /// <summary>A block mapping whose first key is read; <see cref="_pos"/> is at the ':' after it.</summary>
    private YamlMapping ReadBlockMapping(YamlPosition start, YamlScalar firstKey)
    {
        Enter();
        var column = start.Column - 1;
        var mapping = new YamlMapping(start, start);
        var key = firstKey;
        while (true)
        {
            // At the ':' after the key.
            _pos++;
            var value = ReadMappingValue(column, Here());
            if (!mapping.TryAdd(key, value))
            {
                throw Decline(); // a duplicate key: YamlDotNet's path reports it
            }

            var next = SkipToContent();
            if (next < column || (next == 0 && (DocumentMarker('-') || DocumentMarker('.'))))
            {
                break;
            }

            if (next > column)
            {
                throw Decline();
            }

            key = ReadKey(column);
        }

        _depth--;
        return mapping;
    }

    /// <summary>A key of a block mapping, at its column; leaves <see cref="_pos"/> at the ':' after it.</summary>
    private YamlScalar ReadKey(int column)
    {
        var start = Here();
        var c = _text[_pos];
        YamlScalar key;
        if (c is '"' or '\'')
        {
            key = ReadQuoted(c == '\'', column);
            SkipSpaces();
            if (!(At(':') && Blank(_pos + 1)))
            {
                throw Decline();
            }
        }
        else
        {
            if (!PlainStart(c, _pos))
            {
                throw Decline();
            }

            key = ReadPlain(column, out var stop, out var multiline);
            if (stop != PlainStop.Colon || multiline)
            {
                throw Decline();
            }
        }

        CheckKey(start, key);
        return key;
    }

    /// <summary>The value after a block mapping's ':' (<see cref="_pos"/> just past it), or the empty scalar there.</summary>
    private YamlNode ReadMappingValue(int column, YamlPosition afterColon)
    {
        SkipSpaces();
        if (LineEndOrComment())
        {
            var next = SkipToContent();
            if (next < 0 || next < column || (next == 0 && (DocumentMarker('-') || DocumentMarker('.'))))
            {
                return Empty(afterColon);
            }

            if (next == column)
            {
                return At('-') && Blank(_pos + 1) ? ReadBlockSequence(true) : Empty(afterColon);
            }

            return ReadBlockNode(column);
        }

        return ReadInlineValue(column);
    }

    /// <summary>A node that starts on the line of its key or its '-': a scalar or a flow collection, no block collection.</summary>
    private YamlNode ReadInlineValue(int indent)
    {
        var c = _text[_pos];
        switch (c)
        {
            case '|':
            case '>':
                return ReadBlockScalar(indent);
            case '"':
            case '\'':
            {
                var scalar = ReadQuoted(c == '\'', indent);
                EndOfLine();
                return scalar;
            }

            case '[':
            case '{':
                return ReadFlowInBlock(indent);
            default:
            {
                if (!PlainStart(c, _pos))
                {
                    throw Decline();
                }

                var scalar = ReadPlain(indent, out var stop, out _);
                if (stop == PlainStop.Colon)
                {
                    throw Decline(); // "a: b: c", or a key after a '-': YamlDotNet's path reads or reports it
                }

                return scalar;
            }
        }
    }

    /// <summary>A block sequence at <see cref="_pos"/>, its first '-'.</summary>
    private YamlSequence ReadBlockSequence(bool indentless)
    {
        Enter();
        var start = Here();
        var column = start.Column - 1;
        var sequence = new YamlSequence(start, indentless ? new YamlPosition(start.Index + 1, start.Line, start.Column + 1) : start);
        while (true)
        {
            _pos++; // the '-'
            var afterDash = Here();
            SkipSpaces();
            YamlNode item;
            if (LineEndOrComment())
            {
                var next = SkipToContent();
                item = next <= column || (next == 0 && (DocumentMarker('-') || DocumentMarker('.')))
                    ? Empty(afterDash)
                    : ReadBlockNode(column);
            }
            else
            {
                item = ReadCompactNode(column);
            }

            sequence.Items.Add(item);
            var following = SkipToContent();
            if (following < column || (following == 0 && (DocumentMarker('-') || DocumentMarker('.'))))
            {
                break;
            }

            if (following > column)
            {
                throw Decline();
            }

            if (At('-') && Blank(_pos + 1))
            {
                continue;
            }

            if (indentless)
            {
                break; // the mapping's next key
            }

            throw Decline();
        }

        _depth--;
        return sequence;
    }

    /// <summary>The node after "- " on the same line: a nested sequence, a compact mapping, a scalar or a flow collection.</summary>
    private YamlNode ReadCompactNode(int sequenceColumn)
    {
        var c = _text[_pos];
        if (c == '-' && Blank(_pos + 1))
        {
            return ReadBlockSequence(false);
        }

        if (c is '|' or '>' or '[' or '{')
        {
            return ReadInlineValue(sequenceColumn);
        }

        // A scalar, or the first key of a mapping at this column.
        var start = Here();
        YamlScalar scalar;
        bool key;
        if (c is '"' or '\'')
        {
            scalar = ReadQuoted(c == '\'', sequenceColumn);
            SkipSpaces();
            key = At(':') && Blank(_pos + 1);
            if (!key)
            {
                EndOfLine();
                return scalar;
            }
        }
        else
        {
            if (!PlainStart(c, _pos))
            {
                throw Decline();
            }

            scalar = ReadPlain(sequenceColumn, out var stop, out var multiline);
            key = stop == PlainStop.Colon;
            if (key && multiline)
            {
                throw Decline();
            }

            if (!key)
            {
                return scalar;
            }
        }

        CheckKey(start, scalar);
        return ReadBlockMapping(start, scalar);
    }

    // ---- scalars ----

    private enum PlainStop
    {
        LineEnd,
        Colon,
        Comment,
    }

    /// <summary>Whether a plain scalar may start with the character at <paramref name="at"/> (block context).</summary>
    private bool PlainStart(char c, int at)
    {
        switch (c)
        {
            case '-':
            case '?':
            case ':':
                return !Blank(at + 1);
            case ',':
            case '[':
            case ']':
            case '{':
            case '}':
            case '#':
            case '&':
            case '*':
            case '!':
            case '|':
            case '>':
            case '\'':
            case '"':
            case '%':
            case '@':
            case '`':
            case ' ':
            case '\t':
            case '\r':
            case '\n':
                return false;
            default:
                return true;
        }
    }

    /// <summary>
    /// A plain scalar in block context at <see cref="_pos"/>, folded over the lines indented past
    /// <paramref name="indent"/>; leaves <see cref="_pos"/> after its last character.
    /// </summary>
    private YamlScalar ReadPlain(int indent, out PlainStop stop, out bool multiline)
    {
        PlainStarts();
        var start = Here();
        var lineEnd = ScanPlainLine(_pos, out stop);
        multiline = false;
        if (lineEnd < 0)
        {
            throw Decline();
        }

        var end = new YamlPosition(lineEnd, _line, lineEnd - _lineStart + 1);
        if (stop != PlainStop.LineEnd)
        {
            var value = _text.Substring(start.Index, lineEnd - start.Index);
            _pos = stop == PlainStop.Colon ? ColonAfter(lineEnd) : lineEnd;
            Count();
            return new YamlScalar(start, end, value, ScalarStyle.Plain);
        }

        // Lines that continue it: past blank lines, indented more than the collection, not a comment.
        StringBuilder? folded = null;
        var committedPos = lineEnd;
        var committedLine = _line;
        var committedLineStart = _lineStart;
        var p = LineBreakAfter(lineEnd);
        var line = _line;
        while (p >= 0)
        {
            // p: the start of a line after a break.
            line++;
            var lineStart = p;
            var breaks = 0;
            int first;
            while (true)
            {
                first = p;
                while (first < _length && _text[first] == ' ')
                {
                    first++;
                }

                if (first < _length && _text[first] == '\t')
                {
                    throw Decline();
                }

                if (first < _length && _text[first] is '\n' or '\r')
                {
                    breaks++;
                    p = LineBreak(first);
                    if (p < 0)
                    {
                        throw Decline();
                    }

                    line++;
                    lineStart = p;
                    continue;
                }

                break;
            }

            if (first >= _length || first - lineStart <= indent || _text[first] == '#'
                || (first == lineStart && IsMarker(first)))
            {
                break;
            }

            var contentEnd = ScanPlainLine(first, out var lineStop);
            if (contentEnd < 0 || lineStop == PlainStop.Colon)
            {
                throw Decline(); // a multi-line key or a mapping inside a scalar: YamlDotNet's path reports it
            }

            folded ??= _builder.Clear().Append(_text, start.Index, lineEnd - start.Index);
            if (breaks == 0)
            {
                folded.Append(' ');
            }
            else
            {
                folded.Append('\n', breaks);
            }

            folded.Append(_text, first, contentEnd - first);
            multiline = true;
            committedPos = contentEnd;
            committedLine = line;
            committedLineStart = lineStart;
            end = new YamlPosition(contentEnd, line, contentEnd - lineStart + 1);
            if (lineStop == PlainStop.Comment)
            {
                break;
            }

            p = LineBreakAfter(contentEnd);
        }

        _pos = committedPos;
        _line = committedLine;
        _lineStart = committedLineStart;
        Count();
        var text = folded is null ? _text.Substring(start.Index, lineEnd - start.Index) : folded.ToString();
        return new YamlScalar(start, end, text, ScalarStyle.Plain);
    }

    /// <summary>
    /// The end of a plain scalar's text on one line from <paramref name="from"/> (after its last non-space character),
    /// and what ends it; -1 for a character this reader leaves to YamlDotNet.
    /// </summary>
    private int ScanPlainLine(int from, out PlainStop stop)
    {
        var last = from;
        var i = from;
        while (i < _length)
        {
            var c = _text[i];
            if (c is ' ' or '\t')
            {
                i++;
                continue;
            }

            if (c is '\n' or '\r')
            {
                break;
            }

            if (c == ':' && Blank(i + 1))
            {
                stop = PlainStop.Colon;
                return last;
            }

            if (c == '#' && i > from && _text[i - 1] is ' ' or '\t')
            {
                stop = PlainStop.Comment;
                return last;
            }

            if (Odd(c))
            {
                stop = PlainStop.LineEnd;
                return -1;
            }

            i++;
            last = i;
        }

        stop = PlainStop.LineEnd;
        return last;
    }

    /// <summary>The position of the ':' that ends a key scanned up to <paramref name="end"/> (past spaces).</summary>
    private int ColonAfter(int end)
    {
        while (_text[end] != ':')
        {
            end++;
        }

        return end;
    }

    /// <summary>A single- or double-quoted scalar at <see cref="_pos"/>; leaves <see cref="_pos"/> after the closing quote.</summary>
    private YamlScalar ReadQuoted(bool single, int indent)
    {
        var start = Here();
        var quote = single ? '\'' : '"';
        var i = _pos + 1;

        // The common case: no escape, no line break.
        while (i < _length)
        {
            var c = _text[i];
            if (c == quote)
            {
                if (single && i + 1 < _length && _text[i + 1] == '\'')
                {
                    break;
                }

                var value = _text.Substring(_pos + 1, i - _pos - 1);
                _pos = i + 1;
                Count();
                AfterQuoted(single);
                return new YamlScalar(start, Here(), value, single ? ScalarStyle.SingleQuoted : ScalarStyle.DoubleQuoted);
            }

            if (c is '\\' or '\n' or '\r' || (c < ' ' && c != '\t') || Odd(c))
            {
                break;
            }

            i++;
        }

        return ReadQuotedSlowly(single, indent, start);
    }

    private void PlainStarts()
    {
        if (_afterQuotedOrFlow && _text[_pos] == ':')
        {
            throw Decline();
        }

        _afterQuotedOrFlow = false;
    }

    /// <summary>A comment right after a double-quoted scalar (YamlDotNet refuses it) is left to YamlDotNet.</summary>
    private void AfterQuoted(bool single)
    {
        _afterQuotedOrFlow = true;
        if (!single && _pos < _length && _text[_pos] == '#')
        {
            throw Decline();
        }
    }

    /// <summary>A quoted scalar with escapes or line folding, read as YamlDotNet's scanner reads it.</summary>
    private YamlScalar ReadQuotedSlowly(bool single, int indent, YamlPosition start)
    {
        var quote = single ? '\'' : '"';
        var value = _builder.Clear();
        _pos++;
        var leadingBlanks = false;
        var whitespaceFrom = -1;
        var whitespaceTo = -1;
        var leadingBreak = false;
        var trailingBreaks = 0;
        while (true)
        {
            if (_pos >= _length || (_pos == _lineStart && IsMarker(_pos)))
            {
                throw Decline();
            }

            if (leadingBlanks && !single && _pos - _lineStart <= indent)
            {
                throw Decline();
            }

            leadingBlanks = false;
            while (_pos < _length)
            {
                var c = _text[_pos];
                if (c is ' ' or '\t' or '\n' or '\r')
                {
                    break;
                }

                if (single && c == '\'' && _pos + 1 < _length && _text[_pos + 1] == '\'')
                {
                    value.Append('\'');
                    _pos += 2;
                }
                else if (c == quote)
                {
                    break;
                }
                else if (!single && c == '\\' && _pos + 1 < _length && _text[_pos + 1] is '\n' or '\r')
                {
                    _pos++;
                    NewLine();
                    leadingBlanks = true;
                    break;
                }
                else if (!single && c == '\\')
                {
                    Escape(value);
                }
                else
                {
                    if ((c < ' ') || Odd(c))
                    {
                        throw Decline();
                    }

                    value.Append(c);
                    _pos++;
                }
            }

            if (_pos < _length && _text[_pos] == quote)
            {
                break;
            }

            while (_pos < _length && _text[_pos] is ' ' or '\t' or '\n' or '\r')
            {
                var c = _text[_pos];
                if (c is ' ' or '\t')
                {
                    if (!leadingBlanks)
                    {
                        if (whitespaceFrom < 0)
                        {
                            whitespaceFrom = _pos;
                        }

                        whitespaceTo = _pos + 1;
                    }

                    _pos++;
                }
                else
                {
                    if (!leadingBlanks)
                    {
                        whitespaceFrom = -1;
                        leadingBreak = true;
                        leadingBlanks = true;
                    }
                    else
                    {
                        trailingBreaks++;
                    }

                    NewLine();
                }
            }

            if (leadingBlanks)
            {
                if (leadingBreak)
                {
                    if (trailingBreaks == 0)
                    {
                        value.Append(' ');
                    }
                    else
                    {
                        value.Append('\n', trailingBreaks);
                    }
                }
                else
                {
                    value.Append('\n', trailingBreaks);
                }

                leadingBreak = false;
                trailingBreaks = 0;
            }
            else if (whitespaceFrom >= 0)
            {
                value.Append(_text, whitespaceFrom, whitespaceTo - whitespaceFrom);
                whitespaceFrom = -1;
            }
        }

        _pos++;
        Count();
        var scalar = new YamlScalar(start, Here(), value.ToString(), single ? ScalarStyle.SingleQuoted : ScalarStyle.DoubleQuoted);
        AfterQuoted(single);
        return scalar;
    }

    /// <summary>A double-quoted scalar's escape at <see cref="_pos"/> (the backslash).</summary>
    private void Escape(StringBuilder value)
    {
        if (_pos + 1 >= _length)
        {
            throw Decline();
        }

        var e = _text[_pos + 1];
        var digits = 0;
        switch (e)
        {
            case '0': value.Append('\0'); break;
            case 'a': value.Append('\x07'); break;
            case 'b': value.Append('\x08'); break;
            case 't': value.Append('\x09'); break;
            case '\t': value.Append('\x09'); break;
            case 'n': value.Append('\x0A'); break;
            case 'v': value.Append('\x0B'); break;
            case 'f': value.Append('\x0C'); break;
            case 'r': value.Append('\x0D'); break;
            case 'e': value.Append('\x1B'); break;
            case ' ': value.Append(' '); break;
            case '"': value.Append('"'); break;
            case '\\': value.Append('\\'); break;
            case '/': value.Append('/'); break;
            case 'N': value.Append('\x85'); break;
            case '_': value.Append('\xA0'); break;
            case 'L': value.Append('\u2028'); break;
            case 'P': value.Append('\u2029'); break;
            case 'x': digits = 2; break;
            case 'u': digits = 4; break;
            case 'U': digits = 8; break;
            default: throw Decline();
        }

        _pos += 2;
        if (digits == 0)
        {
            return;
        }

        var code = 0L;
        for (var k = 0; k < digits; k++)
        {
            var h = _pos + k < _length ? _text[_pos + k] : '\0';
            int d = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10 : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
            if (d < 0)
            {
                throw Decline();
            }

            code = (code << 4) + d;
        }

        if ((code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF)
        {
            throw Decline();
        }

        value.Append(char.ConvertFromUtf32((int)code));
        _pos += digits;
    }

    /// <summary>
    /// A literal or folded block scalar at <see cref="_pos"/> (its indicator), as YamlDotNet reads it once the
    /// spaces-only lines before its first line of text are emptied (<see cref="BlockScalarLeadingLines"/>): each such
    /// line is a line break whatever spaces it holds, as YAML 1.2 has it (more spaces than the text's indentation is an
    /// error there: declined). <paramref name="indent"/> is the column of the collection that holds it.
    /// </summary>
    private YamlScalar ReadBlockScalar(int indent)
    {
        var start = Here();
        var literal = _text[_pos] == '|';
        _pos++;
        var chomping = 0;
        var increment = 0;
        var c = Peek(_pos);
        if (c is '+' or '-')
        {
            chomping = c == '+' ? 1 : -1;
            _pos++;
            c = Peek(_pos);
            if (c is >= '1' and <= '9')
            {
                increment = c - '0';
                _pos++;
            }
        }
        else if (c is >= '1' and <= '9')
        {
            increment = c - '0';
            _pos++;
            c = Peek(_pos);
            if (c is '+' or '-')
            {
                chomping = c == '+' ? 1 : -1;
                _pos++;
            }
        }

        if (!Blank(_pos))
        {
            throw Decline(); // "|0", "|#", "|x": YamlDotNet's path reports it
        }

        EndOfLine();
        if (_pos < _length)
        {
            NewLine();
        }

        var end = Here();
        var blockIndent = increment != 0 ? (indent >= 0 ? indent + increment : increment) : 0;

        // Leading lines: empty or spaces only, then the first line of text, which sets the indentation if no indicator did.
        var leadingBreaks = 0;
        while (true)
        {
            var spaces = 0;
            while (_pos + spaces < _length && _text[_pos + spaces] == ' ')
            {
                spaces++;
            }

            var after = _pos + spaces;
            if (after < _length && _text[after] is '\n' or '\r')
            {
                if (spaces > 0 && (increment != 0 || !EmptiedByYamlDotNetsPath(after)))
                {
                    throw Decline(); // left as written for YamlDotNet, whose own rules then apply
                }

                _pos = after;
                NewLine();
                leadingBreaks++;
                end = Here();
                continue;
            }

            if (blockIndent == 0)
            {
                blockIndent = Math.Max(spaces, Math.Max(indent + 1, 1));
            }

            // Eat the indentation (up to the block's).
            _pos += Math.Min(spaces, blockIndent);
            break;
        }

        var value = _builder.Clear();
        var trailingBreaks = leadingBreaks;
        var leadingBreak = false;
        var leadingBlank = false;
        while (_pos - _lineStart == blockIndent && _pos < _length)
        {
            var trailingBlank = _text[_pos] is ' ' or '\t';
            if (!literal && leadingBreak && !leadingBlank && !trailingBlank)
            {
                if (trailingBreaks == 0)
                {
                    value.Append(' ');
                }
            }
            else if (leadingBreak)
            {
                value.Append('\n');
            }

            leadingBreak = false;
            value.Append('\n', trailingBreaks);
            trailingBreaks = 0;
            leadingBlank = trailingBlank;

            var from = _pos;
            while (_pos < _length && _text[_pos] is not ('\n' or '\r'))
            {
                var ch = _text[_pos];
                if ((ch < ' ' && ch != '\t') || Odd(ch))
                {
                    throw Decline();
                }

                _pos++;
            }

            value.Append(_text, from, _pos - from);
            if (_pos < _length)
            {
                NewLine();
                leadingBreak = true;
            }

            // The following indentation and empty lines.
            end = Here();
            while (true)
            {
                var spaces = 0;
                while (spaces < blockIndent && _pos + spaces < _length && _text[_pos + spaces] == ' ')
                {
                    spaces++;
                }

                var after = _pos + spaces;
                if (after < _length && _text[after] is '\n' or '\r')
                {
                    _pos = after;
                    NewLine();
                    trailingBreaks++;
                    end = Here();
                    continue;
                }

                if (spaces < blockIndent && after < _length && _text[after] == '\t')
                {
                    throw Decline();
                }

                _pos = after;
                break;
            }
        }

        if (chomping != -1 && leadingBreak)
        {
            value.Append('\n');
        }

        if (chomping == 1)
        {
            value.Append('\n', trailingBreaks);
        }

        // The block ends at the start of the line that is not its own.
        _pos = end.Index;
        _line = end.Line;
        _lineStart = end.Index - (end.Column - 1);
        Count();
        return new YamlScalar(start, end, value.ToString(), literal ? ScalarStyle.Literal : ScalarStyle.Folded);
    }

    /// <summary>
    /// Whether YamlDotNet's path empties the spaces-only line whose spaces end at <paramref name="spacesEnd"/>
    /// (<see cref="BlockScalarLeadingLines"/> finds block scalar headers by their look, and misses some): only then
    /// is it a line break there, as here.
    /// </summary>
    private bool EmptiedByYamlDotNetsPath(int spacesEnd)
    {
        _emptied ??= BlockScalarLeadingLines.Empty(_text).Positions;
        return _emptied.Emptied(spacesEnd);
    }

    // ---- flow context ----

    /// <summary>A flow collection in block context (or the root): the rest of its last line holds nothing else.</summary>
    private YamlNode ReadFlowInBlock(int indent)
    {
        var node = ReadFlow(indent);
        EndOfLine();
        return node;
    }

    private YamlNode ReadFlow(int indent)
    {
        Enter();
        // YamlDotNet's event for '[' or '{' ends where it starts.
        var start = Here();
        var open = _text[_pos];
        _pos++;
        var after = start;
        YamlNode result;
        if (open == '[')
        {
            var sequence = new YamlSequence(start, after);
            SkipFlowSpace(indent);
            var more = !Closes(']');
            while (more)
            {
                sequence.Items.Add(ReadFlowNode(indent));
                more = AfterFlowEntry(indent, ']');
            }

            result = sequence;
        }
        else
        {
            var mapping = new YamlMapping(start, after);
            SkipFlowSpace(indent);
            var more = !Closes('}');
            while (more)
            {
                var keyLine = _line;
                var keyStart = _pos;
                var c = _text[_pos];
                var key = c is '"' or '\'' ? ReadQuoted(c == '\'', indent) : ReadFlowPlain();
                SkipSpaces();
                if (!At(':') || _line != keyLine || _pos - keyStart > MaxKeyChars)
                {
                    throw Decline();
                }

                _pos++;
                SkipFlowSpace(indent);
                if (At(',') || At('}'))
                {
                    throw Decline(); // an empty value
                }

                if (!mapping.TryAdd(key, ReadFlowNode(indent)))
                {
                    throw Decline();
                }

                more = AfterFlowEntry(indent, '}');
            }

            result = mapping;
        }

        _afterQuotedOrFlow = true;
        _depth--;
        return result;
    }

    /// <summary>Moves past the closing bracket if it is next.</summary>
    private bool Closes(char close)
    {
        if (!At(close))
        {
            return false;
        }

        _pos++;
        return true;
    }

    /// <summary>After a flow entry: true at a ',' with another entry after it, false past the closing bracket.</summary>
    private bool AfterFlowEntry(int indent, char close)
    {
        SkipFlowSpace(indent);
        if (At(','))
        {
            _pos++;
            SkipFlowSpace(indent);
            return !Closes(close);
        }

        return Closes(close) ? false : throw Decline();
    }

    private YamlNode ReadFlowNode(int indent)
    {
        if (_pos >= _length)
        {
            throw Decline();
        }

        // "[a: b]" (a mapping in a sequence) is declined by the caller, which finds no ',' or ']' after "a".
        var c = _text[_pos];
        return c switch
        {
            '[' or '{' => ReadFlow(indent),
            '"' or '\'' => ReadQuoted(c == '\'', indent),
            _ => ReadFlowPlain(),
        };
    }

    /// <summary>A plain scalar on one line of a flow collection (a JSON number, true, false, null, or words).</summary>
    private YamlScalar ReadFlowPlain()
    {
        PlainStarts();
        var start = Here();
        var c = _text[_pos];
        if (c is '?' or ':' || !PlainStart(c, _pos) || (c == '-' && Peek(_pos + 1) is ',' or '[' or ']' or '{' or '}'))
        {
            throw Decline();
        }

        var i = _pos;
        var last = _pos;
        while (i < _length)
        {
            c = _text[i];
            if (c == ' ')
            {
                i++;
                continue;
            }

            if (c is '\n' or '\r' or ',' or ']' or '}'
                || (c == ':' && (i + 1 >= _length || _text[i + 1] is ' ' or '\n' or '\r' or ','))
                || (c == '#' && _text[i - 1] == ' '))
            {
                break;
            }

            if (c is ':' or '#' or '[' or '{' or '?' or '\t' || c < ' ' || Odd(c))
            {
                throw Decline();
            }

            i++;
            last = i;
        }

        if (i >= _length || _text[i] is '\n' or '\r')
        {
            // Words on the next line would continue it: left to YamlDotNet.
            var p = i;
            while (p < _length && _text[p] is ' ' or '\n' or '\r')
            {
                p++;
            }

            if (p < _length && _text[p] is not (',' or ']' or '}' or '#'))
            {
                throw Decline();
            }
        }

        var value = _text.Substring(_pos, last - _pos);
        _pos = last;
        Count();
        return new YamlScalar(start, Here(), value, ScalarStyle.Plain);
    }

    /// <summary>Spaces, line breaks and comments between flow tokens; a line indented no more than the block is declined.</summary>
    private void SkipFlowSpace(int indent)
    {
        var line = _line;
        var column = SkipToContent();
        if (column < 0 || (_line != line && (column <= indent || (column == 0 && IsMarker(_pos)))))
        {
            throw Decline(); // the text ends inside a flow collection, or a line of it is not indented past the block
        }
    }

    // ---- positions and small steps ----

    private YamlPosition Here() => new(_pos, _line, _pos - _lineStart + 1);

    private char Peek(int at) => at < _length ? _text[at] : '\0';

    private bool At(char c) => _pos < _length && _text[_pos] == c;

    /// <summary>A space, a line break or the end of the text at <paramref name="at"/>; a tab is declined.</summary>
    private bool Blank(int at)
    {
        if (at >= _length)
        {
            return true;
        }

        var c = _text[at];
        if (c == '\t')
        {
            throw Decline();
        }

        return c is ' ' or '\n' or '\r';
    }

    /// <summary>Characters YamlDotNet reads as line breaks or may refuse (NEL, LS, PS, BOM, C1 controls): left to it.</summary>
    private static bool Odd(char c) =>
        c >= '\u007F' && (c <= '\u009F' || c == '\u2028' || c == '\u2029' || c == '\uFEFF' || c >= '\uFFFE');

    private bool IsMarker(int at) =>
        at + 2 < _length
        && ((_text[at] == '-' && _text[at + 1] == '-' && _text[at + 2] == '-')
            || (_text[at] == '.' && _text[at + 1] == '.' && _text[at + 2] == '.'))
        && (at + 3 >= _length || _text[at + 3] is ' ' or '\t' or '\n' or '\r');

    private bool DocumentMarker(char c) => _pos == _lineStart && _pos < _length && _text[_pos] == c && IsMarker(_pos);

    private void SkipSpaces()
    {
        while (_pos < _length && _text[_pos] == ' ')
        {
            _pos++;
        }

        if (_pos < _length && _text[_pos] == '\t')
        {
            throw Decline();
        }
    }

    /// <summary>At a line's end or a comment (after <see cref="SkipSpaces"/>).</summary>
    private bool LineEndOrComment()
    {
        if (_pos >= _length)
        {
            return true;
        }

        var c = _text[_pos];
        return c is '\n' or '\r' || (c == '#' && _pos > 0 && _text[_pos - 1] == ' ');
    }

    /// <summary>Nothing but spaces and a comment may follow on this line.</summary>
    private void EndOfLine()
    {
        SkipSpaces();
        if (_pos >= _length)
        {
            return;
        }

        var c = _text[_pos];
        if (c == '#' && _pos > 0 && _text[_pos - 1] is ' ' or '\'')
        {
            SkipComment(); // YamlDotNet takes a '#' right after a single-quoted scalar for a comment
        }
        else if (c is not ('\n' or '\r'))
        {
            throw Decline();
        }
    }

    private void SkipComment()
    {
        while (_pos < _length && _text[_pos] is not ('\n' or '\r'))
        {
            if (Odd(_text[_pos]))
            {
                throw Decline();
            }

            _pos++;
        }
    }

    /// <summary>
    /// Moves past spaces, comments and line breaks to the next content character; its column (from 0), or -1 at the
    /// end of the text. A tab before it is declined.
    /// </summary>
    private int SkipToContent()
    {
        while (_pos < _length)
        {
            var c = _text[_pos];
            if (c == ' ')
            {
                _pos++;
            }
            else if (c is '\n' or '\r')
            {
                NewLine();
            }
            else if (c == '#' && (_pos == _lineStart || _text[_pos - 1] == ' '))
            {
                SkipComment();
            }
            else if (c == '\t' || Odd(c) || (c < ' '))
            {
                throw Decline();
            }
            else
            {
                return _pos - _lineStart;
            }
        }

        return -1;
    }

    /// <summary>Moves past the line break at <see cref="_pos"/> (LF or CRLF; a lone CR is declined).</summary>
    private void NewLine()
    {
        var next = LineBreak(_pos);
        if (next < 0)
        {
            throw Decline();
        }

        _pos = next;
        _line++;
        _lineStart = next;
    }

    /// <summary>Where the line after the break at <paramref name="at"/> starts; -1 for a lone CR.</summary>
    private int LineBreak(int at)
    {
        if (_text[at] == '\n')
        {
            return at + 1;
        }

        return at + 1 < _length && _text[at + 1] == '\n' ? at + 2 : -1;
    }

    /// <summary>Where the next line starts after text ending at <paramref name="end"/> (spaces, then a break); -1 at the end.</summary>
    private int LineBreakAfter(int end)
    {
        while (end < _length && _text[end] is ' ' or '\t')
        {
            end++;
        }

        if (end >= _length)
        {
            return -1;
        }

        if (_text[end] is not ('\n' or '\r'))
        {
            return -1;
        }

        var next = LineBreak(end);
        if (next < 0)
        {
            throw Decline();
        }

        return next;
    }

    private YamlScalar Empty(YamlPosition at)
    {
        Count();
        return new YamlScalar(at, at, "", ScalarStyle.Plain);
    }

    private void Enter()
    {
        if (++_depth > LimitedParser.MaxDepth)
        {
            throw Decline();
        }

        _events += 2; // the collection's start and end events
    }

    private void Count()
    {
        if (++_events > LimitedParser.MaxEvents)
        {
            throw Decline();
        }

        if (--_untilCancellationCheck == 0)
        {
            _untilCancellationCheck = CancellationStride;
            _cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private static DeclinedException Decline() => new();

    /// <summary>The text is left to YamlDotNet; never leaves the reader.</summary>
    private sealed class DeclinedException : Exception
    {
    }
}
