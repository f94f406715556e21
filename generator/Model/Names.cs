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
        var builder = new StringBuilder(name.Length);
        var upperNext = true;
        foreach (var c in name)
        {
            if (char.IsLetterOrDigit(c) && c < 128)
            {
                builder.Append(upperNext ? char.ToUpperInvariant(c) : c);
                upperNext = false;
            }
            else
            {
                upperNext = true;
            }
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

    /// <summary>A parameter or local name: camelCase, escaped with <c>@</c> when it is a C# keyword.</summary>
    public static string Camel(string name)
    {
        var pascal = Pascal(name);
        var camel = pascal[0] == '_' ? pascal : char.ToLowerInvariant(pascal[0]) + pascal.Substring(1);
        return SyntaxFacts.GetKeywordKind(camel) != SyntaxKind.None ? "@" + camel : camel;
    }

    /// <summary>
    /// Parameter names generated methods use themselves. Other generated locals end in '_', which a camelCase name
    /// never does, so they need no entry here.
    /// </summary>
    public static readonly HashSet<string> ReservedLocals = new()
    {
        "body", "cancellationToken", "errors",
    };
}
