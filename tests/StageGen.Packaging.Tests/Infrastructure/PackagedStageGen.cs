using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using Xunit;

namespace StageGen.Packaging.Tests.Infrastructure;

/// <summary>
/// Shared by the packaging tests, built once: both packages packed with a unique version into a temporary folder feed,
/// and a template consumer made the way a new user makes one (<c>dotnet new console</c>, <c>dotnet new nugetconfig</c>
/// with nuget.org, <c>dotnet nuget add source</c> for the feed, <c>dotnet add package StageGen</c>). Each test copies the template and goes on from there.
/// Consumers restore into their own <c>NUGET_PACKAGES</c> folder: NuGet never re-extracts a version it has cached, and
/// the user's cache must neither feed nor keep these packages.
/// </summary>
public sealed class PackagedStageGen : IAsyncLifetime
{
    public static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(3);

    public PackagedStageGen()
    {
        // A unique version per run; "r" keeps the last identifier alphanumeric (SemVer forbids leading zeros in numbers).
        Version = $"0.0.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.r{Guid.NewGuid():N}"[..40];
        string id = Guid.NewGuid().ToString("N")[..12];
        Root = Path.Combine(Path.GetTempPath(), "stagegen-packaging-" + id);
        Feed = Path.Combine(Root, "feed");
        Packages = Path.Combine(Root, "packages");
        // Inside the checkout (artifacts/ is git-ignored), so the CI path mapping covers the generated obj/ files too.
        Artifacts = RepoPaths.Combine("artifacts/packaging-tests/" + id);
        ConsumerEnvironment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Packages };
    }

    /// <summary>The version both packages were packed with.</summary>
    public string Version { get; }

    /// <summary>The temporary folder holding the feed, the packages folder and every consumer.</summary>
    public string Root { get; }

    /// <summary>The folder feed with <c>StageGen.{Version}.nupkg</c> and <c>StageGen.Runtime.{Version}.nupkg</c>.</summary>
    public string Feed { get; }

    /// <summary>The packed projects' build output (<c>dotnet pack --artifacts-path</c>): bin/PROJECT/release/, obj/PROJECT/.</summary>
    public string Artifacts { get; }

    /// <summary>The consumers' <c>NUGET_PACKAGES</c>.</summary>
    public string Packages { get; }

    public IReadOnlyDictionary<string, string> ConsumerEnvironment { get; }

    public string StageGenPackage => Path.Combine(Feed, $"StageGen.{Version}.nupkg");

    public string RuntimePackage => Path.Combine(Feed, $"StageGen.Runtime.{Version}.nupkg");

    /// <summary>How long packing both packages took, and making the template consumer.</summary>
    public TimeSpan PackTime { get; private set; }

    public TimeSpan TemplateTime { get; private set; }

    private string Template => Path.Combine(Root, "template", "Consumer");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        var stopwatch = Stopwatch.StartNew();
        // Packing is the maintainer's side: built from this checkout in Release, with the CI path mapping, into a folder
        // of its own (not the projects' bin/ and obj/, which the other test projects are using).
        foreach (string project in new[] { "generator/package/StageGen.csproj", "runtime/StageGen.Runtime.csproj", "aws/StageGen.Aws.csproj" })
        {
            CommandResult pack = await DotNetCli.RunAsync(RepoPaths.Root, null, PackTimeout,
                "pack", RepoPaths.Combine(project), "-c", "Release", "--artifacts-path", Artifacts, "-o", Feed,
                $"-p:Version={Version}", "-p:ContinuousIntegrationBuild=true");
            Assert.True(pack.Succeeded, pack.Describe());
        }
        Assert.True(File.Exists(StageGenPackage), $"No {StageGenPackage}.");
        Assert.True(File.Exists(RuntimePackage), $"No {RuntimePackage}.");
        PackTime = stopwatch.Elapsed;

        // The template consumer: the first three steps of the README's "Getting started".
        stopwatch.Restart();
        Directory.CreateDirectory(Template);
        CommandResult created = await DotNetCli.RunAsync(Template, ConsumerEnvironment, CommandTimeout, "new", "console");
        Assert.True(created.Succeeded, created.Describe());
        // A nuget.config with nuget.org only (<clear /> drops the machine's other sources), then the folder feed.
        CommandResult config = await DotNetCli.RunAsync(Template, ConsumerEnvironment, CommandTimeout, "new", "nugetconfig");
        Assert.True(config.Succeeded, config.Describe());
        CommandResult source = await DotNetCli.RunAsync(Template, ConsumerEnvironment, CommandTimeout,
            "nuget", "add", "source", Feed, "--name", "stagegen", "--configfile", "nuget.config");
        Assert.True(source.Succeeded, source.Describe());
        string nugetConfig = File.ReadAllText(Path.Combine(Template, "nuget.config"));
        Assert.Contains("<clear />", nugetConfig);
        Assert.Contains("https://api.nuget.org/v3/index.json", nugetConfig);
        Assert.Contains(Feed, nugetConfig);
        CommandResult added = await DotNetCli.RunAsync(Template, ConsumerEnvironment, CommandTimeout,
            "add", "package", "StageGen", "--version", Version);
        Assert.True(added.Succeeded, added.Describe());
        TemplateTime = stopwatch.Elapsed;
    }

    /// <summary>A fresh copy of the template consumer (without bin/ and obj/) in its own folder under <see cref="Root"/>.</summary>
    public Consumer NewConsumer(string name)
    {
        string directory = Path.Combine(Root, name, "Consumer");
        Copy(Template, directory);
        return new Consumer(directory, this);
    }

    public Task DisposeAsync()
    {
        if (Environment.GetEnvironmentVariable("STAGEGEN_KEEP_PACKAGING_TEMP") != "1")
        {
            DeleteQuietly(Root);
            DeleteQuietly(Artifacts);
            // artifacts/packaging-tests/ and artifacts/ too, when nothing else is in them.
            for (string? parent = Path.GetDirectoryName(Artifacts); parent is not null && parent.Length > RepoPaths.Root.Length; parent = Path.GetDirectoryName(parent))
            {
                if (!Directory.Exists(parent) || Directory.GetFileSystemEntries(parent).Length > 0)
                {
                    break;
                }
                DeleteQuietly(parent);
            }
        }
        return Task.CompletedTask;
    }

    private static void DeleteQuietly(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a file still open somewhere must not fail the run.
        }
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
        foreach (string directory in Directory.GetDirectories(from))
        {
            string name = Path.GetFileName(directory);
            if (name is not ("bin" or "obj"))
            {
                Copy(directory, Path.Combine(to, name));
            }
        }
    }
}

/// <summary>The tests that share one <see cref="PackagedStageGen"/>: packed once, and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class PackagedStageGenCollection : ICollectionFixture<PackagedStageGen>
{
    public const string Name = "Packaged StageGen";
}
