using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Amazon.Runtime;
using Contoso.Gateway;
using Microsoft.Extensions.DependencyInjection;
using StageGen.Aws;
using StageGen.Emulator;
using StageGen.Runtime;

// The generated Stage client, end to end: an emulator of the Stage API on a free loopback port that checks SigV4
// signatures as the service does, a client that signs every request, then every operation, a request the validators
// refuse before sending, the typed error the service answers with, and what an unsigned request gets.
const string ApiId = "a1b2c3";
const string Region = "us-east-1";

await using var emulator = await StageEmulator.StartAsync(new EmulatorOptions { SigV4 = new EmulatorSigV4 { Region = Region } });
emulator.Store.AddStage(ApiId, new StageData
{
    StageName = "prod",
    Description = "Production",
    DeploymentId = "dep-1",
    AutoDeploy = false,
    StageVariables = new Dictionary<string, string> { ["lambdaAlias"] = "live", ["logLevel"] = "warn" },
    Tags = new Dictionary<string, string> { ["team"] = "payments" },
    CreatedDate = new DateTimeOffset(2024, 1, 15, 10, 0, 0, TimeSpan.Zero),
});

var services = new ServiceCollection();
services.AddStageClient(http => http.BaseAddress = emulator.BaseAddress)
    .AddAwsSigV4(o =>
    {
        o.Region = Region;
        o.Service = StageClientOptions.AwsSigningName; // the spec's x-aws-signingName: apigateway
        // The emulator's example key; without this line, AWSSDK.Core's default credential chain is asked.
        o.Credentials = new BasicAWSCredentials(EmulatorSigV4.ExampleAccessKeyId, EmulatorSigV4.ExampleSecretAccessKey);
    });
await using var provider = services.BuildServiceProvider();
IStageClient client = provider.GetRequiredService<IStageClient>();
Console.WriteLine($"Stage API emulator on {emulator.BaseAddress}, API '{ApiId}' with stage 'prod', SigV4 required ({Region}/apigateway)");
Console.WriteLine();

Console.WriteLine("1. GetStage prod");
Print(await client.GetStageAsync(ApiId, "prod"));

Console.WriteLine("2. UpdateStage prod: new description, one more stage variable, default route settings");
Print(await client.UpdateStageAsync(ApiId, "prod", new UpdateStageInput
{
    Description = "Production, throttled",
    StageVariables = new Dictionary<string, string> { ["region"] = "eu-west-1" },
    DefaultRouteSettings = new RouteSettings { LoggingLevel = LoggingLevel.Error, ThrottlingBurstLimit = 500, ThrottlingRateLimit = 250 },
}));

Console.WriteLine("3. UpdateStage with invalid input: the validators refuse it before anything is sent");
var before = emulator.Requests.Count;
try
{
    await client.UpdateStageAsync(ApiId, "my stage", new UpdateStageInput
    {
        StageVariables = new Dictionary<string, string> { ["bad key"] = "ok", ["alias"] = "not ok!" },
        AccessLogSettings = new AccessLogSettings { Format = "$context.identity.sourceIp" },
        DefaultRouteSettings = new RouteSettings { LoggingLevel = "TRACE" },
    });
    throw new InvalidOperationException("The invalid update was not refused.");
}
catch (ApiValidationException exception)
{
    foreach (var error in exception.Errors)
    {
        Console.WriteLine($"   {error.Path}: {error.Message}");
    }

    Console.WriteLine($"   requests sent: {emulator.Requests.Count - before}");
}

Console.WriteLine();
Console.WriteLine("4. GetStage prod again: the update is there");
Print(await client.GetStageAsync(ApiId, "prod"));

Console.WriteLine("5. DeleteStage prod");
await client.DeleteStageAsync(ApiId, "prod");
Console.WriteLine("   deleted");
Console.WriteLine();

Console.WriteLine("6. GetStage prod once more");
try
{
    await client.GetStageAsync(ApiId, "prod");
    throw new InvalidOperationException("The deleted stage was still found.");
}
catch (NotFoundException exception)
{
    Console.WriteLine($"   NotFoundException {exception.StatusCode} ({exception.ResourceType}): {exception.Message}");
    Console.WriteLine($"   x-amzn-ErrorType: {exception.GetHeader("x-amzn-ErrorType")}");
}

Console.WriteLine();
Console.WriteLine("7. GetStage without a signature");
using (var unsigned = new HttpClient { BaseAddress = emulator.BaseAddress })
{
    try
    {
        await new StageClient(unsigned).GetStageAsync(ApiId, "$default");
        throw new InvalidOperationException("The unsigned request was accepted.");
    }
    catch (MissingAuthenticationTokenException exception)
    {
        Console.WriteLine($"   MissingAuthenticationTokenException {exception.StatusCode}: {exception.Message}");
    }
}

var signatures = emulator.Requests.Snapshot().Count(request => request.Headers.ContainsKey("Authorization"));
Console.WriteLine($"   signed requests: {signatures} of {emulator.Requests.Count}");
Console.WriteLine();
Console.WriteLine("Done.");
return 0;

static void Print(Stage stage)
{
    Console.WriteLine($"   {stage.StageName}: \"{stage.Description}\", deployment {stage.DeploymentId}, autoDeploy {(stage.AutoDeploy is { } on ? (on ? "on" : "off") : "unset")}");
    Console.WriteLine($"   stage variables: {Join(stage.StageVariables)}");
    if (stage.DefaultRouteSettings is { } route)
    {
        Console.WriteLine($"   default route: logging {route.LoggingLevel}, burst {route.ThrottlingBurstLimit}, rate {route.ThrottlingRateLimit?.ToString(CultureInfo.InvariantCulture)}");
    }

    Console.WriteLine($"   created {stage.CreatedDate:u}, last updated {stage.LastUpdatedDate:u}");
    Console.WriteLine();
}

static string Join(IReadOnlyDictionary<string, string>? map) =>
    map is null ? "(none)" : string.Join(", ", map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
