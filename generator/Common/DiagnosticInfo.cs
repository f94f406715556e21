using Microsoft.CodeAnalysis;

namespace StageGen.Generator.Common;

/// <summary>A diagnostic as an equatable value: descriptor id, message arguments and location.</summary>
internal sealed record DiagnosticInfo(string Id, EquatableArray<string> Arguments, LocationInfo? Location)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments)
        => new(descriptor.Id, arguments.ToEquatableArray(), location);

    /// <summary>Whether this diagnostic stops generation: its descriptor is an error.</summary>
    public bool IsError => DiagnosticDescriptors.Find(Id).DefaultSeverity == DiagnosticSeverity.Error;

    public Diagnostic ToDiagnostic()
    {
        var args = new object[Arguments.Count];
        for (var i = 0; i < args.Length; i++)
        {
            args[i] = Arguments[i];
        }

        return Diagnostic.Create(DiagnosticDescriptors.Find(Id), Location?.ToLocation() ?? Microsoft.CodeAnalysis.Location.None, args);
    }
}
