using System;
using System.Linq;
using StageGen.Generator.Tests.Infrastructure;
using Xunit;

namespace StageGen.Generator.Tests;

/// <summary>
/// The rule for documents converted from AWS's models (<c>info.x-aws-signingName</c>): a member's wire name is its
/// <c>xml.name</c>; the SigV4 signer's own headers are not parameters when a scheme signs with SigV4; an empty error
/// schema (<c>NotFoundException: {}</c>) still raises its own exception.
/// </summary>
public sealed class AwsDocumentTests
{
    private static string Spec(bool aws) => """
        openapi: 3.0.0
        info: {title: Api, version: '1'@SIGNING@}
        paths:
          /stages/{stageName}:
            get:
              operationId: GetStage
              parameters:
                - {name: stageName, in: path, required: true, schema: {type: string}}
                - {name: X-Amz-Date, in: header, schema: {type: string}}
                - {name: X-Amz-Security-Token, in: header, schema: {type: string}}
              responses:
                '200': {description: Stage, content: {application/json: {schema: {$ref: '#/components/schemas/GetStageResponse'}}}}
                '480': {description: NotFoundException, content: {application/json: {schema: {$ref: '#/components/schemas/NotFoundException'}}}}
        components:
          securitySchemes:
            hmac: {type: apiKey, name: Authorization, in: header@AUTHTYPE@}
          schemas:
            NotFoundException: {}
            __string: {type: string}
            GetStageResponse:
              type: object
              properties:
                StageName:
                  allOf:
                    - $ref: '#/components/schemas/__string'
                    - xml: {name: stageName}
                Other:
                  xml: {name: StageName}
                  type: string
        security: [{hmac: []}]
        """.Replace("@SIGNING@", aws ? ", x-aws-signingName: apigateway" : "").Replace("@AUTHTYPE@", aws ? ", x-amazon-apigateway-authtype: awsSigv4" : "");

    [Fact]
    public void An_AWS_document_reads_xml_names_drops_the_signing_headers_and_types_its_empty_errors()
    {
        var run = Compile(Spec(aws: true));

        var json = run.Sources.Single(s => s.Key.EndsWith(".Json.g.cs", StringComparison.Ordinal)).Value;
        Assert.Contains("Encode(\"stageName\")", json);
        Assert.Contains("Encode(\"Other\")", json); // its XML name is another member's name: kept apart
        var client = run.Sources.Single(s => s.Key.EndsWith(".Client.g.cs", StringComparison.Ordinal)).Value;
        Assert.Contains("GetStageAsync(string stageName, global::System.Threading.CancellationToken cancellationToken = default)", client);
        Assert.Contains("ApiError.Status(480, \"NotFoundException\", NotFoundException.FromResponse)", client);
    }

    [Fact]
    public void Another_document_keeps_its_property_names_and_its_headers()
    {
        var run = Compile(Spec(aws: false));

        var json = run.Sources.Single(s => s.Key.EndsWith(".Json.g.cs", StringComparison.Ordinal)).Value;
        Assert.Contains("Encode(\"StageName\")", json);
        Assert.DoesNotContain("Encode(\"stageName\")", json);
        Assert.Contains("string? xAmzDate = null", run.Sources.Single(s => s.Key.EndsWith(".Client.g.cs", StringComparison.Ordinal)).Value);
    }

    private static GeneratorRun Compile(string yaml)
    {
        var run = GeneratorHarness.Run([new SpecFile("/specs/api.yaml", yaml, "Test.Api", "Api")], ConsumerFramework.Net100);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        Assert.True(run.CompilationDiagnostics.IsEmpty, GeneratorHarness.Format(run.CompilationDiagnostics));
        return run;
    }
}
