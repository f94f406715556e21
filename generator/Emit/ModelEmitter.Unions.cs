using System.Collections.Generic;
using System.Linq;
using StageGen.Generator.Model;

namespace StageGen.Generator.Emit;

/// <summary>Unions (<c>oneOf</c>/<c>anyOf</c>): a record with a member per variant, one of them set.</summary>
internal static partial class ModelEmitter
{
    private static void EmitUnion(ClientModel model, ObjectModel type, UnionModel union, SourceWriter writer)
    {
        if (type.Description is null)
        {
            writer.RawSummary($"The <c>{type.SchemaName}</c> schema: one of several kinds of value.");
        }
        else
        {
            writer.Summary(type.Description);
        }

        var members = string.Join(", ", union.Variants.Select(v => $"<see cref=\"{v.Name}\"/>"));
        writer.Line("/// <remarks>");
        writer.Line($"/// One member is set: {members}. A value received that is none of them is kept, as it came, in");
        writer.Line($"/// <see cref=\"{union.UnknownName}\"/>, and sent back unchanged. A variant converts to the union implicitly where C# allows it.");
        writer.Line("/// </remarks>");
        Docs.Obsolete(type.Deprecated, writer);
        writer.Line(SourceFiles.GeneratedCode);
        using (writer.Block($"public sealed partial record {type.Name}"))
        {
            foreach (var variant in union.Variants)
            {
                if (variant.Type.Kind is TypeKind.Object or TypeKind.Enum or TypeKind.IntegerEnum)
                {
                    writer.RawSummary($"The value, when it is a <see cref=\"{CSharp.Qualified(model, variant.Type.Name!)}\"/>.");
                }
                else
                {
                    writer.RawSummary($"The value, when it is {Described(variant.Type)}.");
                }

                writer.Line($"public {VariantTypeName(model, variant.Type)}? {variant.Name} {{ get; init; }}");
                writer.Line();
            }

            writer.RawSummary($"The value as received when it is none of the kinds above (a kind added to the service later, say); sent back unchanged.");
            writer.Line($"public global::System.Text.Json.JsonElement? {union.UnknownName} {{ get; init; }}");

            // C# allows no conversion from an interface (lists, maps), and one per source type.
            var converted = new HashSet<string>();
            foreach (var variant in union.Variants.Where(v => v.Type.Kind is not (TypeKind.List or TypeKind.Map)))
            {
                var typeName = VariantTypeName(model, variant.Type);
                if (!converted.Add(typeName))
                {
                    continue;
                }

                writer.Line();
                writer.RawSummary($"The union whose <see cref=\"{variant.Name}\"/> is <paramref name=\"value\"/>.");
                writer.Line($"public static implicit operator {type.Name}({typeName} value) => new() {{ {variant.Name} = value }};");
            }
        }
    }

    /// <summary>A variant's type, qualified where it is generated: a member may be named like its type.</summary>
    private static string VariantTypeName(ClientModel model, TypeModel type) =>
        type.Kind is TypeKind.Object or TypeKind.Enum or TypeKind.IntegerEnum ? CSharp.Qualified(model, type.Name!) : CSharp.TypeName(type);

    private static string Described(TypeModel type) => type.Kind switch
    {
        TypeKind.List => "a list",
        TypeKind.Map => "a map",
        TypeKind.Json => "any other JSON value",
        TypeKind.String => "a string",
        TypeKind.Boolean => "a boolean",
        TypeKind.Int32 or TypeKind.Int64 => "an integer",
        TypeKind.Double or TypeKind.Single => "a number",
        TypeKind.DateTimeOffset => "a date and time",
        TypeKind.DateOnly => "a date",
        TypeKind.Guid => "a UUID",
        TypeKind.Uri => "a URI",
        TypeKind.Bytes => "base64-encoded bytes",
        TypeKind.EmptyString => "the empty string",
        _ => "a <see cref=\"" + CSharp.TypeName(type) + "\"/>",
    };
}
