using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StageGen.Benchmarks.Generator;
using StageGen.Corpus.Tests;

namespace StageGen.Benchmarks.Corpus;

/// <summary>
/// StageGen, NSwag and Kiota on every document of <c>../shared/corpus</c> (<c>bench/run --corpus</c>). Each generator
/// runs as a process of its own, timed from start to exit (the peers as the local tools of bench/.config, StageGen as
/// this program's <c>generate</c> mode: the same generator run a build makes, runtime start-up included for all
/// three), into a fresh folder. Each peer's output is then built in a small net10.0 project with the packages it needs
/// (Newtonsoft.Json for NSwag, the Microsoft.Kiota 2.1.6 libraries for Kiota) and its compile errors counted. Every
/// generation and every build has a time limit; one that passes it is recorded as such.
/// <para>
/// Types for named schemas: the reachable named schemas (as the corpus table counts them) for which the output declares a
/// class, record, struct or enum of that name, the same count for all three. Names compare by their letters and digits,
/// ignoring case, whole or by the last dotted part (<c>io.k8s.api.core.v1.Pod</c> is <c>Pod</c> or
/// <c>IoK8sApiCoreV1Pod</c>); a type a generator renamed with a number, or a schema it uses in place (a named string),
/// is not counted.
/// </para>
/// </summary>
public static class CorpusPeers
{
    // Packages each peer's output needs: NSwag's default JSON library, and Kiota's libraries (its bundle's parts).
    private static readonly string[] NSwagPackages = ["Newtonsoft.Json 13.0.4"];

    private static readonly string[] KiotaPackages = new[] { "Abstractions", "Http.HttpClientLibrary", "Serialization.Json", "Serialization.Text", "Serialization.Form", "Serialization.Multipart" }
        .Select(part => $"Microsoft.Kiota.{part} 2.1.6").ToArray();

    private static readonly Regex CompileError = new(@": error (CS\d+):", RegexOptions.Compiled);
    private static readonly Regex AnyError = new(@": error ([A-Z]+\d+):", RegexOptions.Compiled);
    private static readonly Regex FailureLine = new(@"error generating|while scanning|exception:|^error", RegexOptions.Compiled | RegexOptions.IgnoreCase);

