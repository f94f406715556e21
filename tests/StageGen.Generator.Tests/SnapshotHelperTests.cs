using System;
using System.Collections.Generic;
using System.IO;
using StageGen.Generator.Tests.Infrastructure;
using Xunit;

namespace StageGen.Generator.Tests;

/// <summary>The snapshot helper must be able to fail; each test works in its own temporary folder.</summary>
public sealed class SnapshotHelperTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "stagegen-snapshot-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private string Verified(string name) => Path.Combine(_dir, name + ".verified.cs");

    private string Received(string name) => Path.Combine(_dir, name + ".received.cs");

    [Fact]
    public void Missing_verified_file_fails_and_writes_received()
    {
        var error = Assert.Throws<SnapshotMismatchException>(() => Snapshot.VerifyIn(_dir, "class A {}\n", "a", autoVerify: false));

        Assert.Contains("no verified snapshot", error.Message);
        Assert.Equal("class A {}\n", File.ReadAllText(Received("a")));
        Assert.False(File.Exists(Verified("a")));
    }

    [Fact]
    public void Mismatch_fails_with_a_unified_diff_and_writes_received()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Verified("a"), "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n");

        var error = Assert.Throws<SnapshotMismatchException>(() =>
            Snapshot.VerifyIn(_dir, "1\n2\n3\n4\n5\nsix\n7\n8\n9\n10\n", "a", autoVerify: false));

        Assert.Contains("@@ -3,7 +3,7 @@\n 3\n 4\n 5\n-6\n+six\n 7\n 8\n 9\n", error.Message);
        Assert.Contains(Received("a"), error.Message);
        Assert.Equal("1\n2\n3\n4\n5\nsix\n7\n8\n9\n10\n", File.ReadAllText(Received("a")));
    }

    [Fact]
    public void Match_ignores_line_endings_and_deletes_a_stale_received_file()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Verified("a"), "x\r\ny\r\n");
        File.WriteAllText(Received("a"), "old");

        Snapshot.VerifyIn(_dir, "x\ny\n", "a", autoVerify: false);

        Assert.False(File.Exists(Received("a")));
    }

    [Fact]
    public void Auto_verify_accepts_the_received_text()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Verified("a"), "old\n");
        File.WriteAllText(Received("a"), "old received\n");

        Snapshot.VerifyIn(_dir, "new\r\n", "a", autoVerify: true);

        Assert.Equal("new\n", File.ReadAllText(Verified("a")));
        Assert.False(File.Exists(Received("a")));
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("true", true)]
    [InlineData(" TRUE ", true)]
    [InlineData("0", false)]
    [InlineData("false", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Auto_verify_reads_the_environment_value(string? value, bool expected) =>
        Assert.Equal(expected, Snapshot.IsAutoVerify(value));

    [Fact]
    public void A_set_reports_every_mismatch_and_a_verified_file_no_longer_produced()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Verified("spec.Same"), "same\n");
        File.WriteAllText(Verified("spec.Changed"), "before\n");
        File.WriteAllText(Verified("spec.Removed"), "gone\n");
        File.WriteAllText(Verified("other.Untouched"), "not this set\n");
        var actual = new Dictionary<string, string> { ["Same"] = "same\n", ["Changed"] = "after\n", ["Added"] = "new\n" };

        var error = Assert.Throws<SnapshotMismatchException>(() => Snapshot.VerifyAllIn(_dir, actual, "spec", autoVerify: false));

        Assert.Contains("3 snapshot problem(s)", error.Message);
        Assert.Contains("spec.Added: no verified snapshot", error.Message);
        Assert.Contains("-before\n+after\n", error.Message);
        Assert.Contains("spec.Removed.verified.cs: verified, but nothing of that name was produced", error.Message);
        Assert.True(File.Exists(Received("spec.Added")));
        Assert.True(File.Exists(Received("spec.Changed")));
        Assert.False(File.Exists(Received("spec.Same")));
    }

    [Fact]
    public void A_set_auto_verified_writes_new_files_and_deletes_removed_ones()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Verified("spec.Removed"), "gone\n");
        File.WriteAllText(Verified("other.Untouched"), "not this set\n");

        Snapshot.VerifyAllIn(_dir, new Dictionary<string, string> { ["Added"] = "new\n" }, "spec", autoVerify: true);

        Assert.Equal("new\n", File.ReadAllText(Verified("spec.Added")));
        Assert.False(File.Exists(Verified("spec.Removed")));
        Assert.True(File.Exists(Verified("other.Untouched")));
    }

    [Fact]
    public void Diff_has_hunk_headers_with_line_numbers_and_three_lines_of_context()
    {
        var verified = string.Join("\n", Numbers(1, 20)) + "\n";
        var received = verified.Replace("\n2\n", "\n2\ntwo and a half\n").Replace("\n18\n", "\n");

        var diff = Snapshot.UnifiedDiff(verified, received);

        // Two changes 15 lines apart make two hunks.
        Assert.Equal(
            "@@ -1,5 +1,6 @@\n 1\n 2\n+two and a half\n 3\n 4\n 5\n" +
            "@@ -15,7 +16,6 @@\n 15\n 16\n 17\n-18\n 19\n 20\n \n",
            diff);
    }

    private static IEnumerable<string> Numbers(int from, int to)
    {
        for (var i = from; i <= to; i++) yield return i.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
