using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using StageGen.Benchmarks.Generator;

namespace StageGen.Benchmarks.Build;

/// <summary>
/// The generator's real cost in a build: <c>dotnet build</c> wall time of a consumer of spec/stage.yaml with the
/// generator, against the same consumer with the generated files added as plain source (no generator). Both reference
/// the built StageGen.Runtime.dll, and the first has the generator (with YamlDotNet beside it) as an analyzer, as the
/// StageGen package gives it. Both are built once first (restore, build servers warm); then, alternating, each is timed
/// several times after an edit of its own source file (the inner loop: CoreCompile runs, so the generator runs) and as
/// a full rebuild (<c>--no-incremental</c>). Reported: medians and their ratio.
/// <para>
/// Twice over with <c>--server</c>: as the environment configures the compiler (on this machine and CI,
/// <c>UseSharedCompilation=false</c>: every build starts csc, which loads and JITs the generator and YamlDotNet), and
/// with the compiler server (<c>-p:UseSharedCompilation=true</c>, the SDK's default on a developer's machine: the
/// generator stays loaded between builds). The compiler server started for that is stopped afterwards (by its id).
/// </para>
/// </summary>
public static class BuildOverhead
{
    private const string Program = """
        using System;
        using System.Net.Http;
        using Consumer.Api;

        public static class Entry
        {
            public static StageClient Create() => new(new HttpClient { BaseAddress = new Uri("https://example.test/") });
            public static string Edit => "0";
        }
        """;

    public static int Run(string[] args)
    {
        var runs = args.Length > 0 && args[0] != "--server" ? int.Parse(args[0], CultureInfo.InvariantCulture) : 7;
        var withServer = args.Contains("--server");
        var work = Path.Combine(Repo.Root, "bench", "StageGen.Benchmarks", "obj", "build-overhead");
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }

        var withGenerator = Path.Combine(work, "WithGenerator");
        var plainSource = Path.Combine(work, "PlainSource");
        Directory.CreateDirectory(withGenerator);
        Directory.CreateDirectory(plainSource);
        var repo = Repo.Root.Replace('\\', '/');

        // What the StageGen package puts in a project: the generator and YamlDotNet as analyzers, the runtime library.
        var generator = $"{repo}/generator/bin/Release/netstandard2.0";
        var runtime = $"{repo}/runtime/bin/Release/net8.0";
        var yaml = FindYamlDotNetForAnalyzers();
        foreach (var required in new[] { $"{generator}/StageGen.Generator.dll", $"{runtime}/StageGen.Runtime.dll", yaml })
        {
            if (!File.Exists(required))
            {
                throw new FileNotFoundException($"Build the solution (Release) first: {required} is missing.", required);
            }
        }

