using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using StageGen.Generator.Tests.Infrastructure;
using Xunit;

namespace StageGen.Generator.Tests;

/// <summary>
/// Every descriptor in <see cref="DiagnosticDescriptors"/> is in its ID table, documented in docs/diagnostics.md (a
/// table row and an example section), links to that section, and is listed in a release-tracking file; and the
/// documentation names no ID that is not a descriptor.
/// </summary>
public sealed class DiagnosticDescriptorsTests
{
    private const string DocsUrl = "https://github.com/stagegen/StageGen/blob/main/docs/diagnostics.md";

    private static readonly DiagnosticDescriptor[] Declared = typeof(DiagnosticDescriptors)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .ToArray();

    private static readonly string Docs = File.ReadAllText(RepoPaths.Combine("docs/diagnostics.md"));

    public static TheoryData<string> Ids => new(Declared.Select(d => d.Id).Order());

    [Fact]
    public void Every_descriptor_is_in_the_ID_table_once()
    {
        Assert.NotEmpty(Declared);
        Assert.Equal(Declared.Select(d => d.Id).Order(), DiagnosticDescriptors.All.Select(d => d.Id).Order());
        Assert.Equal(DiagnosticDescriptors.All.Length, DiagnosticDescriptors.All.Select(d => d.Id).Distinct().Count());
        Assert.All(Declared, d => Assert.Same(d, DiagnosticDescriptors.Find(d.Id)));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Each_descriptor_is_documented_links_to_its_section_and_is_release_tracked(string id)
    {
        var descriptor = DiagnosticDescriptors.Find(id);
        var severity = descriptor.DefaultSeverity.ToString();

        Assert.Matches($@"^SG[129]\d{{3}}$", id);
        Assert.Equal(id[2] == '2' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error, descriptor.DefaultSeverity);

        var row = Assert.Single(Docs.Split('\n'), line => line.StartsWith($"| [{id}](", StringComparison.Ordinal));
        Assert.StartsWith($"| [{id}](#{id.ToLowerInvariant()}) | {severity} | {EscapeCell(descriptor.Title.ToString())} |", row);
        Assert.Single(Docs.Split('\n'), line => line.TrimEnd() == "### " + id);

        Assert.Equal(DocsUrl + "#" + id.ToLowerInvariant(), descriptor.HelpLinkUri);

        var tracked = Assert.Single(ReleaseEntries(), entry => entry.Id == id);
        Assert.Equal((descriptor.Category, severity), (tracked.Category, tracked.Severity));
    }

    [Fact]
    public void Every_documented_or_tracked_ID_is_a_descriptor()
    {
        var ids = Declared.Select(d => d.Id).ToHashSet();
        var documented = Regex.Matches(Docs, @"^(?:\| \[(SG\d{4})\]|### (SG\d{4}))", RegexOptions.Multiline)
            .Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value)
            .ToHashSet();

        Assert.Empty(documented.Except(ids));
        Assert.Empty(ReleaseEntries().Select(e => e.Id).Except(ids));
    }

    /// <summary>The rule rows of AnalyzerReleases.Shipped.md and AnalyzerReleases.Unshipped.md (<c>ID | Category | Severity | Notes</c>).</summary>
    private static IEnumerable<(string Id, string Category, string Severity)> ReleaseEntries() =>
        new[] { "generator/AnalyzerReleases.Shipped.md", "generator/AnalyzerReleases.Unshipped.md" }
            .SelectMany(path => File.ReadAllLines(RepoPaths.Combine(path)))
            .Select(line => line.Split('|').Select(cell => cell.Trim()).ToArray())
            .Where(cells => cells.Length >= 3 && Regex.IsMatch(cells[0], @"^SG\d{4}$"))
            .Select(cells => (cells[0], cells[1], cells[2]));

    /// <summary>A title as a Markdown table cell writes it.</summary>
    private static string EscapeCell(string text) => text.Replace("|", "\\|");
}
