using System;
using System.IO;

namespace StageGen.Packaging.Tests.Infrastructure;

/// <summary>Locates files in the repository: the projects to pack and the specs a new user would copy.</summary>
public static class RepoPaths
{
    /// <summary>The folder holding <c>StageGen.sln</c>, found by walking up from the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>An absolute path for a repository-relative one written with <c>/</c>.</summary>
    public static string Combine(string relativePath) =>
        Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "StageGen.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No StageGen.sln above {AppContext.BaseDirectory}.");
    }
}
