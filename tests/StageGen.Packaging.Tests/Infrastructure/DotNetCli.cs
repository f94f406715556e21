using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace StageGen.Packaging.Tests.Infrastructure;

/// <summary>What a finished <c>dotnet</c> command left: its exit code and everything it printed (stdout and stderr, interleaved).</summary>
public sealed record CommandResult(string CommandLine, string WorkingDirectory, int ExitCode, string Output, TimeSpan Elapsed)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The <c>warning CODE:</c> lines MSBuild printed, each once (the console logger repeats them in its summary).</summary>
    public IReadOnlyList<string> Warnings => Regex.Matches(Output, @"^.*: warning [A-Z]+[0-9]+:.*$", RegexOptions.Multiline)
        .Select(m => m.Value.Trim())
        .Distinct(StringComparer.Ordinal)
        .ToList();

    /// <summary>Names the command and shows its output, for assertion messages.</summary>
    public string Describe()
    {
        const int Keep = 12_000;
        string output = Output.Length <= Keep ? Output : "[... " + (Output.Length - Keep) + " characters cut ...]\n" + Output[^Keep..];
        return $"`{CommandLine}` in {WorkingDirectory} exited {ExitCode} after {Elapsed.TotalSeconds:0.0} s:\n{output}";
    }
}

/// <summary>
/// Runs the <c>dotnet</c> CLI as a child process, the way a user types it: output captured, a timeout, and a clean
/// environment (the test host's MSBuild variables are not passed on, so the child finds its own SDK as a shell would).
/// </summary>
public static class DotNetCli
{
    /// <summary>The <c>dotnet</c> that runs these tests (so the same SDK), else the one on PATH.</summary>
    private static readonly string DotNet = FindDotNet();

    /// <summary>Runs <c>dotnet args...</c> in <paramref name="workingDirectory"/>; never throws for a non-zero exit code.</summary>
    public static async Task<CommandResult> RunAsync(
        string workingDirectory,
        IReadOnlyDictionary<string, string>? environment,
        TimeSpan timeout,
        params string[] args)
    {
        var start = new ProcessStartInfo(DotNet)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // A `dotnet test` run sets MSBuild variables for its own build; a user's shell has none of them.
        foreach (string name in start.Environment.Keys.ToList())
        {
            if (name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(name);
            }
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        // No MSBuild worker nodes or build server outliving the command: the test leaves no processes behind.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        if (environment is not null)
        {
            foreach ((string name, string value) in environment)
            {
                start.Environment[name] = value;
            }
        }

        string commandLine = "dotnet " + string.Join(" ", args.Select(a => a.Contains(' ') ? $"\"{a}\"" : a));
        var output = new StringBuilder();
        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {commandLine}.");
        process.StandardInput.Close();
        Task pumps = Task.WhenAll(PumpAsync(process.StandardOutput, output), PumpAsync(process.StandardError, output));

        using var cancel = new CancellationTokenSource(timeout);
        bool timedOut = false;
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = true;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        // The exit is what counts: a process the command started (e.g. the shared compiler server) may keep the pipes
        // open, so wait a little for the rest of the output, not for end-of-stream.
        await Task.WhenAny(pumps, Task.Delay(TimeSpan.FromSeconds(5)));
        stopwatch.Stop();
        string text;
        lock (output)
        {
            text = output.ToString();
        }
        if (timedOut)
        {
            text += $"\n[timed out after {timeout.TotalSeconds:0} s and was killed]";
        }
        return new CommandResult(commandLine, workingDirectory, timedOut ? -1 : process.ExitCode, text, stopwatch.Elapsed);
    }

    private static async Task PumpAsync(StreamReader reader, StringBuilder output)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (output)
            {
                output.Append(line).Append('\n');
            }
        }
    }

    private static string FindDotNet()
    {
        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }
        string? processPath = Environment.ProcessPath;
        if (processPath is not null && Path.GetFileNameWithoutExtension(processPath).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return processPath;
        }
        return "dotnet";
    }
}
