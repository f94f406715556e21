using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace StageGen.Corpus.Tests;

/// <summary>
/// Collects every document's result and, when the tests end, writes them as a Markdown table: to the file
/// <c>STAGEGEN_CORPUS_TABLE</c> names, else <c>corpus.md</c> beside the test binaries.
/// </summary>
public sealed class CorpusTable : IDisposable
{
    private readonly ConcurrentDictionary<string, CorpusResult> _results = new(StringComparer.Ordinal);

    public void Add(CorpusResult result) => _results[result.Document.FileName] = result;

    public void Dispose()
    {
        if (_results.IsEmpty)
        {
            return;
        }

        var path = Environment.GetEnvironmentVariable("STAGEGEN_CORPUS_TABLE") is { Length: > 0 } named ? named : Path.Combine(AppContext.BaseDirectory, "corpus.md");
        File.WriteAllText(path, ToMarkdown());
    }

    public string ToMarkdown()
    {
        var results = _results.Values.OrderBy(r => r.Document.FileName, StringComparer.Ordinal).ToList();
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{results.Count(r => r.Outcome == "compiles clean")} of {results.Count} documents give a client that compiles clean (net8.0 and net10.0, nullable, warnings as errors).");
        text.AppendLine();
        text.AppendLine("| document | outcome | operations generated / in document | types / schemas | schemas typed / reachable | generated lines | generation | generator diagnostics | compiler diagnostics |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---|---|");
        foreach (var r in results)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| `{r.Document.FileName}` | {r.Outcome} | {r.OperationsGenerated} / {r.Document.Operations} | {r.TypesGenerated} / {r.Document.Schemas} | {r.SchemasTyped} | {r.GeneratedLines:N0} | {r.GenerationTime.TotalMilliseconds:N0} ms | {CorpusResult.Format(r.GeneratorDiagnostics)} | {CorpusResult.Format(r.CompilerDiagnostics)} |");
        }

        return text.ToString();
    }
}
