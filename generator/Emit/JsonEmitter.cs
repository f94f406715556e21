using System.Collections.Generic;
using System.Linq;
using StageGen.Generator.Model;

namespace StageGen.Generator.Emit;

/// <summary>
/// Reflection-free JSON: a <c>Utf8JsonReader</c> reader and a <c>Utf8JsonWriter</c> writer per type. Unknown members
/// are skipped, <c>null</c> reads as absent (unless the spec allows null), and only set members are written.
/// </summary>
internal static partial class JsonEmitter
{
    private const string ApiJson = CSharp.ApiJson;
    private const string Token = CSharp.Json + ".JsonTokenType";

    public static bool Emit(ClientModel model, SourceWriter writer)
    {
        var records = model.Objects.Where(o => o.EmitRecord).ToList();
        writer.Summary($"Reflection-free JSON reading and writing for the {model.ClientName} types; safe for trimming and native AOT.");
        writer.Line(SourceFiles.GeneratedCode);
        using (writer.Block($"public static partial class {model.JsonClassName}"))
        {
            foreach (var property in records.SelectMany(r => r.Properties).Where(p => !p.Type.IsFile).GroupBy(p => p.NameField).Select(g => g.First()))
            {
                writer.Line($"private static readonly {CSharp.Json}.JsonEncodedText {property.NameField} = {CSharp.Json}.JsonEncodedText.Encode({CSharp.Literal(property.JsonName)});");
            }

            foreach (var type in records)
            {
                EmitRecordMethods(model, type, writer);
            }

            foreach (var operation in model.Operations)
            {
                EmitOperationMethods(model, operation, writer);
            }

            foreach (var type in model.Enums)
            {
                EmitEnumReader(model, type, writer);
            }
        }

        return true;
    }

    /// <summary>
    /// <c>Read{Enum}(ref reader, member)</c>: a known value is matched as UTF-8 and returned as its static member, so
    /// reading it allocates nothing; any other string is kept as a new value. <c>Write{Enum}(writer, name, value)</c>:
    /// a known value is written from pre-encoded text.
    /// </summary>
    private static void EmitEnumReader(ClientModel model, EnumModel type, SourceWriter writer)
    {
        writer.Line();
        if (type.IntegerType is { } integer)
        {
            // A C# enum holds any number of its type: one the spec does not name is kept, as for string enums.
            var reader = integer == "int" ? "ReadInt32" : "ReadInt64";
            writer.RawSummary($"Reads a <see cref=\"{CSharp.Qualified(model, type.Name)}\"/>, known or not.");
            writer.Line($"internal static {type.Name} Read{type.Name}(ref {CSharp.Json}.Utf8JsonReader reader, string member) => ({type.Name}){ApiJson}.{reader}(ref reader, member);");
            writer.Line();
            writer.RawSummary($"Writes a <see cref=\"{CSharp.Qualified(model, type.Name)}\"/> member: its number.");
            writer.Line($"internal static void Write{type.Name}({CSharp.Json}.Utf8JsonWriter writer, {CSharp.Json}.JsonEncodedText name, {type.Name} value) => writer.WriteNumber(name, ({integer})value);");
            return;
        }

        if (type.IsLarge)
        {
            // One comparison per value would make reading linear in the values and compiling superlinear: the string is
            // read and wrapped (IsKnown looks it up in a set), and written as it is.
            writer.RawSummary($"Reads a <see cref=\"{CSharp.Qualified(model, type.Name)}\"/>, known or not.");
            writer.Line($"internal static {type.Name} Read{type.Name}(ref {CSharp.Json}.Utf8JsonReader reader, string member) => new({ApiJson}.ReadString(ref reader, member));");
            writer.Line();
            writer.RawSummary($"Writes a <see cref=\"{CSharp.Qualified(model, type.Name)}\"/> member.");
            writer.Line($"internal static void Write{type.Name}({CSharp.Json}.Utf8JsonWriter writer, {CSharp.Json}.JsonEncodedText name, {type.Name} value) => {ApiJson}.WriteString(writer, name, value.Value);");
            return;
        }

        writer.RawSummary($"Reads a <see cref=\"{CSharp.Qualified(model, type.Name)}\"/>: a known value without allocating, any other string as it is.");
        writer.Line($"internal static {type.Name} Read{type.Name}(ref {CSharp.Json}.Utf8JsonReader reader, string member) =>");
        for (var i = 0; i < type.Members.Count; i++)
        {
            var member = type.Members[i];
            writer.Line($"    {(i == 0 ? "" : ": ")}{ApiJson}.IsString(ref reader, {CSharp.Literal(member.Value)}u8) ? {CSharp.Qualified(model, type.Name)}.{member.Name}");
        }

        writer.Line($"    {(type.Members.Count == 0 ? "" : ": ")}new {type.Name}({ApiJson}.ReadString(ref reader, member));");
        writer.Line();
        foreach (var member in type.Members)
        {
            writer.Line($"private static readonly {CSharp.Json}.JsonEncodedText {member.ValueField} = {CSharp.Json}.JsonEncodedText.Encode({CSharp.Literal(member.Value)});");
        }

        writer.Line();
        writer.RawSummary($"Writes a <see cref=\"{CSharp.Qualified(model, type.Name)}\"/> member: a known value from its encoded text, any other as it is.");
        using (writer.Block($"internal static void Write{type.Name}({CSharp.Json}.Utf8JsonWriter writer, {CSharp.Json}.JsonEncodedText name, {type.Name} value)"))
        {
            using (writer.Block("switch (value.Value)"))
            {
                foreach (var member in type.Members)
                {
                    writer.Line($"case {CSharp.Literal(member.Value)}:");
                    writer.Line($"    writer.WriteString(name, {member.ValueField});");
                    writer.Line("    break;");
                }

                writer.Line("default:");
                writer.Line($"    {ApiJson}.WriteString(writer, name, value.Value);");
                writer.Line("    break;");
            }
        }
    }

