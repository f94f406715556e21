using System.Linq;
using StageGen.Generator.Model;

namespace StageGen.Generator.Emit;

/// <summary>A union is checked as the variant that is set, by that variant's rules; its errors have the union's own path.</summary>
internal static partial class ValidationEmitter
{
    private static void EmitVariantChecks(Context context, ObjectModel type, SourceWriter writer)
    {
        if (type.Union is not { } union)
        {
            return;
        }

        for (var i = 0; i < union.Variants.Count; i++)
        {
            var variant = union.Variants[i];
            var local = $"variant{i + 1}";
            var checks = new SourceWriter();
            if (variant.Type.Kind == TypeKind.Object)
            {
                if (context.Model.ObjectNamed(variant.Type.Name!).Validated)
                {
                    checks.Line($"Validate({local}, ref errors);");
                }
            }
            else
            {
                EmitValueChecks(context, variant.Type, local, "\"\"", checks);
            }

            if (!checks.IsEmpty)
            {
                using (writer.Block($"if (value.{variant.Name} is {{ }} {local})"))
                {
                    Append(writer, checks);
                }
            }
        }
    }
}
