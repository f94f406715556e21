using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace StageGen.Generator.Spec;

/// <summary>
/// Translates a spec <c>pattern</c>, an ECMA-262 regular expression (without flags, over UTF-16 code units, as
/// JavaScript's <c>new RegExp(pattern)</c> reads it), into a .NET pattern with the same meaning, once, at generation time.
/// .NET's syntax is close but several constructs mean something else there, so they are spelled out:
/// <list type="bullet">
/// <item><c>\d</c> is <c>[0-9]</c> and <c>\w</c> is <c>[A-Za-z0-9_]</c> (.NET's are Unicode: <c>٣</c>, <c>漢</c>, <c>é</c>);</item>
/// <item><c>\s</c> is ECMA's white space and line terminators (.NET's set differs: U+FEFF, U+0085, U+180E);</item>
/// <item><c>.</c> excludes LF, CR, U+2028 and U+2029 (.NET's only LF); <c>[^]</c> is any character, <c>[]</c> none;</item>
/// <item><c>$</c> is the end of the input only (.NET's also matches before a final LF): <c>\z</c>;</item>
/// <item><c>\b</c>/<c>\B</c> are word boundaries over ECMA's <c>\w</c>: lookarounds, so such patterns run on the
/// backtracking engine (with the runtime's match timeout) rather than the non-backtracking one;</item>
/// <item>backreferences count groups in order, named ones too, and match the empty string while their group is unset,
/// always so when read before their group closes (ahead of it or inside it);</item>
/// <item>lazy quantifiers are greedy ones (whether a value matches does not depend on it), which keeps .NET's
/// interpreter out of a bug of its own (see <c>Laziness</c>);</item>
/// <item>inside a class <c>[</c> is a literal (.NET reads <c>-[</c> as a subtraction), and a letter escape ECMA does not
/// know (<c>\a</c>, <c>\z</c>, <c>\A</c>) is that letter.</item>
/// </list>
/// Two escapes take the meaning of ECMA-262's <c>u</c> mode, the only one anyone writes them for: <c>\u{1F600}</c> is a
/// code point and <c>\p{L}</c> a Unicode category. Syntax ECMA-262 does not have (inline options <c>(?i)</c>, atomic
/// groups, comments, conditionals) is an error, as it is for every other JSON Schema validator.
/// </summary>
internal static class EcmaPattern
{
    /// <summary>ECMA-262's <c>\s</c>: WhiteSpace (TAB, VT, FF, U+FEFF and category Zs) and LineTerminator.</summary>
    public const string WhiteSpace = "\t\n\v\f\r \u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000\uFEFF";

    /// <summary>ECMA-262's <c>\d</c>.</summary>
    public const string Digits = "0123456789";

    /// <summary>ECMA-262's <c>\w</c> (without the <c>i</c> and <c>u</c> flags).</summary>
    public const string WordCharacters = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

    /// <summary>The characters <c>.</c> does not match.</summary>
    public const string LineTerminators = "\n\r\u2028\u2029";

    private const string Word = "[0-9A-Z_a-z]";

    /// <summary>
    /// The characters of the class escape <c>\d</c>, <c>\w</c> or <c>\s</c> (<paramref name="letter"/> lower case), or
    /// null for any other letter.
    /// </summary>
    public static string? ClassEscape(char letter) => letter switch
    {
        'd' => Digits,
        'w' => WordCharacters,
        's' => WhiteSpace,
        _ => null,
    };

    /// <summary>The .NET pattern with the meaning <paramref name="pattern"/> has in ECMA-262, or null and why not.</summary>
    public static string? Translate(string pattern, out string? error) =>
        Tokenize(pattern, out error) is { } tokens ? Translation(tokens) : null;

    /// <summary>The .NET pattern that <see cref="Tokenize"/>'s tokens spell together.</summary>
    public static string Translation(List<PatternToken> tokens) => string.Concat(tokens.Select(token => token.Net));

    /// <summary>
    /// The constructs of <paramref name="pattern"/> in order, each located and with its .NET spelling (together, the
    /// translation), or null and why not: the one reading of the pattern syntax the generator's pattern checks share.
    /// </summary>
    public static List<PatternToken>? Tokenize(string pattern, out string? error)
    {
        var translator = new Translator(pattern);
        var tokens = translator.Run();
        error = translator.Error;
        return error is null ? tokens : null;
    }

