using System.IO;
using System.Linq;
using System.Runtime.Loader;
using System.Text;
using StageGen.Generator.Tests.Infrastructure;
using StageGen.Runtime;
using Xunit;

namespace StageGen.Generator.Tests;

/// <summary>
/// Error bodies match member names ignoring ASCII case (services send <c>message</c> and <c>Message</c>), except where
/// an error schema has two members that differ only in case (<c>errorCode</c>, <c>errorcode</c>): each matches its own
/// spelling.
/// </summary>
public sealed class ErrorBodyMatchingTests
{
    private const string Spec = """
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
                message: {type: string}
                errorCode: {type: string}
                errorcode: {type: string}
                reason: {type: string}
        """;

    [Theory]
    [InlineData("""{"Message":"m","errorcode":"lower","errorCode":"camel","REASON":"r"}""")]
    [InlineData("""{"errorCode":"camel","errorcode":"lower","reason":"r","MESSAGE":"m"}""")]
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
            Assert.Equal("camel", conflict.GetProperty("ErrorCode")!.GetValue(exception));
            Assert.Equal("lower", conflict.GetProperty("Errorcode")!.GetValue(exception));
            Assert.Equal("r", conflict.GetProperty("Reason")!.GetValue(exception));
        }
        finally
        {
            context.Unload();
        }
    }
}