    private static void EmitRecordMethods(ClientModel model, ObjectModel type, SourceWriter writer)
    {
        var name = type.Name;
        if (type.Union is { } union)
        {
            EmitUnionMethods(model, type, union, writer);
            return;
        }

        if (type.HasFiles)
        {
            // A multipart body with files: its other members go as parts from this JSON; files are never JSON.
            writer.Line();
            writer.RawSummary($"Writes the members of a <see cref=\"{CSharp.Qualified(model, name)}\"/> other than its files as UTF-8 JSON; members that are not set are not written.");
            writer.Line($"public static byte[] Serialize({name} value) => {ApiJson}.Serialize(value, Write);");
            EmitRecordWriter(model, type, writer);
            return;
        }

        writer.Line();
        writer.RawSummary($"Reads a <see cref=\"{CSharp.Qualified(model, name)}\"/> from a whole UTF-8 JSON document.");
        writer.Line($"/// <exception cref=\"{CSharp.Json}.JsonException\">The JSON is malformed or does not fit the schema; the message names the member and byte offset.</exception>");
        writer.Line($"public static {name} {type.DeserializeMethod}(global::System.ReadOnlySpan<byte> utf8Json) => {ApiJson}.Deserialize(utf8Json, {type.ReadMethod});");
        writer.Line();
        writer.RawSummary($"Writes a <see cref=\"{CSharp.Qualified(model, name)}\"/> as UTF-8 JSON; members that are not set are not written.");
        writer.Line($"public static byte[] Serialize({name} value) => {ApiJson}.Serialize(value, Write);");
        writer.Line();
        writer.RawSummary($"Reads a <see cref=\"{CSharp.Qualified(model, name)}\"/> from the reader, which is on its first token.");
        using (writer.Block($"public static {name} {type.ReadMethod}(ref {CSharp.Json}.Utf8JsonReader reader)"))
        {
            EmitDerivedReads(model, type, writer);
            writer.Line($"{ApiJson}.ExpectStartObject(ref reader, {CSharp.Literal(type.SchemaName)});");
            foreach (var property in type.Properties)
            {
                var localType = property.IsOptionalWrapper ? CSharp.PropertyTypeName(property) : CSharp.TypeName(property.Type) + "?";
                writer.Line($"{localType} {property.Local} = default;");
            }

            // The member being read, named in an error the reader finds (malformed or truncated JSON).
            writer.Line($"var member = {CSharp.Literal(type.SchemaName)};");
            using (writer.Block("try"))
            {
                EmitRecordReadLoop(model, type, writer);
            }

            using (writer.Block($"catch ({CSharp.Json}.JsonException exception)"))
            {
                writer.Line($"throw {ApiJson}.InMember(member, exception);");
            }

            using (writer.Block($"return new {name}", "};"))
            {
                foreach (var property in type.Properties)
                {
                    writer.Line($"{property.Name} = {property.Local}{MissingRequired(model, type, property)},");
                }
            }
        }

        EmitRecordWriter(model, type, writer);
    }

