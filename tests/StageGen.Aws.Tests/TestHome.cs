using System;
using System.IO;
using System.Runtime.CompilerServices;

namespace StageGen.Aws.Tests;

/// <summary>
/// The test process's HOME: an empty temporary folder, set before any test runs, so no test reads the machine's real
/// ~/.aws, and AWSSDK.Core (which takes its default file locations from HOME once per process) sees the folder the
/// credential tests write into.
/// </summary>
internal static class TestHome
{
    public static string Path { get; private set; } = "";

    [ModuleInitializer]
    internal static void Initialize()
    {
        Path = Directory.CreateTempSubdirectory("stagegen-aws-home-").FullName;
        Environment.SetEnvironmentVariable("HOME", Path);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // Left in the temporary folder.
            }
        };
    }
}