        File.WriteAllText(Path.Combine(withGenerator, "WithGenerator.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <Import Project="{repo}/generator/build/StageGen.props" />
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
              <ItemGroup>
                <ApiSpec Include="{repo}/spec/stage.yaml" Namespace="Consumer.Api" ClientName="Stage" />
                <Analyzer Include="{generator}/StageGen.Generator.dll" />
                <Analyzer Include="{yaml}" />
                <Reference Include="{runtime}/StageGen.Runtime.dll" />
              </ItemGroup>
              <Import Project="{repo}/generator/build/StageGen.targets" />
            </Project>
            """);
        File.WriteAllText(Path.Combine(withGenerator, "Entry.cs"), Program);

        Console.WriteLine($"build-overhead: {runs} timed builds of each consumer, in {work}");
        Build(withGenerator, "WithGenerator (first build, with restore; its generated files are kept)", incremental: true, "-p:EmitCompilerGeneratedFiles=true");

        // The same consumer without the generator: the files it generated, as plain source.
        var generated = Directory.GetFiles(Path.Combine(withGenerator, "obj"), "*.g.cs", SearchOption.AllDirectories)
            .Where(path => path.Contains("StageGen.Generator", StringComparison.Ordinal))
            .ToList();
        if (generated.Count == 0)
        {
            throw new InvalidOperationException("The consumer with the generator emitted no files.");
        }

        Directory.CreateDirectory(Path.Combine(plainSource, "Generated"));
        foreach (var file in generated)
        {
            File.Copy(file, Path.Combine(plainSource, "Generated", Path.GetFileName(file)));
        }

        File.WriteAllText(Path.Combine(plainSource, "PlainSource.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
              <ItemGroup>
                <Reference Include="{runtime}/StageGen.Runtime.dll" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(plainSource, "Entry.cs"), Program);
        Build(plainSource, "PlainSource (first build)", incremental: true, null);
        Console.WriteLine($"  plain source: {generated.Count} generated files, {generated.Sum(f => new FileInfo(f).Length) / 1024} KiB");

        var report = new StringBuilder();
        report.AppendLine();
        report.AppendLine("| compiler | build of the consumer | with generator (median) | generated files as plain source (median) | ratio |");
        report.AppendLine("|---|---|---:|---:|---:|");
        var details = new StringBuilder();
        var modes = withServer
            ? new[] { ("as the environment sets it" + SharedCompilationNote(), (string?)null), ("compiler server (UseSharedCompilation=true)", "-p:UseSharedCompilation=true") }
            : new[] { ("as the environment sets it" + SharedCompilationNote(), (string?)null) };
        foreach (var (compiler, property) in modes)
        {
            var servers = CompilerServers();
            try
            {
                var times = new Dictionary<string, List<double>>();
                if (property is not null)
                {
                    // One untimed build of each, so the server is up and has loaded what both need.
                    Build(withGenerator, null, incremental: false, property);
                    Build(plainSource, null, incremental: false, property);
                }

                for (var i = 0; i < runs; i++)
                {
                    foreach (var (name, dir) in new[] { ("with generator", withGenerator), ("plain source", plainSource) })
                    {
                        // An edit of the consumer's own file: the compiler (and so the generator) has to run.
                        File.WriteAllText(Path.Combine(dir, "Entry.cs"), Program.Replace("\"0\"", $"\"{i + 1}\""));
                        Add(times, $"edit + build|{name}", Build(dir, null, incremental: true, property));
                        Add(times, $"rebuild (--no-incremental)|{name}", Build(dir, null, incremental: false, property));
                    }
                }

                foreach (var kind in new[] { "edit + build", "rebuild (--no-incremental)" })
                {
                    var with = Median(times[$"{kind}|with generator"]);
                    var plain = Median(times[$"{kind}|plain source"]);
                    report.AppendLine(CultureInfo.InvariantCulture, $"| {compiler} | {kind} | {with:0.00} s | {plain:0.00} s | {with / plain:0.00}× |");
                }

                foreach (var (key, values) in times)
                {
                    details.AppendLine(CultureInfo.InvariantCulture, $"- {compiler}, {key.Replace("|", ", ")}: {string.Join(" ", values.Select(v => v.ToString("0.00", CultureInfo.InvariantCulture)))} s");
                }
            }
            finally
            {
                StopNewCompilerServers(servers);
            }
        }

        report.AppendLine();
        report.Append(details);
        Console.WriteLine(report);
        var results = Path.Combine(Repo.Root, "BenchmarkDotNet.Artifacts", "results");
        Directory.CreateDirectory(results);
        File.WriteAllText(Path.Combine(results, "build-overhead.md"), report.ToString());
        return 0;
    }

    private static string SharedCompilationNote() =>
        Environment.GetEnvironmentVariable("UseSharedCompilation") is { Length: > 0 } value ? $" (UseSharedCompilation={value})" : "";

    /// <summary>The ids of the running compiler servers (VBCSCompiler), read from /proc (Linux); empty elsewhere.</summary>
    private static HashSet<int> CompilerServers()
    {
        var ids = new HashSet<int>();
        if (!Directory.Exists("/proc"))
        {
            return ids;
        }

        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var id))
            {
                try
                {
                    if (File.ReadAllText(Path.Combine(dir, "cmdline")).Contains("VBCSCompiler", StringComparison.Ordinal))
                    {
                        ids.Add(id);
                    }
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
            }
        }

        return ids;
    }

    /// <summary>Stops the compiler servers that were not running before (the ones these builds started), by id.</summary>
    private static void StopNewCompilerServers(HashSet<int> before)
    {
        foreach (var id in CompilerServers().Except(before))
        {
            try
            {
                using var process = Process.GetProcessById(id);
                process.Kill();
                Console.WriteLine($"  stopped the compiler server these builds started (pid {id})");
            }
            catch (ArgumentException)
            {
            }
            catch (InvalidOperationException)
            {
            }
        }
    }

    private static void Add(Dictionary<string, List<double>> times, string key, double seconds)
    {
        if (!times.TryGetValue(key, out var list))
        {
            times[key] = list = new List<double>();
        }

        list.Add(seconds);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>Runs dotnet build (Release; referenced projects not rebuilt after the first build) and returns the wall time in seconds.</summary>
    /// <summary>YamlDotNet's netstandard2.0 build in the NuGet cache (what the generator is built against).</summary>
    private static string? FindYamlDotNetForAnalyzers()
    {
        var root = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var path = Path.Combine(root, "yamldotnet", "16.3.0", "lib", "netstandard2.0", "YamlDotNet.dll");
        return File.Exists(path) ? path : null;
    }

    private static double Build(string directory, string? announce, bool incremental, string? extra)
    {
        var first = announce is not null;
        var arguments = new List<string> { "build", "-c", "Release", "-nologo", "-v:q", "-clp:ErrorsOnly" };
        if (!first)
        {
            arguments.Add("--no-restore");
        }

        if (extra is not null)
        {
            arguments.Add(extra);
        }

        if (!incremental)
        {
            arguments.Add("--no-incremental");
        }

        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        var seconds = clock.Elapsed.TotalSeconds;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet {string.Join(" ", arguments)} failed in {directory}:\n{output.Result}\n{error.Result}");
        }

        if (first)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {announce}: {seconds:0.0} s"));
        }

        return seconds;
    }
}
