using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using StageGen.Packaging.Tests.Infrastructure;
using Xunit;

namespace StageGen.Packaging.Tests;

/// <summary>What <c>dotnet pack</c> put in the two packages: the files, the metadata and deterministic assemblies.</summary>
[Collection(PackagedStageGenCollection.Name)]
public sealed class PackageContentsTests
{
    private readonly PackagedStageGen _packages;

    public PackageContentsTests(PackagedStageGen packages) => _packages = packages;

    [Fact]
    public void StageGen_holds_the_analyzer_with_YamlDotNet_and_the_build_files_and_nothing_to_compile_against()
    {
        using ZipArchive package = ZipFile.OpenRead(_packages.StageGenPackage);

        Assert.Equal(
            new[]
            {
                "PACKAGE.md",
                "analyzers/dotnet/cs/StageGen.Generator.dll",
                "analyzers/dotnet/cs/YamlDotNet.dll",
                "build/StageGen.ApiSpec.xml",
                "build/StageGen.props",
                "build/StageGen.targets",
                "buildTransitive/StageGen.ApiSpec.xml",
                "buildTransitive/StageGen.props",
                "buildTransitive/StageGen.targets",
            },
            ContentFiles(package));
        foreach (string folder in new[] { "build", "buildTransitive" })
        {
            foreach (string file in new[] { "StageGen.props", "StageGen.targets", "StageGen.ApiSpec.xml" })
            {
                Assert.Equal(File.ReadAllText(RepoPaths.Combine($"generator/build/{file}")), ReadText(package, $"{folder}/{file}"));
            }
        }
        AssertDeterministic(package, "analyzers/dotnet/cs/StageGen.Generator.dll", "StageGen.Generator");
    }

    [Fact]
    public void StageGen_metadata_names_the_license_readme_repository_and_its_one_dependency_StageGen_Runtime()
    {
        using ZipArchive package = ZipFile.OpenRead(_packages.StageGenPackage);
        XElement metadata = Metadata(package, "StageGen.nuspec");

        AssertCommonMetadata(metadata, "StageGen");
        Assert.Contains("source-generator", Value(metadata, "tags").Split(' '));
        Assert.NotEqual("true", metadata.Element(metadata.Name.Namespace + "developmentDependency")?.Value);
        // One dependency, on the runtime of the same version; not YamlDotNet, not Roslyn.
        var dependencies = metadata.Descendants(metadata.Name.Namespace + "dependency")
            .Select(d => $"{d.Attribute("id")?.Value} {d.Attribute("version")?.Value}")
            .ToList();
        Assert.Equal(new[] { $"StageGen.Runtime {_packages.Version}" }, dependencies);
    }

    [Fact]
    public void StageGen_Runtime_holds_the_library_with_its_documentation()
    {
        using ZipArchive package = ZipFile.OpenRead(_packages.RuntimePackage);

        Assert.Equal(
            new[] { "PACKAGE.md", "lib/net8.0/StageGen.Runtime.dll", "lib/net8.0/StageGen.Runtime.xml" },
            ContentFiles(package));
        XElement metadata = Metadata(package, "StageGen.Runtime.nuspec");
        AssertCommonMetadata(metadata, "StageGen.Runtime");
        Assert.Empty(metadata.Descendants(metadata.Name.Namespace + "dependency"));
        AssertDeterministic(package, "lib/net8.0/StageGen.Runtime.dll", "StageGen.Runtime");
    }

    private void AssertCommonMetadata(XElement metadata, string id)
    {
        Assert.Equal(id, Value(metadata, "id"));
        Assert.Equal(_packages.Version, Value(metadata, "version"));
        XElement license = metadata.Element(metadata.Name.Namespace + "license")!;
        Assert.Equal("expression", license.Attribute("type")?.Value);
        Assert.Equal("MIT", license.Value);
        Assert.Equal("PACKAGE.md", Value(metadata, "readme"));
        Assert.True(Value(metadata, "description").Length > 80, "The description says what the package is.");
        Assert.Contains("openapi", Value(metadata, "tags").Split(' '));
        Assert.False(string.IsNullOrEmpty(Value(metadata, "authors")));
        XElement repository = metadata.Element(metadata.Name.Namespace + "repository")!;
        Assert.Equal("git", repository.Attribute("type")?.Value);
        Assert.StartsWith("https://", repository.Attribute("url")?.Value);
    }

    /// <summary>
    /// A deterministic build (a <c>Reproducible</c> debug entry: timestamp and ids are content hashes) with the CI path
    /// mapping: the assembly and the PDB built with it name files as <c>/_/...</c>, not by the machine's folders.
    /// </summary>
    private void AssertDeterministic(ZipArchive package, string entry, string project)
    {
        using var image = new MemoryStream();
        using (Stream stream = package.GetEntry(entry)!.Open())
        {
            stream.CopyTo(image);
        }
        image.Position = 0;
        using var pe = new PEReader(image);
        var debug = pe.ReadDebugDirectory();
        Assert.Contains(debug, d => d.Type == DebugDirectoryEntryType.Reproducible);
        CodeViewDebugDirectoryData codeView = pe.ReadCodeViewDebugDirectoryData(debug.First(d => d.Type == DebugDirectoryEntryType.CodeView));
        Assert.StartsWith("/_/", codeView.Path.Replace('\\', '/'));

        string pdb = Path.Combine(_packages.Artifacts, "bin", project, "release", Path.ChangeExtension(Path.GetFileName(entry), ".pdb"));
        using FileStream pdbStream = File.OpenRead(pdb);
        using MetadataReaderProvider provider = MetadataReaderProvider.FromPortablePdbStream(pdbStream);
        MetadataReader reader = provider.GetMetadataReader();
        var documents = reader.Documents.Select(d => reader.GetString(reader.GetDocument(d).Name)).ToList();
        Assert.NotEmpty(documents);
        Assert.All(documents, name => Assert.StartsWith("/_/", name));
    }

    /// <summary>The package's own files: everything but the OPC parts NuGet adds and the nuspec.</summary>
    private static IEnumerable<string> ContentFiles(ZipArchive package) => package.Entries
        .Select(e => e.FullName)
        .Where(name => !name.StartsWith("_rels/", StringComparison.Ordinal)
            && !name.StartsWith("package/", StringComparison.Ordinal)
            && name != "[Content_Types].xml"
            && !name.EndsWith(".nuspec", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal);

    private static XElement Metadata(ZipArchive package, string nuspec)
    {
        XDocument document = XDocument.Parse(ReadText(package, nuspec));
        return document.Root!.Element(document.Root.Name.Namespace + "metadata")!;
    }

    private static string Value(XElement metadata, string name) => metadata.Element(metadata.Name.Namespace + name)?.Value ?? "";

    private static string ReadText(ZipArchive package, string entry)
    {
        using var reader = new StreamReader(package.GetEntry(entry)!.Open());
        return reader.ReadToEnd();
    }
}