    /// <summary><c>generate SPEC OUTDIR</c>: StageGen's generator on one document, its sources written to OUTDIR.</summary>
    public static int Generate(string spec, string output)
    {
        var fileName = Path.GetFileName(spec);
        var document = CorpusDocument.Of(fileName, File.ReadAllText(spec));
        var host = new GeneratorHost("/corpus/" + fileName, document.Text, "Corpus." + document.ClientName, document.ClientName);
        var driver = host.NewDriver().RunGenerators(host.NewCompilation());
        var result = driver.GetRunResult().Results[0];
        Directory.CreateDirectory(output);
        foreach (var source in result.GeneratedSources)
        {
            File.WriteAllText(Path.Combine(output, source.HintName), source.SourceText.ToString());
        }

        return result.Exception is null && !result.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error) ? 0 : 1;
    }

    /// <summary><c>corpus [--timeout SECONDS] [--work DIR] [--out FILE] [NAME...]</c>: the whole comparison, as Markdown.</summary>
    public static int Run(string[] args)
    {
        var timeout = TimeSpan.FromSeconds(300);
        var work = Path.Combine(Path.GetTempPath(), "stagegen-corpus-peers");
        var output = Path.Combine("BenchmarkDotNet.Artifacts", "results", "corpus-peers.md");
        var only = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--timeout": timeout = TimeSpan.FromSeconds(int.Parse(args[++i], CultureInfo.InvariantCulture)); break;
                case "--work": work = args[++i]; break;
                case "--out": output = args[++i]; break;
                default: only.Add(args[i]); break;
            }
        }

        // Outside the repository: its Directory.Build.props (warnings as errors) is ours, not the peers'.
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }

        Directory.CreateDirectory(work);
        File.WriteAllText(Path.Combine(work, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(work, "Directory.Build.targets"), "<Project />");
        var bench = Path.Combine(Repo.Root, "bench");
        var self = typeof(CorpusPeers).Assembly.Location;
        var rows = new List<Row>();
        var documents = CorpusDocument.All().Where(d => only.Count == 0 || only.Contains(d.FileName)).OrderBy(d => d.Text.Length).ToList();
        foreach (var document in documents)
        {
            var spec = Path.Combine(CorpusDocument.Folder, document.FileName);
            var folder = Path.Combine(work, Path.GetFileNameWithoutExtension(document.FileName));
            var ns = "Corpus." + document.ClientName;

            var ours = Path.Combine(folder, "stagegen");
            var stagegen = Exec("dotnet", [self, "generate", spec, ours], Repo.Root, timeout);
            var typing = SchemaTyping.Of("/corpus/" + document.FileName, document.Text, document.ReachableSchemas, ns, document.ClientName);

            var nswagOut = Path.Combine(folder, "nswag");
            Directory.CreateDirectory(nswagOut);
            var nswag = Exec("dotnet", ["tool", "run", "nswag", "openapi2csclient", "/input:" + spec, "/output:" + Path.Combine(nswagOut, document.ClientName + "Client.cs"), "/namespace:" + ns, "/className:" + document.ClientName + "Client"], bench, timeout);
            var nswagRow = Peer(nswag, nswagOut, NSwagPackages, document, timeout);

            var kiotaOut = Path.Combine(folder, "kiota");
            var kiota = Exec("dotnet", ["tool", "run", "kiota", "generate", "-l", "CSharp", "-d", spec, "-o", kiotaOut, "-c", document.ClientName + "Client", "-n", ns, "--log-level", "Warning", "--clean-output"], bench, timeout,
                ("KIOTA_UPDATE__DISABLED", "true"), ("KIOTA_OFFLINE_ENABLED", "true"));
            var kiotaRow = Peer(kiota, kiotaOut, KiotaPackages, document, timeout);

            var row = new Row(document, stagegen, typing, NamedTypes(ours, document), nswagRow, kiotaRow);
            rows.Add(row);
            Console.WriteLine(row.Describe());
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
            File.WriteAllText(output, ToMarkdown(rows, timeout));
        }

        Console.WriteLine($"corpus: table in {output}");
        return 0;
    }

    private static PeerResult Peer(Outcome generation, string folder, string[] packages, CorpusDocument document, TimeSpan timeout)
    {
        var generated = generation.ExitCode == 0 && Directory.Exists(folder) && Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories).Any();
        if (!generated)
        {
            // What the tool said: its first line that names the failure.
            var reason = generation.Output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => FailureLine.IsMatch(l));
            return new PeerResult(generation, false, null, null, 0) { Reason = reason };
        }

        var csproj = Path.Combine(folder, "Peer.csproj");
        File.WriteAllText(csproj, Project(packages));
        // No build server left behind: each build is on its own, and nothing lingers after the run.
        var build = Exec("dotnet", ["build", csproj, "-c", "Release", "-nologo", "-v:q", "-nodeReuse:false", "-p:UseSharedCompilation=false"], folder, timeout);
        var lines = build.Output.Split('\n').Select(l => l.Trim()).Distinct(StringComparer.Ordinal).ToList();
        var errors = build.TimedOut ? (int?)null : lines.Count(l => CompileError.IsMatch(l));
        var otherErrors = lines.Where(l => AnyError.IsMatch(l) && !CompileError.IsMatch(l)).Select(l => AnyError.Match(l).Groups[1].Value).Distinct().ToList();
        var codes = lines.Select(l => CompileError.Match(l)).Where(m => m.Success).GroupBy(m => m.Groups[1].Value)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} ×{g.Count()}").ToList();
        return new PeerResult(generation, true, build, errors, NamedTypes(folder, document)) { OtherErrors = otherErrors, Codes = codes };
    }

    /// <summary>A project as a user starts one (nullable on, warnings left as warnings) with the packages ("Name Version").</summary>
    private static string Project(string[] packages) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>disable</ImplicitUsings>
          </PropertyGroup>
          <ItemGroup>
        {string.Concat(packages.Select(p => $"    <PackageReference Include=\"{p.Split(' ')[0]}\" Version=\"{p.Split(' ')[1]}\" />\n"))}  </ItemGroup>
        </Project>
        """;

    /// <summary>How many reachable named schemas the sources under <paramref name="folder"/> declare a type for.</summary>
    private static int NamedTypes(string folder, CorpusDocument document)
    {
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        var declared = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
        {
            var root = CSharpSyntaxTree.ParseText(File.ReadAllText(file)).GetRoot();
            foreach (var type in root.DescendantNodes().OfType<BaseTypeDeclarationSyntax>().Where(t => t is not InterfaceDeclarationSyntax))
            {
                declared.Add(Key(type.Identifier.ValueText));
            }
        }

        return document.ReachableSchemas.Count(name => declared.Contains(Key(name)) || declared.Contains(Key(name.Split('.')[^1])));
    }

    private static string Key(string name) => new(name.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

    private static Outcome Exec(string file, string[] arguments, string directory, TimeSpan timeout, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            // Only the process this run started, and what it started.
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return new Outcome(-1, clock.Elapsed, true, stdout.Result + stderr.Result);
        }

        process.WaitForExit();
        var elapsed = clock.Elapsed;
        Task.WaitAll(stdout, stderr);
        return new Outcome(process.ExitCode, elapsed, false, stdout.Result + stderr.Result);
    }

    private static string ToMarkdown(List<Row> rows, TimeSpan timeout)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Time limit per generation and per build: {timeout.TotalSeconds:0} s. Types: reachable named schemas with a type of their name (see above).");
        text.AppendLine();
        text.AppendLine("| document | reachable schemas | StageGen typed | StageGen types | StageGen generation | NSwag | NSwag errors | NSwag types | NSwag generation | NSwag / StageGen | Kiota | Kiota errors | Kiota types | Kiota generation | Kiota / StageGen |");
        text.AppendLine("|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---|---:|---:|---:|---:|");
        foreach (var r in rows.OrderBy(r => r.Document.FileName, StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| `{r.Document.FileName}` | {r.Document.ReachableSchemas.Count} | {r.Typing.Typed.Count} | {r.StageGenTypes} | {Seconds(r.StageGen)} | {r.NSwag.Generated()} | {r.NSwag.Errors()} | {r.NSwag.Types} | {Seconds(r.NSwag.Generation)} | {Ratio(r.NSwag, r.StageGen)} | {r.Kiota.Generated()} | {r.Kiota.Errors()} | {r.Kiota.Types} | {Seconds(r.Kiota.Generation)} | {Ratio(r.Kiota, r.StageGen)} |");
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Totals: reachable {rows.Sum(r => r.Document.ReachableSchemas.Count):N0}; types StageGen {rows.Sum(r => r.StageGenTypes):N0}, NSwag {rows.Sum(r => r.NSwag.Types):N0}, Kiota {rows.Sum(r => r.Kiota.Types):N0}; "
            + $"compile clean NSwag {rows.Count(r => r.NSwag.Errors() == "0")} of {rows.Count}, Kiota {rows.Count(r => r.Kiota.Errors() == "0")} of {rows.Count}; "
            + $"generation StageGen {rows.Sum(r => r.StageGen.Elapsed.TotalSeconds):N1} s, NSwag {rows.Sum(r => r.NSwag.Generation.Elapsed.TotalSeconds):N1} s, Kiota {rows.Sum(r => r.Kiota.Generation.Elapsed.TotalSeconds):N1} s (time-outs counted at the limit).");
        text.AppendLine();
        text.AppendLine("What went wrong, by peer: why generation failed, or the compile errors by code.");
        text.AppendLine();
        foreach (var r in rows.OrderBy(r => r.Document.FileName, StringComparer.Ordinal))
        {
            foreach (var (peer, result) in new[] { ("NSwag", r.NSwag), ("Kiota", r.Kiota) })
            {
                if (result.Note() is { } note)
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"- `{r.Document.FileName}`, {peer}: {note.Replace("|", "\\|").Replace("`", "'")}");
                }
            }
        }

        return text.ToString();
    }

    private static string Seconds(Outcome outcome) =>
        outcome.TimedOut ? $"> {outcome.Elapsed.TotalSeconds:0} s (time-out)" : $"{outcome.Elapsed.TotalSeconds:0.00} s";

    /// <summary>The peer's generation time over StageGen's; none when the peer failed (its time is to the failure).</summary>
    private static string Ratio(PeerResult peer, Outcome ours) =>
        !peer.IsGenerated && !peer.Generation.TimedOut ? "–"
        : (peer.Generation.TimedOut ? "> " : "") + (peer.Generation.Elapsed.TotalSeconds / ours.Elapsed.TotalSeconds).ToString("0.0", CultureInfo.InvariantCulture) + "×";

    private sealed record Outcome(int ExitCode, TimeSpan Elapsed, bool TimedOut, string Output);

    private sealed record PeerResult(Outcome Generation, bool IsGenerated, Outcome? Build, int? ErrorCount, int Types)
    {
        public IReadOnlyList<string> OtherErrors { get; init; } = [];

        /// <summary>The compile errors by code, most frequent first.</summary>
        public IReadOnlyList<string> Codes { get; init; } = [];

        /// <summary>Why generation failed, as the tool said it.</summary>
        public string? Reason { get; init; }

        public string? Note() =>
            Reason is not null ? Reason.Length > 240 ? Reason.Substring(0, 240) + "…" : Reason
            : Codes.Count > 0 ? string.Join(", ", Codes.Take(4)) + (Codes.Count > 4 ? ", …" : "")
            : null;

        public string Generated() => IsGenerated ? "generated" : Generation.TimedOut ? "time-out" : $"failed (exit {Generation.ExitCode})";

        public string Errors() =>
            !IsGenerated ? "–"
            : Build!.TimedOut ? "build time-out"
            : ErrorCount == 0 && OtherErrors.Count > 0 ? string.Join(", ", OtherErrors)
            : ErrorCount == 0 && Build.ExitCode != 0 ? "build failed"
            : ErrorCount!.Value.ToString("N0", CultureInfo.InvariantCulture);
    }

    private sealed record Row(CorpusDocument Document, Outcome StageGen, SchemaTyping Typing, int StageGenTypes, PeerResult NSwag, PeerResult Kiota)
    {
        public string Describe() =>
            $"{Document.FileName}: StageGen {StageGen.Elapsed.TotalSeconds:0.00} s (exit {StageGen.ExitCode}), {StageGenTypes} types; "
            + $"NSwag {NSwag.Generated()} {NSwag.Generation.Elapsed.TotalSeconds:0.00} s, errors {NSwag.Errors()}, {NSwag.Types} types, build {NSwag.Build?.Elapsed.TotalSeconds:0} s; "
            + $"Kiota {Kiota.Generated()} {Kiota.Generation.Elapsed.TotalSeconds:0.00} s, errors {Kiota.Errors()}, {Kiota.Types} types, build {Kiota.Build?.Elapsed.TotalSeconds:0} s";
    }
}
