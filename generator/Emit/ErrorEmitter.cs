using System.Linq;
using StageGen.Generator.Model;

namespace StageGen.Generator.Emit;

/// <summary>
/// One exception per error schema, deriving from the runtime's <c>ApiException</c>, with the schema's fields as
/// properties. A string <c>message</c> field becomes the exception's message. The body is read by the runtime's
/// <c>ApiErrorSchema</c> into a struct of the fields, which reads each member's value.
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
                ModelEmitter.WritePropertyDocs(property with { Default = null }, writer);
                writer.Line($"public {CSharp.TypeName(property.Type)}? {property.Name} {{ get; init; }}");
            }

            var fields = reader.FieldsLocal;
            writer.Line();
            writer.RawSummary($"Reads the fields from a JSON error body; any other leaves them null and stays readable as Body.");
            using (writer.Block($"public static {name} {reader.Factory}({CSharp.CompilerServices}.ApiErrorBody error, string operation)"))
            {
                writer.Line($"var {fields} = {reader.SchemaField}.Read<{reader.FieldsType}>(error);");
                // Inherited from ApiException; no field takes the name (the binder renames one that would).
                var describe = "DescribeFailure(operation, error.Response)";
                var messageExpression = message is null ? describe : $"{fields}.{message.Name} ?? {describe}";
                var initializers = type.Properties.Where(p => p != message).Select(p => $"{p.Name} = {fields}.{p.Name},").ToList();
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

            writer.Line();
            EmitFields(model, type, writer);
        }
    }

    /// <summary>
    /// The struct the runtime reads an error body into: one field per member, and the read of member number
    /// <c>i</c> (the runtime matches the names and skips nulls).
    /// </summary>
    private static void EmitFields(ClientModel model, ObjectModel type, SourceWriter writer)
    {
        using (writer.Block($"private struct {type.ErrorReader!.FieldsType} : {CSharp.CompilerServices}.IApiErrorFields"))
        {
            foreach (var property in type.Properties)
            {
                writer.Line($"public {CSharp.TypeName(property.Type)}? {property.Name};");
            }

            writer.Line();
            // Implemented explicitly, so a field may be named Read.
            using (writer.Block($"void {CSharp.CompilerServices}.IApiErrorFields.Read(int member, ref {CSharp.Json}.Utf8JsonReader reader)"))
            {
                using (writer.Block("switch (member)"))
                {
                    for (var i = 0; i < type.Properties.Count; i++)
                    {
                        var property = type.Properties[i];
                        using (writer.Indented($"case {i}:"))
                        {
                            var member = $"{type.SchemaName}.{property.JsonName}";
                            JsonEmitter.EmitRead(model, property.Type, property.Name, CSharp.Literal(member), member, model.JsonClassName + ".", writer);
                            writer.Line("break;");
                        }
                    }
                }
            }
        }
    }
}
