using Microsoft.CodeAnalysis;

namespace StageGen.Generator;

/// <summary>Placeholder until the pipeline lands.</summary>
[Generator(LanguageNames.CSharp)]
public sealed class ApiSpecGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
    }
}
