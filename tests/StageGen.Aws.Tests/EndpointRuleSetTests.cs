using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace StageGen.Aws.Tests;

/// <summary>botocore's 43 apigatewayv2 endpoint tests against the rule set the package embeds.</summary>
public sealed class EndpointRuleSetTests
{
    private const string TestsFile = "extra/botocore/tests/functional/endpoint-rules/apigatewayv2/endpoint-tests-1.json";

    public static TheoryData<int, string> Cases()
    {
        var data = new TheoryData<int, string>();
        using JsonDocument tests = JsonDocument.Parse(TestData.Read(TestsFile));
        int i = 0;
        foreach (JsonElement c in tests.RootElement.GetProperty("testCases").EnumerateArray())
        {
            data.Add(i++, c.GetProperty("documentation").GetString()!);
        }
        return data;
    }

    [Fact]
    public void There_are_43_cases()
    {
        Assert.Equal(43, Cases().Count());
    }

    [Fact]
    public void The_embedded_rule_set_and_partitions_are_botocore_files_unchanged()
    {
        Assert.Equal(TestData.Read("extra/botocore/botocore/data/apigatewayv2/2018-11-29/endpoint-rule-set-1.json"),
            System.IO.File.ReadAllText(RepoFile("aws/Endpoints/apigatewayv2-endpoint-rule-set-1.json")));
        Assert.Equal(TestData.Read("extra/botocore/botocore/data/partitions.json"),
            System.IO.File.ReadAllText(RepoFile("aws/Endpoints/partitions.json")));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Endpoint_test(int index, string documentation)
    {
        using JsonDocument tests = JsonDocument.Parse(TestData.Read(TestsFile));
        JsonElement c = tests.RootElement.GetProperty("testCases")[index];
        Assert.Equal(documentation, c.GetProperty("documentation").GetString());
        // "Missing region" has no params at all.
        JsonElement p = c.TryGetProperty("params", out JsonElement given) ? given : JsonDocument.Parse("{}").RootElement;
        var parameters = new AwsEndpointParameters(
            p.TryGetProperty("Region", out JsonElement r) ? r.GetString() : null,
            p.TryGetProperty("UseFIPS", out JsonElement f) && f.GetBoolean(),
            p.TryGetProperty("UseDualStack", out JsonElement d) && d.GetBoolean(),
            p.TryGetProperty("Endpoint", out JsonElement e) ? e.GetString() : null);
        Assert.All(p.EnumerateObject(), param => Assert.Contains(param.Name, new[] { "Region", "UseFIPS", "UseDualStack", "Endpoint" }));

        JsonElement expect = c.GetProperty("expect");
        if (expect.TryGetProperty("error", out JsonElement error))
        {
            AwsEndpointException thrown = Assert.Throws<AwsEndpointException>(() => AwsEndpointRuleSet.ApiGatewayV2.Resolve(parameters));
            Assert.Equal(error.GetString(), thrown.Message);
        }
        else
        {
            string url = expect.GetProperty("endpoint").GetProperty("url").GetString()!;
            Assert.Equal(url, AwsEndpointRuleSet.ApiGatewayV2.Resolve(parameters).OriginalString);
        }
    }

    private static string RepoFile(string relative)
    {
        for (var dir = new System.IO.DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "StageGen.sln")))
            {
                return System.IO.Path.Combine(dir.FullName, relative);
            }
        }
        throw new InvalidOperationException("StageGen.sln not found above " + AppContext.BaseDirectory);
    }
}
