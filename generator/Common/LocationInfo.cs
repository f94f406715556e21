using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace StageGen.Generator.Common;

/// <summary>A place in a spec file, kept as plain values so it can cross pipeline steps (a <see cref="Location"/> cannot).</summary>
internal sealed record LocationInfo(string FilePath, int Start, int Length, int StartLine, int StartColumn, int EndLine, int EndColumn)
{
    /// <summary>Zero-based line and column pairs, as Roslyn's <see cref="LinePositionSpan"/> wants them.</summary>
    public Location ToLocation() => Location.Create(
        FilePath,
        new TextSpan(Start, Length),
        new LinePositionSpan(new LinePosition(StartLine, StartColumn), new LinePosition(EndLine, EndColumn)));

    /// <summary>The first character of a file, for problems that belong to the whole document.</summary>
    public static LocationInfo FileStart(string path) => new(path, 0, 0, 0, 0, 0, 0);
}
