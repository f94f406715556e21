using System;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using StageGen.Generator.Common;

namespace StageGen.Generator.Spec;

/// <summary>Pure checks on text from the spec: path templates, HTTP tokens, status codes, media types, characters code can carry.</summary>
internal static class SpecText
{
    /// <summary>
    /// Documentation text (descriptions, summaries, titles, defaults) made safe for a <c>///</c> comment: every line break
    /// becomes <c>\n</c> (C# also ends a line at CR, NEL, LS and PS, and one of those would turn the rest of the text into
    /// code), and a character XML cannot hold (C0 controls, unpaired surrogates, U+FFFE, U+FFFF) becomes U+FFFD, as it
    /// would otherwise break the documentation file (CS1570). Both found by fuzzing.
    /// </summary>
    public static string? Documentation(string? text)
    {
        if (text is null || string.IsNullOrWhiteSpace(text))
        {
            // Blank documentation is no documentation: the emitters then write their own text (a whitespace-only
            // description would otherwise drop a <param> tag, CS1573).
            return null;
        }

        if (FindUnsafe(text) < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                continue;
            }

            if (IsLineBreak(c))
            {
                builder.Append('\n');
            }
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else
            {
                builder.Append(IsXmlInvalid(c) ? '\uFFFD' : c);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// A path template in order: its literal text and its <c>{name}</c> parameters, each with where it starts in the
    /// template. The one place a template is parsed; reading, binding and emitting use the segments.
    /// </summary>
    public static EquatableArray<PathSegment> PathSegments(string template)
    {
        var segments = new System.Collections.Generic.List<PathSegment>();
        var last = 0;
        foreach (Match match in Regex.Matches(template, "\\{([^}/]*)\\}"))
        {
            if (match.Index > last)
            {
                segments.Add(new PathSegment(template.Substring(last, match.Index - last), false, last));
            }

            segments.Add(new PathSegment(match.Groups[1].Value, true, match.Index));
            last = match.Index + match.Length;
        }

        if (last < template.Length)
        {
            segments.Add(new PathSegment(template.Substring(last), false, last));
        }

        return segments.ToEquatableArray();
    }

    /// <summary>
    /// The path of a path key: AWS's and Box's documents put two path items on one path by giving the key a suffix
    /// (<c>/v2/tags/{resource-arn}#tagKeys</c>), since keys must be unique and a fragment never reaches the server.
    /// </summary>
    public static string PathWithoutKeySuffix(string key) => key.IndexOf('#') is var at and >= 0 ? key.Substring(0, at) : key;

    /// <summary>
    /// Why a path template (its query split off) cannot be sent as written, or null: the client appends it to the base
    /// address as it is, so a <c>.</c> or <c>..</c> segment (also percent-encoded) would be removed by URI normalization
    /// and reach another resource.
    /// </summary>
    public static string? PathTemplateProblem(string template)
    {
        foreach (var segment in template.Split('/'))
        {
            if (Regex.Replace(segment, "%2[eE]", ".") is "." or "..")
            {
                return $"has the dot segment '{segment}', which URI normalization removes";
            }
        }

        return null;
    }

    /// <summary>
    /// The <c>name=value</c> pairs of a path key's query (<c>method=flickr.photos.search&amp;format=json</c>), unescaped
    /// (RFC 3986: <c>+</c> stays a plus); a pair without <c>=</c> has an empty value, and empty pairs are skipped.
    /// </summary>
    public static System.Collections.Generic.List<QueryPairSpec> QueryPairs(string query) =>
        query.Split('&')
            .Where(pair => pair.Length > 0)
            .Select(pair => pair.IndexOf('=') is var at and >= 0
                ? new QueryPairSpec(Uri.UnescapeDataString(pair.Substring(0, at)), Uri.UnescapeDataString(pair.Substring(at + 1)))
                : new QueryPairSpec(Uri.UnescapeDataString(pair), ""))
            .ToList();

    /// <summary>
    /// Why a server URL template cannot be read, or null: a brace that opens or closes no <c>{variable}</c>, or a
    /// variable without a name.
    /// </summary>
    public static string? ServerUrlProblem(EquatableArray<PathSegment> segments)
    {
        foreach (var segment in segments)
        {
            if (segment.IsParameter && segment.Text.Length == 0)
            {
                return "has '{}', a variable without a name";
            }

            if (!segment.IsParameter && segment.Text.IndexOfAny(new[] { '{', '}' }) >= 0)
            {
                return "has a brace that does not enclose a variable name";
            }
        }

        return null;
    }

    /// <summary>An HTTP token (RFC 9110 5.6.2): what a field name must be; anything else is never sent.</summary>
    public static bool IsToken(string name) =>
        name.Length > 0 && name.All(c => c < 128 && (char.IsLetterOrDigit(c) || "!#$%&'*+-.^_`|~".IndexOf(c) >= 0));

    /// <summary>A response key: <c>default</c>, a status code 100 to 599, or a range <c>1XX</c> to <c>5XX</c> (ASCII digits only).</summary>
    public static bool IsStatusCode(string code) =>
        code == "default"
        || (code.Length == 3 && code[0] is >= '1' and <= '5'
            && ((code[1] is >= '0' and <= '9' && code[2] is >= '0' and <= '9') || (code[1] == 'X' && code[2] == 'X')));

    /// <summary>
    /// How a body of <paramref name="mediaType"/> is carried: JSON is typed; text (<c>text/*</c>, XML, YAML) is a
    /// string; a form is its schema's members, and so is <c>multipart/form-data</c> (other multipart types are not supported); anything else (<c>application/octet-stream</c>, <c>image/png</c>, <c>*/*</c>)
    /// is bytes, a stream.
    /// </summary>
    public static BodyMedia MediaOf(string mediaType)
    {
        var type = mediaType.Split(';')[0].Trim().ToLowerInvariant();
        return IsJsonMediaType(type) ? BodyMedia.Json
            : type.StartsWith("text/", StringComparison.Ordinal) || type is "application/xml" or "application/yaml" or "application/x-yaml"
                || type.EndsWith("+xml", StringComparison.Ordinal) || type.EndsWith("+yaml", StringComparison.Ordinal) ? BodyMedia.Text
            : type is "application/x-www-form-urlencoded" ? BodyMedia.Form
            : type is "multipart/form-data" ? BodyMedia.Multipart
            : type.StartsWith("multipart/", StringComparison.Ordinal) || !type.Contains("/") ? BodyMedia.Unsupported
            : BodyMedia.Binary;
    }

    public static bool IsJsonMediaType(string mediaType)
    {
        var type = mediaType.Split(';')[0].Trim();
        return type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The index of the first line break or XML-invalid character, or -1.</summary>
    public static int FindUnsafe(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is >= ' ' and < '\u007F')
            {
                // Printable ASCII, nearly all of any spec: safe.
            }
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (IsLineBreak(c) || IsXmlInvalid(c))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The characters C# ends a line at: CR, LF, NEL, LS, PS (the one list; the writer refuses them in a line).</summary>
    public static readonly char[] LineBreaks = { '\r', '\n', '\u0085', '\u2028', '\u2029' };

    /// <summary>Whether C# ends a line at <paramref name="c"/>: one of <see cref="LineBreaks"/>, tested as a pattern (per character).</summary>
    public static bool IsLineBreak(char c) => c is '\r' or '\n' or '\u0085' or '\u2028' or '\u2029';

    /// <summary>Not a character of XML 1.0 (tab, CR and LF aside): C0 controls, a surrogate on its own, U+FFFE, U+FFFF.</summary>
    public static bool IsXmlInvalid(char c) => (c < ' ' && c is not ('\t' or '\r' or '\n')) || char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF';
}
