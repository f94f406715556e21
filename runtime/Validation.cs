using System;
using System.Collections.Generic;
using System.Text;

namespace StageGen.Runtime;

/// <summary>One broken rule: where (a JSON-style path such as <c>stageVariables["bad key"]</c>), which rule, and why.</summary>
/// <param name="Path">The value's path: a parameter name, or a member path inside a request body.</param>
/// <param name="Rule">The spec keyword that failed: <c>pattern</c>, <c>maxLength</c>, <c>enum</c>, <c>required</c>, ...</param>
/// <param name="Message">A sentence for people.</param>
public sealed record ValidationError(string Path, string Rule, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Path.Length == 0 ? Message : $"{Path}: {Message}";
}

/// <summary>The outcome of a validation: valid, or every error found.</summary>
public sealed class ValidationResult
{
    /// <summary>The result with no errors (shared, so valid input allocates nothing).</summary>
    public static readonly ValidationResult Success = new(Array.Empty<ValidationError>());

    private ValidationResult(IReadOnlyList<ValidationError> errors) => Errors = errors;

    /// <summary>Whether no rule was broken.</summary>
    public bool IsValid => Errors.Count == 0;

    /// <summary>Every broken rule, in the order found.</summary>
    public IReadOnlyList<ValidationError> Errors { get; }

    /// <summary>Throws <see cref="ApiValidationException"/> when invalid.</summary>
    public void ThrowIfInvalid()
    {
        if (!IsValid)
        {
            throw new ApiValidationException(Errors);
        }
    }

    internal static ValidationResult From(List<ValidationError> errors) => new(errors);

    /// <inheritdoc />
    public override string ToString() => IsValid ? "valid" : string.Join(Environment.NewLine, Errors);
}

/// <summary>A request was not sent because it breaks the spec's rules; <see cref="Errors"/> lists them all.</summary>
public sealed class ApiValidationException : Exception
{
    /// <summary>Creates the exception from the errors found.</summary>
    public ApiValidationException(IReadOnlyList<ValidationError> errors)
        : base(Describe(errors)) => Errors = errors;

    /// <summary>Every broken rule.</summary>
    public IReadOnlyList<ValidationError> Errors { get; }

    private static string Describe(IReadOnlyList<ValidationError> errors)
    {
        var text = new StringBuilder(errors.Count == 1 ? "The request breaks 1 rule of the spec:" : $"The request breaks {errors.Count} rules of the spec:");
        foreach (var error in errors)
        {
            text.Append(Environment.NewLine).Append("  ").Append(error);
        }

        return text.ToString();
    }
}
