namespace StageGen.Generator;

/// <summary>Names of the tracked pipeline steps, so tests can assert what was cached.</summary>
internal static class TrackingNames
{
    /// <summary>The spec files marked as <c>ApiSpec</c>, with their per-file options and text.</summary>
    public const string SpecFiles = nameof(SpecFiles);

    /// <summary>The read step: YAML text to <c>SpecDocument</c> plus diagnostics.</summary>
    public const string Read = nameof(Read);

    /// <summary>The small tuple of facts taken from the compilation.</summary>
    public const string CompilationFacts = nameof(CompilationFacts);

    /// <summary>The bind step: <c>SpecDocument</c> to <c>ClientModel</c> plus diagnostics.</summary>
    public const string Bind = nameof(Bind);

    /// <summary>What the source output takes of a bound spec: the model and its hint prefix, without locations.</summary>
    public const string Source = nameof(Source);

    /// <summary>Every tracked step, in pipeline order.</summary>
    public static readonly string[] All = { SpecFiles, Read, CompilationFacts, Bind, Source };
}