    private sealed class Translator(string pattern)
    {
        private readonly StringBuilder _out = new(pattern.Length + 16);
        private int _i;
        private int _groups;
        private bool _named;
        private bool _assertion;
        private bool _backreferences;
        private readonly Stack<char> _open = new(); // for each open group: 'b' a lookbehind, 'a' a lookahead, 'g' a group
        private readonly Stack<int> _openNumbers = new(); // for each open group: its number, 0 when it does not capture
        private readonly HashSet<int> _closed = new(); // the capturing groups closed so far
        private int _opened; // the capturing groups opened so far
        private readonly Dictionary<string, int> _names = new(System.StringComparer.Ordinal);
        private readonly List<PatternToken> _tokens = new();
        private PatternTokenKind _kind; // what the construct being read is
        private string? _literal;
        private (long Min, long Max) _bounds;
        private List<(char Low, char High)>? _ranges; // a set's characters, when it is made of characters alone
        private bool _negated;

        public string? Error { get; private set; }

        public List<PatternToken> Run()
        {
            CountGroups();
            while (_i < pattern.Length && Error is null)
            {
                var from = _i;
                var written = _out.Length;
                Read();
                if (Error is null)
                {
                    var token = new PatternToken(_kind, from, _i, _out.ToString(written, _out.Length - written));
                    _tokens.Add(_kind switch
                    {
                        PatternTokenKind.Literal => token with { Text = _literal },
                        PatternTokenKind.Quantifier => token with { Min = _bounds.Min, Max = _bounds.Max },
                        PatternTokenKind.Set => token with { Ranges = _ranges, Negated = _negated },
                        _ => token,
                    });
                }
            }

            return _tokens;
        }

        /// <summary>One construct: appends its .NET spelling and sets <see cref="_kind"/> (and its details).</summary>
        private void Read()
        {
            // An assertion (^, $, \b, \B, a lookbehind) cannot be repeated in ECMA-262; .NET would accept it.
            var afterAssertion = _assertion;
            _assertion = false;
            var at = _i;
            var c = pattern[_i++];
            if (afterAssertion && (c is '*' or '+' or '?' || (c == '{' && Quantifier() is not null)))
            {
                Error = $"the quantifier at {at} has nothing to repeat";
                return;
            }

            switch (c)
            {
                case '\\':
                    Escape();
                    break;
                case '[':
                    _kind = PatternTokenKind.Set;
                    Class();
                    break;
                case '.':
                    (_kind, _ranges, _negated) = (PatternTokenKind.Set, Ranges(LineTerminators), true);
                    _out.Append("[^\\n\\r\\u2028\\u2029]");
                    break;
                case '$':
                    _kind = PatternTokenKind.Assertion;
                    _out.Append("\\z");
                    _assertion = true;
                    break;
                case '^':
                    _kind = PatternTokenKind.Assertion;
                    _out.Append('^');
                    _assertion = true;
                    break;
                case ')':
                    _kind = PatternTokenKind.GroupClose;
                    _out.Append(')');
                    _assertion = _open.Count > 0 && _open.Pop() == 'b';
                    if (_openNumbers.Count > 0)
                    {
                        _closed.Add(_openNumbers.Pop());
                    }

                    break;
                case '(':
                    _kind = PatternTokenKind.GroupOpen;
                    Group();
                    break;
                case '{':
                    // A brace that does not start a quantifier is a literal (Annex B), as it is in .NET.
                    if (Quantifier() is { } bounds)
                    {
                        _kind = PatternTokenKind.Quantifier;
                        _out.Append(bounds);
                        Laziness();
                    }
                    else
                    {
                        (_kind, _literal) = (PatternTokenKind.Literal, "{");
                        _out.Append("\\{");
                    }

                    break;
                case '}':
                case ']':
                    (_kind, _literal) = (PatternTokenKind.Literal, c.ToString());
                    _out.Append('\\').Append(c);
                    break;
                case '|':
                    _kind = PatternTokenKind.Alternation;
                    _out.Append(c);
                    break;
                case '*' or '+' or '?':
                    // They mean the same in both.
                    _kind = PatternTokenKind.Quantifier;
                    _bounds = c == '*' ? (0, long.MaxValue) : c == '+' ? (1, long.MaxValue) : (0, 1);
                    _out.Append(c);
                    Laziness();
                    break;
                default:
                    // Every other character is itself.
                    Literal(c);
                    break;
            }
        }

