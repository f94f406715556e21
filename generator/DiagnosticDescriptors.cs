using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace StageGen.Generator;

/// <summary>
/// Every diagnostic StageGen reports. SG1xxx: the spec is wrong; SG2xxx: unsupported or suspicious; SG9xxx: internal.
/// Each one is documented at its anchor in docs/diagnostics.md and listed in AnalyzerReleases.*.md.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string SpecCategory = "StageGen.Spec";
    private const string InternalCategory = "StageGen.Internal";
    private const string HelpBase = "https://github.com/stagegen/StageGen/blob/main/docs/diagnostics.md#";

    // Release tracking (RS2000-RS2008) reads each descriptor's id, category and severity, so they are written out in
    // every creation rather than passed through a helper.
    public static readonly DiagnosticDescriptor YamlSyntax = new(
        "SG1001", "Invalid YAML", "The spec is not valid YAML: {0}",
        SpecCategory, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink("SG1001"));

    public static readonly DiagnosticDescriptor NotOpenApi = new(
        "SG1002", "Not an OpenAPI 3.x document", "The spec is not an OpenAPI 3.x document: {0}",
        SpecCategory, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink("SG1002"));

    public static readonly DiagnosticDescriptor DuplicateOperationId = new(
        "SG1004", "Duplicate operationId", "The operationId '{0}' is already used by the operation at line {1}",
        SpecCategory, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink("SG1004"));

    public static readonly DiagnosticDescriptor UnresolvedReference = new(
        "SG1005", "Unresolved $ref", "The reference '{0}' does not resolve to anything in this document",
        SpecCategory, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink("SG1005"));

    public static readonly DiagnosticDescriptor UndeclaredPathParameter = new(
        "SG1007", "Undeclared path parameter", "The path '{0}' uses '{{{1}}}' but the '{2}' operation declares no path parameter '{1}'",
        SpecCategory, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink("SG1007"));


    public static readonly DiagnosticDescriptor NameCollision = new(
        "SG1009", "C# name collision", "{0} and {1} both map to the C# name '{2}'",
        SpecCategory, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink("SG1009"));

    /// <summary>A value of the wrong kind or out of range; the message says which.</summary>
    public static readonly DiagnosticDescriptor InvalidValue = new(
        "SG1010", "Invalid value", "{0}",
        SpecCategory, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink("SG1010"));

    public static readonly DiagnosticDescriptor CyclicReference = new(
        "SG1011", "Cyclic $ref", "The reference '{0}' refers back to itself without an object in between",
        SpecCategory, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink("SG1011"));

    public static readonly DiagnosticDescriptor InvalidPathTemplate = new(
        "SG1012", "Invalid path template", "The path template '{0}' {1}",
        SpecCategory, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink("SG1012"));

    /// <summary>The spec is larger or deeper than StageGen reads (file size, alias expansion, nesting, $ref chains, C# name length).</summary>
    public static readonly DiagnosticDescriptor LimitExceeded = new(
        "SG1014", "Spec exceeds a StageGen limit", "{0}",
        SpecCategory, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink("SG1014"));

    /// <summary>A name or value that generated code carries verbatim holds a line break or control character.</summary>
    public static readonly DiagnosticDescriptor UnsafeCharacter = new(
        "SG1015", "Character generated code cannot carry", "{0}",
        SpecCategory, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink("SG1015"));

    public static readonly DiagnosticDescriptor UnsupportedKeyword = new(
        "SG2001", "Unsupported keyword", "'{0}' is not supported by StageGen and is ignored",
        SpecCategory, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink("SG2001"));

    /// <summary>oneOf/anyOf/allOf/not or a value of several types becomes a JsonElement.</summary>
    public static readonly DiagnosticDescriptor KeptAsJsonElement = new(
        "SG2002", "Value kept as raw JSON", "{0}",
        SpecCategory, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink("SG2002"));

    public static readonly DiagnosticDescriptor CatastrophicBacktracking = new(
        "SG2003",
        "Pattern may backtrack catastrophically",
        "The pattern '{0}' may backtrack catastrophically ({1}); StageGen's validators match it in linear time, but a server or tool that uses a backtracking regex engine can hang on a hostile value",
        SpecCategory,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink("SG2003"));

    /// <summary>A server the client does not send to: a path's or operation's, or a default that is not an absolute http(s) URL.</summary>
    public static readonly DiagnosticDescriptor ServerNotUsed = new(
        "SG2004", "Server not used", "{0}",
        SpecCategory, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink("SG2004"));

    public static readonly DiagnosticDescriptor UnsupportedMediaType = new(
        "SG2005", "Media type not supported", "{0}",
        SpecCategory, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink("SG2005"));

    public static readonly DiagnosticDescriptor UnknownFormat = new(
        "SG2006", "Unknown format", "{0}",
        SpecCategory, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink("SG2006"));

    /// <summary>A parameter that cannot be sent as declared (cookie, structured, array header, nullable path segment).</summary>
    public static readonly DiagnosticDescriptor UnsupportedParameter = new(
        "SG2007", "Parameter not supported as declared", "{0}",
        SpecCategory, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink("SG2007"));

    /// <summary>A constraint the validators do not check (enum on non-strings, required names that are not properties).</summary>
    public static readonly DiagnosticDescriptor ConstraintNotChecked = new(
        "SG2008", "Constraint not checked", "{0}",
        SpecCategory, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink("SG2008"));

    public static readonly DiagnosticDescriptor ReferenceChain = new(
        "SG2009", "$ref chain not followed", "{0}",
        SpecCategory, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink("SG2009"));

    /// <summary>A response body that does not get the type it declares (several success types, an inline error schema).</summary>
    public static readonly DiagnosticDescriptor ResponseTypeReduced = new(
        "SG2010", "Response body not typed as declared", "{0}",
        SpecCategory, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink("SG2010"));

    /// <summary>A security scheme the client does not apply (OAuth 2, OpenID Connect, mutual TLS, another http scheme).</summary>
    public static readonly DiagnosticDescriptor UnsupportedSecurityScheme = new(
        "SG2011", "Security scheme not supported", "{0}",
        SpecCategory, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink("SG2011"));

    /// <summary>A value left out whose absence has a plain meaning: an empty operationId, a description past its bound.</summary>
    public static readonly DiagnosticDescriptor ValueIgnored = new(
        "SG2012", "Value ignored", "{0}",
        SpecCategory, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink("SG2012"));

    public static readonly DiagnosticDescriptor InternalError = new(
        "SG9001",
        "StageGen internal error",
        "StageGen could not process this spec: {0}. This is a bug in StageGen; please report it with the spec.",
        InternalCategory,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink("SG9001"));

    /// <summary>Every descriptor above, in ID order; the ID table is built from it.</summary>
    public static ImmutableArray<DiagnosticDescriptor> All { get; } = ImmutableArray.Create(
        YamlSyntax, NotOpenApi, DuplicateOperationId, UnresolvedReference,
        UndeclaredPathParameter, NameCollision, InvalidValue, CyclicReference,
        InvalidPathTemplate, LimitExceeded, UnsafeCharacter,
        UnsupportedKeyword, KeptAsJsonElement, CatastrophicBacktracking, ServerNotUsed, UnsupportedMediaType,
        UnknownFormat, UnsupportedParameter, ConstraintNotChecked, ReferenceChain, ResponseTypeReduced,
        UnsupportedSecurityScheme, ValueIgnored, InternalError);

    private static readonly Dictionary<string, DiagnosticDescriptor> ById = All.ToDictionary(d => d.Id);

    public static DiagnosticDescriptor Find(string id) => ById[id];

    /// <summary>The ID's section of docs/diagnostics.md in the repository (GitHub's anchor for "### SG1001" is "#sg1001").</summary>
    private static string HelpLink(string id) => HelpBase + id.ToLowerInvariant();
}
