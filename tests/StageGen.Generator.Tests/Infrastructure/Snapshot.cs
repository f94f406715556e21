using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using DiffPlex;
using Xunit.Sdk;

namespace StageGen.Generator.Tests.Infrastructure;

/// <summary>
/// A minimal stand-in for Verify (which cannot be restored here) that keeps its file conventions:
/// <c>Snapshots/{name}.verified.cs</c> is committed beside the test, <c>{name}.received.cs</c> is written on
/// a mismatch (git-ignored), and <c>VERIFY_AUTOVERIFY=1</c> accepts. Text is compared with LF line endings.
/// </summary>
public static class Snapshot
{
    /// <summary>Set to <c>true</c> or <c>1</c> to accept every received snapshot instead of failing.</summary>
    public const string AutoVerifyVariable = "VERIFY_AUTOVERIFY";

    private const string VerifiedSuffix = ".verified.cs";
    private const string ReceivedSuffix = ".received.cs";
    private const int MaxDiffLines = 400;
    private static readonly Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Compares <paramref name="actual"/> with <c>Snapshots/{name}.verified.cs</c> beside the calling file.</summary>
    public static void Verify(string actual, string name, [CallerFilePath] string sourceFile = "") =>
        VerifyIn(SnapshotDirectory(sourceFile), actual, name);

    /// <summary>Like <see cref="Verify"/>, in an explicit folder; <paramref name="autoVerify"/> overrides the environment.</summary>
    public static void VerifyIn(string directory, string actual, string name, bool? autoVerify = null)
    {
        var failure = Check(directory, name, actual, autoVerify ?? AutoVerifyFromEnvironment());
        if (failure is not null)
        {
            throw new SnapshotMismatchException(failure);
        }
    }

    /// <summary>
    /// Verifies a set of snapshots named <c>{prefix}.{key}</c>, reporting every mismatch at once (so one run writes
    /// every received file), and fails for a verified <c>{prefix}.*</c> file whose key is no longer in the set.
    /// </summary>
    public static void VerifyAll(IReadOnlyDictionary<string, string> actualByKey, string prefix, [CallerFilePath] string sourceFile = "") =>
        VerifyAllIn(SnapshotDirectory(sourceFile), actualByKey, prefix);

    /// <summary>Like <see cref="VerifyAll"/>, in an explicit folder; <paramref name="autoVerify"/> overrides the environment.</summary>
    public static void VerifyAllIn(string directory, IReadOnlyDictionary<string, string> actualByKey, string prefix, bool? autoVerify = null)
    {
        var accept = autoVerify ?? AutoVerifyFromEnvironment();
        var failures = new List<string>();
        foreach (var (key, actual) in actualByKey.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (Check(directory, $"{prefix}.{key}", actual, accept) is { } failure)
            {
                failures.Add(failure);
            }
        }

        var expectedFiles = actualByKey.Keys.Select(key => $"{prefix}.{key}{VerifiedSuffix}").ToHashSet(StringComparer.Ordinal);
        var stale = Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, $"{prefix}.*{VerifiedSuffix}").Where(path => !expectedFiles.Contains(Path.GetFileName(path)))
            : [];
        foreach (var path in stale.Order(StringComparer.Ordinal))
        {
            if (accept)
            {
                File.Delete(path);
            }
            else
            {
                failures.Add($"{Path.GetFileName(path)}: verified, but nothing of that name was produced.\n  delete {path} (or rerun with {AutoVerifyVariable}=1)");
            }
        }

