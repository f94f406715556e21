using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using StageGen.Runtime;
using Xunit;

namespace StageGen.Fuzz.Tests;

/// <summary>
/// StageGen.Runtime is marked AOT-compatible (<c>IsAotCompatible</c>: the trimming, AOT and single-file analyzers run on
/// every build and, with TreatWarningsAsErrors, any warning fails it) and says so in its metadata, so trimming keeps
/// analyzing it. The native AOT publish of the sample with zero IL2xxx/IL3xxx warnings runs in .ci/run.
/// </summary>
public sealed class TrimmingTests
{
    [Fact]
    public void The_runtime_is_marked_trimmable()
    {
        var metadata = typeof(ApiException).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value);

        Assert.Equal("True", metadata.GetValueOrDefault("IsTrimmable"));
    }
}
