using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace StageGen.Generator;

/// <summary>Every diagnostic StageGen reports. SG1xxx: the spec is wrong; SG2xxx: unsupported or suspicious; SG9xxx: internal.</summary>
public static class Diagnostics
{
    private const string SpecCategory = "StageGen.Spec";

    public static readonly DiagnosticDescriptor YamlSyntax = Error(
        "SG1001", "Invalid YAML", "The spec is not valid YAML: {0}");

    public static readonly DiagnosticDescriptor NotOpenApi = Error(
        "SG1002", "Not an OpenAPI 3.x document", "The spec is not an OpenAPI 3.x document: {0}");

    public static readonly DiagnosticDescriptor MissingOperationId = Error(
        "SG1003", "Missing operationId", "The '{0}' operation on '{1}' has no operationId; StageGen names client methods after it");

    public static readonly DiagnosticDescriptor DuplicateOperationId = Error(
        "SG1004", "Duplicate operationId", "The operationId '{0}' is already used by the operation at line {1}");

    public static readonly DiagnosticDescriptor UnresolvedReference = Error(
        "SG1005", "Unresolved $ref", "The reference '{0}' does not resolve to anything in this document");

    public static readonly DiagnosticDescriptor InvalidPattern = Error(
        "SG1006", "Invalid pattern", "The pattern '{0}' is not a valid regular expression: {1}");

    public static readonly DiagnosticDescriptor UndeclaredPathParameter = Error(
        "SG1007", "Undeclared path parameter", "The path '{0}' uses '{{{1}}}' but the '{2}' operation declares no path parameter '{1}'");

    public static readonly DiagnosticDescriptor PathParameterNotInTemplate = Error(
        "SG1008", "Path parameter not in template", "The path parameter '{0}' does not appear in the path template '{1}'");

    public static readonly DiagnosticDescriptor NameCollision = Error(
        "SG1009", "C# name collision", "{0} and {1} both map to the C# name '{2}'");

    public static readonly DiagnosticDescriptor InvalidValue = Error(
        "SG1010", "Invalid value", "{0}");

    public static readonly DiagnosticDescriptor CyclicReference = Error(
        "SG1011", "Cyclic $ref", "The reference '{0}' refers back to itself without an object in between");

    public static readonly DiagnosticDescriptor InvalidPathTemplate = Error(
        "SG1012", "Invalid path template", "The path template '{0}' {1}");

    public static readonly DiagnosticDescriptor InvalidHeaderName = Error(
        "SG1013", "Invalid header name", "The header parameter name '{0}' is not an HTTP field name (a token: letters, digits and !#$%&'*+-.^_`|~)");

    public static readonly DiagnosticDescriptor UnsupportedKeyword = Warning(
        "SG2001", "Unsupported keyword", "'{0}' is not supported by StageGen and is ignored");

    public static readonly DiagnosticDescriptor UnsupportedConstruct = Warning(
        "SG2002", "Unsupported construct", "{0}");

    public static readonly DiagnosticDescriptor CatastrophicBacktracking = Warning(
        "SG2003",
        "Pattern may backtrack catastrophically",
        "The pattern '{0}' may backtrack catastrophically ({1}); StageGen's validators match it in linear time, but a server or tool that uses a backtracking regex engine can hang on a hostile value");

    public static readonly DiagnosticDescriptor InternalError = new(
        "SG9001",
        "StageGen internal error",
        "StageGen could not process this spec: {0}. This is a bug in StageGen; please report it with the spec.",
        "StageGen.Internal",
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    private static readonly Dictionary<string, DiagnosticDescriptor> ById = new()
    {
        [YamlSyntax.Id] = YamlSyntax,
        [NotOpenApi.Id] = NotOpenApi,
        [MissingOperationId.Id] = MissingOperationId,
        [DuplicateOperationId.Id] = DuplicateOperationId,
        [UnresolvedReference.Id] = UnresolvedReference,
        [InvalidPattern.Id] = InvalidPattern,
        [UndeclaredPathParameter.Id] = UndeclaredPathParameter,
        [PathParameterNotInTemplate.Id] = PathParameterNotInTemplate,
        [NameCollision.Id] = NameCollision,
        [InvalidValue.Id] = InvalidValue,
        [CyclicReference.Id] = CyclicReference,
        [InvalidPathTemplate.Id] = InvalidPathTemplate,
        [InvalidHeaderName.Id] = InvalidHeaderName,
        [UnsupportedKeyword.Id] = UnsupportedKeyword,
        [UnsupportedConstruct.Id] = UnsupportedConstruct,
        [CatastrophicBacktracking.Id] = CatastrophicBacktracking,
        [InternalError.Id] = InternalError,
    };

    public static DiagnosticDescriptor Find(string id) => ById[id];

    private static DiagnosticDescriptor Error(string id, string title, string message)
        => new(id, title, message, SpecCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static DiagnosticDescriptor Warning(string id, string title, string message)
        => new(id, title, message, SpecCategory, DiagnosticSeverity.Warning, isEnabledByDefault: true);
}