        /// <summary>
        /// The <c>?</c> that makes a quantifier lazy is dropped: whether a pattern matches does not depend on the order
        /// in which a loop tries its counts, and .NET's interpreter (the engine for lookarounds and backreferences, also
        /// under native AOT) can loop until its timeout on a lazy loop over something that matches empty:
        /// <c>(?:(?:b?)*?){1,3}$</c> on "ZZ" (dotnet/runtime#120872, fixed after .NET 10). It stays inside a lookaround
        /// of a pattern with backreferences: a lookaround keeps its first match, and the captures of that match count.
        /// </summary>
        private void Laziness()
        {
            if (At("?"))
            {
                _i++;
                if (_backreferences && (_open.Contains('a') || _open.Contains('b')))
                {
                    _out.Append('?');
                }
            }
        }

        /// <summary>
        /// ECMA-262 numbers capturing groups left to right, named or not; .NET numbers the named ones last. Also finds
        /// whether the pattern has a backreference (<c>\N</c> with N no more than the groups, or <c>\k</c>).
        /// </summary>
        private void CountGroups()
        {
            var inClass = false;
            var lowestReference = int.MaxValue;
            for (var k = 0; k < pattern.Length; k++)
            {
                var c = pattern[k];
                if (c == '\\')
                {
                    k++;
                    if (!inClass && k < pattern.Length && pattern[k] is >= '1' and <= '9')
                    {
                        var end = k;
                        while (end < pattern.Length && pattern[end] is >= '0' and <= '9')
                        {
                            end++;
                        }

                        if (int.TryParse(pattern.Substring(k, end - k), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                        {
                            lowestReference = System.Math.Min(lowestReference, number);
                        }
                    }
                    else if (!inClass && k < pattern.Length && pattern[k] == 'k')
                    {
                        _backreferences = true;
                    }
                }
                else if (inClass)
                {
                    inClass = c != ']';
                }
                else if (c == '[')
                {
                    inClass = true;
                }
                else if (c == '(')
                {
                    if (k + 1 >= pattern.Length || pattern[k + 1] != '?')
                    {
                        _groups++;
                    }
                    else if (k + 2 < pattern.Length && pattern[k + 2] == '<' && k + 3 < pattern.Length && pattern[k + 3] is not ('=' or '!'))
                    {
                        _groups++;
                        var close = pattern.IndexOf('>', k + 3);
                        if (close > 0)
                        {
                            _named = true;
                            var name = pattern.Substring(k + 3, close - k - 3);
                            if (_names.ContainsKey(name))
                            {
                                Error = $"the group name '{name}' is defined twice";
                            }

                            _names[name] = _groups;
                        }
                    }
                }
            }

            _backreferences = (_backreferences && _named) || lowestReference <= _groups;
        }

        /// <summary>After <c>(</c>: a capturing group, <c>(?:</c>, a lookaround, or a named group (numbered by position).</summary>
        private void Group()
        {
            _open.Push(At("?<=") || At("?<!") ? 'b' : At("?=") || At("?!") ? 'a' : 'g');
            var capturing = !At("?") || (At("?<") && !At("?<=") && !At("?<!"));
            _openNumbers.Push(capturing ? ++_opened : 0);
            if (!At("?"))
            {
                _out.Append('(');
                return;
            }

            foreach (var kind in new[] { "?:", "?=", "?!", "?<=", "?<!" })
            {
                if (At(kind))
                {
                    _out.Append('(').Append(kind);
                    _i += kind.Length;
                    return;
                }
            }

            if (At("?<") && pattern.IndexOf('>', _i) is var close and > 0 && IsGroupName(pattern.Substring(_i + 2, close - _i - 2)))
            {
                // Named groups become plain ones, so that .NET numbers every group as ECMA-262 does.
                _out.Append('(');
                _i = close + 1;
                return;
            }

            Error = $"'(?' at {_i} starts a group ECMA-262 does not have (only (?:, (?=, (?!, (?<=, (?<! and (?<name>)";
        }

        private static bool IsGroupName(string name)
        {
            if (name.Length == 0 || char.IsDigit(name[0]))
            {
                return false;
            }

            foreach (var c in name)
            {
                if (!(char.IsLetterOrDigit(c) || c is '_' or '$'))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>After <c>{</c>: <c>{n}</c>, <c>{n,}</c> or <c>{n,m}</c> as .NET writes it, or null (a literal brace).</summary>
        private string? Quantifier()
        {
            var close = pattern.IndexOf('}', _i);
            if (close < 0)
            {
                return null;
            }

            var inside = pattern.Substring(_i, close - _i);
            var comma = inside.IndexOf(',');
            var min = comma < 0 ? inside : inside.Substring(0, comma);
            var max = comma < 0 ? "" : inside.Substring(comma + 1);
            if (!AllDigits(min) || min.Length == 0 || (max.Length > 0 && !AllDigits(max)))
            {
                return null;
            }

            _i = close + 1;
            _bounds = (Count(min), max.Length > 0 ? Count(max) : comma < 0 ? Count(min) : long.MaxValue);
            return "{" + inside + "}";
        }

        private static long Count(string digits) =>
            long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : long.MaxValue;

        private static bool AllDigits(string text)
        {
            foreach (var c in text)
            {
                if (c is < '0' or > '9')
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>After <c>\</c> outside a class.</summary>
        private void Escape()
        {
            if (_i >= pattern.Length)
            {
                Error = "the pattern ends with a lone '\\'";
                return;
            }

            var c = pattern[_i++];
            _kind = c is 'b' or 'B' ? PatternTokenKind.Assertion : c is 'd' or 'w' or 's' or 'D' or 'W' or 'S' or 'p' or 'P' ? PatternTokenKind.Set : PatternTokenKind.Literal;
            (_ranges, _negated) = (ClassEscape(char.ToLowerInvariant(c)) is { } chars ? Ranges(chars) : null, char.IsUpper(c));
            switch (c)
            {
                case 'd':
                case 'w':
                case 's':
                    _out.Append('[').Append(ClassBody(ClassEscape(c)!)).Append(']');
                    return;
                case 'D':
                case 'W':
                case 'S':
                    _out.Append("[^").Append(ClassBody(ClassEscape(char.ToLowerInvariant(c))!)).Append(']');
                    return;
                case 'b':
                    // A boundary between ECMA-262 word characters; .NET's \b uses its Unicode \w.
                    _out.Append("(?:(?<=" + Word + ")(?!" + Word + ")|(?<!" + Word + ")(?=" + Word + "))");
                    _assertion = true;
                    return;
                case 'B':
                    _out.Append("(?:(?<=" + Word + ")(?=" + Word + ")|(?<!" + Word + ")(?!" + Word + "))");
                    _assertion = true;
                    return;
                case 'k' when _named:
                    NamedBackreference();
                    return;
                case 'p' or 'P' when At("{"):
                    Category(c);
                    return;
                case >= '1' and <= '9':
                    if (Backreference())
                    {
                        return;
                    }

                    break;
            }

            if (CharacterEscape(c) is { } value)
            {
                Literal(value);
            }
        }

        /// <summary><c>\k&lt;name&gt;</c> by number: the groups lost their names.</summary>
        private void NamedBackreference()
        {
            var close = At("<") ? pattern.IndexOf('>', _i) : -1;
            if (close < 0 || !_names.TryGetValue(pattern.Substring(_i + 1, close - _i - 1), out var number))
            {
                Error = $"'\\k' at {_i - 2} does not name a group of the pattern";
                return;
            }

            _i = close + 1;
            AppendBackreference(number);
        }

        /// <summary><c>\N</c>: a backreference when the pattern has N groups, else (Annex B) an octal escape or a digit.</summary>
        private bool Backreference()
        {
            var start = _i - 1;
            var end = start;
            while (end < pattern.Length && pattern[end] is >= '0' and <= '9')
            {
                end++;
            }

            if (int.TryParse(pattern.Substring(start, end - start), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number <= _groups)
            {
                _i = end;
                AppendBackreference(number);
                return true;
            }

            return false;
        }

        // ECMA-262: a backreference to a group that has not matched matches the empty string; .NET's fails.
        private void AppendBackreference(int number)
        {
            _kind = PatternTokenKind.Backreference;
            if (!_closed.Contains(number) && !_open.Contains('b'))
            {
                // Read before its group closes (ahead of it, or inside it): in ECMA-262 the group is then always unset,
                // even in a later round of a loop around both, which resets its captures; in .NET it would hold the
                // round before's. Inside a lookbehind, read right to left, both agree.
                _out.Append("(?:)");
                return;
            }

            _out.Append("(?(").Append(number.ToString(CultureInfo.InvariantCulture)).Append(")\\").Append(number.ToString(CultureInfo.InvariantCulture)).Append("|)");
        }

        /// <summary><c>\p{...}</c> or <c>\P{...}</c>: a Unicode category, passed on for .NET to check the name.</summary>
        private void Category(char letter)
        {
            var close = pattern.IndexOf('}', _i);
            if (close < 0)
            {
                Error = $"'\\{letter}{{' at {_i - 2} has no closing '}}'";
                return;
            }

            _out.Append('\\').Append(letter).Append(pattern, _i, close - _i + 1);
            _i = close + 1;
        }

        /// <summary>
        /// The character a character escape stands for, after its backslash and <paramref name="c"/> (read already):
        /// control escapes, <c>\cX</c>, <c>\xHH</c>, <c>\uHHHH</c>, <c>\u{H...}</c>, <c>\0</c> and legacy octal, else
        /// <paramref name="c"/> itself. An astral <c>\u{...}</c> yields its two surrogates. Null on error.
        /// </summary>
        private string? CharacterEscape(char c)
        {
            switch (c)
            {
                case 't': return "\t";
                case 'n': return "\n";
                case 'v': return "\v";
                case 'f': return "\f";
                case 'r': return "\r";
                case 'c':
                    if (_i < pattern.Length && pattern[_i] is >= 'a' and <= 'z' or >= 'A' and <= 'Z')
                    {
                        return ((char)(pattern[_i++] % 32)).ToString();
                    }

                    _i--; // Annex B: a backslash, then 'c' read again as itself
                    return "\\";
                case 'x':
                    return Hex(2) is { } x ? ((char)x).ToString() : "x";
                case 'u':
                    if (At("{"))
                    {
                        var close = pattern.IndexOf('}', _i);
                        if (close > _i + 1 && close - _i - 1 <= 6
                            && int.TryParse(pattern.Substring(_i + 1, close - _i - 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var point)
                            && point <= 0x10FFFF)
                        {
                            _i = close + 1;
                            return point <= 0xFFFF ? ((char)point).ToString() : char.ConvertFromUtf32(point is >= 0xD800 and <= 0xDFFF ? 0xFFFD : point);
                        }

                        Error = $"'\\u{{' at {_i - 2} is not a code point escape \\u{{0}} to \\u{{10FFFF}}";
                        return null;
                    }

                    return Hex(4) is { } u ? ((char)u).ToString() : "u";
                case '0' when !(_i < pattern.Length && pattern[_i] is >= '0' and <= '9'):
                    return "\0";
                case >= '0' and <= '7':
                {
                    // Annex B legacy octal: up to three digits, at most \377.
                    var value = c - '0';
                    for (var k = 0; k < 2 && _i < pattern.Length && pattern[_i] is >= '0' and <= '7' && value * 8 + (pattern[_i] - '0') <= 255; k++)
                    {
                        value = value * 8 + (pattern[_i++] - '0');
                    }

                    return ((char)value).ToString();
                }

                default:
                    return c.ToString();
            }
        }

        private int? Hex(int digits)
        {
            if (_i + digits > pattern.Length
                || !int.TryParse(pattern.Substring(_i, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
            {
                return null;
            }

            _i += digits;
            return value;
        }

        /// <summary>After <c>[</c>: a class, each member written out so that .NET reads no range or subtraction ECMA does not.</summary>
        private void Class()
        {
            var negated = At("^");
            if (negated)
            {
                _i++;
            }

            var members = new StringBuilder();
            (_ranges, _negated) = (new List<(char Low, char High)>(), negated);
            var empty = true;
            while (true)
            {
                if (_i >= pattern.Length)
                {
                    Error = "a character class '[' is not closed";
                    return;
                }

                if (pattern[_i] == ']')
                {
                    _i++;
                    break;
                }

                empty = false;
                var low = ClassAtom(members);
                if (Error is not null)
                {
                    return;
                }

                if (_i + 1 < pattern.Length && pattern[_i] == '-' && pattern[_i + 1] != ']')
                {
                    _i++;
                    var high = ClassAtom(members);
                    if (Error is not null)
                    {
                        return;
                    }

                    if (low is { } from && high is { } to)
                    {
                        if (to < from)
                        {
                            Error = $"the class range ending at {_i - 1} is out of order";
                            return;
                        }

                        // Both ends were appended already; join them into a range.
                        members.Length -= ClassChar(to).Length;
                        members.Append('-').Append(ClassChar(to));
                        if (_ranges is { } list)
                        {
                            list.RemoveRange(list.Count - 2, 2);
                            list.Add((from, to));
                        }
                    }
                    else
                    {
                        // Annex B: a class escape at either end makes the '-' a literal.
                        members.Append("\\-");
                        _ranges?.Add(('-', '-'));
                    }
                }
            }

            // [] matches nothing and [^] anything; .NET has no empty class.
            _out.Append(empty ? (negated ? "[\\s\\S]" : "[^\\s\\S]") : (negated ? "[^" : "[") + members + "]");
        }

        /// <summary>One class member, appended to <paramref name="members"/>: its character, or null for a class escape.</summary>
        private char? ClassAtom(StringBuilder members)
        {
            var c = pattern[_i++];
            if (c != '\\')
            {
                return Member(members, c);
            }

            if (_i >= pattern.Length)
            {
                Error = "the pattern ends with a lone '\\'";
                return null;
            }

            var e = pattern[_i++];
            switch (e)
            {
                case 'd':
                case 'w':
                case 's':
                    members.Append(ClassBody(ClassEscape(e)!));
                    _ranges?.AddRange(Ranges(ClassEscape(e)!));
                    return null;
                case 'D':
                case 'W':
                case 'S':
                    members.Append(ComplementBody(ClassEscape(char.ToLowerInvariant(e))!));
                    _ranges?.AddRange(Complement(Ranges(ClassEscape(char.ToLowerInvariant(e))!)));
                    return null;
                case 'b':
                    return Member(members, '\b');
                case 'p' or 'P' when At("{"):
                {
                    var close = pattern.IndexOf('}', _i);
                    if (close < 0)
                    {
                        Error = $"'\\{e}{{' at {_i - 2} has no closing '}}'";
                        return null;
                    }

                    members.Append('\\').Append(e).Append(pattern, _i, close - _i + 1);
                    _i = close + 1;
                    _ranges = null; // a Unicode category: .NET knows its characters
                    return null;
                }

                case >= '1' and <= '9' when e >= '8':
                    members.Append(e);
                    _ranges?.Add((e, e));
                    return e;
            }

            if (CharacterEscape(e) is not { } value)
            {
                return null;
            }

            if (value.Length == 2)
            {
                Error = $"a character class cannot hold the code point beyond U+FFFF escaped before {_i}";
                return null;
            }

            return Member(members, value[0]);
        }

        private char Member(StringBuilder members, char c)
        {
            members.Append(ClassChar(c));
            _ranges?.Add((c, c));
            return c;
        }

        /// <summary>The characters of <paramref name="chars"/> (sorted) as ranges.</summary>
        private static List<(char Low, char High)> Ranges(string chars)
        {
            var ranges = new List<(char Low, char High)>();
            foreach (var c in chars)
            {
                if (ranges.Count > 0 && ranges[ranges.Count - 1].High + 1 == c)
                {
                    ranges[ranges.Count - 1] = (ranges[ranges.Count - 1].Low, c);
                }
                else
                {
                    ranges.Add((c, c));
                }
            }

            return ranges;
        }

        /// <summary>Every UTF-16 code unit outside <paramref name="ranges"/> (sorted, apart), as ranges.</summary>
        private static IEnumerable<(char Low, char High)> Complement(List<(char Low, char High)> ranges)
        {
            var next = 0;
            foreach (var (low, high) in ranges)
            {
                if (low > next)
                {
                    yield return ((char)next, (char)(low - 1));
                }

                next = high + 1;
            }

            if (next <= char.MaxValue)
            {
                yield return ((char)next, char.MaxValue);
            }
        }

        /// <summary>Ranges of the characters in <paramref name="chars"/> (sorted), as .NET class members.</summary>
        private static string ClassBody(string chars)
        {
            var body = new StringBuilder();
            for (var k = 0; k < chars.Length; k++)
            {
                var end = k;
                while (end + 1 < chars.Length && chars[end + 1] == chars[end] + 1)
                {
                    end++;
                }

                body.Append(ClassChar(chars[k]));
                if (end > k)
                {
                    body.Append(end > k + 1 ? "-" : "").Append(ClassChar(chars[end]));
                }

                k = end;
            }

            return body.ToString();
        }

        /// <summary>Every UTF-16 code unit not in <paramref name="chars"/> (sorted), as .NET class members.</summary>
        private static string ComplementBody(string chars)
        {
            var body = new StringBuilder();
            var next = 0;
            for (var k = 0; k <= chars.Length; k++)
            {
                var c = k < chars.Length ? chars[k] : 0x10000;
                if (c > next)
                {
                    body.Append(ClassChar((char)next));
                    if (c - 1 > next)
                    {
                        body.Append('-').Append(ClassChar((char)(c - 1)));
                    }
                }

                next = c + 1;
            }

            return body.ToString();
        }

        /// <summary>A character outside a class, escaped where .NET would read it as syntax.</summary>
        private void Literal(string value)
        {
            (_kind, _literal) = (PatternTokenKind.Literal, value);
            if (value.Length == 2)
            {
                // An astral code point: its surrogate pair, grouped so that a quantifier repeats both.
                _out.Append("(?:").Append(Char(value[0])).Append(Char(value[1])).Append(')');
                return;
            }

            _out.Append(Char(value[0]));
        }

        private void Literal(char c) => Literal(c.ToString());

        private static string Char(char c) =>
            c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_' or ' ' or '-' or '/' or ',' or ':' or ';' or '=' or '@' or '!' or '%' or '&' or '~' or '\'' or '"' or '<' or '>' or '`'
                ? c.ToString()
                : c is > ' ' and < '\u007F' ? "\\" + c
                : "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);

        private static string ClassChar(char c) => c == '-' ? "\\-" : Char(c);

        private bool At(string text) => string.CompareOrdinal(pattern, _i, text, 0, text.Length) == 0;
    }
}

/// <summary>What a <see cref="PatternToken"/> is.</summary>
internal enum PatternTokenKind
{
    /// <summary>A character (or the two of a code point beyond U+FFFF): <c>a</c>, <c>\.</c>, <c>\u0041</c>.</summary>
    Literal,

    /// <summary>One of a set of characters: a class <c>[...]</c>, <c>\d</c>, <c>\W</c>, <c>.</c>, <c>\p{L}</c>.</summary>
    Set,

    /// <summary><c>^</c>, <c>$</c>, <c>\b</c> or <c>\B</c>.</summary>
    Assertion,

    /// <summary><c>(</c>, <c>(?:</c>, a lookaround's or a named group's opening.</summary>
    GroupOpen,

    GroupClose,

    Alternation,

    /// <summary><c>*</c>, <c>+</c>, <c>?</c> or <c>{n,m}</c>, lazy or not.</summary>
    Quantifier,

    /// <summary><c>\1</c> or <c>\k&lt;name&gt;</c>.</summary>
    Backreference,
}

/// <summary>
/// One construct of a spec pattern: what it is, where it is (<see cref="Start"/> to <see cref="End"/> in the pattern),
/// and its .NET spelling, <see cref="Net"/>.
/// </summary>
internal sealed record PatternToken(PatternTokenKind Kind, int Start, int End, string Net)
{
    /// <summary>A literal's character (two for a code point beyond U+FFFF).</summary>
    public string? Text { get; init; }

    /// <summary>A quantifier's fewest repetitions.</summary>
    public long Min { get; init; }

    /// <summary>A quantifier's most repetitions; <see cref="long.MaxValue"/> when unbounded.</summary>
    public long Max { get; init; }

    /// <summary>A set's characters as ranges, when it is made of characters alone (null with a <c>\p{...}</c>).</summary>
    public IReadOnlyList<(char Low, char High)>? Ranges { get; init; }

    /// <summary>Whether the set is every character not in <see cref="Ranges"/>.</summary>
    public bool Negated { get; init; }
}
