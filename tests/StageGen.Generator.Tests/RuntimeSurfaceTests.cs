using System;
using System.ComponentModel;
using System.Linq;
using System.Reflection;
using StageGen.Runtime;
using Xunit;

namespace StageGen.Generator.Tests;

/// <summary>
/// The runtime's namespace holds what users of a generated client handle; the helpers generated code calls are public
/// only so that it can call them, and live apart, hidden from IntelliSense.
/// </summary>
public sealed class RuntimeSurfaceTests
{
    private static readonly string[] UserTypes =
    [
        "ApiClientOptions", "ApiException", "ApiFile", "ApiHttpClient", "ApiResponseFormatException", "ApiResponseInfo", "ApiResponse`1", "ApiResponse`2",
        "ApiValidationException", "EmptyString", "Optional`1", "ValidationError", "ValidationResult",
    ];

    [Fact]
    public void Users_see_their_types_and_the_helpers_for_generated_code_are_hidden_in_their_own_namespace()
    {
        var exported = typeof(ApiException).Assembly.GetExportedTypes();

        Assert.Equal(UserTypes, exported.Where(t => t.Namespace == "StageGen.Runtime").Select(t => t.Name).Order(StringComparer.Ordinal));
        var helpers = exported.Where(t => t.Namespace != "StageGen.Runtime").ToList();
        Assert.Contains(helpers, t => t.Name == "ApiHttp");
        Assert.All(helpers, type =>
        {
            Assert.Equal("StageGen.Runtime.CompilerServices", type.Namespace);
            Assert.Equal(EditorBrowsableState.Never, type.GetCustomAttribute<EditorBrowsableAttribute>()?.State);
        });
    }
}
