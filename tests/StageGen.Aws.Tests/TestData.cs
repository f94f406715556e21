using System;
using System.IO;

namespace StageGen.Aws.Tests;

/// <summary>The files under TestData/ (copied beside the test assembly).</summary>
internal static class TestData
{
    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "TestData");

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    public static string Read(string relative) => File.ReadAllText(PathOf(relative));
}