    private static void EmitRecordWriter(ClientModel model, ObjectModel type, SourceWriter writer)
    {
        writer.Line();
        writer.RawSummary($"Writes a <see cref=\"{CSharp.Qualified(model, type.Name)}\"/>: set members only; a member set to null is written as null only where the spec allows null.");
        using (writer.Block($"public static void Write({CSharp.Json}.Utf8JsonWriter writer, {type.Name} value)"))
        {
            EmitDerivedWrites(model, type, writer);
            writer.Line("writer.WriteStartObject();");
            foreach (var property in type.Properties.Where(p => !p.Type.IsFile))
            {
                EmitWriteMember(model, property, writer);
            }

            writer.Line("writer.WriteEndObject();");
        }
    }

    /// <summary>
    /// The read loop of a record: a switch on the property name's UTF-8 length with one comparison per member of that
    /// length (instead of comparing the name with every member in turn); unknown members are skipped.
    /// </summary>
    private static void EmitRecordReadLoop(ClientModel model, ObjectModel type, SourceWriter writer)
    {
        using (writer.Block($"while (reader.Read() && reader.TokenType != {Token}.EndObject)"))
        {
            writer.Line($"var name = {ApiJson}.PropertyName(ref reader);");
            using (writer.Block("switch (name.Length)"))
            {
                foreach (var property in type.Properties)
                {
                    var length = System.Text.Encoding.UTF8.GetByteCount(property.JsonName);
                    using (writer.Indented($"case {length} when global::System.MemoryExtensions.SequenceEqual(name, {CSharp.Literal(property.JsonName)}u8):"))
                    {
                        writer.Line($"member = {CSharp.Literal(type.SchemaName + "." + property.JsonName)};");
                        var memberName = $"{type.SchemaName}.{property.JsonName}";
                        if (property.IsOptionalWrapper)
                        {
                            // Absent and null differ: a null value reads as a set null.
                            writer.Line($"{property.Local} = {ApiJson}.NextValue(ref reader)");
                            writer.Line($"    ? {JsonReaders.Value(model, property.Type, "member", memberName, "")}");
                            writer.Line($"    : new {CSharp.PropertyTypeName(property)}(null);");
                        }
                        else
                        {
                            // A null value reads as absent: the local keeps what it had.
                            writer.Line(JsonReaders.Member(model, property.Type, memberName, property.Local) + ";");
                        }

                        writer.Line("break;");
                    }
                }

                using (writer.Indented("default:"))
                {
                    writer.Line($"{ApiJson}.SkipValue(ref reader);");
                    writer.Line("break;");
                }
            }

            // The value is read: a syntax error from here on (a missing comma, a trailing one) belongs to the object.
            writer.Line($"member = {CSharp.Literal(type.SchemaName)};");
        }
    }

    /// <summary>
    /// What a reader does when a required member is missing: it reads as its type's empty value (<c>""</c>, 0, false,
    /// empty bytes and collections, default dates and Guid, the enum's empty value, an empty relative Uri, an
    /// undefined JsonElement, and an object as if it were <c>{}</c>), so a sparse reply still reads, as AWS's SDKs
    /// read one. A required nullable member reads as null. Only an object whose type requires itself has no empty value.
    /// </summary>
    private static string MissingRequired(ClientModel model, ObjectModel type, PropertyModel property)
    {
        if (!property.Required || property.Type.AllowsNull)
        {
            return "";
        }

        return property.Type.Kind switch
        {
            TypeKind.String => " ?? string.Empty",
            TypeKind.Bytes => " ?? global::System.Array.Empty<byte>()",
            TypeKind.Map or TypeKind.List => $" ?? new {CSharp.ConcreteTypeName(property.Type)}()",
            TypeKind.Uri => " ?? new global::System.Uri(\"\", global::System.UriKind.Relative)",
            TypeKind.Object when model.ObjectNamed(property.Type.Name) is { ReadsEmpty: true } target =>
                $" ?? {ApiJson}.Deserialize(\"{{}}\"u8, {target.ReadMethod})",
            TypeKind.Object =>
                $" ?? throw new {CSharp.Json}.JsonException({CSharp.Literal($"{type.SchemaName}.{property.JsonName}: the required member is missing, and {property.Type.Name} requires itself, so it has no empty value.")})",
            _ => " ?? default",
        };
    }

