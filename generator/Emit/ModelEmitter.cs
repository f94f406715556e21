using System.Linq;
using StageGen.Generator.Model;

namespace StageGen.Generator.Emit;

/// <summary>DTOs: <c>sealed partial record</c>s with <c>init</c> properties, <c>required</c> where the spec says so.</summary>
internal static partial class ModelEmitter
{
    public static bool Emit(ClientModel model, SourceWriter writer)
    {
        var records = model.Objects.Where(o => o.EmitRecord).ToList();
        for (var i = 0; i < records.Count; i++)
        {
            if (i > 0)
            {
                writer.Line();
            }

            if (records[i].Union is { } union)
            {
                EmitUnion(model, records[i], union, writer);
            }
            else
            {
                EmitRecord(records[i], writer);
            }
        }

        return records.Count > 0;
    }

    private static void EmitRecord(ObjectModel type, SourceWriter writer)
    {
        if (type.Description is null)
        {
            writer.RawSummary($"The <c>{type.SchemaName}</c> schema.");
        }
        else
        {
            writer.Summary(type.Description);
        }

        Docs.Obsolete(type.Deprecated, writer);
        writer.Line(SourceFiles.GeneratedCode);
        // A record others derive from is not sealed; a derived one declares only the members its base does not.
        var sealedness = type.HasDerived ? "" : "sealed ";
        var baseList = type.BaseName is { } baseName ? " : " + baseName : "";
        var own = type.Properties.Where(p => !p.Inherited).ToList();
        using (writer.Block($"public {sealedness}partial record {type.Name}{baseList}"))
        {
            for (var i = 0; i < own.Count; i++)
            {
                if (i > 0)
                {
                    writer.Line();
                }

                var property = own[i];
                Docs.Property(property, writer);
                var required = property.Required ? "required " : "";
                if (IsStringBackedEnum(property))
                {
                    EmitStringBackedEnum(property, required, writer);
                    continue;
                }

                writer.Line($"public {required}{CSharp.PropertyTypeName(property)} {property.Name} {{ get; init; }}");
            }
        }
    }

    /// <summary>
    /// An optional enum member (<c>T?</c>) is stored as its string: <c>Nullable&lt;T&gt;</c> of the one-string enum
    /// struct takes 16 bytes in every instance, the string reference 8 (the size of a C# enum's <c>int?</c>). Reading
    /// and setting it are unchanged; equality compares the strings ordinally, as the enum does.
    /// </summary>
    private static bool IsStringBackedEnum(PropertyModel property) =>
        property.Type.Kind == TypeKind.Enum && !property.IsOptionalWrapper && !(property.Required && !property.Type.AllowsNull);

    private static void EmitStringBackedEnum(PropertyModel property, string required, SourceWriter writer)
    {
        var field = CSharp.Local(property.Name);
        var type = property.Type.Name!;
        using (writer.Block($"public {required}{type}? {property.Name}"))
        {
            writer.Line($"get => {field} is {{ }} text ? new {type}(text) : default({type}?);");
            writer.Line($"init => {field} = value?.Value;");
        }

        writer.Line();
        writer.Line($"private readonly string? {field};");
    }
}
