using System.Linq;
using StageGen.Generator.Model;

namespace StageGen.Generator.Emit;

/// <summary>
/// One exception per error schema, deriving from the runtime's <c>ApiException</c>, with the schema's fields as
/// properties. A string <c>message</c> field becomes the exception's message.
/// </summary>
internal static class ErrorEmitter
{
    public static bool Emit(ClientModel model, SourceWriter writer)
    {
        var errors = model.Objects.Where(o => o.ExceptionName is not null).ToList();
        var counter = new Counter();
        for (var i = 0; i < errors.Count; i++)
        {
            if (i > 0)
            {
                writer.Line();
            }

            EmitException(model, errors[i], counter, writer);
        }

        return errors.Count > 0;
    }

    private static void EmitException(ClientModel model, ObjectModel type, Counter counter, SourceWriter writer)
    {
        var name = type.ExceptionName!;
        var message = type.Properties.FirstOrDefault(p => p.Name == "Message" && p.Type.Kind == Model.TypeKind.String);
        writer.Summary(type.Description ?? $"The service answered with a {type.SchemaName} error.");
        writer.Line(SourceFiles.GeneratedCode);
        using (writer.Block($"public sealed partial class {name} : {CSharp.Runtime}.ApiException"))
        {
            writer.Summary("Creates the exception; generated clients call FromResponse.");
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

            writer.Line();
            writer.Summary("Reads the fields from the error body when it is JSON; a body that is not leaves them null and stays readable as Body.");
            using (writer.Block($"public static {name} FromResponse({CSharp.Runtime}.ApiErrorBody error, string operation)"))
            {
                using (writer.Block("if (error is null)"))
                {
                    writer.Line("throw new global::System.ArgumentNullException(nameof(error));");
                }

                JsonEmitter.EmitMemberLocals(type, asException: true, writer);

                using (writer.Block("if (error.IsJson)"))
                {
                    using (writer.Block("try"))
                    {
                        writer.Line($"var reader = new {CSharp.Json}.Utf8JsonReader(error.Utf8Body.Span, new {CSharp.Json}.JsonReaderOptions {{ MaxDepth = {CSharp.Runtime}.ApiJson.MaxDepth }});");
                        using (writer.Block($"if (reader.Read() && reader.TokenType == {CSharp.Json}.JsonTokenType.StartObject)"))
                        {
                            JsonEmitter.EmitReadLoop(model, type, asException: true, counter, writer);
                        }
                    }

                    using (writer.Block($"catch ({CSharp.Json}.JsonException)"))
                    {
                        writer.Line("// Fields read before the error are kept; the raw body is on the exception either way.");
                    }
                }

                var messageExpression = message is null
                    ? $"{CSharp.Runtime}.ApiException.DescribeFailure(operation, error.Response)"
                    : $"{CSharp.Local(message.Name)} ?? {CSharp.Runtime}.ApiException.DescribeFailure(operation, error.Response)";
                var initializers = type.Properties.Where(p => p != message).Select(p => $"{p.Name} = {CSharp.Local(p.Name)}").ToList();
                writer.Line($"return new {name}({messageExpression}, error.Response){(initializers.Count == 0 ? ";" : "")}");
                if (initializers.Count > 0)
                {
                    writer.Line("{");
                    foreach (var initializer in initializers)
                    {
                        writer.Line("    " + initializer + ",");
                    }

                    writer.Line("};");
                }
            }
        }
    }
}
