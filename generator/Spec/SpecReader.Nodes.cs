using System;
using System.Collections.Generic;
using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace StageGen.Generator.Spec;

/// <summary>Walking YAML nodes within the limits: references, entries, scalars, text.</summary>
internal sealed partial class SpecReader
{
    /// <summary>Follows a <c>$ref</c> into <c>components/{section}</c>; returns the node itself when it is not a reference.</summary>
    private YamlNode? Resolve(YamlNode node, string section)
    {
        if (Get(node, "$ref") is not { } refNode)
        {
            if (node is not YamlMappingNode)
            {
                Report(DiagnosticDescriptors.InvalidValue, Locate(node), "Expected a mapping here");
                return null;
            }

            return node;
        }

        var text = Text(refNode) ?? "";
        var prefix = $"#/components/{section}/";
        var target = text.StartsWith(prefix, StringComparison.Ordinal)
            ? Get(Get(_components, section), text.Substring(prefix.Length).Replace("~1", "/").Replace("~0", "~"))
            : null;
        if (target is null)
        {
            Report(DiagnosticDescriptors.UnresolvedReference, Locate(refNode), text);
            return null;
        }

        if (Get(target, "$ref") is not null)
        {
            Report(DiagnosticDescriptors.ReferenceChain, Locate(refNode), $"The reference '{text}' points at another reference; chains of $ref are not followed");
            return null;
        }

        return target;
    }

    private void Visit(YamlNode node)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        if (++_visits > _visitBudget)
        {
            throw new TooLargeException(
                Locate(node),
                $"The spec expands to more than {_visitBudget.ToString("N0", CultureInfo.InvariantCulture)} nodes (YAML aliases?); StageGen stops here");
        }
    }

    private IEnumerable<(YamlScalarNode Key, YamlNode Value)> Entries(YamlMappingNode map)
    {
        foreach (var entry in map.Children)
        {
            Visit(entry.Value);
            if (entry.Key is YamlScalarNode key)
            {
                yield return (key, entry.Value);
            }
            else
            {
                Report(DiagnosticDescriptors.InvalidValue, Locate(entry.Key), "Mapping keys must be plain strings");
            }
        }
    }

    private static YamlNode? Get(YamlNode? node, string key)
    {
        if (node is not YamlMappingNode map)
        {
            return null;
        }

        foreach (var entry in map.Children)
        {
            if (entry.Key is YamlScalarNode { Value: { } name } && name == key)
            {
                return entry.Value;
            }
        }

        return null;
    }

    private static string? Text(YamlNode? node) => node is YamlScalarNode { Value: { } value } ? value : null;

    /// <summary>Documentation text of a node, made safe for a <c>///</c> comment (see <see cref="SpecText.Documentation"/>).</summary>
    private static string? DocText(YamlNode? node) => SpecText.Documentation(Text(node));

    /// <summary>
    /// A name or value that generated code carries verbatim (schema and property names, parameter names, enum values,
    /// path templates) must not hold a line break or a character XML cannot hold: it is reported (SG1015) and left out.
    /// </summary>
    private bool IsCodeSafe(YamlNode node, string what)
    {
        if (Text(node) is { } text && SpecText.FindUnsafe(text) is var at && at >= 0)
        {
            var code = ((int)text[at]).ToString("X4", CultureInfo.InvariantCulture);
            Report(
                DiagnosticDescriptors.UnsafeCharacter,
                Locate(node),
                $"The {what} contains U+{code}, a line break or control character that generated code cannot carry");
            return false;
        }

        return true;
    }

    private static bool IsBoolean(YamlNode node) =>
        node is YamlScalarNode { Value: { } v } && (v.Equals("true", StringComparison.OrdinalIgnoreCase) || v.Equals("false", StringComparison.OrdinalIgnoreCase));

    private static bool IsTrue(YamlScalarNode node) => string.Equals(node.Value, "true", StringComparison.OrdinalIgnoreCase);

    private bool Bool(YamlNode? node)
    {
        if (node is null)
        {
            return false;
        }

        if (!IsBoolean(node))
        {
            Report(DiagnosticDescriptors.InvalidValue, Locate(node), "Expected true or false");
            return false;
        }

        return IsTrue((YamlScalarNode)node);
    }

    private void ReportUnknown(YamlScalarNode key)
    {
        if (key.Value is { } name && !name.StartsWith("x-", StringComparison.Ordinal))
        {
            Report(DiagnosticDescriptors.UnsupportedKeyword, Locate(key), name);
        }
    }
}
