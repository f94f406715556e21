using System.IO;
using System.Linq;
using System.Runtime.Loader;
using System.Text;
using StageGen.Generator.Tests.Infrastructure;
using StageGen.Runtime;
using StageGen.Runtime.CompilerServices;
using Xunit;

namespace StageGen.Generator.Tests;

/// <summary>
/// Error bodies match member names ignoring ASCII case (services send <c>message</c> and <c>Message</c>), except where
/// an error schema has two members that differ only in case (<c>detailCode</c>, <c>detailcode</c>): each matches its own
/// spelling.
/// </summary>
public sealed class ErrorBodyMatchingTests
{
    private static readonly string Spec = ConflictSpec("message", "detailCode", "detailcode", "reason");

    /// <summary>A spec whose 409 answers with a <c>Conflict</c> error schema of string members named <paramref name="members"/>.</summary>
    internal static string ConflictSpec(params string[] members) => """
        openapi: 3.1.0
        info: {title: Items, version: '1'}
        paths:
          /items:
            get:
              operationId: listItems
              responses:
                '204': {description: Nothing}
                '409':
                  description: Conflict
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Conflict'}
        components:
          schemas:
            Conflict:
              type: object
              properties:

        """ + string.Concat(members.Select(member => $"        {member}: {{type: string}}\n"));

    [Theory]
    [InlineData("""{"Message":"m","detailcode":"lower","detailCode":"camel","REASON":"r"}""")]
    [InlineData("""{"detailCode":"camel","detailcode":"lower","reason":"r","MESSAGE":"m"}""")]
    public void Members_that_differ_only_in_case_each_match_their_own_spelling_and_others_ignore_case(string body)
    {
        var run = GeneratorHarness.Run([new SpecFile("/specs/items.yaml", Spec)]);
        Assert.True(run.GeneratorDiagnostics.IsEmpty, GeneratorHarness.Format(run.GeneratorDiagnostics));
        Assert.True(run.CompilationDiagnostics.IsEmpty, GeneratorHarness.Format(run.CompilationDiagnostics));
        using var assembly = new MemoryStream();
        Assert.True(run.OutputCompilation.Emit(assembly).Success);
        var context = new AssemblyLoadContext("error-body-matching", isCollectible: true);
        try
        {
            assembly.Position = 0;
            var conflict = context.LoadFromStream(assembly).GetTypes().Single(t => t.Name == "ConflictException");
            var error = new ApiErrorBody(new ApiResponseInfo(409, "Conflict"), Encoding.UTF8.GetBytes(body), isJson: true);

            var exception = (ApiException)conflict.GetMethod("FromResponse")!.Invoke(null, [error, "listItems"])!;

            Assert.Equal("m", exception.Message);
            Assert.Equal("camel", conflict.GetProperty("DetailCode")!.GetValue(exception));
            Assert.Equal("lower", conflict.GetProperty("Detailcode")!.GetValue(exception));
            Assert.Equal("r", conflict.GetProperty("Reason")!.GetValue(exception));
        }
        finally
        {
            context.Unload();
        }
    }
}

/// <summary>
/// Every member a generated exception inherits (from <see cref="System.Exception"/> and the runtime's
/// <see cref="ApiException"/>, read by reflection so a member the runtime adds is covered the day it is added) can
/// also be a field of an error schema: the field is renamed, never hides the inherited member.
/// </summary>
public sealed class InheritedExceptionMemberTests
{
    [Fact]
    public void Error_schema_fields_named_like_inherited_members_compile_clean()
    {
        var inherited = typeof(ApiException)
            .GetMembers(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.FlattenHierarchy)
            .Where(member => member is System.Reflection.MethodBase { IsPublic: true } or System.Reflection.MethodBase { IsFamily: true } or System.Reflection.PropertyInfo or System.Reflection.FieldInfo { IsPublic: true } or System.Reflection.FieldInfo { IsFamily: true })
            .Where(member => member is not System.Reflection.ConstructorInfo && !(member is System.Reflection.MethodBase { IsSpecialName: true }))
            .Select(member => member.Name)
            .Distinct()
            .OrderBy(name => name, System.StringComparer.Ordinal)
            .ToList();
        Assert.Contains("ServiceMessage", inherited);
        Assert.Contains("ErrorCode", inherited);

        // Each name as the schema spells it in camelCase, as a JSON member usually is.
        var yaml = ErrorBodyMatchingTests.ConflictSpec(inherited.Select(name => char.ToLowerInvariant(name[0]) + name.Substring(1)).ToArray());

        var run = GeneratorHarness.Run(new[] { new SpecFile("/specs/items.yaml", yaml, "TestApp", "Items") }, ConsumerFramework.Net100);

        Assert.True(run.GeneratorWarningsAndErrors.IsEmpty, GeneratorHarness.Format(run.GeneratorWarningsAndErrors));
        Assert.True(run.CompilationDiagnostics.IsEmpty, string.Join(", ", inherited) + "\n" + GeneratorHarness.Format(run.CompilationDiagnostics));
    }
}
