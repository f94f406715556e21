using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace StageGen.Generator.Model;

/// <summary>Turns spec names into C# identifiers.</summary>
internal static class Names
{
    /// <summary><c>stage-name</c>, <c>stage_name</c>, <c>stageName</c> → <c>StageName</c>; never empty, never a leading digit.</summary>
    public static string Pascal(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var word in Words(name))
        {
            // An all-capitals word reads as a word, not an acronym soup: ERROR → Error, URL → Url.
            var allUpper = word.Length > 1 && word.All(c => !char.IsLower(c));
            builder.Append(char.ToUpperInvariant(word[0]));
            builder.Append(allUpper ? word.Substring(1).ToLowerInvariant() : word.Substring(1));
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

    /// <summary>The runs of ASCII letters and digits in a name; everything else separates words.</summary>
    private static IEnumerable<string> Words(string name)
    {
        var start = -1;
        for (var i = 0; i <= name.Length; i++)
        {
            var inWord = i < name.Length && name[i] < 128 && char.IsLetterOrDigit(name[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                yield return name.Substring(start, i - start);
                start = -1;
            }
        }
    }

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
