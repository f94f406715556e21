using System.Linq;
using StageGen.Generator.Model;

namespace StageGen.Generator.Emit;

/// <summary>
/// One exception per error schema, deriving from the runtime's <c>ApiException</c>, with the schema's fields as
/// properties. A string <c>message</c> field becomes the exception's message. The runtime's <c>ApiErrorSchema</c> finds
/// the members in the body, and each field is read from what it found by the member's number.
/// </summary>
internal static class ErrorEmitter
{
    public static bool Emit(ClientModel model, SourceWriter writer)
    {
        var errors = model.Objects.Where(o => o.ExceptionName is not null).ToList();
        for (var i = 0; i < errors.Count; i++)
        {
            if (i > 0)
            {
                writer.Line();
            }

            EmitException(model, errors[i], writer);
        }

        return errors.Count > 0;
    }

    private static void EmitException(ClientModel model, ObjectModel type, SourceWriter writer)
    {
        var name = type.ExceptionName!;
        var message = type.Properties.FirstOrDefault(p => p.Name == "Message" && p.Type.Kind == Model.TypeKind.String);
        writer.Summary(type.Description ?? $"The service answered with a {type.SchemaName} error.");
        writer.Line(SourceFiles.GeneratedCode);
        var reader = type.ErrorReader!;
        using (writer.Block($"public sealed partial class {name} : {CSharp.Runtime}.ApiException"))
        {
            writer.Line($"private static readonly {CSharp.CompilerServices}.ApiErrorSchema {reader.SchemaField} = new({string.Join(", ", type.Properties.Select(p => CSharp.Literal(p.JsonName)))});");
            writer.Line();
            writer.RawSummary($"Creates the exception; generated clients call {reader.Factory}.");
            writer.Line($"public {name}(string message, {CSharp.Runtime}.ApiResponseInfo response, global::System.Exception? innerException = null)");
            writer.Line("    : base(message, response, innerException)");
            writer.Line("{");
            writer.Line("}");
            foreach (var property in type.Properties.Where(p => p != message))
            {
                writer.Line();
                // An exception's fields are not required members: each may be missing from a body.
                Docs.Property(property with { Default = null }, writer, requiredMember: false);
                writer.Line($"public {CSharp.TypeName(property.Type)}? {property.Name} {{ get; init; }}");
            }

            var fields = reader.FieldsLocal;
            writer.Line();
            writer.RawSummary($"Reads the fields from a JSON error body; any other leaves them null and stays readable as Body.");
            using (writer.Block($"public static {name} {reader.Factory}({CSharp.CompilerServices}.ApiErrorBody error, string operation)"))
            {
                writer.Line($"var {fields} = {reader.SchemaField}.Read(error);");
                // Inherited from ApiException; no field takes the name (the binder renames one that would).
                var describe = "DescribeFailure(operation, error.Response)";
                // The runtime numbers the members in the schema's order.
                var reads = type.Properties.Select((property, index) => (property, Read: FieldRead(model, type, property, index, fields))).ToList();
                var messageExpression = message is null ? describe : $"{reads.First(r => r.property == message).Read} ?? {describe}";
                var initializers = reads.Where(r => r.property != message).Select(r => $"{r.property.Name} = {r.Read},").ToList();
                writer.Line($"return new {name}({messageExpression}, error.Response){(initializers.Count == 0 ? ";" : "")}");
                if (initializers.Count > 0)
                {
                    writer.Line("{");
                    foreach (var initializer in initializers)
                    {
                        writer.Line("    " + initializer);
                    }

                    writer.Line("};");
                }
            }
        }
    }

    /// <summary>
    /// The read of member number <paramref name="index"/> from the fields the schema found: a string directly, any
    /// other type with its reader (a null value reads as null).
    /// </summary>
    private static string FieldRead(ClientModel model, ObjectModel error, PropertyModel property, int index, string fields)
    {
        var type = property.Type with { AllowsNull = false };
        var member = $"{error.SchemaName}.{property.JsonName}";
        return type.Kind switch
        {
            TypeKind.String => $"{fields}.String({index})",
            TypeKind.Object => $"{fields}.Object({index}, {model.JsonClassName}.{model.ObjectNamed(type.Name).ReadMethod})",
            _ when type.IsValueType => $"{fields}.Value({index}, {JsonReaders.ItemReader(model, type, member, model.JsonClassName + ".")})",
            _ => $"{fields}.Item({index}, {JsonReaders.ItemReader(model, type, member, model.JsonClassName + ".")})",
        };
    }
}