    private static void EmitWriteMember(ClientModel model, PropertyModel property, SourceWriter writer)
    {
        var access = "value." + property.Name;
        var local = property.Local;
        var nameField = property.NameField;
        if (property.Type.AllowsNull && (property.IsOptionalWrapper || property.Required))
        {
            // The runtime writes a null as null (and an absent Optional not at all); a value is written here.
            using (writer.Block($"if ({ApiJson}.HasValueToWrite(writer, {nameField}, {access}, out var {local}))"))
            {
                EmitWriteProperty(model, property.Type, nameField, local, writer);
            }
        }
        else if (property.Required && property.Type.IsValueType)
        {
            EmitWriteProperty(model, property.Type, nameField, access, writer);
        }
        else if (WriteIfSet(property.Type, nameField, access) is { } call)
        {
            writer.Line(call);
        }
        else
        {
            using (writer.Block($"if ({access} is {{ }} {local})"))
            {
                EmitWriteProperty(model, property.Type, nameField, local, writer);
            }
        }
    }

    /// <summary>The one runtime call that writes a member unless it is null, for the types the runtime has one for.</summary>
    private static string? WriteIfSet(TypeModel type, string nameField, string access) => type.Kind switch
    {
        TypeKind.String or TypeKind.Boolean or TypeKind.Int32 or TypeKind.Int64 or TypeKind.Double or TypeKind.Single
            or TypeKind.DateTimeOffset or TypeKind.Guid => $"{ApiJson}.WriteIfSet(writer, {nameField}, {access});",
        TypeKind.Object => $"{ApiJson}.WriteIfSet(writer, {nameField}, {access}, Write);",
        TypeKind.Map or TypeKind.List => WriteCollectionMember(type, nameField, access) + ";",
        _ => null,
    };

    /// <summary>A map or list member: the runtime writes it, unless it is null.</summary>
    private static string WriteCollectionMember(TypeModel type, string nameField, string expression)
    {
        if (type.Kind == TypeKind.Map && type.Element!.Kind == TypeKind.String)
        {
            // Null values are written as null; the '!' only lets a map of nullable strings in.
            return $"{ApiJson}.WriteMap(writer, {nameField}, {expression}{(type.Element.AllowsNull ? "!" : "")})";
        }

        var method = type.Kind == TypeKind.Map ? "WriteMap" : "WriteList";
        return $"{ApiJson}.{method}(writer, {nameField}, {expression}, {ItemWriter(type.Element!)})";
    }

    /// <summary>Writes a member's name and (non-null) value; scalars in one writer call.</summary>
    private static void EmitWriteProperty(ClientModel model, TypeModel type, string nameField, string expression, SourceWriter writer)
    {
        var call = type.Kind switch
        {
            TypeKind.String => $"{ApiJson}.WriteString(writer, {nameField}, {expression});",
            TypeKind.DateTimeOffset or TypeKind.Guid => $"writer.WriteString({nameField}, {expression});",
            TypeKind.Enum or TypeKind.IntegerEnum => $"Write{type.Name}(writer, {nameField}, {expression});",
            TypeKind.Boolean => $"writer.WriteBoolean({nameField}, {expression});",
            TypeKind.Int32 or TypeKind.Int64 or TypeKind.Double or TypeKind.Single => $"writer.WriteNumber({nameField}, {expression});",
            TypeKind.Map or TypeKind.List => WriteCollectionMember(type, nameField, expression) + ";",
            _ => null,
        };
        if (call is not null)
        {
            writer.Line(call);
            return;
        }

        writer.Line($"writer.WritePropertyName({nameField});");
        writer.Line(WriteValue(type, expression) + ";");
    }

