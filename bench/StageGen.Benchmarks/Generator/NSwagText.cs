using NJsonSchema.CodeGeneration.CSharp;
using NSwag;
using NSwag.CodeGeneration.CSharp;

namespace StageGen.Benchmarks.Generator;

/// <summary>
/// NSwag 14.8 in process: spec text (YAML, or JSON) to one C# client file, with the settings the benchmark's NSwag
/// client is built with (System.Text.Json, nullable reference types).
/// </summary>
internal sealed class NSwagText(string text, bool json)
{
    private readonly CSharpClientGeneratorSettings _settings = new()
    {
        ClassName = "NSwagStageClient",
        GenerateClientInterfaces = true,
        UseBaseUrl = false,
        CSharpGeneratorSettings =
        {
            Namespace = "StageGen.Benchmarks.Peers.NSwag",
            JsonLibrary = CSharpJsonLibrary.SystemTextJson,
            GenerateNullableReferenceTypes = true,
            GenerateOptionalPropertiesAsNullable = true,
        },
    };

    /// <summary>Reads the spec and generates the client; returns the length of its text.</summary>
    public int Generate()
    {
        var document = (json ? OpenApiDocument.FromJsonAsync(text) : OpenApiYamlDocument.FromYamlAsync(text))
            .GetAwaiter().GetResult();
        return new CSharpClientGenerator(document, _settings).GenerateFile().Length;
    }
}
