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

    /// <summary>
    /// The live rule rows of AnalyzerReleases.Shipped.md and AnalyzerReleases.Unshipped.md (<c>ID | Category | Severity |
    /// Notes</c>): those of a rule that a later "Removed Rules" table retires are left out.
    /// </summary>
    private static IEnumerable<(string Id, string Category, string Severity)> ReleaseEntries()
    {
        var rows = ReleaseRows().ToList();
        var removed = rows.Where(r => r.Removed).Select(r => r.Id).ToHashSet();
        return rows.Where(r => !removed.Contains(r.Id)).Select(r => (r.Id, r.Category, r.Severity));
    }

    /// <summary>Every rule row of the release-tracking files, with whether it sits in a "Removed Rules" table.</summary>
    private static IEnumerable<(string Id, string Category, string Severity, bool Removed)> ReleaseRows()
    {
        foreach (var path in new[] { "generator/AnalyzerReleases.Shipped.md", "generator/AnalyzerReleases.Unshipped.md" })
        {
            var removed = false;
            foreach (var line in File.ReadAllLines(RepoPaths.Combine(path)))
            {
                if (line.StartsWith("### ", StringComparison.Ordinal))
                {
                    removed = line.Trim() == "### Removed Rules";
                }

                var cells = line.Split('|').Select(cell => cell.Trim()).ToArray();
                if (cells.Length >= 3 && Regex.IsMatch(cells[0], @"^SG\d{4}$"))
                {
                    yield return (cells[0], cells[1], cells[2], removed);
                }
            }
        }
    }

    [Fact]
    public void A_retired_ID_is_no_descriptor_and_the_documentation_says_it_is_retired()
    {
        var retired = ReleaseRows().Where(r => r.Removed).Select(r => r.Id).ToList();

        Assert.NotEmpty(retired);
        Assert.All(retired, id =>
        {
            Assert.DoesNotContain(Declared, d => d.Id == id);
            Assert.Contains(id, Docs);
        });
    }

    /// <summary>A title as a Markdown table cell writes it.</summary>
    private static string EscapeCell(string text) => text.Replace("|", "\\|");
}