    /// <summary>The call that writes the (non-null) value of <paramref name="expression"/>.</summary>
    private static string WriteValue(TypeModel type, string expression) => type.Kind switch
    {
        TypeKind.String => $"{ApiJson}.WriteStringValue(writer, {expression})",
        TypeKind.DateTimeOffset or TypeKind.Guid => $"writer.WriteStringValue({expression})",
        TypeKind.Enum => $"{ApiJson}.WriteStringValue(writer, {expression}.Value)",
        TypeKind.IntegerEnum => $"writer.WriteNumberValue((long){expression})",
        TypeKind.Uri => $"{ApiJson}.WriteStringValue(writer, {expression}.OriginalString)",
        TypeKind.DateOnly => $"{ApiJson}.WriteDateOnly(writer, {expression})",
        TypeKind.Bytes => $"writer.WriteBase64StringValue({expression})",
        TypeKind.Boolean => $"writer.WriteBooleanValue({expression})",
        TypeKind.Int32 or TypeKind.Int64 or TypeKind.Double or TypeKind.Single => $"writer.WriteNumberValue({expression})",
        TypeKind.Object => $"Write(writer, {expression})",
        TypeKind.EmptyString => "writer.WriteStringValue(string.Empty)",
        TypeKind.Map when type.Element!.Kind == TypeKind.String => $"{ApiJson}.WriteMap(writer, {expression}{(type.Element.AllowsNull ? "!" : "")})",
        TypeKind.Map => $"{ApiJson}.WriteMap(writer, {expression}, {ItemWriter(type.Element!)})",
        TypeKind.List => $"{ApiJson}.WriteList(writer, {expression}, {ItemWriter(type.Element!)})",
        _ => $"{expression}.WriteTo(writer)",
    };

    /// <summary>
    /// The writer of a list's items or a map's values that the runtime's collection writers take (they write a null item
    /// as null): a method, or a static lambda.
    /// </summary>
    private static string ItemWriter(TypeModel element)
    {
        if (!element.AllowsNull && element.Kind is TypeKind.String)
        {
            return $"{ApiJson}.WriteStringValue";
        }

        if (!element.AllowsNull && element.Kind is TypeKind.Object)
        {
            return "Write";
        }

        // The runtime passes only non-null items; a nullable one is unwrapped.
        var item = !element.AllowsNull ? "item" : element.IsValueType ? "item.GetValueOrDefault()" : "item!";
        return $"static (writer, item) => {WriteValue(element, item)}";
    }

    private static void EmitOperationMethods(ClientModel model, OperationModel operation, SourceWriter writer)
    {
        if (operation.Result is { } result && operation.ResultMediaType is null && !(result.Kind == TypeKind.Object && !result.AllowsNull))
        {
            var type = CSharp.ElementTypeName(result);
            writer.Line();
            writer.Line($"internal static {type} {operation.ResultDeserializer}(global::System.ReadOnlySpan<byte> utf8Json) => {ApiJson}.Deserialize(utf8Json, Read{operation.ResponseName});");
            writer.Line();
            using (writer.Block($"private static {type} Read{operation.ResponseName}(ref {CSharp.Json}.Utf8JsonReader reader)"))
            {
                if (result.AllowsNull)
                {
                    using (writer.Block($"if (reader.TokenType == {Token}.Null)"))
                    {
                        writer.Line("return null;");
                    }
                }
                else
                {
                    using (writer.Block($"if (reader.TokenType == {Token}.Null)"))
                    {
                        writer.Line($"throw {ApiJson}.Unexpected(ref reader, {CSharp.Literal(operation.Name + " response")}, \"a value\");");
                    }
                }

                writer.Line($"{CSharp.TypeName(result)} result;");
                writer.Line($"result = {JsonReaders.Value(model, result, CSharp.Literal(operation.Name + " response"), operation.Name + " response", "")};");
                writer.Line("return result;");
            }
        }

        if (operation.Body is { MediaType: null } body && body.Type.Kind != TypeKind.Object)
        {
            var type = CSharp.TypeName(body.Type);
            writer.Line();
            writer.Line($"internal static byte[] {operation.BodySerializer}({type} body) => {ApiJson}.Serialize(body, static (writer, value) => {WriteValue(body.Type, "value")});");
        }
    }
}