        if (failures.Count > 0)
        {
            throw new SnapshotMismatchException($"{failures.Count} snapshot problem(s) for '{prefix}':\n\n{string.Join("\n\n", failures)}");
        }
    }

    /// <summary>Whether an environment value turns auto-verify on.</summary>
    public static bool IsAutoVerify(string? value) =>
        value?.Trim() is { } v && (v == "1" || v.Equals("true", StringComparison.OrdinalIgnoreCase));

    /// <summary>A unified diff (3 lines of context, <c>@@ -old,n +new,m @@</c> hunk headers) from verified to received.</summary>
    public static string UnifiedDiff(string verified, string received, int context = 3)
    {
        var diff = Differ.Instance.CreateLineDiffs(verified, received, ignoreWhitespace: false);

        // Flatten DiffPlex's blocks into one entry per line with its 0-based position in either text.
        var lines = new List<(char Kind, int Old, int New, string Text)>();
        int a = 0, b = 0;
        foreach (var block in diff.DiffBlocks)
        {
            for (; a < block.DeleteStartA; a++, b++) lines.Add((' ', a, b, diff.PiecesOld[a]));
            for (var i = 0; i < block.DeleteCountA; i++, a++) lines.Add(('-', a, b, diff.PiecesOld[a]));
            for (var i = 0; i < block.InsertCountB; i++, b++) lines.Add(('+', a, b, diff.PiecesNew[b]));
        }

        for (; a < diff.PiecesOld.Count; a++, b++) lines.Add((' ', a, b, diff.PiecesOld[a]));

        var text = new StringBuilder();
        var written = 0;
        for (var i = 0; i < lines.Count;)
        {
            if (lines[i].Kind == ' ')
            {
                i++;
                continue;
            }

            // Changes separated by at most 2*context unchanged lines share a hunk.
            var lastChange = i;
            for (var j = i; j < lines.Count && j - lastChange <= (2 * context) + 1; j++)
            {
                if (lines[j].Kind != ' ') lastChange = j;
            }

            var start = Math.Max(0, i - context);
            var stop = Math.Min(lines.Count, lastChange + context + 1);
            var hunk = lines.GetRange(start, stop - start);
            text.Append($"@@ -{hunk[0].Old + 1},{hunk.Count(l => l.Kind != '+')} +{hunk[0].New + 1},{hunk.Count(l => l.Kind != '-')} @@\n");
            foreach (var line in hunk)
            {
                if (written++ == MaxDiffLines)
                {
                    return text.Append("... (diff cut; compare the files)\n").ToString();
                }

                text.Append(line.Kind).Append(line.Text).Append('\n');
            }

            i = stop;
        }

        return text.ToString();
    }

    /// <summary>Compares one snapshot; returns a failure message, or null when it matched or was accepted.</summary>
    private static string? Check(string directory, string name, string actual, bool accept)
    {
        if (name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name.Contains('/') || name.Contains('\\'))
        {
            throw new ArgumentException($"'{name}' is not a valid snapshot file name.", nameof(name));
        }

        var received = Normalize(actual);
        var verifiedPath = Path.Combine(directory, name + VerifiedSuffix);
        var receivedPath = Path.Combine(directory, name + ReceivedSuffix);
        var verified = File.Exists(verifiedPath) ? Normalize(File.ReadAllText(verifiedPath)) : null;

        if (verified == received || accept)
        {
            if (verified != received)
            {
                Directory.CreateDirectory(directory);
                File.WriteAllText(verifiedPath, received, Utf8NoBom);
            }

            File.Delete(receivedPath);
            return null;
        }

        Directory.CreateDirectory(directory);
        File.WriteAllText(receivedPath, received, Utf8NoBom);
        var accepting = $"  accept: review it, then move it to {verifiedPath} (or rerun with {AutoVerifyVariable}=1)";
        return verified is null
            ? $"{name}: no verified snapshot yet.\n  received: {receivedPath}\n{accepting}"
            : $"{name}: received differs from verified.\n  verified: {verifiedPath}\n  received: {receivedPath}\n{accepting}\n{UnifiedDiff(verified, received)}";
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n").Replace('\r', '\n');

    private static bool AutoVerifyFromEnvironment() => IsAutoVerify(Environment.GetEnvironmentVariable(AutoVerifyVariable));

    private static string SnapshotDirectory(string sourceFile)
    {
        // A deterministic CI build may map source paths to "/_/"; those are relative to the repository root.
        if (sourceFile.StartsWith("/_/", StringComparison.Ordinal))
        {
            sourceFile = RepoPaths.Combine(sourceFile[3..]);
        }

        return Path.Combine(Path.GetDirectoryName(sourceFile)!, "Snapshots");
    }
}

/// <summary>A snapshot did not match; the message says where the received file is and shows the diff.</summary>
public sealed class SnapshotMismatchException(string message) : XunitException(message);
