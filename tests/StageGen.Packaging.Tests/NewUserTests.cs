using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using StageGen.Emulator;
using StageGen.Packaging.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace StageGen.Packaging.Tests;

/// <summary>
/// The README's "Getting started", done by a new user in an empty folder: the packed StageGen package from a folder
/// feed, one <c>&lt;ApiSpec&gt;</c> item, <c>dotnet build</c>, <c>dotnet run</c>. Every command is the real CLI in a
/// child process; the programs call the Stage emulator this test hosts on 127.0.0.1.
/// </summary>
[Collection(PackagedStageGenCollection.Name)]
public sealed class NewUserTests
{
    private const string ApiSpecLine = """<ApiSpec Include="spec/stage.yaml" Namespace="Contoso.Gateway" ClientName="Stage" />""";

    /// <summary>What a user writes first: the generated client's three operations, its validators and a typed error.</summary>
    private const string StageProgram = """
        using Contoso.Gateway;
        using StageGen.Runtime;

        using var http = new HttpClient { BaseAddress = new Uri(args[0]) };
        IStageClient client = new StageClient(http);

        Stage stage = await client.GetStageAsync("a1b2c3", "prod");
        Console.WriteLine($"GetStage: {stage.StageName}, \"{stage.Description}\", deployment {stage.DeploymentId}");

        try
        {
            await client.UpdateStageAsync("a1b2c3", "not a stage name", new UpdateStageInput { Description = "x" });
            return 1;
        }
        catch (ApiValidationException e)
        {
            Console.WriteLine($"UpdateStage refused before sending: {e.Errors[0].Path}");
        }

        try
        {
            await client.DeleteStageAsync("a1b2c3", "missing");
            return 2;
        }
        catch (NotFoundException e)
        {
            Console.WriteLine($"DeleteStage missing: {e.StatusCode} {e.GetType().Name}");
        }
        return 0;
        """;

    private const string StageNameProperty = "        stageName:\n          type: string\n          description: The name of the stage.\n";

    private const string OwnerProperty = "        owner:\n          type: string\n          description: Who owns the stage.\n";

    private const string GetStagesPath = """
          /v2/apis/{apiId}/stages:
            parameters:
              - $ref: '#/components/parameters/ApiId'
            get:
              operationId: GetStages
              summary: Lists the stages of an API.
              responses:
                '200':
                  description: Success
                  content:
                    application/json:
                      schema:
                        type: array
                        items:
                          $ref: '#/components/schemas/Stage'
                '404':
                  $ref: '#/components/responses/NotFound'

        """;

    private readonly PackagedStageGen _packages;
    private readonly ITestOutputHelper _output;

    public NewUserTests(PackagedStageGen packages, ITestOutputHelper output)
    {
        _packages = packages;
        _output = output;
        _output.WriteLine($"packages {_packages.Version} packed in {_packages.PackTime.TotalSeconds:0.0} s, template consumer in {_packages.TemplateTime.TotalSeconds:0.0} s, under {_packages.Root}");
    }

