using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using StageGen.Generator.Model;

namespace StageGen.Generator.Emit;

/// <summary>C# spellings shared by the emitters: type names, literals, declared property types.</summary>
internal static class CSharp
{
    public const string Runtime = "global::StageGen.Runtime";

    /// <summary>The runtime's types for generated code (hidden from IntelliSense), apart from the ones users see.</summary>
    public const string CompilerServices = Runtime + ".CompilerServices";

    /// <summary>Hides a member that only generated code calls from IntelliSense in projects that reference the assembly.</summary>
    public const string HiddenFromEditors = "[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]";

    /// <summary>The runtime's JSON helpers for generated code.</summary>
    public const string ApiJson = CompilerServices + ".ApiJson";

    public const string Json = "global::System.Text.Json";
    public const string Generic = "global::System.Collections.Generic";

    /// <summary>
    /// A C# regular string literal of <paramref name="text"/>: <c>\</c> and <c>"</c> escaped, and every character that
    /// could end the line or is not printable (C0 and C1 controls, DEL, LS, PS, unpaired surrogates, U+FFFE, U+FFFF) as
    /// an escape sequence, so the literal always stays one literal on one line.
    /// </summary>
    public static string Literal(string text)
    {
        // Most literals are plain ASCII names and sentences: quoted as they are.
        var i = 0;
        while (i < text.Length && text[i] is >= ' ' and <= '~' and not '"' and not '\\')
        {
            i++;
        }

        if (i == text.Length)
        {
            return "\"" + text + "\"";
        }

        var builder = new StringBuilder(text.Length + 16).Append('"').Append(text, 0, i);
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c switch { '"' => "\\\"", '\\' => "\\\\", '\0' => "\\0", '\t' => "\\t", '\n' => "\\n", '\r' => "\\r", _ => null } is { } escape)
            {
                builder.Append(escape);
            }
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else if (c < ' ' || c is >= '\u007F' and <= '\u009F' or '\u2028' or '\u2029' or '\uFFFE' or '\uFFFF' || char.IsSurrogate(c))
            {
                builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.Append('"').ToString();
    }

    /// <summary>The type without a trailing <c>?</c>; list items and map values carry their own nullability.</summary>
    public static string TypeName(TypeModel type) => type.Kind switch
    {
        TypeKind.String => "string",
        TypeKind.Boolean => "bool",
        TypeKind.Int32 => "int",
        TypeKind.Int64 => "long",
        TypeKind.Double => "double",
        TypeKind.Single => "float",
        TypeKind.DateTimeOffset => "global::System.DateTimeOffset",
        TypeKind.DateOnly => "global::System.DateOnly",
        TypeKind.Guid => "global::System.Guid",
        TypeKind.Uri => "global::System.Uri",
        TypeKind.Bytes => "byte[]",
        TypeKind.Stream => "global::System.IO.Stream",
        TypeKind.File => Runtime + ".ApiFile",
        TypeKind.EmptyString => Runtime + ".EmptyString",
        TypeKind.Object or TypeKind.Enum or TypeKind.IntegerEnum => type.Name!,
        TypeKind.Map => $"{Generic}.IReadOnlyDictionary<string, {ElementTypeName(type.Element!)}>",
        TypeKind.List => $"{Generic}.IReadOnlyList<{ElementTypeName(type.Element!)}>",
        _ => $"{Json}.JsonElement",
    };

    /// <summary>A list item or map value: nullable only when the spec allows null there.</summary>
    public static string ElementTypeName(TypeModel type) => type.AllowsNull ? TypeName(type) + "?" : TypeName(type);

    /// <summary>The concrete collection a reader builds for a map or list.</summary>
    public static string ConcreteTypeName(TypeModel type) => type.Kind switch
    {
        TypeKind.Map => $"{Generic}.Dictionary<string, {ElementTypeName(type.Element!)}>",
        TypeKind.List => $"{Generic}.List<{ElementTypeName(type.Element!)}>",
        _ => TypeName(type),
    };

    /// <summary>
    /// A DTO property's declared type: required and non-null → <c>T</c>; required and nullable, or optional → <c>T?</c>;
    /// optional and nullable → <c>Optional&lt;T?&gt;</c> (absent and null differ).
    /// </summary>
    public static string PropertyTypeName(PropertyModel property) =>
        property.IsOptionalWrapper ? $"{Runtime}.Optional<{TypeName(property.Type)}?>"
        : property.Required && !property.Type.AllowsNull ? TypeName(property.Type)
        : TypeName(property.Type) + "?";

    /// <summary>
    /// A generated type's name qualified with its namespace, for the JSON and validation classes: a type may be named
    /// like one of their methods (a schema named Write), which its simple name would then mean in a cref or expression.
    /// </summary>
    public static string Qualified(ClientModel model, string typeName) => $"global::{model.Namespace}.{typeName}";

    /// <summary>A local name derived from a member name that cannot clash with keywords or generated locals.</summary>
    public static string Local(string name) => "_" + char.ToLowerInvariant(name[0]) + name.Substring(1);

    public static string Join(IEnumerable<string> parts) => string.Join(", ", parts);

    /// <summary>
    /// One string expression of <paramref name="parts"/> (string literals and expressions) in order: the part itself,
    /// <c>string.Concat</c> of up to four (no array), or an interpolated string of more.
    /// </summary>
    public static string Concat(IReadOnlyList<string> parts) =>
        parts.Count == 1 ? parts[0]
        : parts.Count <= 4 ? $"string.Concat({string.Join(", ", parts)})"
        : "$\"" + string.Concat(parts.Select(p => p.StartsWith("\"", System.StringComparison.Ordinal) ? InterpolatedText(p) : "{" + Hole(p) + "}")) + "\"";

    /// <summary>An expression as an interpolation hole: parenthesized unless it is a plain name (a <c>:</c> would start a format).</summary>
    private static string Hole(string expression) => expression.All(c => char.IsLetterOrDigit(c) || c == '_') ? expression : "(" + expression + ")";

    /// <summary>A C# string literal's text as literal text inside an interpolated string (braces doubled).</summary>
    private static string InterpolatedText(string literal) =>
        literal.Substring(1, literal.Length - 2).Replace("{", "{{").Replace("}", "}}");
}
