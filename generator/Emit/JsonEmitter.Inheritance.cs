using System.Linq;
using StageGen.Generator.Model;

namespace StageGen.Generator.Emit;

/// <summary>
/// Records that derive from others: a value is written as the record it is at run time (a derived record's writer has
/// every member), and a record whose discriminator names a derived record is read as that one.
/// </summary>
internal static partial class JsonEmitter
{
    /// <summary>Before the record's own read: a discriminator value that names a derived record reads that record; any other reads this one.</summary>
    private static void EmitDerivedReads(ClientModel model, ObjectModel type, SourceWriter writer)
    {
        if (type.DiscriminatorJsonName is not { } discriminator || type.DerivedCases.Count == 0)
        {
            return;
        }

        using (writer.Block($"switch ({JsonUnion}.Discriminator(reader, {CSharp.Literal(discriminator)}u8))"))
        {
            foreach (var derived in type.DerivedCases)
            {
                writer.Line($"case {CSharp.Literal(derived.Value)}:");
                writer.Line($"    return {model.ObjectNamed(derived.TypeName).ReadMethod}(ref reader);");
            }
        }

        writer.Line();
    }

    /// <summary>Before the record's own write: a value that is a derived record is written by that record's writer.</summary>
    private static void EmitDerivedWrites(ClientModel model, ObjectModel type, SourceWriter writer)
    {
        for (var i = 0; i < type.DerivedNames.Count; i++)
        {
            using (writer.Block($"if (value is {CSharp.Qualified(model, type.DerivedNames[i])} derived{i + 1})"))
            {
                writer.Line($"Write(writer, derived{i + 1});");
                writer.Line("return;");
            }

            writer.Line();
        }
    }
}
