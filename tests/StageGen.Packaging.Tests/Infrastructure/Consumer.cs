using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace StageGen.Packaging.Tests.Infrastructure;

/// <summary>A console project in a temporary folder that references the StageGen package, edited as a user would.</summary>
public sealed class Consumer
{
    private readonly PackagedStageGen _packages;

    internal Consumer(string directory, PackagedStageGen packages)
    {
        Directory = directory;
        _packages = packages;
    }

    /// <summary>The project folder (its project is <c>Consumer.csproj</c>, so the root namespace is <c>Consumer</c>).</summary>
    public string Directory { get; }

    public string ProjectFile => Path.Combine(Directory, "Consumer.csproj");

    /// <summary>An absolute path for a path relative to the project folder, written with <c>/</c>.</summary>
    public string PathOf(string relativePath) =>
        Path.GetFullPath(Path.Combine(Directory, relativePath.Replace('/', Path.DirectorySeparatorChar)));

    public void WriteFile(string relativePath, string text)
    {
        string path = PathOf(relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    public string ReadFile(string relativePath) => File.ReadAllText(PathOf(relativePath));

    /// <summary>Copies a file of this repository (e.g. <c>spec/stage.yaml</c>) to a path relative to the project folder.</summary>
    public void CopyFromRepository(string repositoryPath, string relativePath) =>
        WriteFile(relativePath, File.ReadAllText(RepoPaths.Combine(repositoryPath)));

    /// <summary>Adds one <c>&lt;ItemGroup&gt;</c> with the given lines at the end of the project, as one types it in.</summary>
    public void AddItems(params string[] items)
    {
        string project = File.ReadAllText(ProjectFile);
        int end = project.LastIndexOf("</Project>", StringComparison.Ordinal);
        Assert.True(end >= 0, project);
        string group = "  <ItemGroup>\n" + string.Concat(Array.ConvertAll(items, item => "    " + item + "\n")) + "  </ItemGroup>\n\n";
        File.WriteAllText(ProjectFile, project[..end] + group + project[end..]);
    }

    /// <summary>Replaces text in the project file; the text must be there.</summary>
    public void EditProject(string oldText, string newText) => EditFile(Path.GetFileName(ProjectFile), oldText, newText);

    /// <summary>Replaces text in a file; the text must be there.</summary>
    public void EditFile(string relativePath, string oldText, string newText)
    {
        string text = ReadFile(relativePath);
        Assert.Contains(oldText, text);
        WriteFile(relativePath, text.Replace(oldText, newText, StringComparison.Ordinal));
    }

    /// <summary><c>dotnet args...</c> in the project folder, with the consumers' isolated NuGet packages folder.</summary>
    public Task<CommandResult> DotNetAsync(params string[] args) =>
        DotNetCli.RunAsync(Directory, _packages.ConsumerEnvironment, PackagedStageGen.CommandTimeout, args);

    public Task<CommandResult> BuildAsync() => DotNetAsync("build");

    /// <summary><c>dotnet run</c> of what the last build produced, with the given program arguments.</summary>
    public Task<CommandResult> RunAsync(params string[] programArgs) =>
        DotNetAsync(["run", "--no-build", "--", .. programArgs]);

    /// <summary><c>dotnet run</c> with environment variables of its own, as a user's shell would set them.</summary>
    public Task<CommandResult> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] programArgs) =>
        DotNetCli.RunAsync(Directory, _packages.ConsumerEnvironment.Concat(environment).ToDictionary(p => p.Key, p => p.Value),
            PackagedStageGen.CommandTimeout, ["run", "--no-build", "--", .. programArgs]);
}
