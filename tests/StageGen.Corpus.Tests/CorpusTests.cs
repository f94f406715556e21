using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using StageGen.Generator.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace StageGen.Corpus.Tests;

/// <summary>
/// Every published document of <c>../shared/corpus</c>, as a new user would bring it: the generator runs on it in-process
/// and its output is compiled as a user's project compiles it (nullable on, every warning an error, the DI registration
/// included) against net8.0 and net10.0. Each document either gives a client that compiles clean, or ends in errors the
/// generator reports, each located in the document: never a crash, never code that does not compile. The figures of
/// every document go into the table <see cref="CorpusTable"/> writes.
/// </summary>
public sealed class CorpusTests(CorpusTable table, ITestOutputHelper output) : IClassFixture<CorpusTable>
{
    public static TheoryData<string> Documents() => new(CorpusDocument.All().Select(document => document.FileName));

    [Theory]
    [MemberData(nameof(Documents))]
    public void A_document_gives_a_clean_client_or_located_errors(string fileName)
    {
        var document = CorpusDocument.Load(fileName);
        var spec = new SpecFile("/corpus/" + fileName, document.Text, "Corpus." + document.ClientName, document.ClientName);

        var net100 = GeneratorHarness.Run([spec], ConsumerFramework.Net100, withHttpExtensions: true);
        var net80 = GeneratorHarness.Run([spec], ConsumerFramework.Net80, withHttpExtensions: true);

        if (Environment.GetEnvironmentVariable("STAGEGEN_CORPUS_DUMP") is { Length: > 0 } dump)
        {
            // To read what was generated: every source, under the folder the variable names.
            foreach (var (hintName, text) in net100.Sources)
            {
                Directory.CreateDirectory(dump);
                File.WriteAllText(Path.Combine(dump, hintName), text);
            }
        }

        if (Environment.GetEnvironmentVariable("STAGEGEN_CORPUS_DIAGNOSTICS") is { Length: > 0 } ids)
        {
            // To read what the generator said: every diagnostic whose ID the variable lists (comma-separated).
            foreach (var diagnostic in net100.GeneratorDiagnostics.Where(d => ids.Split(',').Contains(d.Id)))
            {
                output.WriteLine(GeneratorHarness.Format(diagnostic));
            }
        }

        var clean = net100.Result.Exception is null && !net100.GeneratorDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
        var typing = clean ? SchemaTyping.Of(spec.Path, document.Text, document.ReachableSchemas, spec.Namespace!, spec.ClientName!) : null;
        if (typing is { KeptAsJson.Count: > 0 })
        {
            output.WriteLine($"reachable schemas kept as JsonElement: {string.Join(", ", typing.KeptAsJson)}");
        }

        var result = CorpusResult.Of(document, spec, net100, net80, typing);
        table.Add(result);
        output.WriteLine(result.Describe());

        Assert.Null(net100.Result.Exception);
        Assert.DoesNotContain(net100.GeneratorDiagnostics, d => d.Id is "SG9001" or "CS8784" or "CS8785");
        Assert.All(net100.GeneratorDiagnostics, d => Assert.Equal(spec.Path, d.Location.GetLineSpan().Path));
        if (net100.GeneratorDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            Assert.Empty(net100.Sources);
            return;
        }

        Assert.True(net100.CompilationDiagnostics.IsEmpty, $"net10.0:\n{GeneratorHarness.Format(net100.CompilationDiagnostics.Take(20))}");
        Assert.True(net80.CompilationDiagnostics.IsEmpty, $"net8.0:\n{GeneratorHarness.Format(net80.CompilationDiagnostics.Take(20))}");

        // A client that compiles has a method for every operation the document declares, no fewer and no more.
        Assert.Equal(document.Operations, result.OperationsGenerated);
    }
}
