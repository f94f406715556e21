using System;
using System.Linq;
using StageGen.Generator.Tests.Infrastructure;
using Xunit;

namespace StageGen.Generator.Tests;

/// <summary>
/// A client method's name: <c>x-stagegen-name</c>, else the <c>operationId</c>, else the HTTP method and the path
/// (CircleCI's and Linode's documents leave <c>operationId</c> out), each from the operation alone.
/// </summary>
public sealed class OperationNameTests
{
    private const string Spec = """
        openapi: 3.1.0
        info: {title: Api, version: '1'}
        paths:
          /:
            get: {responses: {'204': {description: Root}}}
          /me:
            get: {responses: {'204': {description: Me}}}
          /2.0/users:
            get: {responses: {'204': {description: Users}}}
          /project/{username}/{project}/envvar:
            parameters:
              - {name: username, in: path, required: true, schema: {type: string}}
              - {name: project, in: path, required: true, schema: {type: string}}
            get: {responses: {'204': {description: Variables}}}
            post:
              x-stagegen-name: addEnvironmentVariable
              operationId: createEnvVar
              responses: {'204': {description: Added}}
          /project/{username}/{project}/envvar/{name}:
            parameters:
              - {name: username, in: path, required: true, schema: {type: string}}
              - {name: project, in: path, required: true, schema: {type: string}}
              - {name: name, in: path, required: true, schema: {type: string}}
            delete: {responses: {'204': {description: Removed}}}
        """;

    [Fact]
    public void Operations_are_named_by_x_stagegen_name_then_operationId_then_method_and_path()
    {
        var run = GeneratorHarness.Run([new SpecFile("/specs/api.yaml", Spec, "Test.Api", "Api")], ConsumerFramework.Net100);

        Assert.True(run.GeneratorWarningsAndErrors.IsEmpty, GeneratorHarness.Format(run.GeneratorWarningsAndErrors));
        Assert.True(run.CompilationDiagnostics.IsEmpty, GeneratorHarness.Format(run.CompilationDiagnostics));
        var client = run.Sources.Single(s => s.Key.EndsWith(".Client.g.cs", StringComparison.Ordinal)).Value;
        foreach (var method in new[]
        {
            "GetAsync(", "GetMeAsync(", "Get20UsersAsync(", "GetProjectByUsernameByProjectEnvvarAsync(string username, string project,",
            "AddEnvironmentVariableAsync(string username, string project,", "DeleteProjectByUsernameByProjectEnvvarByNameAsync(string username, string project, string name,",
        })
        {
            Assert.Contains(method, client);
        }

        // The runtime names the operation by its operationId where it has one, else by its method's name.
        Assert.Contains("Service, \"createEnvVar\"", client);
        Assert.Contains("Service, \"GetMe\"", client);
    }

    [Fact]
    public void A_derived_name_that_meets_an_operationId_is_numbered_by_the_names_alone()
    {
        var yaml = Spec.Replace("  /me:\n    get: {responses:", "  /me:\n    get: {operationId: get, responses:");

        var run = GeneratorHarness.Run([new SpecFile("/specs/api.yaml", yaml, "Test.Api", "Api")], ConsumerFramework.Net100);

        // 'GET /' sorts before 'get' (ordinally), so the path keeps 'Get' and the operationId takes 'Get2'.
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "SG1009");
        var client = run.Sources.Single(s => s.Key.EndsWith(".Client.g.cs", StringComparison.Ordinal)).Value;
        Assert.Contains("GetAsync(", client);
        Assert.Contains("Get2Async(", client);
        Assert.Contains("Service, \"get\"", client);
    }
}
