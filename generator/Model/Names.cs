using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace StageGen.Generator.Model;

/// <summary>Turns spec names into C# identifiers.</summary>
internal static class Names
{
    /// <summary><c>stage-name</c>, <c>stage_name</c>, <c>stageName</c> → <c>StageName</c>; never empty, never a leading digit.</summary>
    public static string Pascal(string name)
    {
        // One pass over the words (runs of ASCII letters and digits; everything else separates them), no string per word:
        // every member, parameter and type name goes through here.
        var builder = new StringBuilder(name.Length);
        for (var start = 0; start < name.Length;)
        {
            if (!IsWordChar(name[start]))
            {
                start++;
                continue;
            }

            var end = start + 1;
            var allUpper = !char.IsLower(name[start]);
            while (end < name.Length && IsWordChar(name[end]))
            {
                allUpper &= !char.IsLower(name[end]);
                end++;
            }

            // An all-capitals word reads as a word, not an acronym soup: ERROR → Error, URL → Url.
            builder.Append(char.ToUpperInvariant(name[start]));
            for (var i = start + 1; i < end; i++)
            {
                builder.Append(allUpper ? char.ToLowerInvariant(name[i]) : name[i]);
            }

            start = end;
        }

        if (builder.Length == 0)
        {
            builder.Append("Value");
        }
        else if (char.IsDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }

        return builder.ToString();
    }

    private static bool IsWordChar(char c) => c < 128 && char.IsLetterOrDigit(c);

    /// <summary>
    /// A value made only of symbols, spelled out as words (<c>*</c> → "asterisk", <c>+</c> → "plus") so that it names
    /// itself; null when it has a word character or a symbol without a name here.
    /// </summary>
    public static string? SpelledSymbols(string value)
    {
        // Most values have a letter or digit: they are turned down before anything is made.
        if (value.Length == 0)
        {
            return null;
        }

        foreach (var c in value)
        {
            if (SymbolWord(c) is null)
            {
                return null;
            }
        }

        var words = new string[value.Length];
        for (var i = 0; i < value.Length; i++)
        {
            words[i] = SymbolWord(value[i])!;
        }

        return string.Join(" ", words);
    }

    private static string? SymbolWord(char c) => c switch
    {
        '*' => "asterisk", '+' => "plus", '-' => "minus", '.' => "dot", '/' => "slash", '\\' => "backslash",
        '=' => "equals", '<' => "less than", '>' => "greater than", '!' => "exclamation", '?' => "question",
        '@' => "at", '#' => "hash", '$' => "dollar", '%' => "percent", '&' => "ampersand", '^' => "caret",
        '~' => "tilde", '|' => "pipe", ':' => "colon", ',' => "comma", ';' => "semicolon", '_' => "underscore",
        _ => null,
    };

    /// <summary>A parameter or local name: camelCase, escaped with <c>@</c> when it is a C# keyword.</summary>
    public static string Camel(string name)
    {
        var pascal = Pascal(name);
        var camel = pascal[0] == '_' ? pascal : char.ToLowerInvariant(pascal[0]) + pascal.Substring(1);
        return SyntaxFacts.GetKeywordKind(camel) != SyntaxKind.None ? "@" + camel : camel;
    }

    /// <summary>
    /// Parameter names generated methods use themselves (<c>await</c> is no name in an async method). A client method's
    /// own locals are named by the binder around its parameters, so they need no entry here.
    /// </summary>
    public static readonly HashSet<string> ReservedLocals = new()
    {
        "body", "cancellationToken", "errors", "await",
    };

    /// <summary>
    /// Names the generated reader, writer and validator of a record use themselves; a member's local that would be one
    /// of them is renamed (<c>name</c> → <c>nameValue</c>).
    /// </summary>
    public static readonly HashSet<string> RecordLocals = new()
    {
        "reader", "writer", "value", "name", "member", "exception", "errors", "item", "key", "mark", "result",
    };
}