    [Fact]
    public async Task A_new_console_app_builds_without_warnings_and_its_client_calls_the_service()
    {
        Consumer consumer = NewStageConsumer("getting-started");

        CommandResult build = await BuildAsync(consumer);
        AssertBuiltWithoutWarnings(build);

        await using StageEmulator emulator = await StageEmulator.StartAsync(new EmulatorOptions { SeedDemoData = true });
        CommandResult run = await RunAsync(consumer, emulator.BaseAddress.ToString());
        Assert.True(run.Succeeded, run.Describe());
        Assert.Contains("GetStage: prod, \"Production stage\", deployment dep123", run.Output);
        Assert.Contains("UpdateStage refused before sending: stageName", run.Output);
        Assert.Contains("DeleteStage missing: 404 NotFoundException", run.Output);
        Assert.Equal(
            new[] { "GET /v2/apis/a1b2c3/stages/prod", "DELETE /v2/apis/a1b2c3/stages/missing" },
            emulator.Requests.Snapshot().Select(r => $"{r.Method} {r.RawTarget}"));

        // The package adds an analyzer and StageGen.Runtime, nothing else: neither YamlDotNet nor Roslyn is a compile
        // reference of the consumer.
        using JsonDocument assets = JsonDocument.Parse(consumer.ReadFile("obj/project.assets.json"));
        string[] libraries = assets.RootElement.GetProperty("libraries").EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(new[] { $"StageGen.Runtime/{_packages.Version}", $"StageGen/{_packages.Version}" }, libraries.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_same_consumer_targeting_net8_builds()
    {
        Consumer consumer = NewStageConsumer("net8");
        consumer.EditProject("<TargetFramework>net10.0</TargetFramework>", "<TargetFramework>net8.0</TargetFramework>");

        CommandResult build = await BuildAsync(consumer);
        // NETSDK1138 (a framework past its support date) is the SDK's note about net8.0 itself, not about StageGen.
        AssertBuiltWithoutWarnings(build, except: "NETSDK1138");
        Assert.True(File.Exists(consumer.PathOf("bin/Debug/net8.0/Consumer.dll")), build.Describe());
        Assert.True(File.Exists(consumer.PathOf("bin/Debug/net8.0/StageGen.Runtime.dll")), build.Describe());
    }

    [Fact]
    public async Task Editing_the_spec_regenerates_the_client_on_the_next_build()
    {
        Consumer consumer = NewStageConsumer("edit-regenerate");
        AssertBuiltWithoutWarnings(await BuildAsync(consumer));

        // A new property on Stage and a new operation on a new path.
        consumer.EditFile("spec/stage.yaml", StageNameProperty, StageNameProperty + OwnerProperty);
        consumer.EditFile("spec/stage.yaml", "\npaths:\n", "\npaths:\n" + GetStagesPath);
        consumer.WriteFile("Program.cs", """
            using Contoso.Gateway;

            using var http = new HttpClient { BaseAddress = new Uri(args[0]) };
            IStageClient client = new StageClient(http);

            Stage stage = await client.GetStageAsync("a1b2c3", "prod");
            Console.WriteLine($"owner: {stage.Owner ?? "(none)"}");
            Stage withOwner = stage with { Owner = "payments" };
            Console.WriteLine($"with owner: {withOwner.Owner}");

            try
            {
                var stages = await client.GetStagesAsync("a1b2c3");
                Console.WriteLine($"GetStages: {Enumerable.Count(stages)}");
            }
            catch (NotFoundException e)
            {
                Console.WriteLine($"GetStages: {e.StatusCode} {e.GetType().Name}");
            }
            return 0;
            """);

        CommandResult rebuild = await BuildAsync(consumer);
        AssertBuiltWithoutWarnings(rebuild);

        await using StageEmulator emulator = await StageEmulator.StartAsync(new EmulatorOptions { SeedDemoData = true });
        CommandResult run = await RunAsync(consumer, emulator.BaseAddress.ToString());
        Assert.True(run.Succeeded, run.Describe());
        Assert.Contains("owner: (none)", run.Output);
        Assert.Contains("with owner: payments", run.Output);
        // The emulator serves no list operation: its 404 is the spec's NotFound, so the new operation's typed error.
        Assert.Contains("GetStages: 404 NotFoundException", run.Output);
        Assert.Contains("GET /v2/apis/a1b2c3/stages", emulator.Requests.Snapshot().Select(r => $"{r.Method} {r.RawTarget}"));
    }

    [Fact]
    public async Task A_yaml_syntax_error_fails_the_build_pointing_at_its_line_and_column()
    {
        Consumer consumer = NewStageConsumer("yaml-error");
        // Line 4 of the spec is "  version: '2018-11-29'" inside info; one space of indentation less breaks the mapping.
        consumer.EditFile("spec/stage.yaml", "\n  version: '2018-11-29'\n", "\n version: '2018-11-29'\n");
        Assert.Equal(" version: '2018-11-29'", consumer.ReadFile("spec/stage.yaml").Split('\n')[3]);

        CommandResult build = await BuildAsync(consumer);

        Assert.False(build.Succeeded, build.Describe());
        string expected = Path.Combine("spec", "stage.yaml") + "(4,2): error SG1001: The spec is not valid YAML";
        Assert.True(build.Output.Contains(expected, StringComparison.Ordinal), $"Expected '{expected}' in:\n{build.Describe()}");
        // MSBuild's canonical format: the full path of the YAML file, then the position.
        Assert.Contains(consumer.PathOf("spec/stage.yaml") + "(4,2): error SG1001:", build.Output);
    }

    [Fact]
    public async Task A_consumer_with_its_own_YamlDotNet_version_still_builds_and_generates()
    {
        Consumer consumer = NewStageConsumer("own-yamldotnet");
        CommandResult added = await consumer.DotNetAsync("add", "package", "YamlDotNet", "--version", "13.1.1");
        Assert.True(added.Succeeded, added.Describe());
        consumer.WriteFile("Program.cs", """
            using Contoso.Gateway;
            using YamlDotNet.Serialization;

            using var http = new HttpClient { BaseAddress = new Uri(args[0]) };
            Stage stage = await new StageClient(http).GetStageAsync("a1b2c3", "prod");
            string yaml = new SerializerBuilder().Build().Serialize(new { stage.StageName, stage.DeploymentId });
            Console.Write(yaml);
            Console.WriteLine($"YamlDotNet {typeof(Serializer).Assembly.GetName().Version}");
            return 0;
            """);

        CommandResult build = await BuildAsync(consumer);
        AssertBuiltWithoutWarnings(build);

        await using StageEmulator emulator = await StageEmulator.StartAsync(new EmulatorOptions { SeedDemoData = true });
        CommandResult run = await RunAsync(consumer, emulator.BaseAddress.ToString());
        Assert.True(run.Succeeded, run.Describe());
        Assert.Contains("StageName: prod", run.Output);
        Assert.Contains("DeploymentId: dep123", run.Output);
        Assert.Contains("YamlDotNet 13.", run.Output);
    }

    [Fact]
    public async Task Two_ApiSpec_items_with_different_client_names_both_generate()
    {
        Consumer consumer = NewStageConsumer("two-specs");
        // The second spec lives outside the project folder and takes the project's root namespace (Consumer).
        consumer.CopyFromRepository("tests/specs/inventory.yaml", "../specs/inventory.yaml");
        consumer.AddItems("""<ApiSpec Include="../specs/inventory.yaml" ClientName="Warehouse" />""");
        consumer.EditProject("<Nullable>enable</Nullable>", "<Nullable>enable</Nullable>\n    <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>");
        consumer.WriteFile("Program.cs", """
            using Consumer;
            using Contoso.Gateway;

            using var http = new HttpClient { BaseAddress = new Uri(args[0]) };
            IStageClient stages = new StageClient(http);
            IWarehouseClient warehouse = new WarehouseClient(http);
            Console.WriteLine($"{stages.GetType().FullName} and {warehouse.GetType().FullName}");
            Stage stage = await stages.GetStageAsync("a1b2c3", "prod");
            Console.WriteLine($"GetStage: {stage.StageName}");
            return 0;
            """);

        CommandResult build = await BuildAsync(consumer);
        AssertBuiltWithoutWarnings(build);

        await using StageEmulator emulator = await StageEmulator.StartAsync(new EmulatorOptions { SeedDemoData = true });
        CommandResult run = await RunAsync(consumer, emulator.BaseAddress.ToString());
        Assert.True(run.Succeeded, run.Describe());
        Assert.Contains("Contoso.Gateway.StageClient and Consumer.WarehouseClient", run.Output);
        Assert.Contains("GetStage: prod", run.Output);

        // Where the README says the generated files are, one set per spec.
        foreach (string client in new[] { "Contoso.Gateway.Stage", "Consumer.Warehouse" })
        {
            string file = consumer.PathOf($"obj/Debug/net10.0/generated/StageGen.Generator/StageGen.Generator.ApiSpecGenerator/{client}.Client.g.cs");
            Assert.True(File.Exists(file), $"No {file}.");
        }

        // What the IDE shows: each spec once, as an ApiSpec item (not also as None), the outside one as a linked file.
        CommandResult items = await consumer.DotNetAsync("msbuild", "-getItem:ApiSpec", "-getItem:None");
        Assert.True(items.Succeeded, items.Describe());
        using JsonDocument json = JsonDocument.Parse(items.Output[items.Output.IndexOf('{')..]);
        JsonElement[] specs = json.RootElement.GetProperty("Items").GetProperty("ApiSpec").EnumerateArray().ToArray();
        Assert.Equal(new[] { "spec/stage.yaml", "../specs/inventory.yaml" }, specs.Select(s => s.GetProperty("Identity").GetString()));
        Assert.Equal(new[] { "", "inventory.yaml" }, specs.Select(s => s.TryGetProperty("Link", out JsonElement link) ? link.GetString() : ""));
        Assert.DoesNotContain(json.RootElement.GetProperty("Items").GetProperty("None").EnumerateArray(),
            item => item.GetProperty("Identity").GetString()!.EndsWith(".yaml", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_README_Call_AWS_program_signs_its_way_to_the_emulator_unchanged()
    {
        // The README's own text: the ApiSpec line and the program of its "Call AWS" section.
        string readme = File.ReadAllText(RepoPaths.Combine("README.md"));
        string section = readme[readme.IndexOf("### Call AWS", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n### ", 5, StringComparison.Ordinal)];
        string apiSpec = Regex.Match(section, "```xml\n<ItemGroup>(.*)</ItemGroup>\n```").Groups[1].Value;
        string program = Regex.Match(section, "```csharp\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("AddAwsSigV4", program);
        Consumer consumer = _packages.NewConsumer("call-aws");
        consumer.CopyFromRepository("spec/stage.yaml", "stage.yaml");
        CommandResult added = await consumer.DotNetAsync("add", "package", "StageGen.Aws", "--version", _packages.Version);
        Assert.True(added.Succeeded, added.Describe());
        consumer.AddItems(apiSpec);
        consumer.WriteFile("Program.cs", program);

        CommandResult build = await BuildAsync(consumer);
        AssertBuiltWithoutWarnings(build);

        await using StageEmulator emulator = await StageEmulator.StartAsync(new EmulatorOptions { SeedDemoData = true, SigV4 = new EmulatorSigV4() });
        CommandResult run = await consumer.RunAsync(new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL"] = emulator.BaseAddress.ToString(),
            ["AWS_REGION"] = "us-east-1",
            ["AWS_ACCESS_KEY_ID"] = EmulatorSigV4.ExampleAccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = EmulatorSigV4.ExampleSecretAccessKey,
            ["AWS_EC2_METADATA_DISABLED"] = "true",
        }, "a1b2c3", "prod");
        _output.WriteLine($"{run.CommandLine}: exit {run.ExitCode}\n{run.Output}");

        Assert.True(run.Succeeded, run.Describe());
        Assert.Contains("prod: deployment dep123, last updated 2024-01-", run.Output);
        RecordedRequest request = Assert.Single(emulator.Requests.Snapshot());
        Assert.Equal("GET /v2/apis/a1b2c3/stages/prod", $"{request.Method} {request.RawTarget}");
        Assert.StartsWith($"AWS4-HMAC-SHA256 Credential={EmulatorSigV4.ExampleAccessKeyId}/", request.Headers["Authorization"]);
        Assert.Null(request.Fault);
    }

    /// <summary>A new console app with the package, <c>spec/stage.yaml</c>, the one <c>&lt;ApiSpec&gt;</c> line and the first program.</summary>
    private Consumer NewStageConsumer(string name)
    {
        Consumer consumer = _packages.NewConsumer(name);
        consumer.CopyFromRepository("spec/stage.yaml", "spec/stage.yaml");
        consumer.AddItems(ApiSpecLine);
        consumer.WriteFile("Program.cs", StageProgram);
        return consumer;
    }

    private async Task<CommandResult> BuildAsync(Consumer consumer)
    {
        CommandResult build = await consumer.BuildAsync();
        _output.WriteLine($"{build.CommandLine} in {consumer.Directory}: exit {build.ExitCode}, {build.Elapsed.TotalSeconds:0.0} s");
        return build;
    }

    private async Task<CommandResult> RunAsync(Consumer consumer, params string[] args)
    {
        CommandResult run = await consumer.RunAsync(args);
        _output.WriteLine($"{run.CommandLine}: exit {run.ExitCode}, {run.Elapsed.TotalSeconds:0.0} s\n{run.Output}");
        return run;
    }

    private static void AssertBuiltWithoutWarnings(CommandResult build, string? except = null)
    {
        Assert.True(build.Succeeded, build.Describe());
        var warnings = build.Warnings.Where(w => except is null || !w.Contains($"warning {except}:", StringComparison.Ordinal)).ToList();
        Assert.True(warnings.Count == 0, $"{warnings.Count} warning(s):\n{string.Join("\n", warnings)}\n\n{build.Describe()}");
        Match summary = Regex.Match(build.Output, @"^\s*(\d+) Warning\(s\)", RegexOptions.Multiline);
        Assert.True(!summary.Success || summary.Groups[1].Value == "0" || except is not null, build.Describe());
    }
}
